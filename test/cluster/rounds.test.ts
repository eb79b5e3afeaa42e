/**
 * Rounds (analysis.md §8.3, §9): when buffered hits are clustered, which hits and
 * plane clusters each round takes, the final flush and its losses, the round
 * boundary with a silent FEC first or last in the FEC list, the early return of the
 * detector step (§9.2) with leftovers kept for the next round, and the save code's
 * effect on trees and clustering (§2.4, §14.1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, exactTime, hit, marker, options, payload, runPayloads, saveAll, stripEntry, xyDetector, type Row,
} from '../helpers/analysis-harness.js';

/**
 * §9.5: three packets with markers for VMM 0 and 1 at 1000, 80000, 150000 and one hit
 * per plane each (ch 10/20, 30/31, 50/51; BCID 100; TDC 100 on plane 0, 110 on plane 1
 * → chip times 2513.97 / 2511.62). ADC 300 everywhere.
 */
function example95(): Uint8Array[] {
  const pk = (frame: number, ts: number, c0: number, c1: number) =>
    payload(1, [marker(0, ts), marker(1, ts), hit({ vmm: 0, ch: c0, adc: 300, tdc: 100, bcid: 100 }), hit({ vmm: 1, ch: c1, adc: 300, tdc: 110, bcid: 100 })], frame);
  return [pk(1, 1000, 10, 20), pk(2, 80000, 30, 31), pk(3, 150000, 50, 51)];
}

const ids = (rows: Row[], ...keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

test('§9.5 worked chunking example: packet-1 hits in the round of packet 3, packet-2 hits at the end, packet-3 hits never', async () => {
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), example95());
  assert.equal(r.hits.length, 6);
  const c0 = 100 * 25 + (37.5 - (100 * 60) / 255); // 2513.97
  const c1 = 100 * 25 + (37.5 - (110 * 60) / 255); // 2511.62
  assert.deepEqual(r.hits.map((h) => h['time']), [25000 + c0, 25000 + c1, 2000000 + c0, 2000000 + c1, 3750000 + c0, 3750000 + c1]);
  // round at packet 3 (boundary 2000000): packet-1 hits → plane clusters 1 (plane 0), 2 (plane 1) → detector cluster 1
  // final flush (tsEnd 3750000): packet-2 hits → 3, 4 → detector cluster 2
  assert.deepEqual(ids(r.plane, 'id', 'plane', 'strips', 'plane_coincidence'), [[1, 0, [10], 1], [2, 1, [20], 1], [3, 0, [30], 1], [4, 1, [31], 1]]);
  assert.deepEqual(ids(r.detector, 'id', 'id0', 'id1'), [[1, 1, 2], [2, 3, 4]]);
  assert.equal(r.detector[1]!['dt0'], 1974999.9999999998);
  assert.equal(r.detector[0]!['dt0'], 27513.970588235294);
  // single-strip cluster times (t·300)/300: the values of the spec's dt0 example
  assert.equal(r.plane[0]!['time'], 27513.970588235294);
  assert.equal(r.plane[2]!['time'], 2002513.970588235);
});

test('§8.3 a silent FEC last in the FEC list blocks every intermediate round; first in the list it is harmless', async () => {
  // det 1 also maps FEC 2 / VMM 5 (which never sends data)
  const silentLast = [...xyDetector(1), stripEntry(1, 0, 2, 5)];
  const last = await runPayloads(options(silentLast, saveAll(1)), example95());
  assert.deepEqual(last.analysis.options.geometry.fecs, [1, 2]);
  // boundary always 0 → everything clustered in the final flush: plane 0 gets ids 1, 2, plane 1 gets 3, 4
  assert.deepEqual(ids(last.plane, 'id', 'plane', 'strips'), [[1, 0, [10]], [2, 0, [30]], [3, 1, [20]], [4, 1, [31]]]);
  assert.deepEqual(ids(last.detector, 'id', 'id0', 'id1'), [[1, 1, 3], [2, 2, 4]]);
  assert.equal(last.detector[1]!['dt0'], 1974999.9999999998);
  // silent FEC first: 0 resets ts, the next FEC restarts the minimum → same as §9.5
  const silentFirst = [stripEntry(1, 0, 2, 5), ...xyDetector(1)];
  const first = await runPayloads(options(silentFirst, saveAll(1)), example95());
  assert.deepEqual(first.analysis.options.geometry.fecs, [2, 1]);
  assert.deepEqual(ids(first.plane, 'id', 'plane', 'strips'), [[1, 0, [10]], [2, 1, [20]], [3, 0, [30]], [4, 1, [31]]]);
});

