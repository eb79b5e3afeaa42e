/**
 * Issue 15.1 acceptance: the Parquet trees of every shared reference case, read
 * by DuckDB (an independent, strict reader), have the column names and types of
 * our schema (unsigned integers as UTINYINT/USMALLINT/UINTEGER, lists as
 * DOUBLE[]) and every value equal to the CSV written by the same run (one
 * analysis feeding both sinks); for the SRS/TRG cases the DuckDB rows also equal
 * vmm-sdat's reference CSV (as the reference-case tests compare it). The
 * histograms file is read by DuckDB too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, DuckDBListValue } from '@duckdb/node-api';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { silentLogger } from '../../src/config/log.js';
import { teeSink } from '../../src/table/sink.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { CsvSink } from '../../src/output/csv-sink.js';
import { formatDouble } from '../../src/output/csv-format.js';
import { ParquetSink } from '../../src/output/parquet/sink.js';
import { TREES } from '../../src/table/trees.js';
import type { ColumnType } from '../../src/table/types.js';
import { compareCsv } from '../helpers/compare.js';
import { REFERENCE, hasShared, loadCase, referenceLines } from '../helpers/reference.js';

const DUCK_TYPE: Record<ColumnType, string> = { u8: 'UTINYINT', u16: 'USMALLINT', u32: 'UINTEGER', f64: 'DOUBLE', bool: 'BOOLEAN', vec_f64: 'DOUBLE[]' };
const SRS = new Set(['run_geometry', 'run_calib', 'run_geometry_pad', 'run_triggered_mode', 'run_xyu']);
const CASES = [...SRS, 'vtc_run', 'ess_LET'];

/** A DuckDB value as our CSV spells it. */
function cell(v: unknown): string {
  if (v instanceof DuckDBListValue) return v.items.map((x) => formatDouble(x as number)).join(';');
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return formatDouble(v);
  throw new Error(`unexpected DuckDB value ${String(v)} (${typeof v})`);
}

async function checkCase(name: string): Promise<void> {
  const c = loadCase(name);
  const args = c.args.map((a) => (a.startsWith('../') ? resolve(REFERENCE, a) : a));
  const o = parseConvertArgs(args, (p) => readFileSync(p, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), `vmmscope-duck-${name}-`));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const csv = new CsvSink(join(dir, 'csv'));
    // small row groups so the large trees span several
    const pq = new ParquetSink(join(dir, 'pq'), { rowGroupBytes: 1 << 20 });
    await analyzeCaptureFile(o.file, o, teeSink(csv, pq), { logger: silentLogger() });
    let checked = 0;
    for (const schema of TREES) {
      const csvFile = join(dir, 'csv', `${schema.name}.csv`);
      const pqFile = join(dir, 'pq', `${schema.name}.parquet`);
      assert.equal(existsSync(pqFile), existsSync(csvFile), `${schema.name}: Parquet file iff CSV file`);
      if (!existsSync(csvFile)) continue;
      checked++;
      const desc = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${pqFile}')`);
      assert.deepEqual(
        desc.getRows().map((r) => [r[0], r[1]]),
        schema.columns.map((col) => [col.name, DUCK_TYPE[col.type]]),
        `${schema.name}: column names and types`,
      );
      const rows = (await con.runAndReadAll(`SELECT * FROM read_parquet('${pqFile}', file_row_number = true) ORDER BY file_row_number`)).getRows();
      const lines = [schema.columns.map((col) => col.name).join(','), ...rows.map((r) => r.slice(0, -1).map(cell).join(','))];
      const mine = readFileSync(csvFile, 'utf8').split('\n');
      mine.pop();
      assert.equal(lines.length, mine.length, `${schema.name}: row count`);
      for (let i = 0; i < lines.length; i++) if (lines[i] !== mine[i]) assert.fail(`${schema.name} line ${i}: DuckDB ${lines[i]} ≠ CSV ${mine[i]}`);
      if (SRS.has(name)) {
        const cmp = compareCsv(lines, referenceLines(name, schema.name)!);
        assert.equal(cmp.rowsActual, cmp.rowsExpected, `${schema.name}: rows vs vmm-sdat`);
        assert.deepEqual(cmp.mismatches, [], `${schema.name} vs vmm-sdat: ${JSON.stringify(cmp.perColumn)}`);
      }
    }
    assert.ok(checked > 0, 'at least one tree');
    const histFile = join(dir, 'pq', 'histograms.parquet');
    const h = (await con.runAndReadAll(`SELECT count(*)::INTEGER, sum(len(contents))::INTEGER FROM read_parquet('${histFile}')`)).getRows()[0]!;
    assert.ok((h[0] as number) > 0 && (h[1] as number) > 0, `histograms read by DuckDB: ${String(h)}`);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const name of CASES) {
  test(`${name}: Parquet trees read by DuckDB equal the CSV of the same run`, { skip: !hasShared() && 'no ../shared', timeout: 180_000 }, () => checkCase(name));
}

test('u32 above 2^31 and statistics in unsigned order: DuckDB filters by them correctly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-duck-u32-'));
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    const HITS = TREES[0];
    const n = 4;
    const cols = HITS.columns.map((c) =>
      c.type === 'u32' ? Uint32Array.of(5, 2 ** 31, 2 ** 32 - 1, 7) : c.type === 'f64' ? Float64Array.of(-0, 0, 1.5, -2) : c.type === 'u16' ? Uint16Array.of(0, 65535, 1, 2) : Uint8Array.of(0, 255, 1, 1),
    );
    const sink = new ParquetSink(dir);
    sink.write(HITS, { schema: HITS, length: n, columns: cols });
    sink.close({ histograms: [] });
    const f = join(dir, 'hits.parquet');
    const q = async (sql: string) => (await con.runAndReadAll(sql.replaceAll('$F', `read_parquet('${f}')`))).getRows();
    assert.deepEqual(await q('SELECT id, adc, det, time FROM $F'), [
      [5, 0, 0, -0],
      [2 ** 31, 65535, 255, 0],
      [2 ** 32 - 1, 1, 1, 1.5],
      [7, 2, 1, -2],
    ]);
    assert.deepEqual(await q('SELECT count(*)::INTEGER FROM $F WHERE id > 3000000000'), [[1]]);
    assert.deepEqual(await q('SELECT count(*)::INTEGER FROM $F WHERE id < 6'), [[1]]);
    assert.deepEqual(await q('SELECT count(*)::INTEGER FROM $F WHERE time < -1'), [[1]]);
  } finally {
    con.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
});
