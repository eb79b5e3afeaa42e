/**
 * The byte-level cursor of the ROOT writer: a growable big-endian buffer that
 * knows ROOT's object framing (root-file.md §2).
 *
 * - Versioned objects: `begin(version)` writes a byte-count placeholder and the
 *   version; `end(start)` patches the count (bytes after the count word, OR-ed
 *   with kByteCountMask = 0x40000000).
 * - Object-any pointers (§2.4): class tags and object references are positions
 *   counted from the first byte of the record's TKey, so the buffer carries the
 *   key length (`tagBase`) and `tag(pos) = tagBase + pos + 2` (kMapOffset).
 *   The class-tag and object-tag maps live here and start empty per record.
 *
 * Platform-neutral: only Uint8Array/DataView.
 */

export const kByteCountMask = 0x40000000;
export const kNewClassTag = 0xffffffff;
export const kClassMask = 0x80000000;
const kMapOffset = 2;

const utf8 = new TextEncoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Bytes a TString occupies: 1-byte length below 255, else 1 + 4. */
export function tstringSize(s: string | Uint8Array): number {
  const n = typeof s === 'string' ? (isAscii(s) ? s.length : utf8.encode(s).length) : s.length;
  return n < 255 ? 1 + n : 5 + n;
}

export class RBuffer {
  /** Backing storage; valid bytes are `[0, pos)`. Replaced when the buffer grows. */
  bytes: Uint8Array;
  view: DataView;
  pos = 0;
  /** Key length of the record this payload belongs to (tag offset, §2.3). */
  tagBase: number;
  private readonly classTags = new Map<string, number>();
  private readonly objectTags = new Map<object, number>();

  constructor(capacity = 4096, tagBase = 0) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
    this.tagBase = tagBase;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.pos));
    this.bytes = b;
    this.view = new DataView(b.buffer);
  }

  /** A view (not a copy) of the bytes written so far; invalidated by further writes that grow. */
  result(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = v;
  }
  bool(v: boolean | number): void {
    this.u8(v ? 1 : 0);
  }
  i16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.pos, v, false);
    this.pos += 2;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, false);
    this.pos += 2;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, false);
    this.pos += 4;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, false);
    this.pos += 4;
  }
  /** Long64 from a JS number (exact below 2^53). */
  i64(v: number): void {
    this.ensure(8);
    this.view.setBigInt64(this.pos, BigInt(v), false);
    this.pos += 8;
  }
  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, false);
    this.pos += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, false);
    this.pos += 8;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
  /** A 32- or 64-bit seek field. */
  seek(v: number, big: boolean): void {
    if (big) this.i64(v);
    else this.u32(v);
  }

  /** TString: length byte (or 255 + 4-byte length) then UTF-8 bytes, no NUL. */
  tstring(s: string): void {
    if (s.length < 255 && isAscii(s)) {
      // fast path (every key of every basket): no TextEncoder allocation
      this.ensure(1 + s.length);
      this.bytes[this.pos++] = s.length;
      for (let i = 0; i < s.length; i++) this.bytes[this.pos++] = s.charCodeAt(i);
      return;
    }
    const b = utf8.encode(s);
    if (b.length < 255) this.u8(b.length);
    else {
      this.u8(255);
      this.u32(b.length);
    }
    this.raw(b);
  }

  /** Starts a versioned object: byte-count placeholder + version. Returns the start for `end`. */
  begin(version: number): number {
    const start = this.pos;
    this.u32(0);
    this.u16(version);
    return start;
  }

  /** Patches the byte count written by `begin` (or `beginAny`) at `start`. */
  end(start: number): void {
    this.view.setUint32(start, (this.pos - start - 4) | kByteCountMask, false);
  }

  /** TObject part: version 1, fUniqueID 0, fBits (never with kIsReferenced 0x10). */
  tobject(bits: number): void {
    if (bits & 0x10) throw new Error(`root: TObject fBits 0x${bits.toString(16)} has kIsReferenced set`);
    this.u16(1);
    this.u32(0);
    this.u32(bits);
  }

  /** TNamed base: byte count, version 1, TObject, fName, fTitle. */
  tnamed(name: string, title: string, bits: number): void {
    const s = this.begin(1);
    this.tobject(bits);
    this.tstring(name);
    this.tstring(title);
    this.end(s);
  }

  /** Map value of a word at buffer position `pos` (§2.3). */
  tag(pos: number): number {
    return this.tagBase + pos + kMapOffset;
  }

  /**
   * Starts an object-any slot for a new object of `className`: byte count, then
   * kNewClassTag + name + NUL the first time the class occurs in this record,
   * else kClassMask | tag. If `obj` is given it is remembered for `ref`.
   * Returns the start for `end`.
   */
  beginAny(className: string, obj?: object): number {
    const start = this.pos;
    if (obj) this.objectTags.set(obj, this.tag(start));
    this.u32(0);
    const known = this.classTags.get(className);
    if (known !== undefined) this.u32((kClassMask | known) >>> 0);
    else {
      this.classTags.set(className, this.tag(this.pos));
      this.u32(kNewClassTag);
      this.raw(utf8.encode(className));
      this.u8(0);
    }
    return start;
  }

  /** Writes a reference to an object already written in this record (no mask, no count). */
  ref(obj: object): void {
    const t = this.objectTags.get(obj);
    if (t === undefined) throw new Error('root: reference to an object not written in this record');
    this.u32(t);
  }

  /** A null pointer (4 zero bytes). */
  nullPtr(): void {
    this.u32(0);
  }

  /** Pointer-to-basic array with counter (§2.5): flag 1 then values, or flag 0 when null. */
  i32Array(a: ArrayLike<number> | null, n: number): void {
    if (!a) return this.u8(0);
    this.u8(1);
    for (let i = 0; i < n; i++) this.i32(i < a.length ? a[i]! : 0);
  }
  i64Array(a: ArrayLike<number> | null, n: number): void {
    if (!a) return this.u8(0);
    this.u8(1);
    for (let i = 0; i < n; i++) this.i64(i < a.length ? a[i]! : 0);
  }
}
