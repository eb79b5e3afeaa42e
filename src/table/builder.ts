/**
 * Growable columnar builder (after Arrow JS `builder.ts`): rows are appended by
 * writing into typed arrays that double in capacity; `flush()` hands out a batch
 * of exactly the rows so far as views of its arrays, valid until the next `addRow`.
 *
 * Hot paths call `addRow()` and then write column arrays directly through
 * `u8/u16/u32/f64(col)`; those accessors must be re-read after `addRow()`
 * because growing replaces the arrays.
 */
import type { ColumnData, JaggedF64, ScalarArray, TableBatch, TableSchema } from './types.js';

const MIN_CAPACITY = 1024;

interface VecCol {
  offsets: Uint32Array;
  values: Float64Array;
  used: number;
}

export class TableBuilder {
  readonly schema: TableSchema;
  length = 0;
  private capacity: number;
  private readonly withVectors: boolean;
  /** Rows of the last flushed batch, still to be zeroed before reuse. */
  private dirtyRows = 0;
  private readonly scalars: (ScalarArray | null)[];
  private readonly vecs: (VecCol | null)[];
  /** The vector columns only (so adding a row does not scan every column). */
  private readonly vecList: VecCol[];

  /**
   * @param options.vectors false: vector columns stay empty (`setVec` does nothing), for
   *   consumers that never read them (the monitor) — saves copying every cluster's strips.
   */
  constructor(schema: TableSchema, capacity = MIN_CAPACITY, options: { vectors?: boolean } = {}) {
    this.schema = schema;
    this.withVectors = options.vectors ?? true;
    this.capacity = Math.max(16, capacity);
    this.scalars = schema.columns.map((c) => (c.type === 'vec_f64' ? null : allocScalar(c.type, this.capacity)));
    this.vecs = schema.columns.map((c) =>
      c.type === 'vec_f64' ? { offsets: new Uint32Array(this.capacity + 1), values: new Float64Array(this.capacity * 4), used: 0 } : null,
    );
    this.vecList = this.vecs.filter((v): v is VecCol => v !== null);
  }

  /** Reserves a new row (all scalar fields zero, vectors empty) and returns its index. */
  addRow(): number {
    if (this.dirtyRows > 0) this.clearDirty();
    if (this.length === this.capacity) this.grow();
    const row = this.length++;
    const vl = this.vecList;
    for (let i = 0; i < vl.length; i++) vl[i]!.offsets[row + 1] = vl[i]!.used;
    return row;
  }

  /**
   * Makes room for `n` more rows without growing in between, so a caller may hoist the
   * column arrays (`u8/u16/…`) before writing `n` rows with `addRow`.
   */
  reserve(n: number): void {
    if (this.dirtyRows > 0) this.clearDirty();
    while (this.length + n > this.capacity) this.grow();
  }

  u8(col: number): Uint8Array {
    return this.scalars[col] as Uint8Array;
  }
  u16(col: number): Uint16Array {
    return this.scalars[col] as Uint16Array;
  }
  u32(col: number): Uint32Array {
    return this.scalars[col] as Uint32Array;
  }
  f64(col: number): Float64Array {
    return this.scalars[col] as Float64Array;
  }

  /** Sets the vector of the *last* row of column `col` to `src[from .. to)`. */
  setVec(col: number, src: ArrayLike<number>, from: number, to: number): void {
    if (!this.withVectors) return;
    const v = this.vecs[col]!;
    const row = this.length - 1;
    const start = v.offsets[row]!;
    const n = to - from;
    if (start + n > v.values.length) {
      const nv = new Float64Array(Math.max(v.values.length * 2, start + n));
      nv.set(v.values.subarray(0, start));
      v.values = nv;
    }
    for (let i = 0; i < n; i++) v.values[start + i] = src[from + i]!;
    v.used = start + n;
    v.offsets[row + 1] = v.used;
  }

  /**
   * Returns the rows so far as a batch and empties the builder. Zero-copy and
   * allocation-free: the batch's columns are views of the builder's arrays, valid
   * until the next `addRow` (which reuses the arrays); a consumer that keeps rows
   * longer copies them (`copyBatch`).
   */
  flush(): TableBatch {
    const n = this.length;
    const columns: ColumnData[] = this.schema.columns.map((_, i) => {
      const s = this.scalars[i];
      if (s) return s.subarray(0, n);
      const v = this.vecs[i]!;
      const jag: JaggedF64 = { offsets: v.offsets.subarray(0, n + 1), values: v.values.subarray(0, v.offsets[n]) };
      return jag;
    });
    this.length = 0;
    this.dirtyRows = n;
    return { schema: this.schema, length: n, columns };
  }

  /**
   * Like `flush`, but the batch keeps the builder's arrays for good (e.g. to transfer
   * them to another thread) and the builder continues with zeroed arrays: `recycled`
   * buffers of an earlier batch of this builder (scalar columns, in column order, each
   * of this builder's capacity), or fresh ones.
   */
  detach(recycled?: readonly ArrayBuffer[] | null): TableBatch {
    if (this.dirtyRows > 0) this.clearDirty();
    const n = this.length;
    let k = 0;
    const columns: ColumnData[] = this.schema.columns.map((c, i) => {
      const s = this.scalars[i];
      if (s) {
        const buf = recycled?.[k++];
        const next = buf && buf.byteLength === s.buffer.byteLength ? reuseScalar(c.type, buf) : null;
        this.scalars[i] = next ?? allocScalar(c.type, this.capacity);
        return s.subarray(0, n);
      }
      const v = this.vecs[i]!;
      const jag: JaggedF64 = { offsets: v.offsets.subarray(0, n + 1), values: v.values.subarray(0, v.offsets[n]) };
      v.offsets = new Uint32Array(this.capacity + 1);
      v.values = new Float64Array(v.values.length);
      v.used = 0;
      return jag;
    });
    this.length = 0;
    return { schema: this.schema, length: n, columns };
  }

  /** Zeroes the rows of the last flushed batch before the arrays are written again. */
  private clearDirty(): void {
    const n = this.dirtyRows;
    this.dirtyRows = 0;
    for (const s of this.scalars) if (s) s.fill(0, 0, n);
    for (const v of this.vecList) {
      v.used = 0;
      v.offsets[0] = 0;
    }
  }

  private grow(): void {
    const cap = this.capacity * 2;
    for (let i = 0; i < this.scalars.length; i++) {
      const s = this.scalars[i];
      if (s) {
        const ns = allocScalar(this.schema.columns[i]!.type, cap);
        ns.set(s as never);
        this.scalars[i] = ns;
      }
      const v = this.vecs[i];
      if (v) {
        const no = new Uint32Array(cap + 1);
        no.set(v.offsets);
        v.offsets = no;
      }
    }
    this.capacity = cap;
  }
}

/** A zeroed typed array of `type` over a recycled buffer. */
function reuseScalar(type: string, buf: ArrayBuffer): ScalarArray {
  const a = type === 'u16' ? new Uint16Array(buf) : type === 'u32' ? new Uint32Array(buf) : type === 'f64' ? new Float64Array(buf) : new Uint8Array(buf);
  a.fill(0);
  return a;
}

function allocScalar(type: string, n: number): ScalarArray {
  switch (type) {
    case 'u8':
    case 'bool':
      return new Uint8Array(n);
    case 'u16':
      return new Uint16Array(n);
    case 'u32':
      return new Uint32Array(n);
    case 'f64':
      return new Float64Array(n);
    default:
      throw new Error(`table: unknown scalar type ${type}`);
  }
}
