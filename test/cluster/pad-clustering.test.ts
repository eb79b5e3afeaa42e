/**
 * Pad clustering (analysis.md §12) on hand-made pad hits: seeds (latest element,
 * or largest ADC with -algo 10), breadth-first growth with -mp0/-mp1, tmin/tmax from
 * the reference pad's time (span), dx/dy and the event counter carried over within a
 * time cluster (65535 when nothing matched), every cluster emitted twice (plane 0
 * pass, then plane 1 pass), post-incremented ids shared with strip detectors, -cs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, exactTime as T, IDENTITY, marker, options, padEntry, payload, runPayloads, saveAll, stripEntry, type Row,
} from '../helpers/analysis-harness.js';
import type { SrsWord } from '../../src/readout/srs/encoder.js';

/** 8×8 pads on FEC 1 VMM 0: channel = 8·y + x. */
const XS = IDENTITY.map((c) => c % 8);
const YS = IDENTITY.map((c) => Math.floor(c / 8));
const PAD = [padEntry(1, 0, 1, 0, XS, YS)];
const ch = (x: number, y: number): number => 8 * y + x;
const pad = (x: number, y: number, adc: number, bcid: number): SrsWord => exactHit(0, ch(x, y), adc, bcid);

async function pads(hits: SrsWord[], args: string[] = [], geo: object[] = PAD): Promise<{ detector: Row[]; plane: Row[] }> {
  return runPayloads(options(geo, [...saveAll(1, 2), ...args]), [payload(1, [marker(0, 1000), marker(1, 1000), ...hits]), closer(1, 0, 63)]);
}

const pick = (rows: Row[], ...keys: string[]) => rows.map((r) => keys.map((k) => r[k]));

test('§12 default seeding and growth: worked example with every field, emitted twice', async () => {
  // time order h1 (1,1) T0 100, h2 (2,1) T1 200, h3 (5,5) T2 300, h4 (2,2) T3 400 — one time cluster, maxΔ 25
  // seed h4 (latest). r = h4: h1 (|1|−1 = 0, 0) match, h2 (0−1, 0) match, h3 (|3|−1 = 2 > 1) no.
  // r = h1, r = h2: h3 no. → pad cluster [h4, h1, h2]; then [h3] alone.
  // tmin = tmax = T3 throughout (updated with the reference pad's time) → span 0
  // dx = dy = 0 after the first cluster and carried into the second; evLast = h3's counter (1)
  const { detector, plane } = await pads([pad(1, 1, 100, 0), pad(2, 1, 200, 1), pad(5, 5, 300, 2), pad(2, 2, 400, 3)]);
  assert.deepEqual(plane, []); // pad detectors produce no plane clusters
  assert.deepEqual(detector.map((d) => d['id']), [0, 1, 2, 3]);
  const [a, b, a2, b2] = detector as [Row, Row, Row, Row];
  assert.deepEqual(
    ['det', 'id0', 'id1', 'id2', 'size0', 'size1', 'size2', 'adc0', 'adc1', 'adc2', 'pos0', 'pos1', 'time0', 'time1'].map((k) => a[k]),
    [1, 0, 0, 0, 2, 2, 3, 700, 700, 0, 1300 / 700, 1100 / 700, (400 * T(3) + 100 * T(0) + 200 * T(1)) / 700, (400 * T(3) + 100 * T(0) + 200 * T(1)) / 700],
  );
  assert.deepEqual([a['strips0'], a['strips1'], a['times0'], a['times1'], a['adcs0'], a['adcs1'], a['strips2']], [[2, 1, 2], [2, 1, 1], [T(3), T(0), T(1)], [T(3), T(0), T(1)], [400, 100, 200], [400, 100, 200], []]);
  assert.deepEqual(
    ['max_delta_time0', 'max_delta_time1', 'max_missing_strip0', 'max_missing_strip1', 'span_cluster0', 'span_cluster1', 'event_counter'].map((k) => a[k]),
    [25, 25, 0, 0, 0, 0, 1],
  );
  assert.deepEqual(
    ['size0', 'size1', 'size2', 'adc0', 'pos0', 'pos1', 'time0', 'max_missing_strip0', 'max_missing_strip1', 'event_counter'].map((k) => b[k]),
    [1, 1, 1, 300, 5, 5, T(2), 0, 0, 1],
  );
  // the plane-1 pass repeats both clusters, identical except the id
  for (const [x, y] of [[a, a2], [b, b2]] as const) {
    const { id: _i, ...rx } = x;
    const { id: _j, ...ry } = y;
    assert.deepEqual(rx, ry);
  }
});

