/**
 * One column of the row group being built, and its encoding as the raw (not yet
 * compressed) bytes of a DATA_PAGE v1 (docs/parquet.md):
 *
 * - integers (u8/u16/u32 with the unsigned INTEGER logical type, i32): INT32 PLAIN;
 * - doubles: DOUBLE in BYTE_STREAM_SPLIT (the 8 byte planes one after another:
 *   much better compressible than PLAIN) or PLAIN;
 * - booleans: BOOLEAN PLAIN (bit-packed, LSB first);
 * - strings: BYTE_ARRAY PLAIN (4-byte length + UTF-8);
 * - list<double> (REQUIRED list, REPEATED `list`, REQUIRED `element`): repetition
 *   and definition levels (max 1 each) as one bit-packed RLE-hybrid run each, then
 *   the element values as for doubles. An empty list is one level entry (def 0).
 *
 * Values are appended into growable typed arrays that are reused from one row
 * group to the next, so steady-state writing allocates nothing per row.
 * Little-endian hosts only (every JavaScript engine in use). Platform-neutral.
 */
import { Encoding, PhysicalType, type Statistics } from './metadata.js';

export type LeafKind = 'u8' | 'u16' | 'u32' | 'i32' | 'f64' | 'bool' | 'string' | 'vec_f64';

if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('parquet writer: big-endian hosts are not supported');

const utf8 = new TextEncoder();

function grow<A extends Float64Array | Int32Array | Uint8Array | Uint32Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Bytes of `x` as a fresh array. */
function f64Bytes(x: number): Uint8Array {
  return new Uint8Array(Float64Array.of(x).buffer);
}
function i32Bytes(x: number): Uint8Array {
  return new Uint8Array(Int32Array.of(x).buffer);
}

function minMaxF64(v: Float64Array, n: number): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (x !== x) return undefined; // NaN anywhere: no statistics
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}
/** min/max of int32 values, compared signed (`flip` 0) or unsigned (`flip` 0x80000000: the sign bit flipped). */
function minMaxI32(v: Int32Array, n: number, flip: number): [number, number] {
  let lo = v[0]! ^ flip;
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const x = v[i]! ^ flip;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo ^ flip, hi ^ flip];
}

export class ColumnBuffer {
  /** Values (ints, doubles, list elements, booleans 0/1). */
  private i32 = new Int32Array(1024);
  private f64 = new Float64Array(1024);
  private u8 = new Uint8Array(1024);
  private strings: Uint8Array[] = [];
  /** list lengths per row (vec_f64). */
  private lens = new Uint32Array(1024);
  /** Index width (8 or 16) of the identity dictionary of this row group, or 0 (PLAIN); set by `prepare()`. */
  dictWidth = 0;
  /** Entries of the identity dictionary (max value + 1). */
  dictSize = 0;
  private stats: Statistics | undefined;
  /** Values (or list elements) held. */
  count = 0;
  /** Rows held (= count except for lists). */
  rows = 0;

  constructor(
    readonly kind: LeafKind,
    readonly byteStreamSplit = true,
  ) {}

  get physical(): number {
    const k = this.kind;
    return k === 'f64' || k === 'vec_f64' ? PhysicalType.DOUBLE : k === 'bool' ? PhysicalType.BOOLEAN : k === 'string' ? PhysicalType.BYTE_ARRAY : PhysicalType.INT32;
  }

  get encoding(): number {
    if (this.dictWidth) return Encoding.RLE_DICTIONARY;
    return (this.kind === 'f64' || this.kind === 'vec_f64') && this.byteStreamSplit ? Encoding.BYTE_STREAM_SPLIT : Encoding.PLAIN;
  }

  /** Level entries of the page (rows, or list entries with one per empty list). */
  get levelCount(): number {
    if (this.kind !== 'vec_f64') return this.rows;
    let n = 0;
    for (let r = 0; r < this.rows; r++) n += this.lens[r] || 1;
    return n;
  }

  /** Appends `src[from, to)` of an integer, double or boolean (0/1) column. */
  appendScalars(src: Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array, from: number, to: number): void {
    const n = to - from;
    const k = this.kind;
    const view = src.subarray(from, to);
    if (k === 'f64') {
      this.f64 = grow(this.f64, this.count + n);
      this.f64.set(view, this.count);
    } else if (k === 'bool') {
      this.u8 = grow(this.u8, this.count + n);
      this.u8.set(view, this.count);
    } else if (k === 'u32') {
      this.i32 = grow(this.i32, this.count + n);
      new Uint32Array(this.i32.buffer, 0, this.i32.length).set(view, this.count);
    } else {
      this.i32 = grow(this.i32, this.count + n);
      this.i32.set(view, this.count);
    }
    this.count += n;
    this.rows += n;
  }

