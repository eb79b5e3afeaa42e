/**
 * Our tables as Parquet columns (docs/parquet.md) and the copy of batch rows into
 * a `ParquetTableWriter`'s column buffers.
 *
 * Types: u8/u16/u32 → INT32 with the unsigned INTEGER logical type (and the
 * legacy UINT_8/16/32 converted type), f64 → DOUBLE, bool → BOOLEAN, vec_f64 →
 * the standard 3-level LIST of required DOUBLE. Every column is REQUIRED: our
 * tables have no nulls. Platform-neutral.
 */
import type { JaggedF64, ScalarArray, TableBatch, TableSchema } from '../../table/types.js';
import type { ParquetColumn, ParquetTableWriter } from './table-writer.js';

/** The Parquet columns of a table, in schema order. */
export function parquetColumns(schema: TableSchema): ParquetColumn[] {
  return schema.columns.map((c) => ({ name: c.name, kind: c.type }));
}

/** Appends rows `[from, to)` of a batch to the writer's column buffers. */
export function appendBatch(w: ParquetTableWriter, batch: TableBatch, from = 0, to = batch.length): void {
  batch.schema.columns.forEach((c, i) => {
    const col = batch.columns[i]!;
    if (c.type === 'vec_f64') {
      const j = col as JaggedF64;
      w.columns[i]!.appendLists(j.offsets, j.values, from, to);
    } else w.columns[i]!.appendScalars(col as ScalarArray, from, to);
  });
}

/** Raw bytes of a batch's data (scalar sizes + 8 per vector value), for row-group sizing. */
export function batchBytes(batch: TableBatch): number {
  let n = 0;
  batch.schema.columns.forEach((c, i) => {
    if (c.type === 'vec_f64') {
      const j = batch.columns[i] as JaggedF64;
      n += 8 * (j.offsets[batch.length]! - j.offsets[0]!) + 4 * batch.length;
    } else n += batch.length * (c.type === 'u8' || c.type === 'bool' ? 1 : c.type === 'u16' ? 2 : c.type === 'u32' ? 4 : 8);
  });
  return n;
}
