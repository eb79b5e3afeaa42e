/**
 * Strip plane clustering (analysis.md §10–§11) on small hand-made hit lists, run
 * through the whole analysis: the §18.1 worked example with every listed field (algo
 * 0/2/3/4/6/7 and the last-bit time note), time gaps of exactly dt, strip gaps of
 * exactly -mst, spans of exactly -spc, size limits, the over-threshold accumulator
 * leakage of algo 2/3, algo 4's previous-ADC rule, uTPC tie rules, algo 5 (NIP) and
 * the event counter of the closing element. Expected values are worked out in comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, exactTime, hit, marker, options, payload, runPayloads, saveAll, stripEntry, xyDetector, type Row,
} from '../helpers/analysis-harness.js';
import type { SrsWord } from '../../src/readout/srs/encoder.js';

/** §18.1 capture: packet 1 (5 over-threshold hits), packet 2 (late hits, offset 31 and 16). */
function example181(): Uint8Array[] {
  const h = (vmm: number, ch: number, adc: number, tdc: number, bcid: number, offset = 0) => hit({ vmm, ch, adc, tdc, bcid, offset, ov: true });
  return [
    payload(1, [
      marker(0, 1000), marker(1, 1000),
      h(0, 10, 300, 100, 100), h(0, 11, 500, 120, 100), h(0, 12, 200, 90, 101),
      h(1, 20, 450, 110, 100), h(1, 21, 520, 80, 100),
    ]),
    payload(1, [
      marker(0, 71000), marker(1, 71000),
      h(0, 30, 400, 50, 10), // srs 1775000, time 1775275.74: beyond the final boundary + dt
      h(1, 40, 400, 50, 10, 31), // srs 1672600, time 1672875.74: clustered, unmatched
      h(1, 41, 400, 50, 10, 16), // offset 16: dropped without id
    ], 2),
  ];
}

async function run181(algo: number): Promise<{ plane: Row[]; detector: Row[]; hits: Row[] }> {
  return runPayloads(options(xyDetector(1), [...saveAll(1), '-algo', String(algo)]), example181());
}

test('§18.1 worked example: hits, plane clusters, detector cluster (algo 0)', async () => {
  const { hits, plane, detector } = await run181(0);
  // hit ids 1…7, the offset-16 hit has none
  assert.deepEqual(hits.map((h) => [h['id'], h['ch']]), [[1, 10], [2, 11], [3, 12], [4, 20], [5, 21], [6, 30], [7, 40]]);
  assert.deepEqual(hits.slice(0, 5).map((h) => h['time']), [27513.970588235294, 27509.264705882353, 27541.323529411766, 27511.617647058825, 27518.676470588234]);
  // final flush: plane 0 chunk = packet-1 hits (cluster 1); plane 1 = packet-1 hits and the offset-31 hit (clusters 2, 3)
  assert.deepEqual(plane.map((c) => [c['id'], c['plane'], c['plane_coincidence']]), [[1, 0, 1], [2, 1, 1], [3, 1, 0]]);
  const p0 = plane[0]!;
  assert.deepEqual(
    ['det', 'size', 'adc', 'pos', 'time', 'pos_charge2', 'time_charge2', 'pos_utpc', 'time_utpc', 'span_cluster', 'max_missing_strip', 'max_delta_time', 'pos_algo', 'time_algo', 'event_counter'].map((k) => p0[k]),
    [1, 3, 1000, 10.9, 27517.088235294115, 10.868421052631579, 27513.753869969038, 12, 27541.323529411766, 32, 0, 27, 0, 0, 1],
  );
  assert.deepEqual(p0['strips'], [10, 11, 12]);
  assert.deepEqual(p0['adcs'], [300, 500, 200]); // without bit 15
  assert.deepEqual(p0['times'], [27513.970588235294, 27509.264705882353, 27541.323529411766]);
  const p1 = plane[1]!;
  assert.deepEqual(
    ['size', 'adc', 'pos', 'time', 'pos_charge2', 'time_charge2', 'pos_utpc', 'time_utpc', 'max_delta_time', 'span_cluster'].map((k) => p1[k]),
    [2, 970, 20.536082474226806, 27515.401758641605, 20.571791076337494, 27515.653819362386, 21, 27518.676470588234, 7, 7],
  );
  const p2 = plane[2]!;
  assert.deepEqual([p2['size'], p2['adc'], p2['pos'], p2['strips']], [1, 400, 40, [40]]);
  // single-strip cluster: time = (t·400)/400 of the offset-31 hit (srs 1672600 + chip 275.735…)
  assert.equal(hits[6]!['readout_time'], 1672600);
  assert.equal(p2['time'], ((hits[6]!['time'] as number) * 400) / 400);
  assert.ok(Math.abs((p2['time'] as number) - 1672875.7352941176) < 1e-6);
  // detector cluster 1
  assert.equal(detector.length, 1);
  const d = detector[0]!;
  assert.deepEqual(
    ['id', 'det', 'id0', 'id1', 'id2', 'size0', 'size1', 'size2', 'adc0', 'adc1', 'adc2', 'event_counter'].map((k) => d[k]),
    [1, 1, 1, 2, 0, 3, 2, 0, 1000, 970, 0, 1],
  );
  assert.equal(d['delta_plane_0_1'], -1.6864766525104642);
  assert.equal(d['delta_plane_1_2'], -27515.401758641605);
  assert.equal(d['delta_plane_0_2'], -27517.088235294115);
  assert.equal(d['dt0'], 27517.088235294115);
  assert.equal(d['dt1'], 27515.401758641605);
  assert.equal(d['dt2'], 0);
  assert.deepEqual([d['pos0'], d['time0'], d['pos1'], d['time1'], d['pos0_utpc'], d['time1_utpc']], [10.9, 27517.088235294115, 20.536082474226806, 27515.401758641605, 12, 27518.676470588234]);
  assert.deepEqual([d['strips0'], d['strips1'], d['strips2']], [[10, 11, 12], [20, 21], []]);
  assert.deepEqual([d['span_cluster0'], d['max_delta_time0'], d['max_missing_strip1']], [32, 27, 0]);
});