test('§8.3 round boundary = minimum of oldTS over the FEC list (a FEC with oldTS 0 restarts it)', async () => {
  // det 1 plane 0 on FEC 1, plane 1 on FEC 2 (FEC list [1, 2])
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 2, 0)];
  const h = (ch: number, bcid = 100, tdc = 100) => hit({ vmm: 0, ch, adc: 300, tdc, bcid });
  const r = await runPayloads(options(geo, saveAll(1)), [
    payload(1, [marker(0, 1000), h(10)], 1), // FEC 1 srs 25000 (not new data: oldTS(1) stays 0)
    payload(2, [marker(0, 1000), h(20)], 1), // FEC 2 srs 25000
    payload(2, [marker(0, 68000), h(31)], 2), // FEC 2 srs 1700000: new data, ts = 0 → no round; oldTS(2) = 1700000
    // FEC 1 srs 2000000, hit time 2000000 − 22.5: new data, ts: FEC 1 → 0, FEC 2 restarts → 1700000 → round
    // with boundary 1700000 (not 2000000): plane 0 takes ch 10 only (id 1), plane 1 ch 20 (id 2)
    payload(1, [marker(0, 80000), h(30, 0, 255)], 2),
    // FEC 1 srs 3750000: ts = min(2000000, 1700000) = 1700000 = lowest → no round
    payload(1, [marker(0, 150000), h(50)], 3),
  ]);
  // final flush (tsEnd 3750000): ch 30 (id 3) and ch 31 (id 4), 297 µs apart → unmatched
  assert.deepEqual(ids(r.plane, 'id', 'plane', 'strips', 'plane_coincidence'), [[1, 0, [10], 1], [2, 1, [20], 1], [3, 0, [30], 0], [4, 1, [31], 0]]);
  assert.deepEqual(ids(r.detector, 'id', 'id0', 'id1'), [[1, 1, 2]]);
});

test('§9.2 early return: a plane with nothing to choose keeps earlier planes\' choices for the next step', async () => {
  // -dt 10: the plane-1 cluster lies 87.5 ns after the boundary (not chained), the plane-0 one 22.5 ns before.
  // packet 1 (marker 80000, srs 2000000 → new data, boundary 0 → oldTS = 2000000):
  //   plane 0: BCID 0, TDC 255 → time 2000000 − 22.5; plane 1: BCID 2, TDC 0 → time 2000087.5
  // packet 2 (marker 150000): new data → round with boundary 2000000: plane 0 cluster 1 is chosen,
  //   plane 1 has nothing → return; cluster 1 stays in the match list
  // final flush (tsEnd 3750000): plane 1 cluster 2 chosen and matched with the leftover (Δ = 110 ≤ dp 200)
  const r = await runPayloads(options(xyDetector(1), [...saveAll(1), '-dt', '10']), [
    payload(1, [marker(0, 80000), marker(1, 80000), hit({ vmm: 0, ch: 5, adc: 300, tdc: 255, bcid: 0 }), hit({ vmm: 1, ch: 6, adc: 300, tdc: 0, bcid: 2 })]),
    payload(1, [marker(0, 150000), hit({ vmm: 0, ch: 40, adc: 300, tdc: 0, bcid: 100 })], 2),
  ]);
  assert.deepEqual(ids(r.plane, 'id', 'plane', 'plane_coincidence'), [[1, 0, 1], [2, 1, 1]]);
  assert.deepEqual(ids(r.detector, 'id', 'id0', 'id1', 'delta_plane_0_1'), [[1, 1, 2, 110]]);
});

test('§9.2 a 2-plane detector whose plane 1 never has clusters never writes its plane-0 clusters', async () => {
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), [
    payload(1, [marker(0, 1000), exactHit(0, 3, 100, 0), exactHit(0, 30, 100, 0)]),
    closer(1, 0, 60),
  ]);
  assert.deepEqual(r.plane, []);
  assert.deepEqual(r.detector, []);
  // they were emitted (statistics count them, §11.3)
  assert.equal(r.analysis.back.clusterer.stats.planeCount(1, 0), 2);
  assert.equal(r.analysis.back.clusterer.stats.planeCount(1, 1), 0);
});

