/**
 * CSV rendering of table batches with the conventions of vmm-sdat's reference
 * output (shared/reference/README.md): header = branch names, integers decimal,
 * booleans 0/1, doubles round-trip exact (JavaScript's shortest round-trip form),
 * vector cells `;`-joined, an empty vector is an empty cell. Platform-neutral.
 *
 * Rows are encoded straight into a byte buffer (ASCII) rather than concatenated
 * into large strings: that keeps the garbage collector out of the way on
 * million-row trees.
 */
import type { TableBatch, TableSchema } from '../table/types.js';
import { isJagged } from '../table/types.js';

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

/** Growable ASCII byte buffer. */
export class AsciiBuffer {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  private ensure(n: number): void {
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
    if (v < 10) {
      this.bytes[this.length++] = 48 + v;
      return;
    }
    let n = 0;
    for (let t = v; t > 0; t = Math.floor(t / 10)) n++;
    let p = this.length + n;
    this.length = p;
    for (let t = v; t > 0; t = Math.floor(t / 10)) this.bytes[--p] = 48 + (t % 10);
  }

  /** Writes an ASCII string. */
  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.bytes[this.length++] = s.charCodeAt(i);
  }

  double(x: number): void {
    if (Number.isInteger(x) && x >= 0 && x < 2 ** 53) this.uint(x);
    else this.ascii(formatDouble(x));
  }

  /** The bytes so far (a view) and reset. */
  take(): Uint8Array {
    const out = this.bytes.subarray(0, this.length);
    this.bytes = new Uint8Array(this.bytes.length);
    this.length = 0;
    return out;
  }
}

/** Appends all rows of a batch, each followed by a newline, to `out`. */
export function encodeCsvRows(batch: TableBatch, out: AsciiBuffer): void {
  const { schema, length, columns } = batch;
  const f64 = schema.columns.map((c) => c.type === 'f64');
  const nc = columns.length;
  for (let r = 0; r < length; r++) {
    for (let c = 0; c < nc; c++) {
      if (c > 0) out.byte(44);
      const col = columns[c]!;
      if (isJagged(col)) {
        const a = col.offsets[r]!;
        const b = col.offsets[r + 1]!;
        for (let i = a; i < b; i++) {
          if (i > a) out.byte(59);
          out.double(col.values[i]!);
        }
      } else if (f64[c]) out.double(col[r]!);
      else out.uint(col[r]!);
    }
    out.byte(10);
  }
}

/** All rows of a batch as a string, each followed by a newline. */
export function csvRows(batch: TableBatch): string {
  const b = new AsciiBuffer();
  encodeCsvRows(batch, b);
  return new TextDecoder('latin1').decode(b.bytes.subarray(0, b.length));
}
