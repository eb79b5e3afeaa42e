/**
 * A full disk stops recording with the files so far intact: `record` writes into a
 * 300 kB tmpfs (mounted in a private mount namespace with `unshare`, so nothing on the
 * machine changes), the real example capture is replayed into it, and afterwards every
 * file left is a complete pcapng holding the original payloads in order, the last one
 * cut at its last complete packet. Built-in receiver (any user, via a user namespace)
 * and dumpcap (root only: capturing needs the real capabilities).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replayer } from '../../src/capture/replay.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { dumpcapOnLoopback, freeUdpPort, killRunning, readCapture, readPayloads, startRecord } from './e2e-helpers.js';

const EXAMPLE = join(DATA, 'example.pcapng');
const isRoot = process.getuid?.() === 0;
/** `unshare` options that give a private mount namespace in which we may mount a tmpfs. */
const UNSHARE = isRoot ? ['-m'] : ['-r', '-m'];

function tmpfsSkipReason(): string | false {
  if (!hasShared()) return 'no ../shared';
  const probe = mkdtempSync(join(tmpdir(), 'vmmscope-probe-'));
  const r = spawnSync('unshare', [...UNSHARE, 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${probe}'`], { encoding: 'utf8' });
  rmSync(probe, { recursive: true, force: true });
  if (r.error || r.status !== 0) return `cannot mount a tmpfs in a private mount namespace here (unshare ${UNSHARE.join(' ')}: ${r.error?.message ?? r.stderr.trim() ?? `status ${r.status}`})`;
  return false;
}

const skipTmpfs = tmpfsSkipReason();

/**
 * Runs `record ARGS --dir MNT` inside a private mount namespace with a 300 kB tmpfs on
 * MNT, then copies what is left to OUT (the namespace and its tmpfs vanish on exit).
 */
function wrapper(mnt: string, out: string): string[] {
  const script = `mount -t tmpfs -o size=300k tmpfs '${mnt}' || exit 99; {CLI}; rc=$?; cp -a '${mnt}/.' '${out}/'; exit $rc`;
  return ['unshare', ...UNSHARE, 'sh', '-c', script];
}

/** Every file in `out` is complete, the payloads are the original's first ones, and the summary counts them. */
function checkFilesIntact(out: string, stem: string, stderr: string): void {
  const original = readPayloads(EXAMPLE);
  const files = readdirSync(out)
    .filter((n) => n.endsWith('.pcapng'))
    .sort();
  assert.ok(files.length >= 2, `files so far: ${files.join(', ')}`);
  const got: Buffer[] = [];
  for (const [i, n] of files.entries()) {
    assert.match(n, new RegExp(`^${stem}_0000${i}_\\d{14}\\.pcapng$`));
    const c = readCapture(join(out, n));
    assert.equal(c.truncatedBytes, 0, `${n} ends with a complete block`);
    assert.ok(c.packets > 0, `${n} holds packets`);
    got.push(...c.datagrams.map((d) => d.payload));
  }
  assert.ok(got.length > 20 && got.length < 100, `${got.length} packets on a 300 kB disk`);
  assert.ok(
    got.every((p, i) => p.equals(original[i]!)),
    'the files hold the first payloads of the original, in order, without a gap',
  );
  const m = /STOPPED: disk full: (\d+) file\(s\), [\d.]+ kB, (\d+) packets/.exec(stderr);
  assert.ok(m, stderr);
  assert.equal(Number(m[1]), files.length, 'files in the summary');
  assert.equal(Number(m[2]), got.length, 'the summary counts exactly the packets on disk');
}

test('built-in receiver: a full disk stops the recording, the files so far stay valid', { skip: skipTmpfs, timeout: 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'vmmscope-full-'));
  const mnt = join(base, 'mnt');
  const out = join(base, 'out');
  mkdirSync(mnt);
  mkdirSync(out);
  try {
    const { rec, port } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'full', '--files', '100', '--filesize', '100', '--dir', mnt], wrapper(mnt, out));
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 1 }).run();
    const code = await rec.exit;
    assert.equal(code, 2, rec.stderr);
    assert.match(rec.stderr, /record: disk full: cannot write capture file .*(ENOSPC|no space left)/i);
    assert.match(rec.stderr, /: kept \d+ packets up to the cut; \d+ received packets could not be written/);
    assert.match(rec.stderr, /vmmscope record: STOPPED: disk full: \d+ file\(s\)/);
    checkFilesIntact(out, 'full', rec.stderr);
  } finally {
    killRunning();
    rmSync(base, { recursive: true, force: true });
  }
});

test('dumpcap: a full disk stops the recording, the cut file is repaired', { skip: skipTmpfs || (!isRoot && 'dumpcap needs root to capture in a private mount namespace'), timeout: 60_000 }, async (t) => {
  const can = await dumpcapOnLoopback();
  if (can !== true) return t.skip(can);
  const base = mkdtempSync(join(tmpdir(), 'vmmscope-full-'));
  const mnt = join(base, 'mnt');
  const out = join(base, 'out');
  mkdirSync(mnt);
  mkdirSync(out);
  try {
    const port = await freeUdpPort();
    const { rec } = await startRecord(['-i', 'lo', '-f', `udp dst port ${port}`, '--name', 'dfull', '--files', '100', '--filesize', '100', '--dir', mnt], wrapper(mnt, out));
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 1 }).run();
    const code = await rec.exit;
    assert.equal(code, 2, rec.stderr);
    assert.match(rec.stderr, /record: dumpcap: Not all the packets could be written .* because there is no space left/);
    assert.match(rec.stderr, /record: .*dfull_\d{5}_\d{14}\.pcapng: cut at the last complete packet/);
    checkFilesIntact(out, 'dfull', rec.stderr);
  } finally {
    killRunning();
    rmSync(base, { recursive: true, force: true });
  }
});