test('§9.4 final flush: hits later than the largest srs_timestamp (+ dt chain) are never clustered', async () => {
  // single marker at 1000: tsEnd = 25000 but hit times are ≈ 27.5 µs → zero clusters (§9.4 verified note)
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), [
    payload(1, [marker(0, 1000), marker(1, 1000), hit({ vmm: 0, ch: 10, adc: 300, tdc: 100, bcid: 100 }), hit({ vmm: 1, ch: 20, adc: 300, tdc: 100, bcid: 100 })]),
  ]);
  assert.equal(r.hits.length, 2);
  assert.deepEqual([r.plane.length, r.detector.length], [0, 0]);
  // chain (§9.1 step 4): only if some hit is ≤ tsEnd. Single marker → tsEnd = 25000; hits at
  // 25037.5 (BCID 0), +200 (BCID 8), +425 (BCID 17): smallest time > tsEnd → nothing at all
  const later = [exactHit(0, 20, 100, 0), exactHit(0, 40, 100, 8), exactHit(0, 60, 100, 17)];
  const n = await runPayloads(options([stripEntry(1, 0, 1, 0)], saveAll(1)), [payload(1, [marker(0, 1000), ...later])]);
  assert.deepEqual(n.plane, []);
  // add a hit at 25000 − 22.5 (BCID 0, TDC 255): it is ≤ tsEnd, then 25037.5 (37.5 after the boundary)
  // and 25237.5 (exactly dt later) are chained in, 25462.5 is not
  const c = await runPayloads(options([stripEntry(1, 0, 1, 0)], saveAll(1)), [
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 1, adc: 100, tdc: 255, bcid: 0 }), ...later]),
  ]);
  assert.deepEqual(c.plane.map((p) => [p['strips'], p['time']]), [[[1], 24977.5], [[20], exactTime(0)], [[40], exactTime(8)]]);
  assert.equal(c.detector.length, 3); // 1D detector: one detector cluster each (§13.3)
});

test('§2.4/§14.1 save codes: trees that exist, what is written, and plane_coincidence without a detector tree', async () => {
  const pk = [
    payload(1, [marker(0, 1000), marker(1, 1000), exactHit(0, 3, 100, 0), exactHit(1, 4, 100, 0)]),
    closer(1, 0, 60),
  ];
  const run = (save: string | null) => runPayloads(options(xyDetector(1), save === null ? [] : ['-save', save]), pk);
  // not given: all three trees exist, nothing written
  const none = await run(null);
  assert.deepEqual(none.trees, ['hits', 'clusters_plane', 'clusters_detector']);
  assert.deepEqual([none.hits.length, none.plane.length, none.detector.length], [0, 0, 0]);
  // [[],[],[]]: no tree at all
  assert.deepEqual((await run('[[],[],[]]')).trees, []);
  // code 1: only hits, no clustering
  const h = await run('[[1],[],[]]');
  assert.deepEqual(h.trees, ['hits']);
  assert.equal(h.hits.length, 3);
  // (the final flush still clusters, §8.3 / §9.4 — nothing is written)
  assert.equal(h.analysis.back.clusterer.stats.planeCount(1, 0), 1);
  assert.equal(h.report.some((l) => l.startsWith('Stats detector')), false); // no cluster statistics below code 10
  // code 10: plane clusters, matched (coincidence 1) although no detector tree exists
  const p = await run('[[],[1],[]]');
  assert.deepEqual(p.trees, ['clusters_plane']);
  assert.deepEqual(ids(p.plane, 'id', 'plane_coincidence'), [[1, 1], [2, 1]]);
  // code 100: detector clusters only
  const d = await run('[[],[],[1]]');
  assert.deepEqual(d.trees, ['clusters_detector']);
  assert.deepEqual(ids(d.detector, 'id', 'id0', 'id1'), [[1, 1, 2]]);
  // code 111 with lists naming another detector: trees exist, det 1 is not written
  const other = await run('[[2],[2],[2]]');
  assert.deepEqual(other.trees, ['hits', 'clusters_plane', 'clusters_detector']);
  assert.deepEqual([other.hits.length, other.plane.length, other.detector.length], [0, 0, 0]);
  assert.equal(other.analysis.back.clusterer.stats.count('ClusterCntDetector', 1), 1);
});

test('§9.2/§16.31 the cluster choice chains with dt, not dp', async () => {
  // boundary B = 2000000 (packet 1 is new data, packet 2 triggers the round). Per plane: a hit at
  // B − 22.5 (BCID 0, TDC 255) and one at B + 187.5 (BCID 6, TDC 0): the plane step takes both (chain
  // 187.5 ≤ dt 200), two time clusters (gap 210 > dt). The cluster choice must chain with dt as well:
  // with -dp 100 all four plane clusters are still chosen in the round and written in one batch
  // (plane 0 list, then plane 1 list); a dp chain would leave the later two for the final flush.
  const h = (vmm: number, ch: number, bcid: number, tdc: number) => hit({ vmm, ch, adc: 300, tdc, bcid });
  const r = await runPayloads(options(xyDetector(1), [...saveAll(1), '-dp', '100']), [
    payload(1, [marker(0, 80000), marker(1, 80000), h(0, 5, 0, 255), h(0, 30, 6, 0), h(1, 5, 0, 255), h(1, 30, 6, 0)]),
    payload(1, [marker(0, 150000), h(0, 60, 4000, 0)], 2),
  ]);
  assert.deepEqual(ids(r.plane, 'id', 'plane', 'strips'), [[1, 0, [5]], [2, 0, [30]], [3, 1, [5]], [4, 1, [30]]]);
  assert.deepEqual(ids(r.detector, 'id0', 'id1'), [[1, 3], [2, 4]]);
});
