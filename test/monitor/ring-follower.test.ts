/**
 * The ring follower on rings written by the test, in both namings: missing,
 * empty and partial semaphores, a semaphore naming a missing file, a file never
 * returned twice, a ring slot rewritten after a wrap returned again, skipped
 * files counted, "every file" order, dumpcap's growing newest file, and the
 * file-system watch waking a waiting follower.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RingFollower } from '../../src/monitor/ring-follower.js';
import { ringFileName } from '../../src/capture/naming.js';
import { parseSemaphoreText } from '../../src/capture/semaphore.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vmmscope-ring-'));
}

/** Writes ring file `name` with content `body` and mtime `t` (s since epoch). */
function put(dir: string, name: string, body: string, t: number): void {
  const p = join(dir, name);
  writeFileSync(p, body);
  utimesSync(p, t, t);
}

const T = 1_700_000_000;

test('semaphore parsing (the recorder\'s own parser) accepts a plain index only', () => {
  assert.equal(parseSemaphoreText('7'), 7);
  assert.equal(parseSemaphoreText('12\n'), 12);
  assert.equal(parseSemaphoreText('00003'), 3);
  for (const bad of ['', ' ', '-1', '1x', 'abc', '1 2', '1.5', '99999999999999999999']) assert.equal(parseSemaphoreText(bad), undefined, JSON.stringify(bad));
  assert.equal(ringFileName('monitoring', 7), 'monitoring_00007.pcapng');
});

