/**
 * End to end on loopback with the built-in receiver: `vmmscope replay` of the real
 * example capture into `vmmscope record --source udp`, in run and ring mode with small
 * files (the ring wraps), Ctrl-C, two FEC ports at once, and the analysis of the
 * recorded files against vmm-sdat's reference hits and clusters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replayer } from '../../src/capture/replay.js';
import { ringSlotsOldestFirst } from '../../src/capture/naming.js';
import { readSemaphore } from '../../src/capture/semaphore.js';
import { readCaptureFile } from '../../src/io/capture-file.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { DATA, hasShared, loadCase, referenceLines, REFERENCE } from '../helpers/reference.js';
import { compareCsv } from '../helpers/compare.js';
import { runCli } from '../helpers/cli.js';
import { killRunning, readCapture, readPayloads, startRecord } from './e2e-helpers.js';

const EXAMPLE = join(DATA, 'example.pcapng');
const skip = !hasShared() && 'no ../shared';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmp(name: string): string {
  return mkdtempSync(join(tmpdir(), `vmmscope-${name}-`));
}

/** Copies the packets of `files` (in order) into one capture, frames and times unchanged. */
function merge(files: string[], out: string): void {
  const w = new PcapngFileWriter(out);
  for (const f of files) readCaptureFile(f, (p) => w.writePacket(p.bytes.subarray(p.offset, p.offset + p.capturedLength), p.tsSeconds, p.tsNanos));
  w.close();
}

/** run_geometry's convertFile arguments with the capture replaced by `file`. */
function geometryArgs(file: string): string[] {
  const args = [...loadCase('run_geometry').args];
  args[args.indexOf('-f') + 1] = file;
  return args;
}

