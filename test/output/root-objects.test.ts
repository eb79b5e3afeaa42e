/**
 * Metadata strings (TNamed, analysis.md §14.4, including the duplicated
 * `charge_ratio_lower`), TH1D/TH2D from our Hist objects, compression block
 * handling (two blocks above 16 MiB, raw storage when not smaller) — each read
 * back with JSROOT and checked on the bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hist1D, Hist2D, axis } from '../../src/histograms/hist.js';
import { RootFile } from '../../src/output/root/node-file.js';
import { rootCompress } from '../../src/output/root/compress.js';
import { nodeDeflate } from '../../src/output/root/node-file.js';
import { TableBuilder } from '../../src/table/builder.js';
import type { TableSchema } from '../../src/table/types.js';
import { captureConsole, checkFileLevel, checkTree } from './root-checks.js';
import { FileBytes, parseKey, parseKeysList, recordPayload } from './root-inspect.js';
import { firstDifference, openRoot, readTree } from './root-jsroot.js';

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-rootobj-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The §14.4 metadata of a real run (run_geometry: -bc 44.444 -tac 60 -crl 0.2, D = 1). */
const METADATA: [string, string][] = [
  ['unixtime', '1619084940.000000'],
  ['date', '2021-04-22 09:49:00'],
  ['unixtime_end', '1619084941.000000'],
  ['date_end', '2021-04-22 09:49:01'],
  ['duration', '1.000000'],
  ['triggers', '0'],
  ['channel mapping', 'gem'],
  ['charge_ratio_lower', '0.2, '],
  ['charge_ratio_lower', '0.2, 0.2, '],
  ['bc', '44.444000'],
  ['tac', '60.000000'],
];

test('metadata strings: TNamed per entry, duplicate names as cycles 2 before 1 (§3.3)', async () => {
  const t = tempDir();
  try {
    const p = join(t.dir, 'meta.root');
    const f = new RootFile(p);
    for (const [n, v] of METADATA) f.writeNamed(n, v);
    const long = 'crl '.repeat(80); // 320 bytes: TString with the 255 + 4-byte length form
    f.writeNamed('long_info', long);
    f.writeNamed('µ-info', 'utf-8');
    f.close();
    checkFileLevel(p);
    const fb = new FileBytes(p);
    const { keys } = parseKeysList(fb);
    fb.close();
    const names = keys.map((k) => `${k.name};${k.cycle}`);
    assert.deepEqual(names.slice(6, 10), ['channel mapping;1', 'charge_ratio_lower;2', 'charge_ratio_lower;1', 'bc;1']);
    const jf = await openRoot(p);
    for (const [n, v] of METADATA.filter(([n]) => n !== 'charge_ratio_lower')) assert.equal((await jf.readObject(n)).fTitle, v, n);
    assert.equal((await jf.readObject('charge_ratio_lower')).fTitle, '0.2, 0.2, ', 'highest cycle without a cycle number');
    assert.equal((await jf.readObject('charge_ratio_lower;1')).fTitle, '0.2, ');
    assert.equal((await jf.readObject('long_info')).fTitle, long);
    // TStrings are bytes: UTF-8 in, UTF-8 out (JSROOT decodes bytes as Latin-1, so check the key bytes)
    assert.equal(keys.at(-1)!.name, 'µ-info');
  } finally {
    t.done();
  }
});

test('TH1D and TH2D: contents with under/overflow, Sumw2, statistics, axes (pitfall 18)', async () => {
  const h1 = new Hist1D('1_delta_time_planes', '1_delta_time_planes', axis(1000, -500, 500));
  const h2 = new Hist2D('1_cluster', '1_cluster', axis(256, 0, 256, 'x'), axis(256, 0, 256, 'y'));
  const w2 = new Hist2D('1_charge_plane0', '1_charge_plane0', axis(256, 0, 256), axis(256, 0, 256));
  for (let i = 0; i < 5000; i++) {
    const x = ((i * 7919) % 1100) - 550; // covers both overflows
    h1.fill(x + 0.25);
    const px = (i * 37) % 260;
    const py = (i * 53) % 258;
    h2.fill(px + 0.5, py + 0.5);
    w2.fill(px + 0.5, py + 0.5, 100 + (i % 400)); // weighted: Sumw2 on
  }
  assert.equal(h1.sumw2, null);
  assert.ok(w2.sumw2);
  const t = tempDir();
  try {
    const p = join(t.dir, 'hists.root');
    const f = new RootFile(p);
    for (const h of [h1, h2, w2]) f.writeHist(h);
    f.close();
    checkFileLevel(p);
    const { value: jf, lines } = await captureConsole(() => openRoot(p));
    for (const h of [h1, h2, w2]) {
      const r = await jf.readObject(h.name);
      assert.equal(r._typename, h.kind);
      assert.deepEqual(Array.from(r.fArray as ArrayLike<number>), Array.from(h.contents), `${h.name} contents`);
      assert.deepEqual(r.fSumw2 ? Array.from(r.fSumw2 as ArrayLike<number>) : [], h.sumw2 ? Array.from(h.sumw2) : []);
      assert.deepEqual(
        [r.fEntries, r.fTsumw, r.fTsumw2, r.fTsumwx, r.fTsumwx2, r.fNcells],
        [h.entries, h.tsumw, h.tsumw2, h.tsumwx, h.tsumwx2, h.contents.length],
      );
      assert.deepEqual([r.fXaxis.fNbins, r.fXaxis.fXmin, r.fXaxis.fXmax, r.fXaxis.fTitle], [h.x.nbins, h.x.min, h.x.max, h.x.title]);
      assert.equal(r.fFunctions._typename, 'TList', 'fFunctions streamed inline');
      assert.equal(r.fFunctions.arr.length, 0);
      assert.deepEqual([r.fStatOverflows, r.fBarWidth, r.fMaximum], [2, 1000, -1111], 'fields after fFunctions aligned');
      if (h.kind === 'TH2D') {
        assert.deepEqual([r.fYaxis.fNbins, r.fYaxis.fXmin, r.fYaxis.fXmax, r.fYaxis.fTitle], [h.y.nbins, h.y.min, h.y.max, h.y.title]);
        assert.deepEqual([r.fTsumwy, r.fTsumwy2, r.fTsumwxy, r.fScalefactor], [h.tsumwy, h.tsumwy2, h.tsumwxy, 1]);
      }
    }
    assert.deepEqual(lines, []);
  } finally {
    t.done();
  }
});