test('§18.1 worked example: algo 2/3 raw sums for the last cluster, algo 4, 6, 7', async () => {
  const expect: Record<number, [number, number]> = {
    2: [10900, 27517088.235294115],
    3: [4130000, 10455226470.588234],
    4: [11, 27509.264705882353],
    6: [11.137931034482758, 27513.686612576064],
    7: [11.285714285714286, 27518.4243697479],
  };
  for (const algo of [2, 3, 4, 6, 7]) {
    const { plane, detector } = await run181(algo);
    assert.deepEqual([plane[0]!['pos_algo'], plane[0]!['time_algo']], expect[algo], `algo ${algo}`);
    assert.deepEqual([detector[0]!['pos0_algo'], detector[0]!['time0_algo']], expect[algo], `algo ${algo} detector`);
  }
  // other algo values give 0 (10 and negative; 8 and 9 are the two c56141b algorithms, issue 6)
  for (const algo of [10, 11, -1]) {
    const { plane } = await run181(algo);
    assert.deepEqual([plane[0]!['pos_algo'], plane[0]!['time_algo']], [0, 0], `algo ${algo}`);
  }
});

test('§18.1 note: a single-strip cluster time is (t·a)/a (27511.617647058825 → 27511.617647058829)', async () => {
  const { plane } = await runPayloads(options([stripEntry(1, 1, 1, 1)], saveAll(1)), [
    payload(1, [marker(1, 1000), hit({ vmm: 1, ch: 20, adc: 450, tdc: 110, bcid: 100, ov: true })]),
    closer(1, 1, 60),
  ]);
  assert.equal(plane.length, 1);
  assert.equal(plane[0]!['time'], 27511.617647058829);
  assert.deepEqual(plane[0]!['times'], [27511.617647058825]);
});

/** 1D detector (plane 0 = FEC 1 VMM 0) for plane-cluster experiments. */
async function plane0(hits: ReturnType<typeof exactHit>[], args: string[] = []): Promise<Row[]> {
  const { plane } = await runPayloads(options([stripEntry(1, 0, 1, 0)], [...saveAll(1), ...args]), [
    payload(1, [marker(0, 1000), ...hits]),
    closer(1, 0, 63),
  ]);
  return plane;
}

