/**
 * CSV rendering of table batches with the conventions of vmm-sdat's reference
 * output (shared/reference/README.md): header = branch names, integers decimal,
 * booleans 0/1, doubles round-trip exact (JavaScript's shortest round-trip form,
 * written digit by digit by ./shortest-double.ts for the common values),
 * vector cells `;`-joined, an empty vector is an empty cell. Platform-neutral.
 *
 * Rows are encoded straight into a byte buffer (ASCII) rather than concatenated
 * into large strings: that keeps the garbage collector out of the way on
 * million-row trees.
 */
import type { TableBatch, TableSchema } from '../table/types.js';
import { isJagged } from '../table/types.js';
import { writeShortestDouble } from './shortest-double.js';

/** Header line (without newline). */
export function csvHeader(schema: TableSchema): string {
  return schema.columns.map((c) => c.name).join(',');
}

/** A double as C's printf would spell the non-finite values, else shortest round-trip. */
export function formatDouble(x: number): string {
  if (Number.isFinite(x)) return String(x);
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

/** Longest cell of a scalar: a double's shortest form is at most 24 characters ("-1.2345678901234567e-308"). */
const CELL = 25;

/** Growable ASCII byte buffer. */
export class AsciiBuffer {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const b = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    b.set(this.bytes.subarray(0, this.length));
    this.bytes = b;
  }

  byte(c: number): void {
    this.ensure(1);
    this.bytes[this.length++] = c;
  }

  /** Writes a non-negative integer below 2^53. */
  uint(v: number): void {
    this.ensure(16);
    this.length = writeUint(this.bytes, this.length, v);
  }

  /** Writes an ASCII string. */
  ascii(s: string): void {
    this.ensure(s.length);
    this.length = writeAscii(this.bytes, this.length, s);
  }

  double(x: number): void {
    this.ensure(CELL);
    this.length = writeDouble(this.bytes, this.length, x);
  }

  /** The bytes so far (a view) and reset. */
  take(): Uint8Array {
    const out = this.bytes.subarray(0, this.length);
    this.bytes = new Uint8Array(this.bytes.length);
    this.length = 0;
    return out;
  }
}

// The writers below assume the room was made (`ensure`) and return the new length.

function writeUint(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = 48 + v;
    return p + 1;
  }
  if (v < 4294967296) {
    let n = 1;
    for (let t = v; t >= 10; t = (t / 10) >>> 0) n++;
    let q = p + n;
    for (let t = v; q > p; t = (t / 10) >>> 0) b[--q] = 48 + (t % 10);
    return p + n;
  }
  let n = 0;
  for (let t = v; t > 0; t = Math.floor(t / 10)) n++;
  let q = p + n;
  for (let t = v; t > 0; t = Math.floor(t / 10)) b[--q] = 48 + (t % 10);
  return p + n;
}

function writeAscii(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

function writeDouble(b: Uint8Array, p: number, x: number): number {
  if (x >= 0 && x < 9007199254740992 && Math.floor(x) === x) return writeUint(b, p, x);
  const q = writeShortestDouble(b, p, x);
  return q >= 0 ? q : writeAscii(b, p, formatDouble(x));
}

const INT = 0;
const F64 = 1;
const VEC = 2;

/** Appends all rows of a batch, each followed by a newline, to `out`. */
export function encodeCsvRows(batch: TableBatch, out: AsciiBuffer): void {
  const { length, columns } = batch;
  const nc = columns.length;
  const kinds = batch.schema.columns.map((c) => (c.type === 'vec_f64' ? VEC : c.type === 'f64' ? F64 : INT));
  const scalars = columns.map((c) => (isJagged(c) ? null : c));
  const jagged = columns.map((c) => (isJagged(c) ? c : null));
  for (let r = 0; r < length; r++) {
    // room for the row: every scalar cell and separator, plus the vector values
    let room = nc * (CELL + 1) + 1;
    for (let c = 0; c < nc; c++) {
      const j = jagged[c];
      if (j) room += (j.offsets[r + 1]! - j.offsets[r]!) * (CELL + 1);
    }
    out.ensure(room);
    const b = out.bytes;
    let p = out.length;
    for (let c = 0; c < nc; c++) {
      if (c > 0) b[p++] = 44;
      const k = kinds[c];
      if (k === INT) p = writeUint(b, p, scalars[c]![r]!);
      else if (k === F64) p = writeDouble(b, p, scalars[c]![r]!);
      else {
        const col = jagged[c]!;
        const a = col.offsets[r]!;
        const e = col.offsets[r + 1]!;
        for (let i = a; i < e; i++) {
          if (i > a) b[p++] = 59;
          p = writeDouble(b, p, col.values[i]!);
        }
      }
    }
    b[p++] = 10;
    out.length = p;
  }
}

/** All rows of a batch as a string, each followed by a newline. */
export function csvRows(batch: TableBatch): string {
  const b = new AsciiBuffer();
  encodeCsvRows(batch, b);
  return new TextDecoder('latin1').decode(b.bytes.subarray(0, b.length));
}
