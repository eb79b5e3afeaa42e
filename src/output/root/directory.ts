/**
 * The file-level records of a single-directory ROOT file (root-file.md §3):
 * the 100-byte file header, the top-directory record at fBEGIN = 100, the
 * KeysList and the FreeSegments record, each in its small (32-bit seeks) or
 * large (> 2,000,000,000 bytes, 64-bit seeks) form (§3.5).
 */
import { BIG_FILE, keyLength, writeKey, type Key } from './key.js';
import { RBuffer, tstringSize } from './rbuffer.js';

/** fBEGIN: the top directory record starts here. */
export const BEGIN = 100;
/** ROOT 6.24/06, the version vmm-sdat's reference file was written with. */
export const ROOT_VERSION = 62406;

export interface FileIdentity {
  /** Name stored in the file (the path as given by the user). */
  fileName: string;
  title: string;
  datime: number;
  /** 16 bytes. */
  uuid: Uint8Array;
  /**
   * Records at offsets above this take the 64-bit forms (§3.5): ROOT's kStartBigFile
   * (`BIG_FILE`); tests lower it to check the large forms on a file of a few MB.
   */
  bigFile: number;
}

/** Payload length of the top-directory record: name, title, TDirectory (30 + 18 + 12). Same in both forms. */
export function topDirPayloadLength(id: FileIdentity): number {
  return tstringSize(id.fileName) + tstringSize(id.title) + 60;
}

/** Key length of the top-directory record (also of KeysList/FreeSegments at offsets ≤ 2e9). */
export function dirKeyLength(id: FileIdentity, big: boolean): number {
  return keyLength('TFile', id.fileName, id.title, big);
}

/** fNbytesName: key length + name and title TStrings of the top record (pitfall 1). */
export function nbytesName(id: FileIdentity): number {
  return dirKeyLength(id, false) + tstringSize(id.fileName) + tstringSize(id.title);
}

export interface DirectoryState {
  nbytesKeys: number;
  seekKeys: number;
}

/** The top-directory record (§3.2), written at 100. */
export function topDirRecord(id: FileIdentity, st: DirectoryState): Uint8Array {
  const keylen = dirKeyLength(id, false);
  const objlen = topDirPayloadLength(id);
  const b = new RBuffer(keylen + objlen);
  writeKey(b, {
    nbytes: keylen + objlen,
    objlen,
    datime: id.datime,
    keylen,
    cycle: 1,
    seekKey: BEGIN,
    seekPdir: 0,
    className: 'TFile',
    name: id.fileName,
    title: id.title,
    big: false,
  });
  b.tstring(id.fileName);
  b.tstring(id.title);
  const big = st.seekKeys > id.bigFile;
  b.u16(big ? 1005 : 5);
  b.u32(id.datime); // fDatimeC
  b.u32(id.datime); // fDatimeM
  b.i32(st.nbytesKeys);
  b.i32(nbytesName(id));
  b.seek(BEGIN, big); // fSeekDir
  b.seek(0, big); // fSeekParent
  b.seek(st.seekKeys, big);
  b.u16(1); // UUID version
  b.raw(id.uuid);
  if (!big) b.raw(new Uint8Array(12));
  if (b.pos !== keylen + objlen) throw new Error(`root: top directory record is ${b.pos} bytes, expected ${keylen + objlen}`);
  return b.bytes;
}

/** The KeysList record (§3.3) at `seekKey`: count then exact copies of the keys. Never compressed. */
export function keysListRecord(id: FileIdentity, seekKey: number, keys: readonly Key[], copies: readonly Uint8Array[]): Uint8Array {
  const big = seekKey > id.bigFile;
  const keylen = dirKeyLength(id, big);
  const objlen = 4 + copies.reduce((s, c) => s + c.length, 0);
  const b = new RBuffer(keylen + objlen);
  writeKey(b, dirKey(id, keylen, objlen, seekKey, big));
  b.i32(keys.length);
  for (const c of copies) b.raw(c);
  return b.bytes;
}

export interface FreeSegments {
  record: Uint8Array;
  /** File size after this record (fEND). */
  end: number;
}

/**
 * The FreeSegments record (§3.4) at `seekKey`: one TFree from fEND to fLast.
 * Its length decides fEND, which decides whether the TFree needs 64-bit fields.
 */
export function freeSegmentsRecord(id: FileIdentity, seekKey: number): FreeSegments {
  const bigKey = seekKey > id.bigFile;
  const keylen = dirKeyLength(id, bigKey);
  const small = seekKey + keylen + 10 <= id.bigFile;
  const objlen = small ? 10 : 18;
  const end = seekKey + keylen + objlen;
  const b = new RBuffer(keylen + objlen);
  writeKey(b, dirKey(id, keylen, objlen, seekKey, bigKey));
  if (small) {
    b.u16(1);
    b.u32(end); // fFirst
    b.u32(BIG_FILE); // fLast
  } else {
    let last = 3000000000;
    while (last <= end) last += 1000000000;
    b.u16(1001);
    b.i64(end);
    b.i64(last);
  }
  return { record: b.bytes, end };
}

function dirKey(id: FileIdentity, keylen: number, objlen: number, seekKey: number, big: boolean): Key {
  return {
    nbytes: keylen + objlen,
    objlen,
    datime: id.datime,
    keylen,
    cycle: 1,
    seekKey,
    seekPdir: BEGIN,
    className: 'TFile',
    name: id.fileName,
    title: id.title,
    big,
  };
}

export interface HeaderState {
  end: number;
  seekFree: number;
  nbytesFree: number;
  compress: number;
  seekInfo: number;
  nbytesInfo: number;
}

/** The 100-byte file header (§3.1); the large form when fEND > 2e9. */
export function fileHeader(id: FileIdentity, h: HeaderState): Uint8Array {
  const big = h.end > id.bigFile;
  const b = new RBuffer(BEGIN);
  b.raw(new Uint8Array([0x72, 0x6f, 0x6f, 0x74])); // "root"
  b.i32(big ? ROOT_VERSION + 1000000 : ROOT_VERSION);
  b.i32(BEGIN);
  b.seek(h.end, big);
  b.seek(h.seekFree, big);
  b.i32(h.nbytesFree);
  b.i32(1); // nfree
  b.i32(nbytesName(id));
  b.u8(big ? 8 : 4); // fUnits
  b.i32(h.compress);
  b.seek(h.seekInfo, big);
  b.i32(h.nbytesInfo);
  b.u16(1); // UUID version
  b.raw(id.uuid);
  b.raw(new Uint8Array(BEGIN - b.pos));
  return b.bytes;
}