  /** Appends rows `[from, to)` of a jagged double column. */
  appendLists(offsets: Uint32Array, values: Float64Array, from: number, to: number): void {
    const a = offsets[from]!;
    const b = offsets[to]!;
    this.f64 = grow(this.f64, this.count + b - a);
    this.f64.set(values.subarray(a, b), this.count);
    this.count += b - a;
    this.lens = grow(this.lens, this.rows + to - from);
    for (let r = from; r < to; r++) this.lens[this.rows++] = offsets[r + 1]! - offsets[r]!;
  }

  /** Appends one row of a list column from a plain array. */
  appendList(list: ArrayLike<number>): void {
    this.appendLists(Uint32Array.of(0, list.length), Float64Array.from(list), 0, 1);
  }

  appendString(s: string): void {
    this.strings.push(utf8.encode(s));
    this.count++;
    this.rows++;
  }

  /**
   * Computes the statistics and chooses the encoding of the row group; call once
   * before `pageBytes`/`encodePage`. Small unsigned integers (u8, and u16 whose
   * maximum is small against the row count) get an identity dictionary (entry v
   * is v, so the indices are the values themselves): 1 or 2 bytes per value
   * instead of 4 for PLAIN INT32, at no cost to build.
   */
  prepare(): void {
    this.stats = this.computeStatistics();
    this.dictWidth = 0;
    if ((this.kind !== 'u8' && this.kind !== 'u16') || !this.stats) return;
    const max = new DataView(this.stats.max.buffer).getInt32(0, true);
    if (max < 256) this.dictWidth = 8;
    else if (max + 1 <= this.rows / 2) this.dictWidth = 16;
    this.dictSize = max + 1;
  }

  /** min/max of the row group (after `prepare()`). */
  statistics(): Statistics | undefined {
    return this.stats;
  }

  /** Bytes of the dictionary page (PLAIN INT32 0 … dictSize − 1). */
  dictionaryPageBytes(): number {
    return 4 * this.dictSize;
  }

  encodeDictionaryPage(out: Uint8Array): number {
    const d = new Int32Array(this.dictSize);
    for (let i = 0; i < d.length; i++) d[i] = i;
    out.set(new Uint8Array(d.buffer));
    return 4 * d.length;
  }

  /** min/max of the values, or undefined (lists, strings, doubles with NaN, empty). */
  private computeStatistics(): Statistics | undefined {
    const n = this.count;
    const k = this.kind;
    if (n === 0 || k === 'vec_f64' || k === 'string') return undefined;
    if (k === 'f64') {
      const r = minMaxF64(this.f64, n);
      // the format's rule for signed zeros: a zero min is written -0, a zero max +0
      return r && { min: f64Bytes(r[0] === 0 ? -0 : r[0]), max: f64Bytes(r[1] === 0 ? 0 : r[1]) };
    }
    if (k === 'bool') {
      let lo = 1;
      let hi = 0;
      for (let i = 0; i < n; i++) {
        const b = this.u8[i] ? 1 : 0;
        lo &= b;
        hi |= b;
      }
      return { min: Uint8Array.of(lo), max: Uint8Array.of(hi) };
    }
    // u8/u16 are non-negative, u32 compares unsigned (its TYPE_ORDER), i32 signed
    const [lo, hi] = minMaxI32(this.i32, n, k === 'u32' ? 0x80000000 : 0);
    return { min: i32Bytes(lo), max: i32Bytes(hi) };
  }

  /** Size in bytes of the raw page. */
  pageBytes(): number {
    const n = this.count;
    if (this.dictWidth) return 6 + ((n + 7) >>> 3) * this.dictWidth;
    switch (this.kind) {
      case 'f64':
        return 8 * n;
      case 'bool':
        return (n + 7) >>> 3;
      case 'string':
        return this.strings.reduce((s, b) => s + 4 + b.length, 0);
      case 'vec_f64':
        return 2 * (4 + 5 + ((this.levelCount + 7) >>> 3)) + 8 * n;
      default:
        return 4 * n;
    }
  }

