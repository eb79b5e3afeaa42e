/**
 * TKey record headers (root-file.md §4) and TDatime (§2.6).
 *
 * A record is a TKey followed by its payload. The key length depends only on
 * its three strings and on whether its seeks are 64-bit (version 1004), which is
 * decided by the record's own offset: no circularity, sizes are known before
 * writing (§11). Basket keys are always 1004 and carry 19 more header bytes
 * (§8.1), counted in fKeylen.
 */
import { RBuffer, tstringSize } from './rbuffer.js';

/** ROOT's kStartBigFile: seeks above this need the 64-bit forms (§3.5). */
export const BIG_FILE = 2000000000;

export interface Key {
  /** Whole record: fKeylen + stored (possibly compressed) payload. */
  nbytes: number;
  /** Uncompressed payload length. */
  objlen: number;
  datime: number;
  keylen: number;
  cycle: number;
  seekKey: number;
  seekPdir: number;
  className: string;
  name: string;
  title: string;
  /** 64-bit seeks (version 1004). */
  big: boolean;
}

/** fKeylen of a key with these strings; `extra` = the 19 TBasket header bytes for baskets. */
export function keyLength(className: string, name: string, title: string, big: boolean, extra = 0): number {
  return (big ? 34 : 26) + tstringSize(className) + tstringSize(name) + tstringSize(title) + extra;
}

/** Writes the TKey fields (without any basket header) into `b`. */
export function writeKey(b: RBuffer, k: Key): void {
  b.i32(k.nbytes);
  b.u16(k.big ? 1004 : 4);
  b.i32(k.objlen);
  b.u32(k.datime);
  b.u16(k.keylen);
  b.u16(k.cycle);
  b.seek(k.seekKey, k.big);
  b.seek(k.seekPdir, k.big);
  b.tstring(k.className);
  b.tstring(k.name);
  b.tstring(k.title);
}

/** Serialises a key alone (e.g. for the keys list, which holds exact copies). */
export function keyBytes(k: Key): Uint8Array {
  const b = new RBuffer(k.keylen);
  writeKey(b, k);
  return b.result();
}

/**
 * TDatime of a local date-time: ((year − 1995) << 26) | (month << 22) | (day << 17)
 * | (hour << 12) | (minute << 6) | second, unsigned. ROOT uses local time.
 */
export function datimeOf(d: Date): number {
  return (
    (((d.getFullYear() - 1995) << 26) |
      ((d.getMonth() + 1) << 22) |
      (d.getDate() << 17) |
      (d.getHours() << 12) |
      (d.getMinutes() << 6) |
      d.getSeconds()) >>>
    0
  );
}
