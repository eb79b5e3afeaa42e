/**
 * The golden file of root-file.md §13, byte for byte (length 14327, SHA-256
 * f4edede7…), its record map, the tag values of Appendix C, and its read-back
 * with JSROOT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RootFileWriter } from '../../src/output/root/file-writer.js';
import { MemoryOutput } from '../../src/output/root/memory-output.js';
import { TableBuilder } from '../../src/table/builder.js';
import type { TableSchema } from '../../src/table/types.js';
import { openRoot, readTree } from './root-jsroot.js';
import { parseHeader, parseKeysList, parseKey, parseTopDir } from './root-inspect.js';

const REC: TableSchema = {
  name: 't',
  title: 't',
  className: 'Rec',
  formatVersion: 1,
  columns: [
    { name: 'x', type: 'f64' },
    { name: 'n', type: 'u16' },
  ],
};

function golden(): Uint8Array {
  const out = new MemoryOutput();
  const w = new RootFileWriter(out, {
    fileName: 'golden.root',
    compression: 0,
    datime: 0x78420000,
    uuid: Uint8Array.from({ length: 16 }, (_, i) => i),
  });
  w.writeNamed('info', 'golden');
  const b = new TableBuilder(REC);
  for (let i = 0; i < 3; i++) {
    const r = b.addRow();
    b.f64(0)[r] = 1.5 + i;
    b.u16(1)[r] = i + 1;
  }
  w.fill(b.flush());
  w.close();
  assert.ok(out.closed);
  return out.bytes().slice();
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('golden file: length and SHA-256 of root-file.md §13', () => {
  const g = golden();
  assert.equal(g.length, 14327);
  assert.equal(sha(g), 'f4edede7812e4d64541929d8ab95c51bf7313bacc7f2a3000f97a0ef85736306');
  // the StreamerInfo payload alone
  assert.equal(sha(g.subarray(2332 + 64, 2332 + 11810)), '16a472a06ad8cd8817e1bf4af761d7602e916497c51ecad6790cc2b9eccac260');
});

test('golden file: record map, header and directory values', () => {
  const g = golden();
  const h = parseHeader(g);
  assert.deepEqual(h, {
    version: 62406,
    begin: 100,
    end: 14327,
    seekFree: 14272,
    nbytesFree: 55,
    nfree: 1,
    nbytesName: 58,
    units: 4,
    compress: 0,
    seekInfo: 2332,
    nbytesInfo: 11810,
  });
  assert.deepEqual(parseTopDir(g, h), { version: 5, nbytesKeys: 130, nbytesName: 58, seekDir: 100, seekKeys: 14142 });
  const { keys } = parseKeysList(g);
  assert.deepEqual(
    keys.map((k) => [k.className, k.name, k.cycle, k.seekKey, k.nbytes]),
    [
      ['TNamed', 'info', 1, 218, 73],
      ['TTree', 't', 1, 451, 1881],
    ],
  );
  const baskets = [parseKey(g, 291), parseKey(g, 380)];
  assert.deepEqual(
    baskets.map((k) => [k.name, k.version, k.cycle, k.keylen, k.nbytes, k.objlen]),
    [
      ['x', 1004, 0, 65, 89, 24],
      ['n', 1004, 0, 65, 71, 6],
    ],
  );
});

test('golden file: class tags and object references count from the key start (pitfall 4)', () => {
  const g = golden();
  const v = new DataView(g.buffer, g.byteOffset, g.byteLength);
  assert.equal(v.getUint32(707), 0xffffffff); // first TBranchElement: kNewClassTag, map key 258
  assert.equal(v.getUint32(876), 0x80000102); // second: kClassMask | 258
  assert.equal(v.getUint32(1581), 0x8000025e); // TLeafElement again: kClassMask | 606
  // TTree.fLeaves: references 1487 (top leaf), 602 (x), 1128 (n)
  assert.deepEqual([v.getUint32(2292), v.getUint32(2296), v.getUint32(2300)], [1487, 602, 1128]);
});

test('golden file reads back with JSROOT', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-golden-'));
  try {
    const p = join(dir, 'golden.root');
    writeFileSync(p, golden());
    const f = await openRoot(p);
    const info = await f.readObject('info');
    assert.equal(info.fTitle, 'golden');
    const { entries, cols } = await readTree(f, REC);
    assert.equal(entries, 3);
    assert.deepEqual(cols.get('x'), [1.5, 2.5, 3.5]);
    assert.deepEqual(cols.get('n'), [1, 2, 3]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