test('§10 time clustering: a gap of exactly dt joins, dt + 25 splits; max_delta_time of the time cluster', async () => {
  // times exact: 25037.5 + 25·bcid. Strips 1, 2, 3 at bcid 0, 8, 17: gaps 200 (= dt) and 225 (> dt)
  const pl = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 8), exactHit(0, 3, 100, 17)]);
  assert.deepEqual(pl.map((c) => c['strips']), [[1, 2], [3]]);
  assert.deepEqual(pl.map((c) => c['max_delta_time']), [200, 0]);
  // with -dt 225 all in one time cluster (and one plane cluster: span 425 ≤ 500)
  const all = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 8), exactHit(0, 3, 100, 17)], ['-dt', '225']);
  assert.deepEqual(all.map((c) => [c['strips'], c['max_delta_time'], c['span_cluster']]), [[[1, 2, 3], 225, 425]]);
  // max_delta_time is that of the whole time cluster, also for a plane cluster that does not contain the gap
  const split = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 1), exactHit(0, 9, 100, 5)]);
  assert.deepEqual(split.map((c) => [c['strips'], c['max_delta_time']]), [[[1, 2], 100], [[9], 100]]);
});

test('§11.2 strip gaps: gap = |s − prev| − 1 joins when ≤ -mst; max_missing_strip', async () => {
  // default mst 1: strips 10, 12 (gap 1) join, 15 (gap 2) splits
  const a = await plane0([exactHit(0, 10, 100, 0), exactHit(0, 12, 100, 0), exactHit(0, 15, 100, 0)]);
  assert.deepEqual(a.map((c) => [c['strips'], c['max_missing_strip']]), [[[10, 12], 1], [[15], 0]]);
  // -mst 0: 10, 11 join, 13 splits
  const b = await plane0([exactHit(0, 10, 100, 0), exactHit(0, 11, 100, 0), exactHit(0, 13, 100, 0)], ['-mst', '0']);
  assert.deepEqual(b.map((c) => c['strips']), [[10, 11], [13]]);
  // -mst 2: gaps 2 and 1 → one cluster, max missing 2
  const c = await plane0([exactHit(0, 10, 100, 0), exactHit(0, 13, 100, 0), exactHit(0, 15, 100, 0)], ['-mst', '2']);
  assert.deepEqual(c.map((x) => [x['strips'], x['max_missing_strip']]), [[[10, 13, 15], 2]]);
  // the same strip twice: gap −1 joins (strip order, times descending for equal strips)
  const d = await plane0([exactHit(0, 10, 100, 0), exactHit(0, 10, 200, 2)], ['-mst', '0']);
  assert.deepEqual(d.map((x) => [x['strips'], x['times']]), [[[10, 10], [exactTime(2), exactTime(0)]]]);
});

test('§11.2 spans: t − start ≤ spc and largest − t ≤ spc, exactly spc joins', async () => {
  const args = ['-dt', '1000', '-spc', '100'];
  // strips 1 (t0), 2 (t0+100): span exactly 100 joins; 3 (t0+125): t − start = 125 > 100 → new cluster
  const a = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 4), exactHit(0, 3, 100, 5)], args);
  assert.deepEqual(a.map((c) => [c['strips'], c['span_cluster']]), [[[1, 2], 100], [[3], 0]]);
  // times falling in strip order: 1 (t0+100), 2 (t0): largest − t = 100 joins; 3 (t0−… not possible) → use 3 at t0+200: t − start = 200 splits
  const b = await plane0([exactHit(0, 1, 100, 4), exactHit(0, 2, 100, 0), exactHit(0, 3, 100, 8)], args);
  assert.deepEqual(b.map((c) => [c['strips'], c['span_cluster']]), [[[1, 2], 100], [[3], 0]]);
  // largest − t: 1 (t0+125), 2 (t0+100), 3 (t0): 125 − 0 > 100 → split before 3
  const c = await plane0([exactHit(0, 1, 100, 5), exactHit(0, 2, 100, 4), exactHit(0, 3, 100, 0)], args);
  // (clusters_plane lists the match list, sorted by cluster time: [3] at t0 comes first)
  assert.deepEqual(c.map((x) => [x['strips'], x['span_cluster']]), [[[3], 0], [[1, 2], 25]]);
});

test('§11.2 size limits: clusters below -cs and clusters with ADC sum 0 are discarded', async () => {
  const a = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 0), exactHit(0, 5, 100, 0), exactHit(0, 9, 50, 0), exactHit(0, 10, 60, 0), exactHit(0, 11, 70, 0)], ['-cs', '3']);
  assert.deepEqual(a.map((c) => c['strips']), [[9, 10, 11]]);
  // ADC 0 hits (TDC ≠ 0 so they pass the filter) make a cluster with A = 0 → dropped
  const b = await plane0([hit({ vmm: 0, ch: 3, adc: 0, tdc: 5, bcid: 0 }), hit({ vmm: 0, ch: 4, adc: 0, tdc: 5, bcid: 0 })]);
  assert.deepEqual(b, []);
  // ids stay consecutive over emitted clusters only
  assert.deepEqual(a.map((c) => c['id']), [1]);
});

