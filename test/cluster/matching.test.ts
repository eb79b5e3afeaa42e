/**
 * Detector clusters (analysis.md §13) from hand-made plane clusters: normal matching
 * (tie → first, skipping flagged clusters, |Δt| exactly dp, charge ratio exactly on
 * crl/cru with f32 limits, ccs), 3-plane matching with and without a plane-2 partner,
 * high multiplicity (every pair, id2 marks the best, c0 never flagged), 1D and odd
 * 2-plane detectors, `-coin`, and the dt "last" variables shared by all detectors
 * together with the delta_plane signs. Hit times are exact (TDC 0), so every
 * expected time below is an exact multiple of 0.5 ns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, exactTime as T, hit, marker, options, payload, runPayloads, saveAll, stripEntry, xyDetector, type Row,
} from '../helpers/analysis-harness.js';
import type { SrsWord } from '../../src/readout/srs/encoder.js';

const pick = (rows: Row[], ...keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

/** One packet with markers for VMMs 0…4 at 1000 and the given hits, then the closer. */
async function run(geo: object[], args: string[], hits: SrsWord[]): Promise<{ plane: Row[]; detector: Row[] }> {
  return runPayloads(options(geo, [...saveAll(1, 2), ...args]), [
    payload(1, [...[0, 1, 2, 3, 4].map((v) => marker(v, 1000)), ...hits]),
    closer(1, 0, 63),
  ]);
}

test('§13.1 tie in |Δt| keeps the first plane-1 cluster; flagged clusters are skipped', async () => {
  // plane 0: A0 (strip 10, T4), B0 (strip 20, T8); plane 1: A1 (strip 10, T0), B1 (strip 20, T8)
  // A0: A1 at −100, B1 at +100 → tie → A1. B0: A1 flagged → skipped, B1 at 0.
  const { plane, detector } = await run(xyDetector(1), [], [
    exactHit(0, 10, 300, 4), exactHit(0, 20, 300, 8), exactHit(1, 10, 300, 0), exactHit(1, 20, 300, 8),
  ]);
  assert.deepEqual(pick(plane, 'id', 'plane', 'strips', 'plane_coincidence'), [[1, 0, [10], 1], [2, 0, [20], 1], [3, 1, [10], 1], [4, 1, [20], 1]]);
  assert.deepEqual(pick(detector, 'id', 'id0', 'id1', 'delta_plane_0_1'), [[1, 1, 3, -100], [2, 2, 4, 0]]);
});

test('§13.1 |Δt| exactly dp matches, dp + 25 does not', async () => {
  // events 12.5 µs apart; event 1: Δ = +200; event 2: Δ = −225; event 3 with -dp 225 → match
  const hits = [exactHit(0, 5, 300, 0), exactHit(1, 5, 300, 8), exactHit(0, 30, 300, 500), exactHit(1, 30, 300, 491)];
  const a = await run(xyDetector(1), [], hits);
  assert.deepEqual(pick(a.detector, 'id0', 'id1', 'delta_plane_0_1'), [[1, 3, 200]]);
  assert.deepEqual(pick(a.plane, 'id', 'plane_coincidence'), [[1, 1], [2, 0], [3, 1], [4, 0]]);
  const b = await run(xyDetector(1), ['-dp', '225'], hits);
  assert.deepEqual(pick(b.detector, 'id0', 'id1', 'delta_plane_0_1'), [[1, 3, 200], [2, 4, -225]]);
});

test('§13.1 charge ratio c0.adc / c1.adc on the limits crl and cru (f32 values)', async () => {
  // events 12.5 µs apart (BCID 0, 500, 1000, 1500); ratios 0.5, 2.0, 0.495, 2.005 with crl 0.5 / cru 2
  const ev = (k: number, a0: number, a1: number) => [exactHit(0, 5 + 10 * k, a0, 500 * k), exactHit(1, 5 + 10 * k, a1, 500 * k)];
  const hits = [...ev(0, 100, 200), ...ev(1, 400, 200), ...ev(2, 99, 200), ...ev(3, 401, 200)];
  const a = await run(xyDetector(1), [], hits);
  assert.deepEqual(pick(a.detector, 'adc0', 'adc1'), [[100, 200], [400, 200]]);
  // -crl 0.6 is f32 0.6000000238…: 300/500 = 0.6 (double) is below it → no match; 301/500 matches
  // -cru 1.5 exact: 450/300 = 1.5 matches
  const b = await run(xyDetector(1), ['-crl', '0.6', '-cru', '1.5'], [...ev(0, 300, 500), ...ev(1, 301, 500), ...ev(2, 450, 300), ...ev(3, 451, 300)]);
  assert.deepEqual(pick(b.detector, 'adc0', 'adc1'), [[301, 500], [450, 300]]);
});

