/**
 * Where recorded files go: stale-file cleanup of a ring (legacy behaviour, narrowed to
 * the ring's own files), completion of run and ring files (rename + semaphore), and
 * the repair of a file cut mid-block (full disk) on a real capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSequence } from '../../src/capture/file-sequence.js';
import { repairCapture } from '../../src/capture/repair.js';
import { readSemaphore } from '../../src/capture/semaphore.js';
import { clearStaleRingFiles } from '../../src/capture/stale.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { readPayloads } from './e2e-helpers.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'seq-'));
}

test('stale cleanup removes the ring of the stem only', () => {
  const dir = tmp();
  try {
    const stale = ['monitoring_00000.pcapng', 'monitoring_00012.pcapng', 'monitoring_00003_20250417103012.root', 'monitoring_semaphore.txt'];
    const keep = ['monitoring_00001_20240320143005.pcapng', 'monitoring_vtc_00000.pcapng', 'monitoring2_00000.pcapng', 'notes.txt'];
    for (const f of [...stale, ...keep]) writeFileSync(join(dir, f), 'x');
    mkdirSync(join(dir, '.monitoring.recording'));
    writeFileSync(join(dir, '.monitoring.recording', 'monitoring_00004_20250101000000.pcapng'), 'partial');
    const r = clearStaleRingFiles(dir, 'monitoring');
    assert.deepEqual(r.removed, ['.monitoring.recording/monitoring_00004_20250101000000.pcapng', ...[...stale].sort()]);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(readdirSync(dir).sort(), ['.monitoring.recording', ...keep].sort());
    assert.deepEqual(clearStaleRingFiles(join(dir, 'missing'), 'monitoring'), { removed: [], failed: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ring: each completed file replaces its slot, then the semaphore names it', () => {
  const dir = tmp();
  try {
    const seq = new FileSequence(dir, 'mon', { kind: 'ring', slots: 3, stopAfter: 5 });
    seq.prepare();
    const start = new Date(2025, 3, 17, 10, 30, 12);
    for (let c = 0; c < 5; c++) {
      const p = seq.workPath(c, start);
      assert.equal(p, join(dir, '.mon.recording', `mon_${String(c).padStart(5, '0')}_20250417103012.pcapng`));
      writeFileSync(p, `file ${c}`);
      const done = seq.complete(p, c, '20250417103012', 6);
      assert.equal(done.slot, c % 3);
      assert.equal(done.path, join(dir, `mon_0000${c % 3}.pcapng`));
      assert.equal(readSemaphore(dir, 'mon'), c % 3);
      assert.equal(seq.done, c === 4);
    }
    assert.equal(readFileSync(join(dir, 'mon_00000.pcapng'), 'utf8'), 'file 3');
    assert.equal(readFileSync(join(dir, 'mon_00001.pcapng'), 'utf8'), 'file 4');
    assert.equal(readFileSync(join(dir, 'mon_00002.pcapng'), 'utf8'), 'file 2');
    assert.equal(seq.completed, 5);
    assert.equal(seq.completedBytes, 30);
    seq.cleanup();
    assert.ok(!existsSync(join(dir, '.mon.recording')), 'empty work folder removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('run: timestamped names, no semaphore, never overwrites', () => {
  const dir = tmp();
  try {
    const seq = new FileSequence(dir, 'run_xray', { kind: 'run', files: 2 });
    seq.prepare();
    const a = seq.workPath(0, new Date(2024, 2, 20, 14, 30, 5));
    writeFileSync(a, 'a');
    assert.equal(seq.complete(a, 0, '20240320143005', 1).path, join(dir, 'run_xray_00000_20240320143005.pcapng'));
    assert.equal(readSemaphore(dir, 'run_xray'), undefined);
    writeFileSync(a, 'again');
    assert.throws(() => seq.complete(a, 0, '20240320143005', 5), /already exists; not overwriting/);
    assert.equal(readFileSync(join(dir, 'run_xray_00000_20240320143005.pcapng'), 'utf8'), 'a');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('repair: a capture cut inside a block keeps every complete packet', { skip: !hasShared() && 'no ../shared' }, () => {
  const dir = tmp();
  try {
    const src = join(DATA, 'example.pcapng');
    const original = readPayloads(src);
    assert.equal(original.length, 100);
    const f = join(dir, 'cut.pcapng');
    copyFileSync(src, f);
    // Cut in the middle of the 41st packet's block: blocks are ~9 kB here.
    const cutAt = 300000;
    truncateSync(f, cutAt);
    const r = repairCapture(f);
    assert.ok(r.removedBytes > 0 && r.removedBytes < 9100, `removed ${r.removedBytes}`);
    assert.equal(r.size, cutAt - r.removedBytes);
    const kept = readPayloads(f);
    assert.equal(kept.length, r.packets);
    assert.ok(r.packets >= 30 && r.packets < 40, `${r.packets} packets kept`);
    assert.deepEqual(kept, original.slice(0, r.packets));
    assert.deepEqual(repairCapture(f), { packets: r.packets, removedBytes: 0, size: r.size }, 'a complete file is left alone');
    truncateSync(f, 20); // inside the section header
    assert.deepEqual(repairCapture(f), { packets: 0, removedBytes: 20, size: 0 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