test('§11.3 ADC sum is u16 (wraps above 65535)', async () => {
  // 128 strips of ADC 1000 on two VMMs of one plane: Σ = 128000 → 128000 − 65536 = 62464
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 0, 1, 1, Array.from({ length: 64 }, (_, c) => 64 + c))];
  const words: SrsWord[] = [marker(0, 1000), marker(1, 1000)];
  for (let c = 0; c < 64; c++) words.push(exactHit(0, c, 1000, 0), exactHit(1, c, 1000, 0));
  const { plane } = await runPayloads(options(geo, saveAll(1)), [payload(1, words), closer(1, 0, 0)]);
  assert.equal(plane.length, 1);
  assert.deepEqual([plane[0]!['size'], plane[0]!['adc'], plane[0]!['pos']], [128, 62464, 63.5]);
});

test('§11.2 step 6 / §11.4 over-threshold accumulators leak across clusters (algo 2 and 3)', async () => {
  // one time cluster (all at the same time t = 27537.5), strip order:
  //   A = 1 (100, ov), 2 (300, ov) | B = 5 (200), 6 (100) | C = 9 (500, ov)
  // A closed by strip 5 → normalised: oSA = 700/400 = 1.75, oTA = t, oSA2 = 190000/100000 = 1.9, oTA2 = t
  // B restarts without ov → accumulators keep A's normalised values; B closed by strip 9 →
  //   divided again: oSA = 1.75/400 = 0.004375, oTA = t/400, oSA2 = 1.9/100000, oTA2 = t/100000
  // C restarts with ov → accumulators = C's values; last cluster: raw sums 9·500 = 4500, t·500,
  //   9·500·500 = 2250000, t·500·500
  const t = exactTime(100);
  const hits = [exactHit(0, 1, 100, 100, true), exactHit(0, 2, 300, 100, true), exactHit(0, 5, 200, 100), exactHit(0, 6, 100, 100), exactHit(0, 9, 500, 100, true)];
  const a2 = await plane0(hits, ['-algo', '2']);
  assert.deepEqual(a2.map((c) => c['strips']), [[1, 2], [5, 6], [9]]);
  assert.deepEqual(a2.map((c) => [c['pos_algo'], c['time_algo']]), [[1.75, t], [1.75 / 400, t / 400], [4500, t * 500]]);
  const a3 = await plane0(hits, ['-algo', '3']);
  assert.deepEqual(a3.map((c) => [c['pos_algo'], c['time_algo']]), [[1.9, t], [1.9 / 100000, t / 100000], [2250000, t * 500 * 500]]);
  // the plain centre of gravity is unaffected
  assert.deepEqual(a2.map((c) => c['pos']), [1.75, (5 * 200 + 6 * 100) / 300, 9]);
});

test('§11.2 / §11.4 algo 4: best strip compares with the previous element ADC, not the maximum', async () => {
  // strips 1 (500, t+0), 2 (100, t+25), 3 (200, t+50): 500 > 0 → 1; 100 > 500 no; 200 > 100 → 3
  const pl = await plane0([exactHit(0, 1, 500, 0), exactHit(0, 2, 100, 1), exactHit(0, 3, 200, 2)], ['-algo', '4']);
  assert.deepEqual([pl[0]!['pos_algo'], pl[0]!['time_algo']], [3, exactTime(2)]);
});