  /** Encodes the raw page into `out` (at least `pageBytes()` long); returns the bytes used. */
  encodePage(out: Uint8Array): number {
    const n = this.count;
    if (this.dictWidth) return this.indices(out);
    switch (this.kind) {
      case 'f64':
        return this.doubles(out, 0);
      case 'bool': {
        const v = this.u8;
        const bytes = (n + 7) >>> 3;
        out.fill(0, 0, bytes);
        for (let i = 0; i < n; i++) if (v[i]) out[i >>> 3]! |= 1 << (i & 7);
        return bytes;
      }
      case 'string': {
        let p = 0;
        for (const b of this.strings) {
          out[p] = b.length & 0xff;
          out[p + 1] = (b.length >>> 8) & 0xff;
          out[p + 2] = (b.length >>> 16) & 0xff;
          out[p + 3] = b.length >>> 24;
          out.set(b, p + 4);
          p += 4 + b.length;
        }
        return p;
      }
      case 'vec_f64': {
        let p = this.levels(out, 0, true);
        p = this.levels(out, p, false);
        return this.doubles(out, p);
      }
      default:
        out.set(new Uint8Array(this.i32.buffer, 0, 4 * n));
        return 4 * n;
    }
  }

  /** Empties the buffer for the next row group (keeps the capacity). */
  reset(): void {
    this.count = 0;
    this.rows = 0;
    this.strings = [];
  }

  /** Dictionary indices (= values): bit width, then one bit-packed run (width 8: bytes, 16: LE pairs). */
  private indices(out: Uint8Array): number {
    const n = this.count;
    const groups = (n + 7) >>> 3;
    out[0] = this.dictWidth;
    let q = 1;
    let h = (groups << 1) | 1;
    while (h >= 0x80) {
      out[q++] = (h & 0x7f) | 0x80;
      h >>>= 7;
    }
    out[q++] = h;
    const v = this.i32;
    const end = q + groups * this.dictWidth;
    if (this.dictWidth === 8) for (let i = 0; i < n; i++) out[q + i] = v[i]!;
    else
      for (let i = 0; i < n; i++) {
        out[q + 2 * i] = v[i]!;
        out[q + 2 * i + 1] = v[i]! >>> 8;
      }
    out.fill(0, q + (n * this.dictWidth) / 8, end);
    return end;
  }

  private doubles(out: Uint8Array, p: number): number {
    const n = this.count;
    if (!this.byteStreamSplit) {
      out.set(new Uint8Array(this.f64.buffer, 0, 8 * n), p);
      return p + 8 * n;
    }
    // two 32-bit reads per value, one byte to each of the 8 planes
    const w = new Uint32Array(this.f64.buffer, 0, 2 * n);
    for (let i = 0, q = p; i < n; i++, q++) {
      const lo = w[2 * i]!;
      const hi = w[2 * i + 1]!;
      out[q] = lo;
      out[q + n] = lo >>> 8;
      out[q + 2 * n] = lo >>> 16;
      out[q + 3 * n] = lo >>> 24;
      out[q + 4 * n] = hi;
      out[q + 5 * n] = hi >>> 8;
      out[q + 6 * n] = hi >>> 16;
      out[q + 7 * n] = hi >>> 24;
    }
    return p + 8 * n;
  }

  /**
   * Repetition (`rep`) or definition levels as a 4-byte length and one bit-packed
   * run of bit width 1: rep 0 starts a row, 1 continues it; def 1 is an element, 0 an empty list.
   */
  private levels(out: Uint8Array, p: number, rep: boolean): number {
    const count = this.levelCount;
    const groups = (count + 7) >>> 3;
    const start = p + 4;
    let q = start;
    let h = (groups << 1) | 1;
    while (h >= 0x80) {
      out[q++] = (h & 0x7f) | 0x80;
      h >>>= 7;
    }
    out[q++] = h;
    out.fill(0, q, q + groups);
    let bit = 0;
    for (let r = 0; r < this.rows; r++) {
      const len = this.lens[r]!;
      if (rep) bit += 1;
      else if (len === 0) bit += 1;
      for (let i = rep ? 1 : 0; i < len; i++) {
        out[q + (bit >>> 3)]! |= 1 << (bit & 7);
        bit++;
      }
    }
    const size = q + groups - start;
    out[p] = size & 0xff;
    out[p + 1] = (size >>> 8) & 0xff;
    out[p + 2] = (size >>> 16) & 0xff;
    out[p + 3] = size >>> 24;
    return q + groups;
  }
}