test('§13.1 ccs: sum of the plane cluster sizes', async () => {
  // event 1: sizes 1 + 1 = 2 < 3; event 2: sizes 2 (strips 30, 31) + 1 = 3
  const hits = [exactHit(0, 5, 300, 0), exactHit(1, 5, 300, 0), exactHit(0, 30, 150, 500), exactHit(0, 31, 150, 500), exactHit(1, 30, 300, 500)];
  const { detector } = await run(xyDetector(1), ['-ccs', '3'], hits);
  assert.deepEqual(pick(detector, 'size0', 'size1', 'adc0', 'strips0'), [[2, 1, 300, [30, 31]]]);
});

test('§13.1 3 planes: no plane-2 partner → nothing flagged, the plane-1 cluster stays available', async () => {
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 1, 1), stripEntry(1, 2, 1, 2)];
  // A0 (strip 1, 100, T0), B0 (strip 5, 400, T1); A1 (strip 1, 200, T2); C2 (strip 1, 400, T4)
  // A0: A1 ratio 0.5 ok; C2 ratio 0.25 fails → no cluster, nothing flagged
  // B0: A1 ratio 2 ok; C2 ratio 1 ok → cluster (B0, A1, C2)
  const { plane, detector } = await run(geo, [], [exactHit(0, 1, 100, 0), exactHit(0, 5, 400, 1), exactHit(1, 1, 200, 2), exactHit(2, 1, 400, 4)]);
  assert.deepEqual(pick(plane, 'id', 'plane', 'plane_coincidence'), [[1, 0, 0], [2, 0, 1], [3, 1, 1], [4, 2, 1]]);
  assert.equal(detector.length, 1);
  const d = detector[0]!;
  assert.deepEqual(
    ['id', 'id0', 'id1', 'id2', 'size2', 'adc2', 'pos2', 'time2', 'strips2', 'dt0', 'dt1', 'dt2', 'delta_plane_0_1', 'delta_plane_1_2', 'delta_plane_0_2'].map((k) => d[k]),
    [1, 2, 3, 4, 1, 400, 1, T(4), [1], T(1), T(2), T(4), 25, 50, 75],
  );
  // ccs counts all three sizes: -ccs 4 > 1 + 1 + 1 → no detector cluster
  assert.equal((await run(geo, ['-ccs', '4'], [exactHit(0, 5, 400, 1), exactHit(1, 1, 200, 2), exactHit(2, 1, 400, 4)])).detector.length, 0);
});

test('§13.2 high multiplicity: every pair within the limits, id2 = 1 marks the best, c0 never flagged', async () => {
  // plane 0: A0 (strip 5, T0), B0 (strip 20, T1); plane 1: A1 (strip 5, T0), B1 (strip 20, T2)
  // A0: (A0,A1) Δ 0 best, (A0,B1) Δ 50 → id2 of the first = 1, A1 flagged
  // B0: (B0,A1) Δ −25 (A1 flagged: not best), (B0,B1) Δ 25 best
  const { plane, detector } = await run(xyDetector(1), ['-hm', '1'], [exactHit(0, 5, 300, 0), exactHit(0, 20, 300, 1), exactHit(1, 5, 300, 0), exactHit(1, 20, 300, 2)]);
  assert.deepEqual(pick(detector, 'id', 'id0', 'id1', 'id2', 'delta_plane_0_1', 'dt0', 'dt1'), [
    [1, 1, 3, 1, 0, T(0), T(0)],
    [2, 1, 4, 0, 50, 0, 50],
    [3, 2, 3, 0, -25, 25, -50],
    [4, 2, 4, 1, 25, 0, 50],
  ]);
  assert.deepEqual(pick(plane, 'id', 'plane_coincidence'), [[1, 0], [2, 0], [3, 1], [4, 1]]);
  // -save after -hm switches it off again: normal matching
  const off = await runPayloads(options(xyDetector(1), ['-hm', '1', ...saveAll(1)]), [
    payload(1, [marker(0, 1000), marker(1, 1000), exactHit(0, 5, 300, 0), exactHit(0, 20, 300, 1), exactHit(1, 5, 300, 0), exactHit(1, 20, 300, 2)]),
    closer(1, 0, 63),
  ]);
  assert.deepEqual(pick(off.detector, 'id0', 'id1', 'id2'), [[1, 3, 0], [2, 4, 0]]);
});

