/**
 * The monitor's histograms filled from vmm-sdat's reference analysis of
 * example_xyu.pcapng (the demo's capture and parameters), checked bin by bin
 * against counts computed here directly from the reference CSV text, plus the
 * latest/total/time-series semantics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonitorFileSink, fileRates } from '../../src/monitor/file-panels.js';
import { binning } from '../../src/monitor/panels.js';
import { MonitorState } from '../../src/monitor/state.js';
import { RollingSeries } from '../../src/monitor/series.js';
import { referenceLines } from '../helpers/reference.js';
import { feedXyu } from './helpers.js';

const BIN = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });

/** Columns of a reference CSV as arrays of numbers, parsed independently of the table loader. */
function csvColumns(tree: string, names: string[]): Record<string, number[]> {
  const lines = referenceLines('run_xyu', tree)!;
  const header = lines[0]!.split(',');
  const idx = names.map((n) => header.indexOf(n));
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    names.forEach((n, k) => out[n]!.push(Number(cells[idx[k]!])));
  }
  return out;
}

const hits = csvColumns('hits', ['det', 'plane', 'pos', 'adc', 'time']);
const cd = csvColumns('clusters_detector', ['det', 'pos0', 'pos1', 'adc0', 'adc1', 'time0', 'time1', 'size0', 'size1', 'max_missing_strip0', 'span_cluster1']);
const cp = csvColumns('clusters_plane', ['det', 'plane']);

function filled(): MonitorFileSink {
  const s = new MonitorFileSink([0], BIN);
  feedXyu(s, 5000);
  return s;
}

test('hit strip and strip × ADC histograms equal the counts of the reference hits', () => {
  const r = filled().results[0]!;
  for (const p of [0, 1] as const) {
    const perStrip = new Float64Array(256);
    const map = new Float64Array(256 * 128);
    let n = 0;
    hits.plane!.forEach((pl, i) => {
      if (pl !== p || hits.det![i] !== 0) return;
      n++;
      const s = hits.pos![i]!;
      perStrip[s]!++;
      map[s * 128 + Math.floor(hits.adc![i]! / 8)]!++;
    });
    assert.ok(n > 19000, `plane ${p} has ${n} hits`);
    const h = r.panels.hitsPos[p];
    assert.equal(h.entries, n);
    for (let s = 0; s < 256; s++) assert.equal(h.get(s + 1), perStrip[s], `plane ${p} strip ${s}`);
    const m = r.panels.hitsAdc[p];
    for (let s = 0; s < 256; s++) for (let a = 0; a < 128; a++) assert.equal(m.get(s + 1, a + 1), map[s * 128 + a], `plane ${p} strip ${s} adc bin ${a}`);
    assert.equal(r.counts.hits[p], n);
  }
  const plane2 = hits.plane!.filter((p) => p === 2).length;
  assert.equal(r.counts.otherPlaneHits, plane2, 'u-plane hits are counted, not histogrammed');
});

test('cluster position, charge, image and statistics histograms equal the counts of the reference clusters', () => {
  const r = filled().results[0]!;
  const n = cd.det!.length;
  assert.equal(n, 6331);
  const pos0 = new Float64Array(256);
  const charge = new Float64Array(1000);
  const image = new Map<number, number>();
  const size0 = new Float64Array(32);
  const dtp = new Float64Array(101);
  let dtpOutside = 0;
  const mms0 = new Float64Array(6);
  const span1 = new Float64Array(51);
  for (let i = 0; i < n; i++) {
    pos0[Math.floor(cd.pos0![i]!)]!++;
    const q = cd.adc0![i]! + cd.adc1![i]!;
    if (q < 10000) charge[Math.floor(q / 10)]!++;
    const key = Math.floor(cd.pos0![i]!) * 256 + Math.floor(cd.pos1![i]!);
    image.set(key, (image.get(key) ?? 0) + 1);
    size0[cd.size0![i]! + 1]!++;
    const dt = cd.time1![i]! - cd.time0![i]!;
    if (dt >= -510 && dt < 500) dtp[Math.floor((dt + 510) / 10)]!++;
    else dtpOutside++;
    mms0[cd.max_missing_strip0![i]! + 1]!++;
    span1[Math.floor((cd.span_cluster1![i]! + 10) / 10)]!++;
  }
  const P = r.panels;
  for (let s = 0; s < 256; s++) assert.equal(P.clustersPos[0].get(s + 1), pos0[s], `pos0 bin ${s}`);
  for (let b = 0; b < 1000; b++) assert.equal(P.clustersCharge.get(b + 1), charge[b], `charge bin ${b}`);
  for (let x = 0; x < 256; x++) for (let y = 0; y < 256; y++) assert.equal(P.clustersImage.get(x + 1, y + 1), image.get(x * 256 + y) ?? 0);
  const S = r.stats;
  for (let b = 0; b < 32; b++) assert.equal(S.size[0].get(b + 1), size0[b], `size0 bin ${b}`);
  for (let b = 0; b < 101; b++) assert.equal(S.deltaTimePlanes.get(b + 1), dtp[b], `delta time bin ${b}`);
  assert.equal(S.deltaTimePlanes.get(0) + S.deltaTimePlanes.get(102), dtpOutside);
  for (let b = 0; b < 6; b++) assert.equal(S.maxMissingStrip[0].get(b + 1), mms0[b]);
  for (let b = 0; b < 51; b++) assert.equal(S.span[1].get(b + 1), span1[b]);
  assert.equal(S.sizeSum.entries, n);
});

