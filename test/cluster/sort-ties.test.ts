/**
 * Order of equal keys (analysis.md Appendix A): every sort of the pipeline is
 * libstdc++ std::sort, which is not stable above 16 elements. The expected orders
 * below were derived by hand from the Appendix A algorithm (and agree with g++):
 *
 *  20 equal keys → [10, 19, 18, …, 11, 0, 9, 8, …, 1]
 *  17 equal keys → [8, 16, 15, …, 9, 0, 7, 6, …, 1]; applied twice (time sort, then
 *                   strip sort) → [9, 1, 2, …, 7, 0, 8, 10, 11, …, 16]
 *
 * They check that the pending-hit sort (§9.1), the strip sort (§11.1), the pad pool
 * (§12) and the cluster choice (§9.2) all use it. The closing hit goes to a separate
 * detector (2) so that it does not join the sorted pending lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closer, exactHit, IDENTITY, marker, options, padEntry, payload, runPayloads, saveAll, stripEntry } from '../helpers/analysis-harness.js';

const P20 = [10, 19, 18, 17, 16, 15, 14, 13, 12, 11, 0, 9, 8, 7, 6, 5, 4, 3, 2, 1];
const CLOSE = stripEntry(2, 0, 1, 5);

test('§9.2/§9.3 cluster choice: 20 plane clusters with equal times are written in introsort order', async () => {
  // 1D detector, 20 hits at the same time on strips 0, 3, …, 57 → plane clusters ids 1…20 in strip order
  const hits = Array.from({ length: 20 }, (_, k) => exactHit(0, 3 * k, 100, 0));
  const { plane, detector } = await runPayloads(options([stripEntry(1, 0, 1, 0), CLOSE], saveAll(1)), [payload(1, [marker(0, 1000), ...hits]), closer(1, 5, 0)]);
  assert.deepEqual(plane.map((c) => c['id']), P20.map((k) => k + 1));
  // 1D detector clusters follow the match list order (ids pre-incremented in that order)
  assert.deepEqual(detector.map((d) => [d['id'], d['id0']]), P20.map((k, i) => [i + 1, k + 1]));
});

test('§9.1/§11.1 17 hits with equal strip and time: vectors in the order of two successive introsorts', async () => {
  // arrival k has ADC k + 1; all on strip 5 at the same time
  const hits = Array.from({ length: 17 }, (_, k) => exactHit(0, 5, k + 1, 0));
  const { plane } = await runPayloads(options([stripEntry(1, 0, 1, 0), CLOSE], [...saveAll(1), '-mst', '0']), [payload(1, [marker(0, 1000), ...hits]), closer(1, 5, 0)]);
  assert.equal(plane.length, 1);
  assert.deepEqual(plane[0]!['adcs'], [9, 1, 2, 3, 4, 5, 6, 7, 0, 8, 10, 11, 12, 13, 14, 15, 16].map((k) => k + 1));
});

test('§12 pad pool order: 20 isolated pads with equal times are seeded from the end of the sorted pool', async () => {
  // 16×8 pads on VMM 0 (x = c % 8) and VMM 1 (x = 8 + c % 8); pads on even x and even y, -mst 0 -mp1 0 → isolated
  const XS = IDENTITY.map((c) => c % 8);
  const YS = IDENTITY.map((c) => Math.floor(c / 8));
  const geo = [padEntry(1, 0, 1, 0, XS, YS), padEntry(1, 0, 1, 1, XS.map((x) => 8 + x), YS), CLOSE];
  const spots: [number, number][] = [];
  for (let y = 0; y < 8 && spots.length < 20; y += 2) for (let x = 0; x < 16 && spots.length < 20; x += 2) spots.push([x, y]);
  const hits = spots.map(([x, y]) => exactHit(x < 8 ? 0 : 1, 8 * y + (x % 8), 100, 0));
  const { detector } = await runPayloads(options(geo, [...saveAll(1), '-mst', '0', '-mp1', '0']), [
    payload(1, [marker(0, 1000), marker(1, 1000), ...hits]),
    closer(1, 5, 0),
  ]);
  // pool = sorted pending list = arrivals P20; seeds are taken from its end
  const seeds = [...P20].reverse();
  const expected = seeds.map((k) => [spots[k]![0], spots[k]![1]]);
  assert.equal(detector.length, 40);
  assert.deepEqual(detector.slice(0, 20).map((d) => [(d['strips0'] as number[])[0], (d['strips1'] as number[])[0]]), expected);
  assert.deepEqual(detector.slice(20).map((d) => [(d['strips0'] as number[])[0], (d['strips1'] as number[])[0]]), expected);
});
