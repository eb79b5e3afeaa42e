/**
 * Options of record/replay: command line, JSON config file (unknown keys and wrong
 * values name the file and the key; flags override the file), the cross-option
 * rules of record, HOST:PORT parsing, and both commands' --help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, mergeOptions, OptionError, parseCommandLine } from '../../src/capture/options.js';
import { RECORD_OPTIONS, resolveRecordOptions } from '../../src/capture/record-options.js';
import { parseEndpoint } from '../../src/capture/endpoint.js';
import { parseSpeed, REPLAY_OPTIONS } from '../../src/cli/commands/replay.js';
import { Replayer } from '../../src/capture/replay.js';
import { runCli } from '../helpers/cli.js';

function withConfig(json: string, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  try {
    const p = join(dir, 'daq.json');
    writeFileSync(p, json);
    fn(p);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plan = (argv: string[], config: Record<string, unknown> = {}) =>
  resolveRecordOptions(mergeOptions(config as never, parseCommandLine(RECORD_OPTIONS, argv, false).values));

test('a physics run and a ring from the command line', () => {
  const run = plan(['-i', 'eth0', '--name', 'run_xray', '--files', '3', '--duration', '6', '--dir', '/data']);
  assert.deepEqual(run.mode, { kind: 'run', files: 3 });
  assert.equal(run.durationS, 6);
  assert.equal(run.filesizeKB, undefined);
  assert.deepEqual(run.interfaces, ['eth0']);
  assert.equal(run.filter, 'udp', 'default capture filter');
  assert.equal(run.dir, '/data');
  const ring = plan(['--listen', '0.0.0.0:6006', '--listen', '10.0.0.3:6007', '--name', 'monitoring', '--ring', '10', '--filesize', '20000']);
  assert.deepEqual(ring.mode, { kind: 'ring', slots: 10 });
  assert.deepEqual(ring.listen, [{ host: '0.0.0.0', port: 6006 }, { host: '10.0.0.3', port: 6007 }]);
  assert.equal(ring.filesizeKB, 20000);
  assert.deepEqual(plan(['-l', '127.0.0.1:0', '-n', 'm', '--ring', '2', '--filesize', '9', '--files', '5']).mode, { kind: 'ring', slots: 2, stopAfter: 5 });
});

test('cross-option rules say what to add or drop', () => {
  assert.throws(() => plan(['-i', 'lo', '--files', '2', '--duration', '1']), /--name STEM is required/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'a/b', '--files', '2', '--duration', '1']), /without "\/"/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--files', '2']), /--duration S or --filesize KB/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--ring', '4']), /a ring needs a file size/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--filesize', '10']), /--files N .* or --ring N/);
  assert.throws(() => plan(['-n', 'r', '--files', '1', '--filesize', '10']), /--interface IF \(dumpcap\) or --listen/);
  assert.throws(() => plan(['--source', 'udp', '-i', 'lo', '-n', 'r', '--files', '1', '--filesize', '10']), /--source udp needs --listen/);
  assert.throws(() => plan(['--source', 'udp', '-l', '0.0.0.0:6006', '-n', 'r', '--files', '1', '--filesize', '10', '-f', 'port 6006']), /--filter applies to dumpcap only/);
  assert.throws(() => plan(['--source', 'udp', '-l', '0.0.0.0:6006', '-n', 'r', '--files', '1', '--filesize', '10', '--restart-per-file']), /dumpcap mode/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--files', '0', '--duration', '1']), /--files: expected an integer ≥ 1, got "0"/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--files', '2', '--duration', '0']), /--duration: expected a number > 0/);
  assert.throws(() => plan(['-i', 'lo', '-n', 'r', '--files', '2', '--filesize', '1.5']), /--filesize: expected an integer ≥ 1, got "1.5"/);
  assert.throws(() => plan(['--source', 'pcap', '-i', 'lo']), /--source: expected one of "dumpcap", "udp"/);
  assert.throws(() => parseCommandLine(RECORD_OPTIONS, ['--bogus'], false), (e: Error) => e instanceof OptionError && /bogus/.test(e.message));
});

test('config file: every option settable, flags override, unknown keys and wrong values name file and key', () => {
  withConfig(
    JSON.stringify({ name: 'monitoring', ring: 10, filesize: 20000, interface: 'en0', filter: 'udp port 6006', buffer: 128, 'restart-per-file': true, dir: '/data', quiet: true, nice: -5, dumpcap: '/opt/dumpcap', source: 'dumpcap', duration: 30, files: 4 }),
    (p) => {
      const cfg = loadConfigFile(p, RECORD_OPTIONS);
      const o = resolveRecordOptions(mergeOptions(cfg, parseCommandLine(RECORD_OPTIONS, ['--filesize', '500', '-i', 'lo'], false).values));
      assert.equal(o.filesizeKB, 500, 'the flag overrides the file');
      assert.deepEqual(o.interfaces, ['lo']);
      assert.equal(o.stem, 'monitoring');
      assert.deepEqual(o.mode, { kind: 'ring', slots: 10, stopAfter: 4 });
      assert.equal(o.filter, 'udp port 6006');
      assert.equal(o.bufferMiB, 128);
      assert.equal(o.restartPerFile, true);
      assert.equal(o.dumpcapPath, '/opt/dumpcap');
      assert.equal(o.durationS, 30);
      assert.equal(o.quiet, true);
      assert.equal(o.nice, -5);
    },
  );
  // every non-CLI-only option is accepted as a key (the test above sets them all)
  const settable = RECORD_OPTIONS.filter((s) => !s.cliOnly).map((s) => s.name).sort();
  assert.deepEqual(settable, ['buffer', 'dir', 'dumpcap', 'duration', 'files', 'filesize', 'filter', 'interface', 'listen', 'name', 'nice', 'quiet', 'restart-per-file', 'ring', 'source']);
  withConfig('{"name": "x", "filesiz": 100}', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), (e: Error) => e instanceof OptionError && e.message.startsWith(`config file ${p}: unknown key "filesiz"; known keys: name, dir,`));
  });
  withConfig('{"files": "3"}', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), { message: `config file ${p}: key "files": expected an integer ≥ 1, got "3"` });
  });
  withConfig('{"listen": ["0.0.0.0:6006", 7]}', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), /key "listen": expected a string or a list of strings/);
  });
  withConfig('{"config": "other.json"}', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), /unknown key "config"/);
  });
  withConfig('{"name": "x",}', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), new RegExp(`config file ${p}: not valid JSON`));
  });
  withConfig('[1]', (p) => {
    assert.throws(() => loadConfigFile(p, RECORD_OPTIONS), /expected a JSON object/);
  });
  assert.throws(() => loadConfigFile('/nonexistent/daq.json', RECORD_OPTIONS), /config file \/nonexistent\/daq.json: cannot read it \(ENOENT\)/);
});

test('HOST:PORT', () => {
  assert.deepEqual(parseEndpoint('127.0.0.1:6006', '--to'), { host: '127.0.0.1', port: 6006 });
  assert.deepEqual(parseEndpoint('localhost:9000', '--to'), { host: 'localhost', port: 9000 });
  assert.deepEqual(parseEndpoint('6006', '--listen', '0.0.0.0'), { host: '0.0.0.0', port: 6006 });
  assert.deepEqual(parseEndpoint('127.0.0.1:0', '--listen', undefined, true), { host: '127.0.0.1', port: 0 });
  assert.throws(() => parseEndpoint('127.0.0.1:0', '--to'), /--to: port must be 1…65535, got 0/);
  assert.throws(() => parseEndpoint('6006', '--to'), /--to: expected HOST:PORT/);
  assert.throws(() => parseEndpoint('[::1]:6006', '--to'), /IPv6/);
  assert.throws(() => parseEndpoint('300.0.0.1:6006', '--to'), /not an IPv4 address/);
  assert.throws(() => parseEndpoint('host:http', '--to'), /port must be a number/);
});

test('--help of record and replay list every option; usage errors exit 1 with one clear line', async () => {
  const [rh, ph, r1] = await Promise.all([runCli(['record', '--help']), runCli(['replay', '--help']), runCli(['record', '--name', 'x', '--files', '2'])]);
  assert.equal(rh.status, 0);
  for (const s of RECORD_OPTIONS) assert.ok(rh.stdout.includes(`--${s.name}`), `record --help mentions --${s.name}`);
  assert.match(rh.stdout, /STEM_NNNNN_YYYYmmddHHMMSS\.pcapng/);
  assert.equal(ph.status, 0);
  for (const s of REPLAY_OPTIONS) assert.ok(ph.stdout.includes(`--${s.name}`), `replay --help mentions --${s.name}`);
  assert.equal(r1.status, 1);
  assert.equal(r1.stderr, 'vmmscope record: give --duration S or --filesize KB: when a file is complete\n(vmmscope record --help lists the options)\n');
});

test('replay: --speed values and a missing file', async () => {
  assert.equal(parseSpeed(undefined), 1);
  assert.equal(parseSpeed('max'), 'max');
  assert.equal(parseSpeed('25'), 25);
  assert.equal(parseSpeed('0.5'), 0.5);
  assert.throws(() => parseSpeed('fast'), /--speed: expected 1, a factor > 0 \(e\.g\. 10\) or "max", got "fast"/);
  assert.throws(() => parseSpeed('0'), /--speed/);
  await assert.rejects(new Replayer({ file: '/nonexistent.pcapng', to: { host: '127.0.0.1', port: 9 }, speed: 1 }).run(), { name: 'CaptureFileError', message: /^cannot open capture file \/nonexistent\.pcapng: ENOENT/ });
});
