/**
 * Parquet schemas of our tables and the conversion of batch rows into
 * hyparquet-writer column sources (docs/parquet.md).
 *
 * Types: u8/u16/u32 → INT32 with the unsigned INTEGER logical type (and the
 * legacy UINT_8/16/32 converted type), f64 → DOUBLE, bool → BOOLEAN, vec_f64 →
 * the standard 3-level LIST of required DOUBLE. Every column is REQUIRED: our
 * tables have no nulls. Doubles (scalar and list elements) use the
 * BYTE_STREAM_SPLIT encoding, integers dictionary/plain as hyparquet-writer
 * decides; list columns carry no statistics. Platform-neutral.
 */
import type { ParquetWriter } from 'hyparquet-writer';
import type { ColumnType, JaggedF64, TableBatch, TableSchema } from '../../table/types.js';

export type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];
export type ColumnSource = Parameters<ParquetWriter['write']>[0]['columnData'][number];

function unsigned(bitWidth: 8 | 16 | 32): Partial<SchemaElement> {
  return {
    type: 'INT32',
    converted_type: `UINT_${bitWidth}`,
    logical_type: { type: 'INTEGER', bitWidth, isSigned: false },
  };
}

const SCALAR: Record<Exclude<ColumnType, 'vec_f64'>, Partial<SchemaElement>> = {
  u8: unsigned(8),
  u16: unsigned(16),
  u32: unsigned(32),
  f64: { type: 'DOUBLE' },
  bool: { type: 'BOOLEAN' },
};

/** The flat Parquet schema (root + one element per scalar, three per list) of a table. */
export function parquetSchema(schema: TableSchema): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: schema.columns.length }];
  for (const c of schema.columns) {
    if (c.type === 'vec_f64') {
      out.push(
        { name: c.name, repetition_type: 'REQUIRED', converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', type: 'DOUBLE' },
      );
    } else {
      out.push({ name: c.name, repetition_type: 'REQUIRED', ...SCALAR[c.type] } as SchemaElement);
    }
  }
  return out;
}

/**
 * Column sources for rows `[from, to)` of the concatenation of `parts` (all of
 * one schema). Scalars become one typed array each (copied); booleans and
 * vectors become the JS arrays hyparquet-writer requires (booleans as
 * `boolean`, each vector row as a `number[]`), so the cost is bounded by the
 * row group.
 */
export function columnSources(schema: TableSchema, parts: readonly TableBatch[]): ColumnSource[] {
  const rows = parts.reduce((s, b) => s + b.length, 0);
  return schema.columns.map((c, ci) => {
    let data: ColumnSource['data'];
    if (c.type === 'vec_f64') {
      const arr: number[][] = new Array(rows);
      let r = 0;
      for (const b of parts) {
        const { offsets, values } = b.columns[ci] as JaggedF64;
        for (let i = 0; i < b.length; i++) {
          const a = offsets[i]!;
          const n = offsets[i + 1]! - a;
          const row: number[] = new Array(n); // a loop, not Array.from(subarray): ~5× faster
          for (let k = 0; k < n; k++) row[k] = values[a + k]!;
          arr[r++] = row;
        }
      }
      data = arr;
    } else if (c.type === 'bool') {
      const arr: boolean[] = new Array(rows);
      let r = 0;
      for (const b of parts) {
        const col = b.columns[ci] as Uint8Array;
        for (let i = 0; i < b.length; i++) arr[r++] = col[i] !== 0;
      }
      data = arr;
    } else if (c.type === 'u32') {
      // hyparquet-writer 0.17.0 passes a Uint32Array unchanged to its INT32 encoder, which
      // rejects values ≥ 2^31; only a number[] gets the unsigned → signed reinterpretation
      const arr: number[] = new Array(rows);
      let r = 0;
      for (const b of parts) {
        const col = b.columns[ci] as Uint32Array;
        for (let i = 0; i < b.length; i++) arr[r++] = col[i]!;
      }
      data = arr;
    } else {
      // DecodedArray has no Uint16Array: u16 widens to Uint32Array (values < 2^16 encode fine)
      const arr = c.type === 'f64' ? new Float64Array(rows) : c.type === 'u8' ? new Uint8Array(rows) : new Uint32Array(rows);
      let r = 0;
      for (const b of parts) {
        arr.set((b.columns[ci] as Float64Array).subarray(0, b.length), r);
        r += b.length;
      }
      data = arr;
    }
    // doubles: BYTE_STREAM_SPLIT (smaller with SNAPPY and faster than trying a dictionary);
    // list columns: no statistics (min/max over all elements cost time and help no filter)
    if (c.type === 'f64') return { name: c.name, data, encoding: 'BYTE_STREAM_SPLIT' };
    if (c.type === 'vec_f64') return { name: c.name, data, encoding: 'BYTE_STREAM_SPLIT', statistics: false };
    return { name: c.name, data };
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
