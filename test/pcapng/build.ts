/**
 * Test-side encoder of pcapng blocks and classic pcap records in either byte
 * order, written from the format documents (pcapng draft §4, pcap draft §4)
 * independently of src/pcapng/writer.ts, so parser tests do not only check the
 * writer against itself. Every block is returned as a fresh Uint8Array.
 */

export type Endian = 'le' | 'be';

class Bytes {
  private parts: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number) {
    this.parts.push(v & 255);
    return this;
  }
  u16(v: number) {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number) {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  bytes(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!);
    return this;
  }
  pad4() {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length() {
    return this.parts.length;
  }
  out() {
    return Uint8Array.from(this.parts);
  }
}

export interface Option {
  code: number;
  value: ArrayLike<number>;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function options(w: Bytes, opts: Option[]): void {
  if (opts.length === 0) return;
  for (const o of opts) w.u16(o.code).u16(o.value.length).bytes(o.value).pad4();
  w.u16(0).u16(0); // opt_endofopt
}

/** Wraps a body into a block: type, total length, body (padded), total length. */
export function block(e: Endian, type: number, body: Uint8Array): Uint8Array {
  const total = 12 + ((body.length + 3) & ~3);
  const w = new Bytes(e === 'le');
  w.u32(type).u32(total).bytes(body).pad4().u32(total);
  return w.out();
}

export function shb(e: Endian, opts: Option[] = [], major = 1): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u32(0x1a2b3c4d).u16(major).u16(0).u32(0xffffffff).u32(0xffffffff);
  options(w, opts);
  return block(e, 0x0a0d0d0a, w.out());
}

export function idb(e: Endian, linkType: number, snaplen: number, opts: Option[] = []): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u16(linkType).u16(0).u32(snaplen);
  options(w, opts);
  return block(e, 1, w.out());
}

export const tsresol = (v: number): Option => ({ code: 9, value: [v] });
export const ifName = (s: string): Option => ({ code: 2, value: text(s) });
export function tsoffset(e: Endian, seconds: number): Option {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(seconds), e === 'le');
  return { code: 14, value: b };
}

/** EPB with a 64-bit tick count (BigInt for clarity in tests). */
export function epb(e: Endian, ifId: number, ticks: bigint, data: Uint8Array, originalLength = data.length): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u32(ifId).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(data.length).u32(originalLength).bytes(data).pad4();
  return block(e, 6, w.out());
}

/** Obsolete Packet Block (type 2): u16 interface id, u16 drops count. */
export function pb(e: Endian, ifId: number, ticks: bigint, data: Uint8Array, originalLength = data.length): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u16(ifId).u16(0).u32(Number(ticks >> 32n)).u32(Number(ticks & 0xffffffffn)).u32(data.length).u32(originalLength).bytes(data).pad4();
  return block(e, 2, w.out());
}

/** Simple Packet Block: original length, then data (cut by the writer to the snaplen). */
export function spb(e: Endian, originalLength: number, data: Uint8Array): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u32(originalLength).bytes(data).pad4();
  return block(e, 3, w.out());
}

export function pcapHeader(e: Endian, nanos: boolean, linkType: number, snaplen = 262144): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
  return w.out();
}

export function pcapRecord(e: Endian, sec: number, frac: number, data: Uint8Array, originalLength = data.length): Uint8Array {
  const w = new Bytes(e === 'le');
  w.u32(sec).u32(frac).u32(data.length).u32(originalLength).bytes(data);
  return w.out();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}
