/**
 * The stream monitor as a command, on loopback: `vmmscope monitor --listen --record
 * --ring` receives, records and analyses, while a second `vmmscope monitor --follow
 * stream` follows the ring it writes; Ctrl-C in the middle of a file. Both monitors'
 * totals must equal the offline analysis of everything recorded, the ring files must
 * be complete captures with the semaphore set, as `vmmscope record` leaves them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaptureFile } from '../../src/io/capture-file.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { CliProcess, killRunning, readCapture, readPayloads } from '../capture/e2e-helpers.js';
import { geometryArgs, geometryOptions, offline, send, sleep, totalsOfSink, until } from './stream-helpers.js';

const skip = !hasShared() && 'no ../shared';

function status(out: string): { stream: { datagrams: number; skippedDatagrams: number; queuedDatagrams: number }; detectors: { totalHits: number; totalClusters: number }[] } | null {
  try {
    return JSON.parse(readFileSync(join(out, 'monitorStatus.json'), 'utf8'));
  } catch {
    return null;
  }
}

test('monitor --listen --record --ring and monitor --follow stream; Ctrl-C during a file', { skip, timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-stream-cli-'));
  const ring = join(dir, 'ring');
  const common = ['--detector', '1', '--channels-x', '256', '--channels-y', '256', '--port', '0', '--update-ms', '300', '--idle-flush', '0', '--max-delay-ms', '600000', ...geometryArgs()];
  try {
    const rec = new CliProcess(['monitor', '--listen', '127.0.0.1:0', '--record', '--ring', '10', '--filesize', '250', '--name', 'mon', '--dir', ring, '--out', join(dir, 'out1'), ...common]);
    const port = Number((await rec.waitFor(/record: listening on 127\.0\.0\.1:(\d+)/, 60_000))[1]);
    const fol = new CliProcess(['monitor', '--follow', 'stream', '--name', 'mon', '--dir', ring, '--out', join(dir, 'out2'), ...common]);
    await fol.waitFor(/open http:\/\/localhost:\d+\//, 60_000);
    const payloads = readPayloads(join(DATA, 'example.pcapng'));
    await send(port, payloads.slice(0, 60), 8);
    await sleep(200);
    assert.equal(await rec.interrupt(), 0, rec.stderr); // 28 datagrams fill a file: 2 files and part of a 3rd
    assert.match(rec.stderr, /stopped: 60 datagrams \(0\.5 MB\), 60 analysed, 0 skipped/);
    assert.match(rec.stderr, /record: 3 file\(s\), 60 packets written/);
    assert.ok(!existsSync(join(ring, '.mon.recording')), 'no file left in progress');
    assert.equal(readFileSync(join(ring, 'mon_semaphore.txt'), 'utf8').trim(), '2');
    const files = readdirSync(ring).filter((n) => /^mon_\d{5}\.pcapng$/.test(n)).sort();
    assert.equal(files.length, 3);
    for (const f of files) assert.equal(readCapture(join(ring, f)).truncatedBytes, 0, `${f} complete`);
    // everything recorded, as one capture, analysed offline
    const merged = join(dir, 'merged.pcapng');
    const w = new PcapngFileWriter(merged);
    for (const f of files) readCaptureFile(join(ring, f), (p) => w.writePacket(p.bytes.subarray(p.offset, p.offset + p.capturedLength), p.tsSeconds, p.tsNanos));
    w.close();
    const want = totalsOfSink(await offline(merged, await geometryOptions())) as { hits: number; clusters: number };
    assert.ok(want.clusters > 5000);
    const s1 = status(join(dir, 'out1'))!;
    assert.equal(s1.detectors[0]!.totalHits, want.hits);
    assert.equal(s1.detectors[0]!.totalClusters, want.clusters);
    // the follower has read the last file to its end once it was complete
    await until('the follower to catch up', () => {
      const s = status(join(dir, 'out2'));
      return s !== null && s.stream.datagrams === 60 && s.stream.queuedDatagrams === 0;
    }, 20_000).catch((e) => {
      throw new Error(`${(e as Error).message}: ${JSON.stringify(status(join(dir, 'out2')))}\n${fol.stderr}`);
    });
    await sleep(500);
    assert.equal(await fol.interrupt(), 0, fol.stderr);
    const s2 = status(join(dir, 'out2'))!;
    assert.equal(s2.stream.skippedDatagrams, 0);
    assert.equal(s2.detectors[0]!.totalHits, want.hits);
    assert.equal(s2.detectors[0]!.totalClusters, want.clusters);
    for (const out of ['out1', 'out2']) for (const n of ['det_total_1.png', 'det_1.png', 'monitorData.html']) assert.ok(existsSync(join(dir, out, n)), `${out}/${n}`);
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('monitor stream options: clear errors', async () => {
  const { runCli } = await import('../helpers/cli.js');
  const cases: [string[], RegExp][] = [
    [['monitor', '--record', '--ring', '3'], /--record needs --listen HOST:PORT/],
    [['monitor', '--listen', '127.0.0.1:0', '--record', '--ring', '3'], /monitor --record: .*--name STEM is required/],
    [['monitor', '--listen', '127.0.0.1:0', '--record', '--name', 'x', '--ring', '3'], /a ring needs a file size/],
    [['monitor', '--follow', 'sideways', '--name', 'x'], /--follow: expected files or stream/],
    [['monitor', '--listen', '[::1]:6006'], /IPv6/],
    [['monitor', '--name', 'x', '--update-ms', '100'], /apply to --listen and --follow stream/],
    [['monitor', '--listen', '127.0.0.1:0', '--update-ms', '10'], /--update-ms: expected a number ≥ 50/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