test('run mode: many small files, Ctrl-C, payloads and analysis identical to the original', { skip, timeout: 120_000 }, async () => {
  const dir = tmp('run');
  try {
    const original = readPayloads(EXAMPLE);
    const { rec, port } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'run', '--files', '1000', '--filesize', '100', '--dir', dir]);
    const r = await runCli(['replay', EXAMPLE, '--to', `127.0.0.1:${port}`, '--speed', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /replay: 100 datagrams, 896\.8 kB/);
    await sleep(200);
    assert.equal(await rec.interrupt(), 130, rec.stderr);
    assert.match(rec.stderr, /record: SIGINT: finishing the current file/);
    assert.match(rec.stderr, /receiver: 100 datagrams received, 100 written, 0 dropped by the kernel/);

    const names = readdirSync(dir).sort();
    assert.ok(names.length >= 9, `${names.length} files`);
    const files = names.map((n, i) => {
      const m = /^run_(\d{5})_(\d{14})\.pcapng$/.exec(n);
      assert.ok(m, n);
      assert.equal(Number(m[1]), i, 'indices from 0 without gaps');
      return join(dir, n);
    });
    const got = [];
    for (const [i, f] of files.entries()) {
      const c = readCapture(f);
      assert.equal(c.truncatedBytes, 0, `${f} is complete`);
      if (i < files.length - 1) assert.ok(statSync(f).size >= 100_000, `${f} reached --filesize`);
      got.push(...c.datagrams.map((d) => d.payload));
    }
    assert.equal(got.length, original.length);
    assert.ok(got.every((p, i) => p.equals(original[i]!)), 'the recorded payloads are the original ones, in order');

    // vmmscope analyze on the recorded data gives vmm-sdat's hits and clusters of the original capture.
    const merged = join(dir, 'merged.pcapng');
    merge(files, merged);
    const out = join(dir, 'csv');
    const a = await runCli(['analyze', ...geometryArgs(merged), '--format', 'csv', '--out', out, '--no-progress'], { cwd: REFERENCE });
    assert.equal(a.status, 0, a.stderr);
    for (const tree of ['hits', 'clusters_plane', 'clusters_detector']) {
      const ref = referenceLines('run_geometry', tree)!;
      const mine = readFileSync(join(out, `${tree}.csv`), 'utf8').split('\n');
      mine.pop();
      const cmp = compareCsv(mine, ref);
      assert.equal(cmp.rowsActual, cmp.rowsExpected, `${tree} rows`);
      assert.deepEqual(cmp.mismatches, [], tree);
    }
    assert.equal(referenceLines('run_geometry', 'hits')!.length - 1, 149171);
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run mode from a config file stops by itself after --files N complete files', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('run3');
  try {
    const original = readPayloads(EXAMPLE);
    const cfg = join(dir, '..', `${dir.split('/').pop()}.json`);
    writeFileSync(cfg, JSON.stringify({ source: 'udp', listen: ['127.0.0.1:0'], name: 'r3', files: 3, filesize: 5000, quiet: false }));
    const { rec, port } = await startRecord(['--config', cfg, '--filesize', '100', '--dir', dir]); // flags override the file
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 'max' }).run();
    assert.equal(await rec.exit, 0, rec.stderr);
    assert.match(rec.stderr, /record: done: 3 file\(s\)/);
    const names = readdirSync(dir).sort();
    assert.deepEqual(names.map((n) => n.slice(0, 9)), ['r3_00000_', 'r3_00001_', 'r3_00002_']);
    const got = names.flatMap((n) => readPayloads(join(dir, n)));
    // 9-kB payloads: a file passes 100 kB with its 12th packet
    assert.equal(got.length, 36);
    assert.ok(got.every((p, i) => p.equals(original[i]!)), 'the first 36 payloads, in order');
    rmSync(cfg);
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--duration switches files on time, also without traffic (valid empty captures)', { timeout: 60_000 }, async () => {
  const dir = tmp('idle');
  try {
    const { rec } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'idle', '--files', '3', '--duration', '0.25', '--dir', dir]);
    assert.equal(await rec.exit, 0, rec.stderr);
    const names = readdirSync(dir).sort();
    assert.deepEqual(names.map((n) => n.slice(0, 11)), ['idle_00000_', 'idle_00001_', 'idle_00002_']);
    for (const n of names) {
      const c = readCapture(join(dir, n));
      assert.equal(c.packets, 0);
      assert.equal(c.truncatedBytes, 0, `${n} is a valid capture without packets`);
    }
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ring mode: the ring wraps, the semaphore always names a complete file, stale files are cleared', { skip, timeout: 120_000 }, async () => {
  const dir = tmp('ring');
  try {
    const stale = ['mon_00005.pcapng', 'mon_semaphore.txt', 'mon_00001_20250417103012.root'];
    const keep = ['mon_00000_20240320143005.pcapng', 'monitoring_00000.pcapng'];
    for (const f of [...stale, ...keep]) writeFileSync(join(dir, f), 'old');
    const original = readPayloads(EXAMPLE);
    const { rec, port } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'mon', '--ring', '4', '--filesize', '100', '--dir', dir]);
    assert.match(rec.stderr, /ring mon: cleared 3 stale file\(s\) in .*: mon_00001_20250417103012\.root, mon_00005\.pcapng, mon_semaphore\.txt/);
    assert.ok(keep.every((f) => existsSync(join(dir, f))), 'physics runs and other stems are kept');

    // Two passes at 4 MB/s (~0.45 s each) while the semaphore is polled and every named file parsed.
    let sending = true;
    const seen = new Set<string>();
    let checks = 0;
    const poll = (async () => {
      while (sending) {
        const slot = readSemaphore(dir, 'mon');
        if (slot !== undefined) {
          const f = join(dir, `mon_${String(slot).padStart(5, '0')}.pcapng`);
          const c = readCapture(f);
          assert.equal(c.truncatedBytes, 0, `semaphore ${slot} names a complete file`);
          assert.ok(c.packets >= 12, `semaphore ${slot} names a full file (${c.packets} packets)`);
          seen.add(`${slot}:${c.datagrams[0]!.payload.subarray(0, 4).toString('hex')}`);
          checks++;
        }
        await sleep(3);
      }
    })();
    for (let pass = 0; pass < 2; pass++) await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 'max', rateBytesPerSecond: 4e6 }).run();
    await sleep(200);
    sending = false;
    await poll;
    assert.ok(checks > 20 && seen.size >= 6, `${checks} polls saw ${seen.size} distinct complete files`);
    assert.equal(await rec.interrupt(), 130, rec.stderr);

    const done = Number(/stopped: (\d+) file\(s\)/.exec(rec.stderr)![1]);
    assert.ok(done >= 16, `${done} files written: the ring of 4 wrapped`);
    assert.deepEqual(readdirSync(dir).sort(), ['mon_00000.pcapng', 'mon_00001.pcapng', 'mon_00002.pcapng', 'mon_00003.pcapng', ...keep, 'mon_semaphore.txt'].sort());
    assert.equal(readFileSync(join(dir, 'mon_semaphore.txt'), 'latin1'), String((done - 1) % 4));
    const slots = ringSlotsOldestFirst(done, 4);
    const tail = slots.flatMap((s) => {
      const c = readCapture(join(dir, `mon_0000${s}.pcapng`));
      assert.equal(c.truncatedBytes, 0);
      return c.datagrams.map((d) => d.payload);
    });
    const sent = [...original, ...original];
    const end = sent.slice(sent.length - tail.length);
    assert.ok(tail.length >= 36 && tail.every((p, i) => p.equals(end[i]!)), 'the ring holds the newest payloads, in order, ending with the last one sent');
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('several FECs: one receiver on two ports keeps each stream whole and in order', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('fecs');
  try {
    const xyu = join(DATA, 'example_xyu.pcapng');
    const { rec, ports } = await startRecord(['--listen', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--name', 'two', '--files', '10', '--filesize', '100000', '--dir', dir]);
    assert.equal(ports.length, 2);
    await Promise.all([
      new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port: ports[0]! }, speed: 1 }).run(),
      new Replayer({ file: xyu, to: { host: '127.0.0.1', port: ports[1]! }, speed: 100 }).run(),
    ]);
    await sleep(200);
    assert.equal(await rec.interrupt(), 130, rec.stderr);
    const [only] = readdirSync(dir);
    const c = readCapture(join(dir, only!));
    assert.equal(c.truncatedBytes, 0);
    for (const [i, f] of [EXAMPLE, xyu].entries()) {
      const mine = c.datagrams.filter((d) => d.dstPort === ports[i]);
      const orig = readPayloads(f);
      assert.equal(mine.length, orig.length, f);
      assert.ok(mine.every((d, k) => d.payload.equals(orig[k]!) && d.srcIp === 0x7f000001 && d.dstIp === 0x7f000001), `${f}: payloads in order, addresses 127.0.0.1`);
    }
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});
