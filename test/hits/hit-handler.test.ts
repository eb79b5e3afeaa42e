/**
 * The hit handler (analysis.md §8): validity filters and hit ids, the `hits` record
 * (strip and pad detectors, u16 positions, VMM 16–31 aliasing of the mapping), the
 * threshold with the over-threshold bit 15, the new-data rule at exactly 16·Toff,
 * the timestamp sanity counters of §8.2 and the per-FEC bookkeeping behind the
 * acquisition time (§15.3).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, hit, IDENTITY, marker, options, padEntry, payload, runPayloads, saveAll, sparseMap, stripEntry, xyDetector, type Row,
} from '../helpers/analysis-harness.js';

const HITS = ['-save', '[[1,2,3,5],[],[]]'];

/** The FEC statistics block of `fec` (lines from `FEC <fec>` to the acquisition star line). */
function fecBlock(report: string[], fec: number): string[] {
  const i = report.indexOf(`FEC ${fec}`);
  assert.ok(i >= 0, `no FEC ${fec} block`);
  return report.slice(i + 2, i + 2 + 12 + 6);
}

test('§8.1 filters: unmapped VMM/channel, TDC = ADC = 0, over-threshold with ADC < 16; ids only for kept hits', async () => {
  const geo = [stripEntry(1, 0, 1, 0, sparseMap({ 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6 }))];
  const r = await runPayloads(options(geo, HITS), [
    payload(1, [
      marker(0, 1000), marker(5, 1000),
      hit({ vmm: 5, ch: 1, adc: 100, tdc: 10, bcid: 1 }), // unmapped VMM
      hit({ vmm: 0, ch: 10, adc: 100, tdc: 10, bcid: 1 }), // channel −1
      hit({ vmm: 0, ch: 1, adc: 0, tdc: 0, bcid: 1 }), // TDC = ADC = 0
      hit({ vmm: 0, ch: 2, adc: 1, tdc: 0, bcid: 1 }), // kept (id 1)
      hit({ vmm: 0, ch: 3, adc: 0, tdc: 1, bcid: 1 }), // kept (id 2)
      hit({ vmm: 0, ch: 4, adc: 15, tdc: 9, bcid: 1, ov: true }), // over-threshold, ADC < 16
      hit({ vmm: 0, ch: 5, adc: 16, tdc: 9, bcid: 1, ov: true }), // kept (id 3)
      hit({ vmm: 0, ch: 6, adc: 5, tdc: 9, bcid: 1 }), // kept (id 4)
    ]),
  ]);
  assert.deepEqual(r.hits.map((h) => [h['id'], h['ch'], h['adc'], h['over_threshold']]), [[1, 2, 1, 0], [2, 3, 0, 0], [3, 5, 16, 1], [4, 6, 5, 0]]);
});

test('§8.1/§8.6 ignored hits do not touch firstTS/maxTS (acquisition time)', async () => {
  // kept: offset 0 (srs 25000) and offset 2 (srs 25000 + 204800); ignored (channel −1): offset 15
  const geo = [stripEntry(1, 0, 1, 0, sparseMap({ 1: 1, 2: 2 }))];
  const r = await runPayloads(options(geo, HITS), [
    payload(1, [
      marker(0, 1000),
      hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 9, adc: 100, tdc: 10, bcid: 1, offset: 15 }),
      hit({ vmm: 0, ch: 2, adc: 100, tdc: 10, bcid: 1, offset: 2 }),
    ]),
  ]);
  // (max − first) / 1e6 = 204800 / 1e6 = 0.2048 → "0.2"; with the ignored hit it would be 1.5
  assert.ok(r.report.includes('Acq time: 0.2 ms'), r.report.join('\n'));
});

