/**
 * Columnar tables: the one data contract between the analysis and every writer
 * (CSV, ROOT, Parquet) and the monitor.
 *
 * A batch is a struct of typed arrays plus `length`, never an array of row objects.
 * Scalar columns are typed arrays of exactly `length` elements. A `vec_f64` column
 * (vmm-sdat's `std::vector<double>` members) is jagged: `offsets` has `length + 1`
 * entries and row i holds `values[offsets[i] .. offsets[i+1])`.
 */

/** Scalar column types, named after the ROOT leaf types they map to. */
export type ScalarType = 'u8' | 'u16' | 'u32' | 'f64' | 'bool';
/** All column types: scalars plus `vector<double>`. */
export type ColumnType = ScalarType | 'vec_f64';

export interface ColumnSpec {
  /** Branch / column name, exactly as vmm-sdat's ROOT member (snake_case). */
  readonly name: string;
  readonly type: ColumnType;
  /** Physical unit, for documentation and plots (`ns`, `strip`, `ADC`). */
  readonly unit?: string;
}

export interface TableSchema {
  /** Tree name (`hits`, `clusters_plane`, `clusters_detector`). */
  readonly name: string;
  /** Tree title as vmm-sdat writes it. */
  readonly title: string;
  /** C++ record class of the ROOT split branch (`Hit`, `ClusterPlane`, `ClusterDetector`). */
  readonly className: string;
  /** Bump when a column is added, removed or changes type or meaning. */
  readonly formatVersion: number;
  readonly columns: readonly ColumnSpec[];
}

export interface JaggedF64 {
  /** `length + 1` entries; row i is `values[offsets[i] .. offsets[i + 1])`. */
  readonly offsets: Uint32Array;
  readonly values: Float64Array;
}

export type ScalarArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;
export type ColumnData = ScalarArray | JaggedF64;

export interface TableBatch {
  readonly schema: TableSchema;
  readonly length: number;
  /** One entry per schema column, in schema order. */
  readonly columns: readonly ColumnData[];
}

export function isJagged(c: ColumnData): c is JaggedF64 {
  return (c as JaggedF64).offsets !== undefined;
}

/** Index of a column by name; throws if the schema has no such column. */
export function columnIndex(schema: TableSchema, name: string): number {
  const i = schema.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`table ${schema.name}: no column '${name}'`);
  return i;
}

/** A column of a batch by name (for tests and plots; hot paths index by position). */
export function column(batch: TableBatch, name: string): ColumnData {
  return batch.columns[columnIndex(batch.schema, name)]!;
}
