/**
 * TBasket records (root-file.md §8): a version-1004 TKey with cycle 0, the
 * 19-byte basket header (counted in fKeylen), then the payload — entry data,
 * plus for variable-size branches the entry-offset table (§8.3) — compressed
 * as one unit (§6) when that is strictly shorter.
 */
import { rootCompress, type Deflate } from './compress.js';
import { keyLength, writeKey } from './key.js';
import { RBuffer } from './rbuffer.js';

/** TBasket header bytes after the TKey fields (§8.1). */
export const BASKET_HEADER = 19;
/** fSeekPdir of every record in the top directory. */
export const TOP_DIR = 100;

/** fKeylen of a basket of branch `branch` in tree `tree` (always 64-bit seeks). */
export function basketKeyLength(branch: string, tree: string): number {
  return keyLength('TBasket', branch, tree, true, BASKET_HEADER);
}

export interface BasketInput {
  branch: string;
  tree: string;
  keylen: number;
  seekKey: number;
  datime: number;
  /** Entries in this basket (fNevBuf). */
  entries: number;
  /** Fixed-size branch: entry size in bytes; vector branch: 0. */
  entrySize: number;
  /** Length of the entry data at the start of `payload` (fLast − fKeylen). */
  dataLength: number;
  /** Entry data, followed for vector branches by the offset table (§8.3). Not retained. */
  payload: Uint8Array;
  level: number;
  deflate: Deflate | null;
  /** fBasketSize of the branch (32000). */
  basketSize: number;
}

/** Builds the complete record (key + header + stored payload). Returns a fresh buffer. */
export function basketRecord(p: BasketInput): Uint8Array {
  const z = p.deflate ? rootCompress(p.payload, p.level, p.deflate) : null;
  const stored = z ?? p.payload;
  const nbytes = p.keylen + stored.length;
  const b = new RBuffer(nbytes);
  writeKey(b, {
    nbytes,
    objlen: p.payload.length,
    datime: p.datime,
    keylen: p.keylen,
    cycle: 0,
    seekKey: p.seekKey,
    seekPdir: TOP_DIR,
    className: 'TBasket',
    name: p.branch,
    title: p.tree,
    big: true,
  });
  const last = p.keylen + p.dataLength;
  b.u16(3); // TBasket version
  b.i32(Math.max(p.basketSize, last)); // fBufferSize
  b.i32(p.entrySize > 0 ? p.entrySize : Math.max(1000, p.entries + 1)); // fNevBufSize
  b.i32(p.entries); // fNevBuf
  b.i32(last); // fLast
  b.u8(0); // header only, data follows the key
  if (b.pos !== p.keylen) throw new Error(`root: basket key of ${p.tree}.${p.branch} is ${b.pos} bytes, expected ${p.keylen}`);
  b.raw(stored);
  return b.bytes;
}