test('§8.4 hit record of a pad detector: two records with the same id, plane 0 = x, plane 1 = y', async () => {
  const xs = IDENTITY.map((c) => c % 8);
  const ys = IDENTITY.map((c) => Math.floor(c / 8));
  // the pad entry is written as plane 1 in the geometry: records are still plane 0 and 1
  const geo = [stripEntry(3, 0, 1, 3), padEntry(5, 1, 1, 2, xs, ys)]; // smallest id first (§16.20)
  const r = await runPayloads(options(geo, HITS), [
    payload(1, [marker(2, 1000), marker(3, 1000), hit({ vmm: 2, ch: 29, adc: 77, tdc: 10, bcid: 7 }), hit({ vmm: 3, ch: 4, adc: 66, tdc: 10, bcid: 7 })]),
  ]);
  assert.deepEqual(r.hits.map((h) => [h['id'], h['det'], h['plane'], h['pos'], h['ch'], h['vmm'], h['adc']]), [
    [1, 5, 0, 29 % 8, 29, 2, 77],
    [1, 5, 1, Math.floor(29 / 8), 29, 2, 77],
    [2, 3, 0, 4, 4, 3, 66],
  ]);
  assert.equal(r.hits[0]!['time'], r.hits[1]!['time']);
});

test('§3.3/§8.4 positions are stored as u16 (−2 → 65534, 70000 → 4464)', async () => {
  const geo = [stripEntry(1, 0, 1, 0, sparseMap({ 1: -2, 2: 70000, 3: 65535 }))];
  const r = await runPayloads(options(geo, HITS), [
    payload(1, [marker(0, 1000), ...[1, 2, 3].map((ch) => hit({ vmm: 0, ch, adc: 100, tdc: 10, bcid: 1 }))]),
  ]);
  assert.deepEqual(r.hits.map((h) => h['pos']), [65534, 4464, 65535]);
});

test('§8.1 a data word with VMM 16…31 uses the mapping of VMM id−16 of FEC fec+1', async () => {
  // FEC 2 / VMM 3 is det 2 plane 1 with strip = 100 + channel; FEC 1 VMM 19 aliases it
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(2, 1, 2, 3, IDENTITY.map((c) => 100 + c))];
  const r = await runPayloads(options(geo, HITS), [
    payload(2, [marker(3, 2000)]), // marker slot of FEC 2 / VMM 3 (= FEC 1 slot 19)
    payload(1, [hit({ vmm: 19, ch: 7, adc: 100, tdc: 10, bcid: 1 })], 2),
  ]);
  assert.deepEqual(r.hits.map((h) => [h['det'], h['plane'], h['fec'], h['vmm'], h['pos'], h['readout_time']]), [[2, 1, 1, 19, 107, 50000]]);
});

/** Plane clusters of a 1D detector (det 1 plane 0, FEC 1 VMM 0) from the given hits. */
async function clustersOf(args: string[], hits: ReturnType<typeof hit>[], geo: object[] = [stripEntry(1, 0, 1, 0)]): Promise<{ plane: Row[]; hits: Row[] }> {
  return runPayloads(options(geo, [...saveAll(1, 2), ...args]), [payload(1, [marker(0, 1000), ...hits]), closer(1, 0, 63)]);
}

test('§8.5 threshold compares the ADC with bit 15: -th 600 keeps every over-threshold hit', async () => {
  const hs = [
    exactHit(0, 10, 200, 0, true), // 200 + 32768 ≥ 600 → kept
    exactHit(0, 20, 500, 0), // 500 < 600 → not clustered
    exactHit(0, 30, 700, 0), // kept
    exactHit(0, 40, 600, 0), // exactly the threshold → kept
  ];
  const r = await clustersOf(['-th', '600'], hs);
  assert.deepEqual(r.plane.map((c) => c['strips']), [[10], [30], [40]]);
  assert.equal(r.plane[0]!['adc'], 200); // cluster ADC without bit 15
  // below-threshold hits are still in the hits tree
  assert.deepEqual(r.hits.slice(0, 4).map((h) => h['ch']), [10, 20, 30, 40]);
  // -th 33000: 200 + 32768 = 32968 < 33000 → dropped; 300 + 32768 = 33068 → kept; unflagged never
  const s = await clustersOf(['-th', '33000'], [exactHit(0, 10, 200, 0, true), exactHit(0, 20, 300, 0, true), exactHit(0, 30, 1023, 0)]);
  assert.deepEqual(s.plane.map((c) => c['strips']), [[20]]);
  // negative threshold: only over-threshold hits, whatever their ADC (≥ 16)
  const n = await clustersOf(['-th', '-1'], [exactHit(0, 10, 16, 0, true), exactHit(0, 20, 1000, 0), exactHit(0, 30, 20, 0, true)]);
  assert.deepEqual(n.plane.map((c) => c['strips']), [[10], [30]]);
});

