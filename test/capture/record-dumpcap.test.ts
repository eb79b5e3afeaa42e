/**
 * End to end with dumpcap on loopback (skipped with the reason when dumpcap is missing
 * or may not capture): the real example capture is replayed while `vmmscope record`
 * drives one gap-free dumpcap (run and ring mode, Ctrl-C) or one dumpcap per file
 * (legacy); and the setup errors (missing interface, missing dumpcap, missing rights)
 * give one message with the fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replayer } from '../../src/capture/replay.js';
import { classifyDumpcapFailure, findDumpcap } from '../../src/capture/dumpcap.js';
import { ringSlotsOldestFirst } from '../../src/capture/naming.js';
import { readSemaphore } from '../../src/capture/semaphore.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';
import { dumpcapOnLoopback, freeUdpPort, killRunning, readCapture, readPayloads, startRecord } from './e2e-helpers.js';

const EXAMPLE = join(DATA, 'example.pcapng');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const can = await dumpcapOnLoopback();
const skip = !hasShared() ? 'no ../shared' : can === true ? false : can;
/** dumpcap hands packets over in blocks; give it time before Ctrl-C so that none is still in the kernel ring. */
const SETTLE_MS = 1200;

function tmp(name: string): string {
  return mkdtempSync(join(tmpdir(), `vmmscope-dc-${name}-`));
}

function payloadsOf(dir: string, names: string[]): Buffer[] {
  return names.flatMap((n) => {
    const c = readCapture(join(dir, n));
    assert.equal(c.truncatedBytes, 0, `${n} is complete`);
    return c.datagrams.map((d) => d.payload);
  });
}