test('missing, empty, partial or dangling semaphore: wait with a reason, never throw', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'mon', naming: 'semaphore' });
    assert.equal(await f.next(), null);
    assert.match(f.waiting, /mon_semaphore\.txt/);
    for (const content of ['', '  ', '3x', '\u0000']) {
      writeFileSync(join(dir, 'mon_semaphore.txt'), content);
      assert.equal(await f.next(), null);
      assert.match(f.waiting, /not a file index/);
    }
    writeFileSync(join(dir, 'mon_semaphore.txt'), '4');
    assert.equal(await f.next(), null);
    assert.match(f.waiting, /mon_00004\.pcapng .*not found/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a file is returned once; a rewritten ring slot (wrap) is new; skipped files are counted', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'mon' });
    put(dir, 'mon_00000.pcapng', 'file A', T);
    writeFileSync(join(dir, 'mon_semaphore.txt'), '0');
    const a = await f.next();
    assert.equal(a?.file.name, 'mon_00000.pcapng');
    assert.equal(a?.skipped, 0);
    assert.equal(f.active, 'semaphore');
    assert.equal((await f.next())?.file.name, 'mon_00000.pcapng', 'not done yet: returned again');
    f.markDone(a!.file);
    assert.equal(await f.next(), null);
    assert.match(f.waiting, /already analysed/);
    // the producer writes files 1, 2, 3 while we are busy; semaphore says 3; file 0 is being rewritten
    put(dir, 'mon_00001.pcapng', 'file B', T + 10);
    put(dir, 'mon_00002.pcapng', 'file C', T + 20);
    put(dir, 'mon_00003.pcapng', 'file D', T + 30);
    put(dir, 'mon_00000.pcapng', 'file E (growing', T + 35);
    writeFileSync(join(dir, 'mon_semaphore.txt'), '3');
    const d = await f.next();
    assert.equal(d?.file.name, 'mon_00003.pcapng');
    assert.equal(d?.skipped, 2, 'files 1 and 2 were complete and are skipped; file 0 is still being written');
    f.markDone(d!.file);
    // ring wraps: slot 0 complete with new content
    put(dir, 'mon_00000.pcapng', 'file E complete', T + 40);
    writeFileSync(join(dir, 'mon_semaphore.txt'), '0');
    const e = await f.next();
    assert.equal(e?.file.name, 'mon_00000.pcapng');
    assert.equal(e?.skipped, 0);
    assert.notEqual(e?.file.key, a!.file.key);
    f.markDone(e!.file);
    assert.equal(await f.next(), null);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('order "all" returns every complete file in order, none twice', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'mon', order: 'all' });
    put(dir, 'mon_00000.pcapng', 'a', T);
    writeFileSync(join(dir, 'mon_semaphore.txt'), '0');
    const seen: string[] = [];
    const drain = async () => {
      for (let n = await f.next(); n; n = await f.next()) {
        seen.push(n.file.name);
        assert.equal(n.skipped, 0);
        f.markDone(n.file);
      }
    };
    await drain();
    put(dir, 'mon_00001.pcapng', 'b', T + 10);
    put(dir, 'mon_00002.pcapng', 'c', T + 20);
    put(dir, 'mon_00003.pcapng', 'd', T + 30);
    put(dir, 'mon_00004.pcapng', 'e (being written)', T + 40);
    writeFileSync(join(dir, 'mon_semaphore.txt'), '3');
    await drain();
    assert.deepEqual(seen, ['mon_00000.pcapng', 'mon_00001.pcapng', 'mon_00002.pcapng', 'mon_00003.pcapng']);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('dumpcap ring naming: the newest file is still being written; skipped running numbers are counted', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'ring' });
    put(dir, 'ring_00001_20261123210400.pcapng', '1', T);
    assert.equal(await f.next(), null, 'a single file is still being written');
    assert.match(f.waiting, /still being written/);
    put(dir, 'ring_00002_20261123210410.pcapng', '2', T + 10);
    const a = await f.next();
    assert.equal(a?.file.name, 'ring_00001_20261123210400.pcapng');
    assert.equal(a?.file.index, 1);
    assert.equal(f.active, 'dumpcap');
    f.markDone(a!.file);
    // files 2..5 complete, 6 growing; the ring removed 2 (files:4)
    for (let i = 3; i <= 6; i++) put(dir, `ring_0000${i}_2026112321042${i}.pcapng`, String(i), T + 10 * i);
    rmSync(join(dir, 'ring_00002_20261123210410.pcapng'));
    const b = await f.next();
    assert.equal(b?.file.index, 5);
    assert.equal(b?.skipped, 3, 'running numbers 2, 3, 4 were not analysed');
    f.markDone(b!.file);
    assert.equal(await f.next(), null);
    const last = await f.next(true);
    assert.equal(last?.file.index, 6, 'final: the capture ended, the newest file is complete');
    // -b nametimenum:2 order
    put(dir, 'ring_20261123210500_00007.pcapng', '7', T + 70);
    put(dir, 'ring_20261123210510_00008.pcapng', '8', T + 80);
    f.markDone(last!.file);
    assert.equal((await f.next())?.file.index, 7);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('dumpcap naming, order "all": every complete file from the oldest present', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'ring', order: 'all', naming: 'dumpcap' });
    for (let i = 4; i <= 7; i++) put(dir, `ring_0000${i}_2026112321040${i}.pcapng`, String(i), T + i);
    const got: number[] = [];
    for (let n = await f.next(); n; n = await f.next()) {
      got.push(n.file.index);
      f.markDone(n.file);
    }
    assert.deepEqual(got, [4, 5, 6]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('wait() wakes on a semaphore rewrite long before the poll period', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'mon', pollMs: 600_000 });
    put(dir, 'mon_00000.pcapng', 'x', T);
    const waiting = f.wait();
    setTimeout(() => writeFileSync(join(dir, 'mon_semaphore.txt'), '0'), 50);
    await waiting; // with a 10-minute poll this only resolves through the watch
    assert.equal((await f.next())?.file.name, 'mon_00000.pcapng');
    f.close();
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('wait() returns on abort', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'mon', pollMs: 600_000 });
    const ac = new AbortController();
    const w = f.wait(ac.signal);
    ac.abort();
    await w;
    f.close();
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('files of a `vmmscope record` run (work folder present) are complete as soon as they appear', async () => {
  const dir = tempDir();
  try {
    const f = new RingFollower({ dir, stem: 'run', order: 'all' });
    mkdirSync(join(dir, '.run.recording'));
    put(dir, 'run_00000_20261123210400.pcapng', '0', T);
    const a = await f.next();
    assert.equal(a?.file.index, 0);
    f.markDone(a!.file);
    rmSync(join(dir, '.run.recording'), { recursive: true }); // the recording ended
    put(dir, 'run_00001_20261123210500.pcapng', '1', T + 60);
    assert.equal((await f.next())?.file.index, 1, 'still known to hold complete files only');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('files completed within one clock tick (equal mtimes) are neither lost nor taken for the growing file', async () => {
  const dir = tempDir();
  try {
    for (const order of ['all', 'newest'] as const) {
      const f = new RingFollower({ dir, stem: 'mon', order });
      put(dir, 'mon_00000.pcapng', 'a', T);
      writeFileSync(join(dir, 'mon_semaphore.txt'), '0');
      const a = await f.next();
      f.markDone(a!.file);
      // files 1, 2, 3 complete and 4 growing, all with the same time stamp as file 0
      for (let i = 1; i <= 4; i++) put(dir, `mon_0000${i}.pcapng`, `file ${i}`, T);
      writeFileSync(join(dir, 'mon_semaphore.txt'), '3');
      if (order === 'all') {
        const got: string[] = [];
        for (let n = await f.next(); n; n = await f.next()) {
          got.push(n.file.name);
          f.markDone(n.file);
        }
        assert.deepEqual(got, ['mon_00001.pcapng', 'mon_00002.pcapng', 'mon_00003.pcapng']);
      } else {
        const n = await f.next();
        assert.equal(n?.file.name, 'mon_00003.pcapng');
        assert.equal(n?.skipped, 2);
      }
    }
  } finally {
    rmSync(dir, { recursive: true });
  }
});