test('§8.5 per-detector threshold (index = first appearance)', async () => {
  // det 1 (listed first) threshold 0, det 2 threshold 600
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(2, 0, 1, 1)];
  const r = await runPayloads(options(geo, [...saveAll(1, 2), '-th', '[0,600]']), [
    payload(1, [marker(0, 1000), marker(1, 1000), exactHit(0, 5, 300, 0), exactHit(1, 5, 300, 0), exactHit(1, 9, 700, 0)]),
    closer(1, 0, 63),
  ]);
  assert.deepEqual(r.plane.map((c) => [c['det'], c['strips']]), [[1, [5]], [2, [9]]]);
});

test('§8.3 new data at exactly srs ≥ oldTS + 16·Toff (1638400 ns at 40 MHz)', async () => {
  // §9.5 layout with markers 1000, 65536 (srs exactly 1638400 → new data, oldTS = 1638400), 131072 (3276800 → round)
  const pk = (frame: number, ts: number, c0: number, c1: number) =>
    payload(1, [marker(0, ts), marker(1, ts), exactHit(0, c0, 300, 100), exactHit(1, c1, 300, 100)], frame);
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), [pk(1, 1000, 10, 20), pk(2, 65536, 30, 31), pk(3, 131072, 50, 51)]);
  // round at packet 3 (boundary 1638400) clusters packet 1 → ids 1 (plane 0), 2 (plane 1); packet 2 at the end → 3, 4
  assert.deepEqual(r.plane.map((c) => [c['id'], c['strips']]), [[1, [10]], [2, [20]], [3, [30]], [4, [31]]]);
  // one BC less (65535 → 1638375 < 1638400): packet 2 is not new data, packet 3 is but with boundary 0 → all at the end
  const s = await runPayloads(options(xyDetector(1), saveAll(1)), [pk(1, 1000, 10, 20), pk(2, 65535, 30, 31), pk(3, 131072, 50, 51)]);
  assert.deepEqual(s.plane.map((c) => [c['id'], c['strips']]), [[1, [10]], [2, [30]], [3, [20]], [4, [31]]]);
});

test('§8.3 with -bc 44.444 the new-data step is 16·92160 = 1474560 ns', async () => {
  // Tbc 22.5: marker 65536 → 1474560 exactly → new data; marker 131072 → 2949120 → round with boundary 1474560
  const pk = (frame: number, ts: number, c0: number, c1: number) =>
    payload(1, [marker(0, ts), marker(1, ts), exactHit(0, c0, 300, 100), exactHit(1, c1, 300, 100)], frame);
  const r = await runPayloads(options(xyDetector(1), [...saveAll(1), '-bc', '44.444']), [pk(1, 1000, 10, 20), pk(2, 65536, 30, 31), pk(3, 131072, 50, 51)]);
  assert.deepEqual(r.plane.map((c) => [c['id'], c['strips']]), [[1, [10]], [2, [20]], [3, [30]], [4, [31]]]);
  assert.equal(r.hits[2]!['readout_time'], 1474560);
});