test('§11.5 uTPC: largest time, ties between several strips, algo 6/7 neighbours', async () => {
  const T = (b: number) => exactTime(b);
  // single latest strip: strips 1..3 at bcid 0, 5, 1 → k = 1 (strip 2)
  const a = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 200, 5), exactHit(0, 3, 300, 1)], ['-algo', '7']);
  assert.deepEqual([a[0]!['pos_utpc'], a[0]!['time_utpc']], [2, T(5)]);
  // algo 7 around k: (1·100 + 2·200 + 3·300)/600
  assert.deepEqual([a[0]!['pos_algo'], a[0]!['time_algo']], [1400 / 600, (T(0) * 100 + T(5) * 200 + T(1) * 300) / 600]);
  // equal latest times at idx 1 and 3 of 5 strips: l = 1, r = 5 − 1 − 3 = 1 → equal → ADC decides
  const five = (a1: number, a3: number) => [exactHit(0, 1, 100, 0), exactHit(0, 2, a1, 5), exactHit(0, 3, 100, 0), exactHit(0, 4, a3, 5), exactHit(0, 5, 100, 0)];
  assert.equal((await plane0(five(300, 200)))[0]!['pos_utpc'], 2); // Aw[idxL] > Aw[idxR] → idxL
  assert.equal((await plane0(five(200, 300)))[0]!['pos_utpc'], 4); // otherwise idxR
  assert.equal((await plane0(five(250, 250)))[0]!['pos_utpc'], 4); // tie → idxR
  // r < l → idxR: latest at idx 2 and 3 of 4 strips: l = 2, r = 0
  const b = await plane0([exactHit(0, 1, 100, 0), exactHit(0, 2, 100, 0), exactHit(0, 3, 900, 5), exactHit(0, 4, 100, 5)]);
  assert.equal(b[0]!['pos_utpc'], 4);
  // r > l → idxL: latest at idx 0 and 1 of 4 strips: l = 0, r = 2
  const c = await plane0([exactHit(0, 1, 100, 5), exactHit(0, 2, 900, 5), exactHit(0, 3, 100, 0), exactHit(0, 4, 100, 0)], ['-algo', '6']);
  assert.equal(c[0]!['pos_utpc'], 1);
  // algo 6 at k = 0: element k−1 is all 0 → (1·100² + 2·900²)/(100² + 900²)
  assert.equal(c[0]!['pos_algo'], (1 * 100 * 100 + 2 * 900 * 900) / (100 * 100 + 900 * 900));
  assert.equal(c[0]!['time_algo'], (T(5) * 100 * 100 + T(5) * 900 * 900) / (100 * 100 + 900 * 900));
});

test('§11.2 / §11.4 algo 5 (NIP): plane 2 ignores strip gaps and gets Σ 2^strip; planes 0/1 do not', async () => {
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 2, 1, 2)];
  const words = [
    marker(0, 1000), marker(2, 1000),
    exactHit(0, 1, 100, 0), exactHit(0, 5, 100, 0), // plane 0: gap 3 > 1 → two clusters, time_algo 0
    exactHit(2, 0, 100, 0), exactHit(2, 5, 100, 1), exactHit(2, 5, 100, 2), // plane 2: one cluster, strip 5 twice
  ];
  const { plane } = await runPayloads(options(geo, [...saveAll(1), '-algo', '5']), [payload(1, words), closer(1, 0, 63)]);
  const p2 = plane.filter((c) => c['plane'] === 2);
  assert.deepEqual(p2.map((c) => [c['strips'], c['pos_algo'], c['time_algo']]), [[[0, 5, 5], 0, 1 + 32 + 32]]);
  const p0 = plane.filter((c) => c['plane'] === 0);
  assert.deepEqual(p0.map((c) => [c['strips'], c['time_algo']]), [[[1], 0], [[5], 0]]);
  // without algo 5 plane 2 is split at the gap
  const { plane: q } = await runPayloads(options(geo, saveAll(1)), [payload(1, words), closer(1, 0, 63)]);
  assert.deepEqual(q.filter((c) => c['plane'] === 2).map((c) => c['strips']), [[0], [5, 5]]);
});

test('§11.3 event_counter: that of the element that closed the cluster, or of the last element', async () => {
  // TRG: VMM 0 trigger counter 5 (→ 6), VMM 1 counter 9 (→ 10); strips 62, 63 on VMM 0, 64+2 = 66 on VMM 1
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 0, 1, 1, Array.from({ length: 64 }, (_, c) => 64 + c))];
  const trg = (vmm: number, counter: number) => [marker(16 + vmm, 0xf0000000 * 1024 + counter), marker(16 + vmm, 1024 * 1024), marker(vmm, 10)];
  const words = [...trg(0, 5), ...trg(1, 9), exactHit(0, 62, 100, 0), exactHit(0, 63, 100, 0), exactHit(1, 2, 100, 0)];
  // closing hit: a later trigger time on VMM 0 (relative markers stay < 4096)
  const close = payload(1, [marker(16, 1024 * 1024 * 1024), marker(0, 10), hit({ vmm: 0, ch: 1, adc: 10, tdc: 0, bcid: 4000 })], 2);
  const { plane, hits } = await runPayloads(options(geo, [...saveAll(1), '-df', 'TRG']), [payload(1, words), close]);
  assert.deepEqual(hits.slice(0, 3).map((h) => h['event_counter']), [6, 6, 10]);
  assert.deepEqual(plane.map((c) => [c['strips'], c['event_counter']]), [[[62, 63], 10], [[66], 10]]);
});