test('an object above 16 MiB is compressed in two blocks (pitfall 9)', async () => {
  // 1500 × 1500 bins: 2.26 M cells, 18 MB of contents
  const h = new Hist2D('big', 'big', axis(1500, 0, 1500), axis(1500, 0, 1500));
  for (let i = 0; i < 200000; i++) h.fill((i * 7919) % 1500, (i * 104729) % 1500);
  const t = tempDir();
  try {
    const p = join(t.dir, 'big.root');
    const f = new RootFile(p);
    f.writeHist(h);
    f.close();
    checkFileLevel(p);
    const fb = new FileBytes(p);
    const key = parseKey(fb, parseKeysList(fb).keys.find((k) => k.name === 'big')!.seekKey);
    const pl = recordPayload(fb, key);
    fb.close();
    assert.ok(key.objlen > 0xffffff);
    assert.equal(pl.blocks.length, 2);
    assert.deepEqual(
      pl.blocks.map((b) => b.usize),
      [0xffffff, key.objlen - 0xffffff],
    );
    const r = await (await openRoot(p)).readObject('big');
    assert.deepEqual(Array.from(r.fArray as ArrayLike<number>), Array.from(h.contents));
  } finally {
    t.done();
  }
});

const VEC: TableSchema = {
  name: 'v',
  title: 'vectors',
  className: 'VecRec',
  formatVersion: 1,
  columns: [
    { name: 'k', type: 'u32' },
    { name: 'noise', type: 'u8' },
    { name: 'xs', type: 'vec_f64' },
  ],
};

test('a basket above 16 MiB (one huge vector entry) in two blocks; incompressible baskets stored raw (pitfall 7)', async () => {
  const b = new TableBuilder(VEC);
  const huge = Float64Array.from({ length: 2200000 }, (_, i) => Math.floor(i / 3) * 0.5);
  let seed = 12345;
  for (let r = 0; r < 50000; r++) {
    b.addRow();
    b.u32(0)[r] = r;
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    b.u8(1)[r] = seed >>> 24; // random: does not compress
    if (r === 100) b.setVec(2, huge, 0, huge.length);
    else if (r % 7 !== 0) b.setVec(2, [r, r + 0.5], 0, 2); // every 7th row: empty vector
  }
  const batch = b.flush();
  const t = tempDir();
  try {
    const p = join(t.dir, 'vec.root');
    const f = new RootFile(p);
    f.fill(batch);
    f.close();
    checkFileLevel(p);
    const { lines } = await captureConsole(async () => {
      const jf = await openRoot(p);
      const tree = await jf.readObject('v');
      const s = checkTree(p, jf, tree, VEC);
      assert.equal(s.maxBlocks, 2);
      assert.ok(s.emptyVectors > 7000);
      const noise = tree.fBranches.arr[0].fBranches.arr[1];
      const fb = new FileBytes(p);
      for (let k = 0; k < noise.fWriteBasket; k++) {
        // compressed only if strictly smaller: random bytes are stored raw
        const key = parseKey(fb, noise.fBasketSeek[k]);
        assert.equal(key.nbytes - key.keylen, key.objlen, `noise basket ${k} stored raw`);
      }
      fb.close();
      const { cols } = await readTree(jf, VEC);
      assert.equal(firstDifference(cols, batch), null);
    });
    assert.deepEqual(lines, []);
  } finally {
    t.done();
  }
});

test('rootCompress: ZL blocks with little-endian sizes and a zlib wrapper, null when not smaller', () => {
  const data = new Uint8Array(100000).map((_, i) => i % 17);
  const z = rootCompress(data, 1, nodeDeflate)!;
  assert.deepEqual([z[0], z[1], z[2]], [0x5a, 0x4c, 8]);
  const zsize = z[3]! | (z[4]! << 8) | (z[5]! << 16);
  const usize = z[6]! | (z[7]! << 8) | (z[8]! << 16);
  assert.equal(zsize, z.length - 9);
  assert.equal(usize, data.length);
  assert.equal(z[9], 0x78, 'zlib header, not raw deflate');
  const random = new Uint8Array(5000);
  globalThis.crypto.getRandomValues(random);
  assert.equal(rootCompress(random, 1, nodeDeflate), null);
  assert.equal(rootCompress(data, 0, nodeDeflate), null);
});
