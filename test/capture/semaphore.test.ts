/**
 * The ring semaphore: legacy byte format (plain decimal, no padding, no newline) and
 * atomicity — a reader in another thread polling while the writer rewrites it
 * thousands of times never sees an empty, partial or foreign value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { readSemaphore, semaphorePath, writeSemaphore } from '../../src/capture/semaphore.js';

test('format: plain decimal, no padding, no newline (as the legacy example_semaphore.txt "0")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sem-'));
  try {
    writeSemaphore(dir, 'monitoring', 0);
    assert.deepEqual([...readFileSync(join(dir, 'monitoring_semaphore.txt'))], [0x30]);
    writeSemaphore(dir, 'monitoring', 17);
    assert.equal(readFileSync(semaphorePath(dir, 'monitoring'), 'latin1'), '17');
    assert.equal(readSemaphore(dir, 'monitoring'), 17);
    assert.deepEqual(readdirSync(dir), ['monitoring_semaphore.txt'], 'no temporary file left');
    assert.throws(() => writeSemaphore(dir, 'monitoring', 1.5), /integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tolerant reading: missing or foreign content is "no index yet"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sem-'));
  try {
    assert.equal(readSemaphore(dir, 'x'), undefined);
    writeFileSync(join(dir, 'x_semaphore.txt'), '');
    assert.equal(readSemaphore(dir, 'x'), undefined);
    writeFileSync(join(dir, 'x_semaphore.txt'), '3\n'); // hand-written with a newline: Python int() accepts it
    assert.equal(readSemaphore(dir, 'x'), 3);
    writeFileSync(join(dir, 'x_semaphore.txt'), '-1');
    assert.equal(readSemaphore(dir, 'x'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('atomic: a concurrent reader only ever sees complete values', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sem-'));
  try {
    writeSemaphore(dir, 'ring', 0);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    // The reader reads the raw bytes like the legacy monitor (open, read all, int()).
    const reader = new Worker(
      `const { readFileSync } = require('node:fs');
       const { workerData, parentPort } = require('node:worker_threads');
       let reads = 0; const bad = [];
       while (Atomics.load(workerData.stop, 0) === 0) {
         let t;
         try { t = readFileSync(workerData.path, 'latin1'); } catch (e) { bad.push('error ' + e.code); continue; }
         reads++;
         if (t !== '0' && t !== '7' && t !== '9999') bad.push(JSON.stringify(t));
       }
       parentPort.postMessage({ reads, bad: bad.slice(0, 5), nBad: bad.length });`,
      { eval: true, workerData: { path: join(dir, 'ring_semaphore.txt'), stop } },
    );
    const result = new Promise<{ reads: number; bad: string[]; nBad: number }>((res, rej) => {
      reader.once('message', res);
      reader.once('error', rej);
    });
    await new Promise((r) => reader.once('online', r));
    // Alternate short and long values: a torn or truncating write would show as "", "9", "99", "7999" …
    for (let i = 0; i < 1000; i++) writeSemaphore(dir, 'ring', i % 2 ? 7 : 9999);
    Atomics.store(stop, 0, 1);
    const r = await result;
    await reader.terminate();
    assert.ok(r.reads > 100, `the reader read ${r.reads} times`);
    assert.equal(r.nBad, 0, `bad reads: ${r.bad.join(', ')}`);
    assert.equal(readSemaphore(dir, 'ring'), 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the legacy non-atomic write (truncate, then write) is caught by the same reader', async () => {
  // Control experiment: proves the reader above can see torn writes at all.
  const dir = mkdtempSync(join(tmpdir(), 'sem-'));
  try {
    const path = join(dir, 'ring_semaphore.txt');
    writeFileSync(path, '0');
    const stop = new Int32Array(new SharedArrayBuffer(8)); // [0] = stop, [1] = torn reads seen
    const reader = new Worker(
      `const { readFileSync } = require('node:fs');
       const { workerData, parentPort } = require('node:worker_threads');
       let nBad = 0;
       while (Atomics.load(workerData.stop, 0) === 0) {
         const t = readFileSync(workerData.path, 'latin1');
         if (t !== '0' && t !== '7' && t !== '9999') Atomics.store(workerData.stop, 1, ++nBad);
       }
       parentPort.postMessage(nBad);`,
      { eval: true, workerData: { path, stop } },
    );
    const result = new Promise<number>((res, rej) => {
      reader.once('message', res);
      reader.once('error', rej);
    });
    await new Promise((r) => reader.once('online', r));
    const { openSync, writeSync, closeSync } = await import('node:fs');
    for (let i = 0; i < 50000 && Atomics.load(stop, 1) === 0; i++) {
      const fd = openSync(path, 'w'); // Python open(…, "w"): truncates first
      writeSync(fd, i % 2 ? '7' : '9999');
      closeSync(fd);
    }
    Atomics.store(stop, 0, 1);
    const nBad = await result;
    await reader.terminate();
    assert.ok(nBad > 0, 'the non-atomic writer produced torn reads');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