test('§13.2 high multiplicity stops when |Δt| grows beyond dp, and respects ratio limits per pair', async () => {
  // A0 (T0, 300); plane 1: X1 (T0, 1000: ratio 0.3 fails), Y1 (T4, 300), Z1 (T20 = +500 > dp)
  const { detector } = await run(xyDetector(1), ['-hm', '1'], [exactHit(0, 5, 300, 0), exactHit(1, 5, 1000, 0), exactHit(1, 20, 300, 4), exactHit(1, 40, 300, 20)]);
  assert.deepEqual(pick(detector, 'id0', 'id1', 'id2', 'delta_plane_0_1'), [[1, 3, 1, 100]]);
});

test('§13.3 1D detectors: one detector cluster per plane cluster, fields of its plane only; shared last times', async () => {
  // det 1: 2D (VMM 0/1); det 2: plane 1 only (VMM 2)
  const geo = [...xyDetector(1), stripEntry(2, 1, 1, 2)];
  const { plane, detector } = await run(geo, [], [exactHit(0, 5, 300, 0), exactHit(1, 5, 300, 1), exactHit(2, 7, 250, 5), exactHit(2, 20, 150, 6)]);
  assert.equal(detector.length, 3);
  assert.deepEqual(pick(detector, 'id', 'det', 'id0', 'id1', 'id2'), [[1, 1, 1, 2, 0], [2, 2, 0, 3, 0], [3, 2, 0, 4, 0]]);
  const d = detector[1]!;
  // dt1 uses last1 of det 1's cluster (T1), then of the previous 1D cluster (T5)
  assert.deepEqual(
    ['size0', 'adc0', 'pos0', 'time0', 'dt0', 'size1', 'adc1', 'pos1', 'time1', 'dt1', 'strips1', 'event_counter'].map((k) => d[k]),
    [0, 0, 0, 0, 0, 1, 250, 7, T(5), T(5) - T(1), [7], 1],
  );
  assert.equal(detector[2]!['dt1'], T(6) - T(5));
  // plane clusters of the 1D detector stay plane_coincidence 0
  assert.deepEqual(pick(plane.filter((c) => c['det'] === 2), 'id', 'plane_coincidence'), [[3, 0], [4, 0]]);
});

test('§3.4 odd 2-plane detector (planes 0 and 2): matching never succeeds, plane clusters written', async () => {
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 2, 1, 2)];
  const { plane, detector } = await run(geo, [], [exactHit(0, 5, 300, 0), exactHit(2, 5, 300, 0)]);
  assert.deepEqual(pick(plane, 'id', 'plane', 'plane_coincidence'), [[1, 0, 0], [2, 2, 0]]);
  assert.deepEqual(detector, []);
});

test('§13.1 -coin selects the time for matching and delta_plane; dt always uses time', async () => {
  // plane 0: strips 5 (T0, 100), 6 (T8, 300): time = T6, time_charge2 = T0 + 0.9·200, time_utpc = T8
  // plane 1: strip 5 (T8, 300): all times T8. Δ: com 50, charge2 ≈ 20, utpc 0.
  const hits = [exactHit(0, 5, 100, 0), exactHit(0, 6, 300, 8), exactHit(1, 5, 300, 8)];
  const tc2 = (T(0) * 100 * 100 + T(8) * 300 * 300) / (100 * 100 + 300 * 300);
  const cases: [string, string, number | null][] = [
    ['center-of-mass', '30', null],
    ['charge2', '30', T(8) - tc2],
    ['utpc', '30', 0],
    ['charge2', '10', null],
    ['utpc', '10', 0],
    ['utpc2', '30', null], // stored, but behaves like center-of-mass
  ];
  for (const [coin, dp, d01] of cases) {
    const { detector } = await run(xyDetector(1), ['-coin', coin, '-dp', dp], hits);
    if (d01 === null) {
      assert.equal(detector.length, 0, `${coin} dp ${dp}`);
      continue;
    }
    assert.equal(detector.length, 1, `${coin} dp ${dp}`);
    assert.equal(detector[0]!['delta_plane_0_1'], d01, `${coin} d01`);
    assert.equal(detector[0]!['dt0'], T(6), `${coin} dt0 uses time`);
    assert.equal(detector[0]!['time0'], T(6));
  }
});