test('§8.2 TimestampTooLarge: srs_timestamp > 109951165951975 (SRS only)', async () => {
  // -bc 20 → Tbc 50: marker 2^42 − 1 → srs 219902325555150
  const pk = [payload(1, [marker(0, 2 ** 42 - 1), hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1 })])];
  const r = await runPayloads(options([stripEntry(1, 0, 1, 0)], [...HITS, '-bc', '20']), pk);
  assert.equal(r.hits[0]!['readout_time'], 219902325555150);
  assert.deepEqual(fecBlock(r.report, 1).slice(0, 2), ['TimestampTooLarge: 1', 'TimestampOverflow: 0']);
  // the corrected srs_timestamp counts: -t0 −2e14 pushes 25000 over the limit
  const t = await runPayloads(options([stripEntry(1, 0, 1, 0)], [...HITS, '-t0', '[[1,0,-2e14]]']), [
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1 }), hit({ vmm: 0, ch: 2, adc: 100, tdc: 10, bcid: 1 })]),
  ]);
  assert.equal(fecBlock(t.report, 1)[0], 'TimestampTooLarge: 2');
  // exactly the limit is not too large: Tbc 25 can reach at most (2^42 − 1)·25 + 15·102400 = 109951164313575
  const e = await runPayloads(options([stripEntry(1, 0, 1, 0)], [...HITS]), [payload(1, [marker(0, 2 ** 42 - 1), hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1, offset: 15 })])]);
  assert.equal(fecBlock(e.report, 1)[0], 'TimestampTooLarge: 0');
});

test('§8.2/§15.3 TimestampOverflow and the acquisition time with overflows', async () => {
  // hit A at srs 2.5e12 (marker 1e11), then hit B at srs 25000: 2.5e12 > 0x1FFFFFFFFFF + 25000 → overflow
  const pk = [
    payload(1, [marker(0, 1e11), hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1 })]),
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 2, adc: 100, tdc: 10, bcid: 1 })], 2),
  ];
  const r = await runPayloads(options([stripEntry(1, 0, 1, 0)], HITS), pk);
  const b = fecBlock(r.report, 1);
  assert.deepEqual(b.slice(0, 12), [
    'TimestampTooLarge: 0', 'TimestampOverflow: 1', 'ParserFrameSeqErrors: 0', 'ParserFrameMissingErrors: 0',
    'ParserFramecounterOverflows: 0', 'ParserTimestampSeqErrors: 0', 'ParserTimestampOverflows: 1', 'ParserBadFrames: 0',
    'ParserGoodFrames: 2', 'ParserReadouts: 4', 'ParserMarkers: 2', 'ParserData: 2',
  ]);
  // first = 2.5e12, max = 2.5e12 → raised to 109951162777575, last = oldTS = 2.5e12 (hit A was new data):
  // acq = ((max − first) + 0·max + last) / 1e6 = 109951162.777575 ms
  assert.deepEqual(b.slice(12, 18), [
    '****************************************', 'Stats (acquisition):', '****************************************',
    'Acq time: 109951162.8 ms', 'Hit rate FEC: 1.818989e-05 hit/s', 'Data rate FEC: 8.731149e-04 bit/s',
  ]);
  // TRG: no sanity counters (same jump via trigger-time markers)
  const trg = await runPayloads(options([stripEntry(1, 0, 1, 0)], [...HITS, '-df', 'TRG']), [
    payload(1, [marker(16, 1e8 * 1024), marker(0, 1), hit({ vmm: 0, ch: 1, adc: 100, tdc: 10, bcid: 1 })]),
    payload(1, [marker(16, 1024), hit({ vmm: 0, ch: 2, adc: 100, tdc: 10, bcid: 1 })], 2),
  ]);
  assert.equal(trg.hits[0]!['readout_time'], 1e8 * 1024 * 25 - 25);
  assert.equal(fecBlock(trg.report, 1)[1], 'TimestampOverflow: 0');
});
