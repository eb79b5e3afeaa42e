/**
 * A minimal, independent parser of ROOT file structure for the writer tests:
 * the file header (both forms), TKeys at any offset, the keys list, basket
 * headers and compression blocks. Written from root-file.md §3–§8 without
 * using the writer's code, so the tests check bytes against the spec, not the
 * writer against itself.
 */
import { readFileSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface Header {
  version: number;
  begin: number;
  end: number;
  seekFree: number;
  nbytesFree: number;
  nfree: number;
  nbytesName: number;
  units: number;
  compress: number;
  seekInfo: number;
  nbytesInfo: number;
}

export interface ParsedKey {
  at: number;
  nbytes: number;
  version: number;
  objlen: number;
  datime: number;
  keylen: number;
  cycle: number;
  seekKey: number;
  seekPdir: number;
  className: string;
  name: string;
  title: string;
  /** Bytes of the key header (keylen bytes, including basket header for baskets). */
  raw: Uint8Array;
}

/** Random access to a file on disk (the > 2 GB file is never read whole). */
export class FileBytes {
  readonly size: number;
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }
  read(at: number, n: number): Uint8Array {
    const b = new Uint8Array(n);
    readSync(this.fd, b, 0, n, at);
    return b;
  }
  close(): void {
    closeSync(this.fd);
  }
}

export function bytesOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

type Src = Uint8Array | FileBytes;
function slice(src: Src, at: number, n: number): Uint8Array {
  return src instanceof FileBytes ? src.read(at, n) : src.subarray(at, at + n);
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export function parseHeader(src: Src): Header {
  const b = slice(src, 0, 100);
  const v = dv(b);
  if (String.fromCharCode(...b.subarray(0, 4)) !== 'root') throw new Error('not a ROOT file');
  const version = v.getInt32(4);
  const big = version >= 1000000;
  let p = 12;
  const seek = (): number => {
    const x = big ? Number(v.getBigInt64(p)) : v.getUint32(p);
    p += big ? 8 : 4;
    return x;
  };
  const i32 = (): number => {
    const x = v.getInt32(p);
    p += 4;
    return x;
  };
  const end = seek();
  const seekFree = seek();
  const nbytesFree = i32();
  const nfree = i32();
  const nbytesName = i32();
  const units = v.getUint8(p++);
  const compress = i32();
  const seekInfo = seek();
  const nbytesInfo = i32();
  return { version, begin: v.getInt32(8), end, seekFree, nbytesFree, nfree, nbytesName, units, compress, seekInfo, nbytesInfo };
}

/** Parses the TKey at `at` (reads generously, then trims to fKeylen). */
export function parseKey(src: Src, at: number): ParsedKey {
  const head = slice(src, at, 18);
  const keylen = dv(head).getUint16(14);
  const b = slice(src, at, keylen);
  const v = dv(b);
  const version = v.getUint16(4);
  const big = version > 1000;
  let p = 18;
  const seek = (): number => {
    const x = big ? Number(v.getBigInt64(p)) : v.getUint32(p);
    p += big ? 8 : 4;
    return x;
  };
  const str = (): string => {
    let n = b[p++]!;
    if (n === 255) {
      n = v.getUint32(p);
      p += 4;
    }
    const s = new TextDecoder().decode(b.subarray(p, p + n));
    p += n;
    return s;
  };
  const seekKey = seek();
  const seekPdir = seek();
  return {
    at,
    nbytes: v.getInt32(0),
    version,
    objlen: v.getInt32(6),
    datime: v.getUint32(10),
    keylen,
    cycle: v.getUint16(16),
    seekKey,
    seekPdir,
    className: str(),
    name: str(),
    title: str(),
    raw: b,
  };
}

/** Keys of the top directory as listed in the KeysList record (exact copies). */
export function parseKeysList(src: Src): { list: ParsedKey; keys: ParsedKey[] } {
  const h = parseHeader(src);
  const dir = parseTopDir(src, h);
  const list = parseKey(src, dir.seekKeys);
  const payload = slice(src, dir.seekKeys + list.keylen, list.nbytes - list.keylen);
  const n = dv(payload).getInt32(0);
  const keys: ParsedKey[] = [];
  let p = 4;
  for (let i = 0; i < n; i++) {
    const k = parseKey(payload, p);
    keys.push(k);
    p += k.keylen;
  }
  return { list, keys };
}

/** The TDirectory part of the top record, found at fBEGIN + fNbytesName (pitfall 1). */
export function parseTopDir(src: Src, h: Header): { version: number; nbytesKeys: number; nbytesName: number; seekDir: number; seekKeys: number } {
  const b = slice(src, h.begin + h.nbytesName, 60);
  const v = dv(b);
  const version = v.getUint16(0);
  const big = version > 1000;
  const nbytesKeys = v.getInt32(10);
  const nbytesName = v.getInt32(14);
  const seekDir = big ? Number(v.getBigInt64(18)) : v.getUint32(18);
  const seekKeys = big ? Number(v.getBigInt64(34)) : v.getUint32(26);
  return { version, nbytesKeys, nbytesName, seekDir, seekKeys };
}

/** The stored payload of a record and, if compressed (stored < objlen), its ROOT blocks. */
export function recordPayload(src: Src, k: ParsedKey): { stored: Uint8Array; compressed: boolean; blocks: { zsize: number; usize: number; method: number; tag: string }[]; data: Uint8Array } {
  const stored = slice(src, k.at + k.keylen, k.nbytes - k.keylen);
  if (stored.length >= k.objlen) return { stored, compressed: false, blocks: [], data: stored };
  const blocks = [];
  const parts: Uint8Array[] = [];
  let p = 0;
  while (p < stored.length) {
    const tag = String.fromCharCode(stored[p]!, stored[p + 1]!);
    const method = stored[p + 2]!;
    const zsize = stored[p + 3]! | (stored[p + 4]! << 8) | (stored[p + 5]! << 16);
    const usize = stored[p + 6]! | (stored[p + 7]! << 8) | (stored[p + 8]! << 16);
    blocks.push({ zsize, usize, method, tag });
    parts.push(new Uint8Array(inflateSync(stored.subarray(p + 9, p + 9 + zsize)))); // zlib wrapper, not raw deflate
    p += 9 + zsize;
  }
  const data = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
  let q = 0;
  for (const x of parts) {
    data.set(x, q);
    q += x.length;
  }
  return { stored, compressed: true, blocks, data };
}

/** The 19-byte TBasket header that ends a basket key. */
export function basketHeader(k: ParsedKey): { version: number; bufferSize: number; nevBufSize: number; nevBuf: number; last: number; flag: number } {
  const v = dv(k.raw);
  const p = k.keylen - 19;
  return {
    version: v.getUint16(p),
    bufferSize: v.getInt32(p + 2),
    nevBufSize: v.getInt32(p + 6),
    nevBuf: v.getInt32(p + 10),
    last: v.getInt32(p + 14),
    flag: v.getUint8(p + 18),
  };
}