test('§13.1/§16.44 dt0…dt2 use "last" times shared by all detectors; 2-plane clusters reset last2; delta_plane signs', async () => {
  // det 1: 3 planes (VMM 0, 1, 2); det 2: 2 planes (VMM 3, 4).
  // packet 1 (srs 25000): event A; packet 2 (srs 2000000): event B; packet 3 (srs 3750000): round for A,
  // final flush for B (the §9.5 scheme). S(b) = time of BCID b in packet 2.
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 1, 1), stripEntry(1, 2, 1, 2), stripEntry(2, 0, 1, 3), stripEntry(2, 1, 1, 4)];
  const S = (b: number) => 2000000 + 37.5 + 25 * b;
  const ev = (b: number[]) => b.map((bc, v) => exactHit(v, 5, 300, bc));
  const r = await runPayloads(options(geo, saveAll(1, 2)), [
    payload(1, [...[0, 1, 2, 3, 4].map((v) => marker(v, 1000)), ...ev([10, 11, 12, 20, 22])], 1),
    payload(1, [...[0, 1, 2, 3, 4].map((v) => marker(v, 80000)), ...ev([30, 31, 33, 40, 40])], 2),
    payload(1, [marker(0, 150000), exactHit(0, 60, 300, 4000)], 3), // far beyond tsEnd + dt
  ]);
  assert.deepEqual(pick(r.detector, 'det', 'dt0', 'dt1', 'dt2', 'delta_plane_0_1', 'delta_plane_1_2', 'delta_plane_0_2'), [
    // round 1: det 1 (last = 0), then det 2 (last0/1 from det 1; last2 := 0 afterwards)
    [1, T(10), T(11), T(12), 25, 25, 50],
    [2, T(20) - T(10), T(22) - T(11), 0, 50, -T(22), -T(20)],
    // final flush: det 1 after det 2 (dt2 from last2 = 0), then det 2
    [1, S(30) - T(20), S(31) - T(22), S(33), 25, 50, 75],
    [2, S(40) - S(30), S(40) - S(31), 0, 0, -S(40), -S(40)],
  ]);
});

test('§13.1 detector event_counter is that of the plane-1 cluster (TRG)', async () => {
  // VMM 0 (plane 0) trigger counter 5 → 6, VMM 1 (plane 1) counter 9 → 10
  const trg = (vmm: number, counter: number) => [marker(16 + vmm, 0xf0000000 * 1024 + counter), marker(16 + vmm, 1024 * 1024), marker(vmm, 10)];
  const r = await runPayloads(options(xyDetector(1), [...saveAll(1), '-df', 'TRG']), [
    payload(1, [...trg(0, 5), ...trg(1, 9), exactHit(0, 5, 300, 0), exactHit(1, 5, 300, 0)]),
    payload(1, [marker(16, 1024 * 1024 * 1024), marker(0, 10), exactHit(0, 60, 10, 4000)], 2),
  ]);
  assert.deepEqual(pick(r.plane, 'plane', 'event_counter'), [[0, 6], [1, 10]]);
  assert.deepEqual(pick(r.detector, 'id0', 'id1', 'event_counter'), [[1, 2, 10]]);
});

test('§13.1 start pointer: a later c0 never looks at plane-1 clusters before it (unsorted plane-0 list)', async () => {
  // An early return keeps L in the plane-0 match list; a late hit (offset 31) later adds an *earlier* E
  // behind it: list [L, E]. Plane 1: [F1 (at E's time), G1 (110 ns after L)].
  // c0 = L: F1 is far (|Δ| 102340), G1 within dp → start1 = G1, match. c0 = E: search starts at G1
  // (flagged, skipped) → E stays unmatched although F1 has Δ = 0.
  const h = (vmm: number, ch: number, bcid: number, tdc: number, offset = 0) => hit({ vmm, ch, adc: 300, tdc, bcid, offset });
  const r = await runPayloads(options(xyDetector(1), [...saveAll(1), '-dt', '10']), [
    // srs 2000000 (new data, boundary 0): L at 1999977.5, G1 at 2000087.5
    payload(1, [marker(0, 80000), marker(1, 80000), h(0, 5, 0, 255), h(1, 5, 2, 0)], 1),
    // srs 3750000: round with boundary 2000000 → L chosen, plane 1 nothing → early return
    payload(1, [marker(0, 150000), h(0, 60, 4000, 0)], 2),
    // offset 31: srs 1897600 → E and F1 at 1897637.5 (not new data)
    payload(1, [marker(0, 80000), marker(1, 80000), h(0, 20, 0, 0, 31), h(1, 20, 0, 0, 31)], 3),
  ]);
  assert.deepEqual(pick(r.plane, 'id', 'plane', 'strips', 'time', 'plane_coincidence'), [
    [1, 0, [5], 1999977.5, 1], [2, 0, [20], 1897637.5, 0], [3, 1, [20], 1897637.5, 0], [4, 1, [5], 2000087.5, 1],
  ]);
  assert.deepEqual(pick(r.detector, 'id0', 'id1', 'delta_plane_0_1'), [[1, 4, 110]]);
});
