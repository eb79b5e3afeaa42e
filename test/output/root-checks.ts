/**
 * Structural checks of a written ROOT file against the pitfalls of
 * root-file.md §12, combining the independent byte parser (`root-inspect.ts`)
 * with the objects JSROOT decodes. Used by the reference-case tests so every
 * real file is checked, not only a hand-made one. Numbers in messages name
 * the pitfall.
 */
import assert from 'node:assert/strict';
import type { TableSchema } from '../../src/table/types.js';
import {
  FileBytes,
  basketHeader,
  parseHeader,
  parseKey,
  parseKeysList,
  parseTopDir,
  recordPayload,
} from './root-inspect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** Type codes of the record-class members (§10.5). */
const ELEMENT_SIZE: Record<number, number> = { 11: 1, 18: 1, 12: 2, 13: 4, 8: 8 };

export interface StructureSummary {
  baskets: number;
  compressedBaskets: number;
  maxBlocks: number;
  emptyVectors: number;
}

/** File-level checks (pitfalls 1, 2, 3, 19, 21) on the bytes on disk; `boundary`: the writer's `bigFile` (ROOT's kStartBigFile). */
export function checkFileLevel(path: string, boundary = 2000000000): void {
  const f = new FileBytes(path);
  try {
    const h = parseHeader(f);
    assert.equal(h.end, f.size, 'pitfall 3: fEND = file size');
    const big = h.end > boundary;
    assert.equal(h.version, big ? 1062406 : 62406, 'pitfall 19: header version');
    assert.equal(h.units, big ? 8 : 4);
    const top = parseKey(f, 100);
    const tsize = (x: string): number => {
      const n = new TextEncoder().encode(x).length;
      return n < 255 ? 1 + n : 5 + n;
    };
    assert.equal(h.nbytesName, top.keylen + tsize(top.name) + tsize(top.title), 'pitfall 1: fNbytesName');
    const dir = parseTopDir(f, h);
    assert.equal(dir.nbytesName, h.nbytesName, 'pitfall 1: TDirectory found at fBEGIN + fNbytesName');
    assert.equal(dir.version, dir.seekKeys > boundary ? 1005 : 5, 'pitfall 19: TDirectory version');
    assert.equal(dir.seekDir, 100);
    assert.ok(h.seekInfo > 0 && h.nbytesInfo > 0, 'pitfall 2: fSeekInfo/fNbytesInfo');
    const info = parseKey(f, h.seekInfo);
    assert.deepEqual([info.className, info.name, info.nbytes], ['TList', 'StreamerInfo', h.nbytesInfo], 'pitfall 2');
    const free = parseKey(f, h.seekFree);
    assert.equal(free.nbytes, h.nbytesFree);
    assert.equal(h.seekFree + h.nbytesFree, h.end);
    const { list, keys } = parseKeysList(f);
    assert.equal(list.nbytes, dir.nbytesKeys);
    for (const k of keys) {
      const rec = parseKey(f, k.seekKey);
      assert.deepEqual(rec.raw, k.raw, `pitfall 21: keys-list copy of ${k.name};${k.cycle} equals the record's key`);
      assert.equal(rec.seekKey, k.seekKey);
      assert.equal(rec.version, k.seekKey > boundary ? 1004 : 4, 'pitfall 19: key version');
      if (rec.nbytes - rec.keylen < rec.objlen) recordPayload(f, rec); // decompresses: zlib wrapper (pitfall 8)
    }
  } finally {
    f.close();
  }
}

/**
 * Checks a tree read by JSROOT against the baskets on disk and the StreamerInfo
 * (pitfalls 5, 7–17, 22, 23). Returns counts so callers can assert coverage.
 */