test('§12 dx/dy = 65535 while nothing has matched in the call; event counter 0 when nothing was scanned', async () => {
  // time cluster X: (1,1) T0, (6,6) T1 → seed (6,6) scans (1,1) (evLast = 1), no match → both single
  // time cluster Y (12.5 µs later): (3,3) alone → never scans → event_counter 0
  const { detector } = await pads([pad(1, 1, 100, 0), pad(6, 6, 100, 1), pad(3, 3, 100, 500)]);
  assert.deepEqual(pick(detector, 'id', 'strips0', 'max_missing_strip0', 'max_missing_strip1', 'event_counter', 'max_delta_time0'), [
    [0, [6], 65535, 65535, 1, 25],
    [1, [1], 65535, 65535, 1, 25],
    [2, [3], 65535, 65535, 0, 0],
    [3, [6], 65535, 65535, 1, 25],
    [4, [1], 65535, 65535, 1, 25],
    [5, [3], 65535, 65535, 0, 0],
  ]);
});

test('§12 -algo 10: seed = first pad with the largest ADC, only its direct neighbours', async () => {
  // (1,1) 100 T0, (2,1) 400 T1, (3,1) 400 T2, (4,1) 50 T3: seed (2,1); neighbours (1,1), (3,1); (4,1) alone
  // dx: |Δx| = 1 > −1 → dx = 0; dy: |Δy| = 0 > −1 → dy = 0 − 1 = −1 → written as 65535
  const hits = [pad(1, 1, 100, 0), pad(2, 1, 400, 1), pad(3, 1, 400, 2), pad(4, 1, 50, 3)];
  const { detector } = await pads(hits, ['-algo', '10']);
  assert.deepEqual(pick(detector.slice(0, 2), 'id', 'strips0', 'size0', 'size1', 'size2', 'adc0', 'pos0', 'max_missing_strip0', 'max_missing_strip1', 'span_cluster0'), [
    [0, [2, 1, 3], 3, 1, 3, 900, (400 * 2 + 100 * 1 + 400 * 3) / 900, 0, 65535, 0],
    [1, [4], 1, 1, 1, 50, 4, 0, 65535, 0],
  ]);
  // default seeding: seed (4,1) (latest); mp0 = 1 allows one missing pad → everything in one cluster
  const d = await pads(hits);
  assert.deepEqual(pick(d.detector.slice(0, 1), 'strips0', 'size0', 'size2', 'max_missing_strip0'), [[[4, 2, 3, 1], 4, 4, 1]]);
  assert.equal(d.detector.length, 2);
});

test('§12 -mp0 / -mp1 limits (|Δ| − 1 ≤ mp), and -cs drops small pad clusters without using ids', async () => {
  // (1,1) T0 and (1,3) T1: |Δy| − 1 = 1 ≤ mp1 1 → one cluster; with -mp1 0 → two
  const a = await pads([pad(1, 1, 100, 0), pad(1, 3, 100, 1)]);
  assert.deepEqual(pick(a.detector.slice(0, 1), 'strips1', 'size1', 'max_missing_strip1'), [[[3, 1], 3, 1]]);
  const b = await pads([pad(1, 1, 100, 0), pad(1, 3, 100, 1)], ['-mp1', '0']);
  assert.deepEqual(b.detector.map((d) => d['strips1']), [[3], [1], [3], [1]]);
  // -mst sets the x limit of pads: (1,1), (3,1) with -mst 0 → two clusters
  const c = await pads([pad(1, 1, 100, 0), pad(3, 1, 100, 1)], ['-mst', '0']);
  assert.equal(c.detector.length, 4);
  // -cs 2: the single pad (5,5) is dropped, ids stay consecutive
  const d = await pads([pad(1, 1, 100, 0), pad(2, 1, 200, 1), pad(5, 5, 300, 2)], ['-cs', '2']);
  assert.deepEqual(pick(d.detector, 'id', 'size2'), [[0, 2], [1, 2]]);
});