test('per-file rates follow monitoring.md §4.1 (hit-rate span over both counted planes)', () => {
  const r = filled().results[0]!;
  const rates = fileRates(r.counts);
  let n = 0;
  let tmin = Infinity;
  let tmax = -Infinity;
  hits.plane!.forEach((p, i) => {
    if (p > 1) return;
    n++;
    tmin = Math.min(tmin, hits.time![i]!);
    tmax = Math.max(tmax, hits.time![i]!);
  });
  assert.ok(Math.abs(rates.hitRateKHz - (n * 1e6) / (tmax - tmin)) < 1e-9);
  const t0 = cd.time0!;
  const cspan = Math.max(...t0) - Math.min(...t0);
  assert.ok(Math.abs(rates.clusterRateKHz - (6331 * 1e6) / cspan) < 1e-9);
  const p0 = cp.plane!.filter((p) => p === 0).length;
  const p1 = cp.plane!.filter((p) => p === 1).length;
  assert.ok(Math.abs(rates.commonPercent[0] - (100 * 6331) / p0) < 1e-9);
  assert.ok(Math.abs(rates.commonPercent[1] - (100 * 6331) / p1) < 1e-9);
  assert.ok(rates.commonPercent[0] > 50 && rates.commonPercent[0] <= 100);
});

test('total after the same file twice is twice latest; reset clears totals and series, keeps latest', () => {
  const st = new MonitorState([0, 1], BIN, 3);
  for (let k = 0; k < 2; k++) {
    const s = st.beginFile();
    feedXyu(s, 7000);
    st.commitFile(s, { name: `f${k}`, t: k });
  }
  const d = st.detectors[0]!;
  const latest = st.latest(0)!;
  const pairs: [Float64Array, Float64Array][] = [
    ...d.total.all().map((h, i) => [h.contents, latest.panels.all()[i]!.contents] as [Float64Array, Float64Array]),
    ...d.totalStats.all().map((h, i) => [h.contents, latest.stats.all()[i]!.contents] as [Float64Array, Float64Array]),
  ];
  for (const [t, l] of pairs) for (let i = 0; i < t.length; i++) assert.equal(t[i], 2 * l[i]!);
  assert.equal(d.filesInTotal, 2);
  assert.equal(d.totalClusters, 2 * 6331);
  assert.equal(d.series.length, 2);
  // detector 1 does not exist in this capture: empty, zero rates, undefined common-cluster share
  const e = st.detectors[1]!;
  assert.equal(e.totalHits, 0);
  assert.deepEqual([e.lastRates!.hitRateKHz, e.lastRates!.clusterRateKHz], [0, 0]);
  assert.ok(Number.isNaN(e.lastRates!.commonPercent[0]));
  // a third and fourth file roll the 3-point window
  for (let k = 2; k < 4; k++) {
    const s = st.beginFile();
    feedXyu(s);
    st.commitFile(s, { name: `f${k}`, t: k });
  }
  assert.deepEqual([...d.series.toArrays().t], [1, 2, 3]);
  st.reset();
  assert.equal(d.total.hitsPos[0].entries, 0);
  assert.equal(d.totalStats.sizeSum.entries, 0);
  assert.equal(d.series.length, 0);
  assert.equal(st.latest(0)!.panels.hitsPos[0].entries, latest.panels.hitsPos[0].entries, 'latest survives a reset');
});

test('a staged file that is not committed changes nothing', () => {
  const st = new MonitorState([0], BIN);
  const s = st.beginFile();
  feedXyu(s);
  st.commitFile(s, { name: 'a', t: 1 });
  const before = st.detectors[0]!.total.hitsPos[0].entries;
  const staged = st.beginFile();
  assert.notEqual(staged, s, 'the latest sink is not reused for staging');
  feedXyu(staged);
  assert.equal(st.detectors[0]!.total.hitsPos[0].entries, before);
  assert.equal(st.latest(0)!.panels.hitsPos[0].entries, before);
});

test('rolling series keeps the newest points in order and NaN for missing values', () => {
  const r = new RollingSeries(['a', 'b'] as const, 3);
  for (let i = 0; i < 5; i++) r.push(i, { a: i * 10 });
  const x = r.toArrays();
  assert.deepEqual([...x.t], [2, 3, 4]);
  assert.deepEqual([...x.a], [20, 30, 40]);
  assert.ok(Number.isNaN(x.b[0]!));
  assert.equal(r.last('a'), 40);
});