test('dumpcap run mode, gap-free: Ctrl-C leaves valid files with every payload in order', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('run');
  try {
    const port = await freeUdpPort();
    const { rec } = await startRecord(['-i', 'lo', '-f', `udp dst port ${port}`, '--name', 'run', '--files', '1000', '--filesize', '100', '--dir', dir]);
    assert.match(rec.stderr, /one process, gap-free/);
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 1 }).run();
    await sleep(SETTLE_MS);
    assert.equal(await rec.interrupt(), 130, rec.stderr);
    assert.match(rec.stderr, /record: dumpcap: 100 packets received on the interface, 0 dropped/);
    const names = readdirSync(dir).sort();
    assert.ok(names.length >= 8, names.join(', '));
    names.forEach((n, i) => assert.match(n, new RegExp(`^run_${String(i).padStart(5, '0')}_\\d{14}\\.pcapng$`)));
    const got = payloadsOf(dir, names);
    const original = readPayloads(EXAMPLE);
    assert.equal(got.length, 100);
    assert.ok(got.every((p, i) => p.equals(original[i]!)), 'payloads identical and in order');
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dumpcap run mode stops by itself after --files N', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('run3');
  try {
    const port = await freeUdpPort();
    const { rec } = await startRecord(['-i', 'lo', '-f', `udp dst port ${port}`, '--name', 'r3', '--files', '3', '--filesize', '100', '--dir', dir]);
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 1 }).run();
    assert.equal(await rec.exit, 0, rec.stderr);
    assert.match(rec.stderr, /record: done: 3 file\(s\)/);
    const names = readdirSync(dir).sort();
    assert.deepEqual(names.map((n) => n.slice(0, 9)), ['r3_00000_', 'r3_00001_', 'r3_00002_']);
    const got = payloadsOf(dir, names);
    const original = readPayloads(EXAMPLE);
    assert.ok(got.length >= 30 && got.length < 100, `${got.length} packets`);
    assert.ok(got.every((p, i) => p.equals(original[i]!)), 'the first payloads, in order, no gap between files');
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dumpcap ring: wraps, the semaphore always names a complete file, Ctrl-C updates it', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('ring');
  try {
    const port = await freeUdpPort();
    const { rec } = await startRecord(['-i', 'lo', '-f', `udp dst port ${port}`, '--name', 'mon', '--ring', '3', '--filesize', '100', '--dir', dir]);
    let sending = true;
    let checks = 0;
    const poll = (async () => {
      while (sending) {
        const slot = readSemaphore(dir, 'mon');
        if (slot !== undefined) {
          const c = readCapture(join(dir, `mon_0000${slot}.pcapng`));
          assert.equal(c.truncatedBytes, 0, `semaphore ${slot} names a complete file`);
          assert.ok(c.packets >= 10, `semaphore ${slot}: ${c.packets} packets`);
          checks++;
        }
        await sleep(3);
      }
    })();
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 'max', rateBytesPerSecond: 3e6 }).run();
    await sleep(SETTLE_MS);
    sending = false;
    await poll;
    assert.ok(checks > 20, `${checks} polls`);
    assert.equal(await rec.interrupt(), 130, rec.stderr);
    const done = Number(/stopped: (\d+) file\(s\)/.exec(rec.stderr)![1]);
    assert.ok(done >= 8, `${done} files: the ring of 3 wrapped`);
    assert.deepEqual(readdirSync(dir).sort(), ['mon_00000.pcapng', 'mon_00001.pcapng', 'mon_00002.pcapng', 'mon_semaphore.txt']);
    assert.equal(readFileSync(join(dir, 'mon_semaphore.txt'), 'latin1'), String((done - 1) % 3), 'Ctrl-C: the semaphore names the last file');
    const tail = payloadsOf(dir, ringSlotsOldestFirst(done, 3).map((s) => `mon_0000${s}.pcapng`));
    const original = readPayloads(EXAMPLE);
    const end = original.slice(original.length - tail.length);
    assert.ok(tail.length >= 20 && tail.every((p, i) => p.equals(end[i]!)), 'the ring ends with the newest payloads, in order');
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('legacy one dumpcap per file (--restart-per-file)', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('legacy');
  try {
    const port = await freeUdpPort();
    const { rec } = await startRecord(['-i', 'lo', '-f', `udp dst port ${port}`, '--name', 'leg', '--files', '2', '--duration', '0.5', '--restart-per-file', '--dir', dir]);
    assert.match(rec.stderr, /one dumpcap per file \(legacy, gaps between files\)/);
    await new Replayer({ file: EXAMPLE, to: { host: '127.0.0.1', port }, speed: 0.1 }).run();
    assert.equal(await rec.exit, 0, rec.stderr);
    const names = readdirSync(dir).sort();
    assert.deepEqual(names.map((n) => n.slice(0, 10)), ['leg_00000_', 'leg_00001_']);
    const got = payloadsOf(dir, names);
    const original = readPayloads(EXAMPLE);
    let k = 0;
    for (const p of got) {
      while (k < original.length && !original[k]!.equals(p)) k++;
      assert.ok(k < original.length, 'each recorded payload is an original one, in order');
    }
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing interface: one message listing the interfaces', { skip, timeout: 60_000 }, async () => {
  const dir = tmp('noif');
  try {
    const r = await runCli(['record', '-i', 'nosuch0', '--name', 'x', '--files', '1', '--duration', '1', '--dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^vmmscope record: there is no capture interface 'nosuch0'\. Interfaces dumpcap sees: .*\blo\b.*; choose one with --interface\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing dumpcap: the install command, or the built-in receiver', { timeout: 60_000 }, async () => {
  const dir = tmp('nodc');
  try {
    const r = await runCli(['record', '-i', 'eth0', '--dumpcap', '/nonexistent/dumpcap', '--name', 'x', '--files', '1', '--duration', '1', '--dir', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /dumpcap \(Wireshark's capture tool\) was not found at \/nonexistent\/dumpcap\./);
    assert.match(r.stderr, /sudo apt-get install wireshark-common/);
    assert.match(r.stderr, /--source udp --listen 0\.0\.0\.0:6006/);
    assert.deepEqual(readdirSync(dir), [], 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing rights: dumpcap run as an unprivileged user gives the fix', { skip: (process.getuid?.() !== 0 && 'needs root to run dumpcap as another user') || (!findDumpcap() && 'no dumpcap'), timeout: 30_000 }, async () => {
  const dumpcap = findDumpcap()!;
  const r = spawnSync(dumpcap, ['-L', '-i', 'lo'], { uid: 65534, gid: 65534, encoding: 'utf8' });
  assert.notEqual(r.status, 0, 'nobody may not capture');
  const e = await classifyDumpcapFailure(dumpcap, 'lo', r.stderr);
  assert.equal(e?.kind, 'no-permission');
  assert.match(e!.message, /^dumpcap may not capture on 'lo' \((?:socket: )?Operation not permitted\)\./);
  assert.match(e!.message, /sudo dpkg-reconfigure wireshark-common/);
  assert.match(e!.message, /sudo usermod -aG wireshark \$USER/);
  assert.match(e!.message, /setcap cap_net_raw,cap_net_admin=eip/);
  assert.match(e!.message, /--source udp --listen/);
});
