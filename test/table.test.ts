import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableBuilder } from '../src/table/builder.js';
import { CLUSTERS_PLANE, HITS } from '../src/table/trees.js';
import { csvHeader, csvRows } from '../src/output/csv-format.js';
import { column, isJagged } from '../src/table/types.js';
import { hasShared, loadReferenceBatch, referenceLines } from './helpers/reference.js';

test('builder grows, keeps vectors per row and resets on flush', () => {
  const b = new TableBuilder(CLUSTERS_PLANE, 16);
  for (let i = 0; i < 100; i++) {
    const r = b.addRow();
    b.u32(0)[r] = i + 1;
    const v = Array.from({ length: i % 4 }, (_, k) => i + k / 10);
    b.setVec(18, v, 0, v.length);
  }
  const batch = b.flush();
  assert.equal(batch.length, 100);
  const strips = batch.columns[18]!;
  assert.ok(isJagged(strips));
  assert.equal(strips.offsets[100], 150); // Σ (i mod 4) over 100 rows
  assert.deepEqual(Array.from(strips.values.subarray(strips.offsets[7]!, strips.offsets[8]!)), [7, 7.1, 7.2]);
  assert.equal(b.length, 0);
  const r = b.addRow();
  assert.equal(b.u32(0)[r], 0, 'flushed builder starts with zeroed rows');
});

test('reference CSV loads and re-renders identically (hits of run_geometry, first rows)', { skip: !hasShared() }, () => {
  const batch = loadReferenceBatch('run_geometry', HITS)!;
  assert.equal(batch.length, 149171);
  assert.equal((column(batch, 'adc') as Uint16Array)[1], 420);
  const lines = referenceLines('run_geometry', 'hits')!;
  assert.equal(csvHeader(HITS), lines[0]);
  const text = csvRows(batch).split('\n');
  // Integers are identical; doubles may be spelled shorter but must be the same number.
  for (let i = 0; i < 50; i++) {
    const a = text[i]!.split(',');
    const e = lines[i + 1]!.split(',');
    assert.equal(a.length, e.length);
    for (let k = 0; k < a.length; k++) assert.equal(Number(a[k]), Number(e[k]), `row ${i} col ${k}`);
  }
});
