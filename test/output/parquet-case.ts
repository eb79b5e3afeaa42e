/**
 * Helpers of the Parquet tests: read a file back with hyparquet (an independent
 * reader) and run one shared reference case through `ParquetSink`, comparing
 * every tree with vmm-sdat's CSV cell for cell.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { ParquetSink } from '../../src/output/parquet/sink.js';
import { batchBytes } from '../../src/output/parquet/schema.js';
import { TREES } from '../../src/table/trees.js';
import { isJagged, type TableBatch } from '../../src/table/types.js';
import { loadReferenceBatch } from '../helpers/reference.js';
import { split } from './root-case.js';

/** Metadata and all rows (as objects) of a Parquet file, read with hyparquet. */
export async function readParquet(path: string) {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  return { metadata, rows };
}

/** First cell where hyparquet's rows differ from a batch (doubles bit-exact), or null. */
export function firstDifference(rows: Record<string, unknown>[], b: TableBatch): string | null {
  if (rows.length !== b.length) return `${b.schema.name}: ${rows.length} rows ≠ ${b.length}`;
  for (let c = 0; c < b.schema.columns.length; c++) {
    const spec = b.schema.columns[c]!;
    const col = b.columns[c]!;
    for (let r = 0; r < b.length; r++) {
      const got = rows[r]![spec.name];
      if (isJagged(col)) {
        const want = Array.from(col.values.subarray(col.offsets[r]!, col.offsets[r + 1]!));
        const g = got as number[];
        if (!Array.isArray(g) || g.length !== want.length || g.some((x, i) => !Object.is(x, want[i])))
          return `${b.schema.name}.${spec.name}[${r}]: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`;
      } else {
        const want = spec.type === 'bool' ? col[r] !== 0 : col[r]!;
        if (!Object.is(got, want)) return `${b.schema.name}.${spec.name}[${r}]: ${String(got)} ≠ ${String(want)}`;
      }
    }
  }
  return null;
}

/** Writes reference case `name` as Parquet (1 MiB row groups, batches of 1/7 of each tree) and checks it. */
export async function parquetCase(name: string): Promise<void> {
  const batches = TREES.map((s) => loadReferenceBatch(name, s)).filter((b): b is TableBatch => b !== null);
  const dir = mkdtempSync(join(tmpdir(), `vmmscope-pq-${name}-`));
  try {
    const sink = new ParquetSink(dir, { rowGroupBytes: 1 << 20 });
    sink.open({ trees: batches.map((b) => b.schema), input: name });
    for (const b of batches) for (const part of split(b, 7)) sink.write(b.schema, part);
    sink.metadata([
      ['charge_ratio_lower', '0.2, '],
      ['charge_ratio_lower', '0.2, 0.2, '],
    ]);
    sink.close({ histograms: [] });
    assert.deepEqual(readdirSync(dir).sort(), batches.map((b) => `${b.schema.name}.parquet`).sort());
    for (const b of batches) {
      const { metadata, rows } = await readParquet(join(dir, `${b.schema.name}.parquet`));
      assert.equal(Number(metadata.num_rows), b.length);
      if (batchBytes(b) > 2 << 20) assert.ok(metadata.row_groups.length > 1, `${b.schema.name}: several row groups`);
      assert.equal(firstDifference(rows, b), null);
      const kv = metadata.key_value_metadata ?? [];
      assert.deepEqual(
        kv.filter((e) => e.key === 'charge_ratio_lower').map((e) => e.value),
        ['0.2, ', '0.2, 0.2, '],
      );
      assert.equal(kv.find((e) => e.key === 'vmmscope.tree')?.value, b.schema.name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