export function checkTree(path: string, jsFile: Any, tree: Any, schema: TableSchema): StructureSummary {
  const sum: StructureSummary = { baskets: 0, compressedBaskets: 0, maxBlocks: 0, emptyVectors: 0 };
  const infos: Any[] = jsFile.fStreamerInfos.arr;
  const si = infos.find((s: Any) => s.fName === schema.className);
  assert.ok(si, `StreamerInfo of ${schema.className}`);
  const io = infos.find((s: Any) => s.fName === 'ROOT::TIOFeatures');
  assert.equal(io?.fCheckSum, 446770960, 'pitfall 22: ROOT::TIOFeatures StreamerInfo');
  const top = tree.fBranches.arr[0];
  assert.equal(tree.fBranches.arr.length, 1);
  assert.equal(top.fName, schema.name);
  assert.deepEqual([top.fID, top.fType, top.fStreamerType], [-2, 0, -1], 'pitfall 16: top branch is an object node');
  assert.equal(top.fClassName, schema.className);
  const subs: Any[] = top.fBranches.arr;
  assert.deepEqual(
    subs.map((b) => b.fName),
    schema.columns.map((c) => c.name),
  );
  // pitfall 5: TTree.fLeaves are the leaf objects of the branches, top leaf first
  assert.equal(tree.fLeaves.arr.length, subs.length + 1);
  assert.equal(tree.fLeaves.arr[0], top.fLeaves.arr[0], 'pitfall 5: top leaf referenced');
  subs.forEach((b, i) => assert.equal(tree.fLeaves.arr[i + 1], b.fLeaves.arr[0], `pitfall 5: leaf of ${b.fName} referenced`));
  let totBytes = 0;
  let zipBytes = 0;
  const f = new FileBytes(path);
  try {
    subs.forEach((b, i) => {
      const col = schema.columns[i]!;
      const el = si.fElements.arr[i];
      const isVec = col.type === 'vec_f64';
      const where = `${schema.name}.${b.fName}`;
      assert.deepEqual([b.fCheckSum, b.fClassVersion], [si.fCheckSum, si.fClassVersion], `pitfall 14: ${where}`);
      assert.equal(el.fName, b.fName);
      assert.equal(b.fStreamerType, isVec ? 300 : el.fType, `pitfall 15: ${where}`);
      if (isVec) assert.equal(el.fType, 500);
      assert.equal(b.fID, i);
      assert.equal(b.fEntryOffsetLen, isVec ? 1000 : 0, `pitfall 10: ${where}`);
      const nb = b.fWriteBasket;
      assert.ok(b.fMaxBaskets >= nb + 1, `pitfall 12: fMaxBaskets of ${where}`);
      assert.equal(b.fEntries, Number(tree.fEntries));
      assert.equal(b.fBasketEntry[nb], b.fEntries, `pitfall 12: fBasketEntry[fWriteBasket] of ${where}`);
      let tot = 0;
      let zip = 0;
      for (let k = 0; k < nb; k++) {
        const key = parseKey(f, b.fBasketSeek[k]);
        assert.deepEqual(
          [key.className, key.name, key.title, key.cycle, key.version, key.seekKey, key.seekPdir],
          ['TBasket', b.fName, schema.name, 0, 1004, b.fBasketSeek[k], 100],
          where,
        );
        assert.equal(key.nbytes, b.fBasketBytes[k], `pitfall 13: fBasketBytes[${k}] of ${where}`);
        const h = basketHeader(key);
        const nev = b.fBasketEntry[k + 1] - b.fBasketEntry[k];
        assert.equal(h.nevBuf, nev, where);
        assert.equal(h.nevBufSize, isVec ? Math.max(1000, nev + 1) : ELEMENT_SIZE[el.fType], `pitfall 11: fNevBufSize of ${where}`);
        const p = recordPayload(f, key);
        assert.equal(p.data.length, key.objlen);
        if (p.compressed) {
          sum.compressedBaskets++;
          assert.ok(key.nbytes - key.keylen < key.objlen, 'pitfall 7');
          sum.maxBlocks = Math.max(sum.maxBlocks, p.blocks.length);
          for (const bl of p.blocks) {
            assert.deepEqual([bl.tag, bl.method], ['ZL', 8], 'pitfall 8');
            assert.ok(bl.usize <= 0xffffff, 'pitfall 9');
          }
        }
        const dataLen = h.last - key.keylen;
        if (isVec) checkVectorBasket(p.data, dataLen, nev, key.keylen, where, sum);
        else assert.equal(dataLen, nev * ELEMENT_SIZE[el.fType]!, where);
        tot += key.keylen + key.objlen;
        zip += key.nbytes;
        sum.baskets++;
      }
      assert.equal(b.fTotBytes, tot, `pitfall 23: fTotBytes of ${where}`);
      assert.equal(b.fZipBytes, zip, `pitfall 23: fZipBytes of ${where}`);
      totBytes += tot;
      zipBytes += zip;
    });
  } finally {
    f.close();
  }
  assert.equal(tree.fTotBytes, totBytes, 'pitfall 23: tree fTotBytes');
  assert.equal(tree.fZipBytes, zipBytes, 'pitfall 23: tree fZipBytes');
  return sum;
}

/** Entry framing and offset table of a vector basket (§8.2–8.3; pitfalls 10, 17). */
function checkVectorBasket(data: Uint8Array, dataLen: number, nev: number, keylen: number, where: string, sum: StructureSummary): void {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  assert.equal(v.getInt32(dataLen), nev + 1, `offset table count of ${where}`);
  let p = 0;
  for (let i = 0; i < nev; i++) {
    assert.equal(v.getInt32(dataLen + 4 + 4 * i), keylen + p, `offset of entry ${i} of ${where}`);
    const bc = v.getUint32(p);
    const n = v.getUint32(p + 6);
    assert.equal(bc, (6 + 8 * n) | 0x40000000, `vector byte count in ${where}`);
    assert.equal(v.getUint16(p + 4), 9, `pitfall 17: vector version in ${where}`);
    if (n === 0) sum.emptyVectors++;
    p += 10 + 8 * n;
  }
  assert.equal(p, dataLen);
  assert.equal(v.getInt32(dataLen + 4 + 4 * nev), 0, 'last offset slot is 0');
}

/** Runs `fn` with console output captured; returns the captured lines (JSROOT reports problems there). */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const grab = (...a: unknown[]): void => {
    lines.push(a.map(String).join(' '));
  };
  console.log = console.warn = console.error = grab;
  try {
    return { value: await fn(), lines };
  } finally {
    Object.assign(console, saved);
  }
}
