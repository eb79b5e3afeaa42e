/**
 * Parquet output details read back with hyparquet: column types (unsigned
 * INTEGER logical types, BOOLEAN, list<double>), u32 above 2^31, the histogram
 * table, naming, abort. The reference cases are in parquet-reference-*.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hist1D, Hist2D, axis } from '../../src/histograms/hist.js';
import { ParquetSink } from '../../src/output/parquet/sink.js';
import { parquetLayout } from '../../src/output/parquet/paths.js';
import { TREES, HITS } from '../../src/table/trees.js';
import type { TableBatch } from '../../src/table/types.js';
import { hasShared, loadReferenceBatch } from '../helpers/reference.js';
import { readParquet } from './parquet-case.js';

const skip = !hasShared() && 'no ../shared';

test('column types: unsigned integers, BOOLEAN, list<double>', { skip }, async () => {
  const plane = loadReferenceBatch('run_triggered_mode', TREES[1])!;
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-pq-types-'));
  try {
    const sink = new ParquetSink(join(dir, 'run.parquet'));
    sink.write(plane.schema, plane);
    sink.close({ histograms: [] });
    const { metadata } = await readParquet(join(dir, 'run_clusters_plane.parquet'));
    const el = (n: string) => metadata.schema.find((e) => e.name === n)!;
    assert.deepEqual([el('id').type, el('id').logical_type], ['INT32', { type: 'INTEGER', bitWidth: 32, isSigned: false }]);
    assert.deepEqual(el('det').logical_type, { type: 'INTEGER', bitWidth: 8, isSigned: false });
    assert.deepEqual(el('adc').logical_type, { type: 'INTEGER', bitWidth: 16, isSigned: false });
    assert.equal(el('time').type, 'DOUBLE');
    assert.equal(el('plane_coincidence').type, 'BOOLEAN');
    assert.equal(el('strips').converted_type, 'LIST');
    assert.equal(metadata.schema.filter((e) => e.name === 'element').every((e) => e.type === 'DOUBLE'), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('u32 values above 2^31 survive (unsigned logical type)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-pq-u32-'));
  try {
    const n = 3;
    const cols = HITS.columns.map((c) => (c.type === 'f64' ? new Float64Array(n) : c.type === 'u32' ? Uint32Array.of(0, 2 ** 31, 2 ** 32 - 1) : c.type === 'u16' ? Uint16Array.of(0, 65535, 1) : new Uint8Array([0, 255, 1])));
    const b: TableBatch = { schema: HITS, length: n, columns: cols };
    const sink = new ParquetSink(dir);
    sink.write(HITS, b);
    sink.close({ histograms: [] });
    const { rows } = await readParquet(join(dir, 'hits.parquet'));
    assert.deepEqual(rows.map((r) => r.id), [0, 2 ** 31, 2 ** 32 - 1]);
    assert.deepEqual(rows.map((r) => r.adc), [0, 65535, 1]);
    assert.deepEqual(rows.map((r) => r.over_threshold), [false, true, true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('histogram table: binning, statistics, cells with under/overflow, Sumw2', async () => {
  const h1 = new Hist1D('0_cluster', '0_cluster', axis(10, 0, 10));
  const h2 = new Hist2D('1_charge_plane0', '1_charge_plane0', axis(4, 0, 4, 'x'), axis(3, 0, 3, 'y'));
  for (let i = -2; i < 14; i++) h1.fill(i + 0.5);
  for (let i = 0; i < 30; i++) h2.fill(i % 5, i % 4, 10 + i);
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-pq-hist-'));
  try {
    const sink = new ParquetSink(join(dir, 'out.parquet'));
    sink.close({ histograms: [h1, h2] });
    const { rows } = await readParquet(join(dir, 'out_histograms.parquet'));
    assert.deepEqual(rows.map((r) => [r.name, r.kind, r.x_nbins, r.y_nbins, r.x_title, r.y_title]), [
      ['0_cluster', 'TH1D', 10, 0, '', ''],
      ['1_charge_plane0', 'TH2D', 4, 3, 'x', 'y'],
    ]);
    assert.deepEqual(rows[0]!.contents, Array.from(h1.contents));
    assert.deepEqual(rows[0]!.sumw2, []);
    assert.deepEqual(rows[1]!.contents, Array.from(h2.contents));
    assert.deepEqual(rows[1]!.sumw2, Array.from(h2.sumw2!));
    assert.deepEqual([rows[1]!.entries, rows[1]!.tsumw, rows[1]!.tsumwxy], [h2.entries, h2.tsumw, h2.tsumwxy]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('naming: FILE.parquet vs folder; abort leaves nothing', { skip }, () => {
  assert.equal(parquetLayout('/d/run.parquet').file('hits'), '/d/run_hits.parquet');
  assert.equal(parquetLayout('/d/out/').file('clusters_plane'), '/d/out/clusters_plane.parquet');
  assert.equal(parquetLayout('C:\\d\\out').file('hits'), 'C:\\d\\out\\hits.parquet');
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-pq-abort-'));
  try {
    const sink = new ParquetSink(join(dir, 'sub'));
    sink.write(HITS, loadReferenceBatch('vtc_run', HITS)!);
    assert.deepEqual(readdirSync(join(dir, 'sub')), [`.hits.parquet.${process.pid}.tmp`]);
    sink.abort();
    assert.deepEqual(readdirSync(join(dir, 'sub')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