test('§11.6 algo 1: Gaussian fit position (n ≥ 3), centre of gravity for n ≤ 2, time_algo = TA/A', async () => {
  // ADC = round(1000·exp(−½((s − 12.3)/1.2)²)) on strips 10…14 → 159, 556, 969, 844, 367.
  // Centre of gravity 35444/2895 = 12.243…; the least-squares Gaussian centre is ≈ 12.3
  const adcs = [159, 556, 969, 844, 367];
  const pl = await plane0(adcs.map((a, i) => exactHit(0, 10 + i, a, i)).concat([exactHit(0, 40, 300, 0), exactHit(0, 41, 100, 1)]), ['-algo', '1']);
  const g = pl.find((c) => (c['strips'] as number[]).length === 5)!;
  assert.equal(g['pos'], 35444 / 2895);
  assert.ok(Math.abs((g['pos_algo'] as number) - 12.3) < 0.01, `fit ${g['pos_algo']}`);
  assert.equal(g['time_algo'], g['time']);
  // two strips: no fit, pos_algo = centre of gravity
  const two = pl.find((c) => (c['strips'] as number[]).length === 2)!;
  assert.deepEqual([two['pos_algo'], two['time_algo']], [(40 * 300 + 41 * 100) / 400, two['time']]);
});

test('algo 8 = c56141b algo 6 (formats.md §6.5): straight-line fit, pos_utpc = deviation', async () => {
  const { lineFit } = await import('../../src/cluster/strip-clustering.js');
  // §5.4/§6.5 example: strips 23, 24 with times t and t + 175 → slope 175, offset −4025, ×0.009
  const r = lineFit(Float64Array.of(23, 24), Float64Array.of(172420924.32352942, 172421099.32352942), 0, 2);
  assert.ok(Math.abs(r.slope - 1.575) < 1e-9, String(r.slope));
  assert.ok(Math.abs(r.offset - -36.224999999999994) < 1e-9, String(r.offset));
  assert.ok(r.deviation < 1e-12, 'both points lie on the line');
  // one strip: the −99999 markers and deviation 0
  assert.deepEqual(lineFit(Float64Array.of(5), Float64Array.of(1), 0, 1), { slope: -99999, offset: -99999, deviation: 0 });
  // |D| ≤ 1e-7 (all strips equal): both keep −99999, then scaled
  const e = lineFit(Float64Array.of(7, 7, 7), Float64Array.of(0, 10, 20), 0, 3);
  assert.ok(Math.abs(e.slope - -899.991) < 1e-9 && Math.abs(e.offset - -899.991) < 1e-9);
  // through the clusterer on the §18.1 example: pos_utpc is overwritten by the deviation
  const { plane } = await run181(8);
  const strips = [10, 11, 12];
  const times = [27513.970588235294, 27509.264705882353, 27541.323529411766];
  const f = lineFit(Float64Array.from(strips), Float64Array.from(times), 0, 3);
  assert.deepEqual([plane[0]!['pos_algo'], plane[0]!['time_algo'], plane[0]!['pos_utpc']], [f.slope, f.offset, f.deviation]);
});

test('algo 1 Gaussian fit: exact three-point fits, and a maximum beyond the edge ends on the μ bound', async () => {
  const { gaussFitPosition } = await import('../../src/cluster/gauss-fit.js');
  // an exact Gaussian through three strips: A 500, μ 10.3, σ 0.9
  const g = (x: number): number => 500 * Math.exp(-0.5 * ((x - 10.3) / 0.9) ** 2);
  const x = Float64Array.of(9, 10, 11, 12);
  const y = Float64Array.from(x, g);
  assert.ok(Math.abs(gaussFitPosition(x, y, 0, 4, 10.2) - 10.3) < 1e-6);
  // monotonic charges (maximum at the first strip): χ² falls towards μ < xmin, so μ stays on its bound xmin
  assert.equal(gaussFitPosition(Float64Array.of(100, 101, 102), Float64Array.of(686, 292, 64), 0, 3, 100.403), 100);
  assert.equal(gaussFitPosition(Float64Array.of(125, 126, 127), Float64Array.of(52, 165, 398), 0, 3, 126.56), 127);
  // n ≤ 2: the centre of gravity
  assert.equal(gaussFitPosition(Float64Array.of(1, 2), Float64Array.of(5, 6), 0, 2, 1.55), 1.55);
});
