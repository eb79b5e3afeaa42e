/**
 * TBasket records (root-file.md §8): a version-1004 TKey with cycle 0, the
 * 19-byte basket header (counted in fKeylen), then the stored payload — entry
 * data, plus for variable-size branches the entry-offset table (§8.3) —
 * compressed as one unit (§6) by a `BlockCompressor` when that is strictly
 * shorter, else raw.
 */
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

/** What identifies a basket and its payload layout; position and stored bytes come later. */
export interface BasketSpec {
  branch: string;
  tree: string;
  keylen: number;
  /** Entries in this basket (fNevBuf). */
  entries: number;
  /** Fixed-size branch: entry size in bytes; vector branch: 0. */
  entrySize: number;
  /** Length of the entry data at the start of the payload (fLast − fKeylen). */
  dataLength: number;
  /** Uncompressed payload length (fObjlen): entry data + offset table. */
  objlen: number;
  /** fBasketSize of the branch (32000). */
  basketSize: number;
}

/**
 * Builds the complete record (key + header + stored payload) of a basket written
 * at `seekKey`. `stored` is compressed iff it is shorter than `spec.objlen`.
 * Returns a fresh buffer.
 */
export function basketRecord(spec: BasketSpec, seekKey: number, datime: number, stored: Uint8Array): Uint8Array {
  const nbytes = spec.keylen + stored.length;
  const b = new RBuffer(nbytes);
  writeKey(b, {
    nbytes,
    objlen: spec.objlen,
    datime,
    keylen: spec.keylen,
    cycle: 0,
    seekKey,
    seekPdir: TOP_DIR,
    className: 'TBasket',
    name: spec.branch,
    title: spec.tree,
    big: true,
  });
  const last = spec.keylen + spec.dataLength;
  b.u16(3); // TBasket version
  b.i32(Math.max(spec.basketSize, last)); // fBufferSize
  b.i32(spec.entrySize > 0 ? spec.entrySize : Math.max(1000, spec.entries + 1)); // fNevBufSize
  b.i32(spec.entries); // fNevBuf
  b.i32(last); // fLast
  b.u8(0); // header only, data follows the key
  if (b.pos !== spec.keylen) throw new Error(`root: basket key of ${spec.tree}.${spec.branch} is ${b.pos} bytes, expected ${spec.keylen}`);
  b.raw(stored);
  return b.bytes;
}