test('§12 timeOK uses the event counter of the reference pad (TRG)', async () => {
  // VMM 0 pads x = c % 8, VMM 1 pads x = 8 + c % 8 (same rows). Trigger counters 5 (VMM 0) and 9 (VMM 1).
  const geo = [padEntry(1, 0, 1, 0, XS, YS), padEntry(1, 0, 1, 1, XS.map((x) => 8 + x), YS)];
  const trg = (vmm: number, counter: number) => [marker(16 + vmm, 0xf0000000 * 1024 + counter), marker(16 + vmm, 1024 * 1024), marker(vmm, 10)];
  const run = (c0: number, c1: number) => runPayloads(options(geo, [...saveAll(1), '-df', 'TRG']), [
    payload(1, [...trg(0, c0), ...trg(1, c1), exactHit(0, ch(7, 0), 100, 0), exactHit(1, ch(0, 0), 200, 1)]),
    payload(1, [marker(16, 1024 * 1024 * 1024), marker(0, 10), exactHit(0, 60, 10, 4000)], 2),
  ]);
  // adjacent pads (7,0) and (8,0) with different counters: seed (8,0) (ev 10) scans (7,0) (ev 6): no match
  const diff = await run(5, 9);
  assert.deepEqual(pick(diff.detector.slice(0, 2), 'strips0', 'event_counter'), [[[8], 6], [[7], 6]]);
  const same = await run(5, 5);
  assert.deepEqual(pick(same.detector.slice(0, 1), 'strips0', 'event_counter', 'pos0'), [[[8, 7], 6, (200 * 8 + 100 * 7) / 300]]);
});

test('§12/§14.3 detector-cluster ids: strip detectors pre-increment, pads post-increment the same counter', async () => {
  // det 1: strip 2D (FEC 1 VMM 2/3), det 2: pad (FEC 1 VMM 0). One matched strip cluster, one pad cluster (twice).
  const geo = [stripEntry(1, 0, 1, 2), stripEntry(1, 1, 1, 3), padEntry(2, 0, 1, 0, XS, YS)];
  const r = await runPayloads(options(geo, saveAll(1, 2)), [
    payload(1, [marker(0, 1000), marker(2, 1000), marker(3, 1000), exactHit(2, 5, 300, 0), exactHit(3, 5, 300, 0), pad(3, 3, 100, 0)]),
    closer(1, 0, 63),
  ]);
  // det 1 first: ++counter → 1; det 2: counter++ → 1 (again), then 2
  assert.deepEqual(pick(r.detector, 'det', 'id'), [[1, 1], [2, 1], [2, 2]]);
  // pad detector first (det 0): 0, 1, then the strip detector ++ → 3
  const geo2 = [padEntry(0, 0, 1, 0, XS, YS), stripEntry(1, 0, 1, 2), stripEntry(1, 1, 1, 3)];
  const s = await runPayloads(options(geo2, saveAll(0, 1)), [
    payload(1, [marker(0, 1000), marker(2, 1000), marker(3, 1000), exactHit(2, 5, 300, 0), exactHit(3, 5, 300, 0), pad(3, 3, 100, 0)]),
    closer(1, 0, 63),
  ]);
  assert.deepEqual(pick(s.detector, 'det', 'id'), [[0, 0], [0, 1], [1, 3]]);
});
