/**
 * Thrift compact protocol, encoding only: what a Parquet footer and page headers
 * need (structs, i8/i16/i32/i64, bool, binary, lists of structs/i32/binary).
 * Field ids and types are the caller's (./metadata.ts follows parquet.thrift);
 * getting a field's declared type right matters, since strict readers (Arrow,
 * DuckDB) reject a mismatch. Platform-neutral.
 */

/** Compact-protocol type codes. */
export const T = {
  TRUE: 1,
  FALSE: 2,
  I8: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  BINARY: 8,
  LIST: 9,
  STRUCT: 12,
} as const;

const utf8 = new TextEncoder();

export class ThriftWriter {
  private buf = new Uint8Array(256);
  length = 0;
  private last = 0;
  private readonly stack: number[] = [];

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
  }

  private byte(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  private varint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** Zigzag varint of a signed integer with |v| < 2^52. */
  private zigzag(v: number): void {
    this.varint(v >= 0 ? 2 * v : -2 * v - 1);
  }

  private header(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last = id;
  }

  beginStruct(id: number): void {
    this.header(id, T.STRUCT);
    this.stack.push(this.last);
    this.last = 0;
  }

  /** Starts a struct that is a list element (no field header). */
  beginElement(): void {
    this.stack.push(this.last);
    this.last = 0;
  }

  endStruct(): void {
    this.byte(0);
    this.last = this.stack.pop() ?? 0;
  }

  bool(id: number, v: boolean): void {
    this.header(id, v ? T.TRUE : T.FALSE);
  }

  i8(id: number, v: number): void {
    this.header(id, T.I8);
    this.byte(v & 0xff);
  }

  i16(id: number, v: number): void {
    this.header(id, T.I16);
    this.zigzag(v);
  }

  i32(id: number, v: number): void {
    this.header(id, T.I32);
    this.zigzag(v);
  }

  i64(id: number, v: number): void {
    this.header(id, T.I64);
    this.zigzag(v);
  }

  binary(id: number, v: Uint8Array | string): void {
    const b = typeof v === 'string' ? utf8.encode(v) : v;
    this.header(id, T.BINARY);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** List header; then write `size` elements (`beginElement`…`endStruct`, `listI32`, `listBinary`). */
  beginList(id: number, elemType: number, size: number): void {
    this.header(id, T.LIST);
    if (size < 15) this.byte((size << 4) | elemType);
    else {
      this.byte(0xf0 | elemType);
      this.varint(size);
    }
  }

  listI32(id: number, values: readonly number[]): void {
    this.beginList(id, T.I32, values.length);
    for (const v of values) this.zigzag(v);
  }

  listBinary(id: number, values: readonly string[]): void {
    this.beginList(id, T.BINARY, values.length);
    for (const v of values) {
      const b = utf8.encode(v);
      this.varint(b.length);
      this.ensure(b.length);
      this.buf.set(b, this.length);
      this.length += b.length;
    }
  }

  /** Ends the top-level struct and returns its bytes (a copy). */
  finish(): Uint8Array {
    this.byte(0);
    return this.buf.slice(0, this.length);
  }
}
