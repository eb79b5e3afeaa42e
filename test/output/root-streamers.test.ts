/**
 * The StreamerInfo data of the writer against the spec itself: Appendix A
 * (built-in classes) and Appendix B (record classes) are parsed out of
 * ../shared/spec/root-file.md and compared with `streamer-tables.ts` and with
 * the record classes generated from our tree schemas; checksums per §10.6.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN, classChecksum, recordClass, streamerClasses } from '../../src/output/root/streamer-info.js';
import { RBuffer } from '../../src/output/root/rbuffer.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../../src/table/trees.js';
import { SHARED } from '../helpers/reference.js';

const spec = readFileSync(join(SHARED, 'spec', 'root-file.md'), 'utf8');

function section(from: string, to: string): string {
  return spec.slice(spec.indexOf(from), spec.indexOf(to, spec.indexOf(from)));
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((s) => s.trim().replace(/`/g, '')),
    );
}

test('Appendix A: every built-in class, element and checksum equals the writer table', () => {
  const a = section('## Appendix A', '## Appendix B');
  const re = /\*\*(\S+)\*\* — class version (\d+), checksum (\d+), (\d+) elements/g;
  const heads = [...a.matchAll(re)];
  assert.equal(heads.length, 25);
  assert.equal(BUILTIN.size, 25);
  heads.forEach((m, i) => {
    const name = m[1]!;
    const c = BUILTIN.get(name);
    assert.ok(c, `class ${name} missing from the writer`);
    assert.equal(c.version, Number(m[2]), name);
    assert.equal(c.checksum, Number(m[3]), name);
    const body = a.slice(m.index, heads[i + 1]?.index ?? a.length);
    const rows = tableRows(body);
    assert.equal(rows.length, Number(m[4]), name);
    assert.equal(c.elements.length, rows.length, name);
    rows.forEach(([, kind, ename, type, size, typeName, extra], k) => {
      const e = c.elements[k]!;
      const where = `${name}.${ename}`;
      assert.deepEqual([e.kind, e.name, e.type, e.size, e.typeName], [kind, ename, Number(type), Number(size), typeName], where);
      if (kind === 'Base') assert.equal(extra, `fBaseVersion=${e.baseVersion}; fMaxIndex[1]=${e.baseChecksum}`, where);
      else if (kind === 'BasicPointer') assert.equal(extra, `count: ${e.countClass}::${e.countName} (class v${e.countVersion})`, where);
      else if (kind === 'STL') assert.equal(extra, `fSTLtype=${e.stlType}, fCtype=${e.ctype}`, where);
      else assert.equal(extra, '', where);
    });
  });
});

test('class checksum algorithm reproduces the checksums ROOT stored', () => {
  // TTree, TBranch and TH1 differ because ROOT also hashes the "[count]" ranges of
  // their member comments, which the file does not carry; TSeqCollection/THashList
  // are version-0 collection classes. The writer uses the stored values for all built-ins.
  const notDerivable = new Set(['TTree', 'TBranch', 'TH1', 'TSeqCollection', 'THashList']);
  for (const c of BUILTIN.values()) {
    if (notDerivable.has(c.name)) continue;
    assert.equal(classChecksum(c.name, c.elements), c.checksum, c.name);
  }
  assert.equal(recordClass(HITS).checksum, 1442073248);
  assert.equal(recordClass(CLUSTERS_PLANE).checksum, 4145455351);
  assert.equal(recordClass(CLUSTERS_DETECTOR).checksum, 536431535);
  const rec = recordClass({ name: 't', title: 't', className: 'Rec', formatVersion: 1, columns: [{ name: 'x', type: 'f64' }, { name: 'n', type: 'u16' }] });
  assert.equal(rec.checksum, 4143839250);
});

test('Appendix B: record classes generated from the tree schemas match member by member', () => {
  const b = section('## Appendix B', '## Appendix C');
  for (const schema of [HITS, CLUSTERS_PLANE, CLUSTERS_DETECTOR]) {
    const head = new RegExp(`\\*\\*${schema.className}\\*\\*: (\\d+) members, checksum (\\d+)`).exec(b);
    assert.ok(head, schema.className);
    const next = b.indexOf('**', head.index + head[0].length);
    const rows = tableRows(b.slice(head.index, next < 0 ? b.length : next));
    const rc = recordClass(schema);
    assert.equal(rc.elements.length, Number(head[1]));
    assert.equal(rows.length, rc.elements.length, `${schema.className}: rows parsed from the spec`);
    assert.equal(rc.checksum, Number(head[2]));
    rows.forEach(([index, member, element, type, size, typeName], k) => {
      const e = rc.elements[k]!;
      assert.equal(Number(index), k);
      assert.equal(e.name, member);
      assert.equal(`TStreamer${e.kind}`, element!.split(' ')[0]);
      assert.deepEqual([e.type, e.size, e.typeName], [Number(type), Number(size), typeName], `${schema.className}.${member}`);
    });
  }
});

test('StreamerInfo list: §10.4 groups and order', () => {
  const names = (hasT: boolean, hasH: boolean): string[] => streamerClasses(hasT, hasH, hasT ? [recordClass(HITS)] : []).map((c) => c.name);
  assert.deepEqual(names(false, false), ['TNamed', 'TObject']);
  const t = names(true, false);
  assert.equal(t.length, 19);
  assert.deepEqual(t.slice(0, 3), ['TNamed', 'TObject', 'TList']);
  assert.equal(t.at(-1), 'Hit');
  assert.ok(t.includes('ROOT::TIOFeatures')); // pitfall 22
  const th = names(true, true);
  assert.deepEqual(th.slice(18, 25), ['THashList', 'TH1D', 'TH1', 'TAxis', 'TAttAxis', 'TH2D', 'TH2']);
});

test('TObject with kIsReferenced is refused (pitfall 20)', () => {
  const b = new RBuffer();
  assert.throws(() => b.tobject(0x03000010), /kIsReferenced/);
  b.tobject(0x03000000);
  assert.equal(b.pos, 10);
});
