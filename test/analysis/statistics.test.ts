/**
 * The statistics printout of the final flush (analysis.md §15.2, §15.3) for tiny
 * runs, line for line: bin labels (`0-49 ns`, `0-9 %`, `5 strips`), the "common
 * cluster" lines, pad statistics, bin counts from the first-listed detector, FEC
 * statistics with all parser counts on the parser's current FEC, the frame-counter
 * rule, the acquisition time and the rates (`inf`/`-nan` included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  closer, exactHit, hit, IDENTITY, marker, options, padEntry, payload, runPayloads, saveAll, stripEntry, xyDetector,
} from '../helpers/analysis-harness.js';

const STAR = '*'.repeat(40);

/** Bin lines of a statistic with factor f ≠ 1: `lo-hi unit:  v (p %)`; `counts` = value per bin. */
function binned(width: number, unit: string, counts: number[], total: number): string[] {
  return counts.map((v, n) => `${n * width}-${n * width + width - 1} ${unit}:  ${v} (${((100 * v) / total).toFixed(1)} %)`);
}
/** Bin lines with factor 1: `n unit:  v (p %)`. */
function plain(unit: string, counts: number[], total: number): string[] {
  return counts.map((v, n) => `${n} ${unit}:  ${v} (${((100 * v) / total).toFixed(1)} %)`);
}
const zeros = (n: number, set: Record<number, number> = {}): number[] => Array.from({ length: n }, (_, i) => set[i] ?? 0);

/** §18.1 capture (see test/cluster/strip-clustering.test.ts). */
function example181(): Uint8Array[] {
  const h = (vmm: number, ch: number, adc: number, tdc: number, bcid: number, offset = 0) => hit({ vmm, ch, adc, tdc, bcid, offset, ov: true });
  return [
    payload(1, [marker(0, 1000), marker(1, 1000), h(0, 10, 300, 100, 100), h(0, 11, 500, 120, 100), h(0, 12, 200, 90, 101), h(1, 20, 450, 110, 100), h(1, 21, 520, 80, 100)]),
    payload(1, [marker(0, 71000), marker(1, 71000), h(0, 30, 400, 50, 10), h(1, 40, 400, 50, 10, 31), h(1, 41, 400, 50, 10, 16)], 2),
  ];
}

test('§15.2/§15.3 full statistics of the §18.1 example', async () => {
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), example181());
  // plane 0: one cluster (maxΔ 27.35, mms 0, span 32.06, size 3); plane 1: clusters of size 2 (maxΔ 7.06,
  // span 7.06) and 1 (0, 0). One detector cluster: |Δ| 1.686; charge ratio 100·1000/970 > 100 →
  // ChargeRatio_1_0 records 100·970/1000 = 97 → bin 9.
  const plane = (p: number, name: string, lines: string[]) => [...(p === 0 ? [STAR, `Plane 0: ${name}`, STAR] : [STAR, STAR, `Plane ${p}: ${name}`, STAR]), ...lines];
  const det = (name: string, lines: string[]) => [STAR, name, STAR, ...lines, STAR];
  const expected = [
    STAR, 'Stats detector 1', STAR,
    ...plane(0, 'DeltaTimeHits', binned(50, 'ns', zeros(5, { 0: 1 }), 1)),
    ...plane(1, 'DeltaTimeHits', binned(50, 'ns', zeros(5, { 0: 2 }), 2)), STAR,
    ...plane(0, 'MissingStripsCluster', plain('strips', [1, 0], 1)),
    ...plane(1, 'MissingStripsCluster', plain('strips', [2, 0], 2)), STAR,
    ...plane(0, 'SpanClusterTime', binned(50, 'ns', zeros(11, { 0: 1 }), 1)),
    ...plane(1, 'SpanClusterTime', binned(50, 'ns', zeros(11, { 0: 2 }), 2)), STAR,
    ...plane(0, 'ClusterSize', plain('strips', zeros(65, { 3: 1 }), 1)),
    ...plane(1, 'ClusterSize', plain('strips', zeros(65, { 1: 1, 2: 1 }), 2)), STAR,
    ...plane(0, 'ClusterCntPlane', ['1 (100.0 %)']),
    ...plane(1, 'ClusterCntPlane', ['2 (100.0 %)']), STAR,
    ...det('DeltaTimePlanes_0_1', binned(50, 'ns', zeros(5, { 0: 1 }), 1)),
    ...det('ChargeRatio_0_1', binned(10, '%', zeros(11), 1)),
    ...det('ChargeRatio_1_0', binned(10, '%', zeros(10, { 9: 1 }), 1)),
    ...det('ClusterCntDetector', ['1 (common cluster in detector, 100.0 % plane 0, 50.0 % plane 1)']),
    // FEC statistics: 2 good frames, 4 markers + 8 data words (the offset-16 hit included)
    STAR, 'FEC 1', STAR,
    'TimestampTooLarge: 0', 'TimestampOverflow: 0', 'ParserFrameSeqErrors: 0', 'ParserFrameMissingErrors: 0',
    'ParserFramecounterOverflows: 0', 'ParserTimestampSeqErrors: 0', 'ParserTimestampOverflows: 0', 'ParserBadFrames: 0',
    'ParserGoodFrames: 2', 'ParserReadouts: 12', 'ParserMarkers: 4', 'ParserData: 8',
    // acq = (1775000 − 25000) / 1e6 = 1.75 ms (printed half-even 1.8); 1000·8/1.75; 1000·8·48/1.75
    STAR, 'Stats (acquisition):', STAR, 'Acq time: 1.8 ms', 'Hit rate FEC: 4.571429e+03 hit/s', 'Data rate FEC: 2.194286e+05 bit/s', STAR,
    // 1000·1 cluster / 1.75
    STAR, 'Total Cluster rate: 5.714286e+02 particles/s', STAR,
  ];
  assert.deepEqual(r.report, expected);
});

test('§15.2 bin counts come from the first-listed detector; overflow collects in the last bin', async () => {
  // det 1 (first, -dt 100 → L = 3) and det 2 (-dt 300 would give 7): both print 3 DeltaTimeHits bins.
  // det 2 plane 0: one time cluster with Δ 250 → 250·0.02 = 5 ≥ 3 → last bin
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(2, 0, 1, 1)];
  const r = await runPayloads(options(geo, ['-save', '[[],[1,2],[1,2]]', '-dt', '[100,300]']), [
    payload(1, [marker(0, 1000), marker(1, 1000), exactHit(0, 5, 100, 0), exactHit(1, 5, 100, 0), exactHit(1, 20, 100, 10)]),
    closer(1, 0, 63),
  ]);
  const i1 = r.report.indexOf('Stats detector 1');
  const i2 = r.report.indexOf('Stats detector 2');
  assert.deepEqual(r.report.slice(i1 + 2, i1 + 8), [STAR, 'Plane 0: DeltaTimeHits', STAR, '0-49 ns:  1 (100.0 %)', '50-99 ns:  0 (0.0 %)', '100-149 ns:  0 (0.0 %)']);
  assert.equal(r.report[i1 + 8], STAR);
  assert.deepEqual(r.report.slice(i2 + 2, i2 + 9), [STAR, 'Plane 0: DeltaTimeHits', STAR, '0-49 ns:  0 (0.0 %)', '50-99 ns:  0 (0.0 %)', '100-149 ns:  2 (100.0 %)', STAR]);
  // 1D detectors: no detector statistics block (planes 0 and 1 not both defined)
  assert.equal(r.report.includes('ClusterCntDetector'), false);
});

test('§15.2 pad detector statistics', async () => {
  const XS = IDENTITY.map((c) => c % 8);
  const YS = IDENTITY.map((c) => Math.floor(c / 8));
  // pads (1,1), (2,1), (5,5), (2,2) → clusters of 3 pads (extension 2×2) and 1 pad, each emitted twice
  const r = await runPayloads(options([padEntry(1, 0, 1, 0, XS, YS)], saveAll(1)), [
    payload(1, [marker(0, 1000), exactHit(0, 9, 100, 0), exactHit(0, 10, 200, 1), exactHit(0, 45, 300, 2), exactHit(0, 18, 400, 3)]),
    closer(1, 0, 63),
  ]);
  const block = (name: string, lines: string[]) => [STAR, name, STAR, ...lines, STAR];
  const i = r.report.indexOf('Stats detector 1');
  const j = r.report.indexOf('FEC 1') - 1;
  assert.deepEqual(r.report.slice(i - 1, j), [
    STAR, 'Stats detector 1', STAR,
    ...block('ClusterSizePads', plain('pads', zeros(17, { 1: 2, 3: 2 }), 4)),
    ...block('ClusterExtensionPads_0', plain('pads', zeros(9, { 1: 2, 2: 2 }), 4)),
    ...block('ClusterExtensionPads_1', plain('pads', zeros(9, { 1: 2, 2: 2 }), 4)),
    ...block('ClusterCntPadDetector', ['4 (100.0 %)']),
  ]);
});

test('§6.6/§15.3 all parser counts on the current FEC, frame-counter rule, rates with inf and -nan', async () => {
  // det 1 plane 0 on FEC 1, plane 1 on FEC 2 (FEC list [1, 2]); save code 1: FEC statistics only
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 2, 0)];
  const p1 = payload(1, [marker(0, 1000), exactHit(0, 5, 100, 100), hit({ vmm: 0, ch: 6, adc: 100, tdc: 0, bcid: 100, offset: 3 })], 5);
  const p2 = payload(2, [marker(0, 1000), exactHit(0, 5, 100, 100), hit({ vmm: 0, ch: 6, adc: 100, tdc: 0, bcid: 100, offset: 1 })], 0);
  const fecLines = (counts: number[], seq: number) => [
    'TimestampTooLarge: 0', 'TimestampOverflow: 0', `ParserFrameSeqErrors: ${seq}`, 'ParserFrameMissingErrors: 0',
    'ParserFramecounterOverflows: 0', 'ParserTimestampSeqErrors: 0', 'ParserTimestampOverflows: 0', 'ParserBadFrames: 0',
    `ParserGoodFrames: ${counts[0]}`, `ParserReadouts: ${counts[1]}`, `ParserMarkers: ${counts[2]}`, `ParserData: ${counts[3]}`,
  ];
  const r = await runPayloads(options(geo, ['-save', '[[1],[],[]]']), [p1, p2]);
  assert.deepEqual(r.report, [
    // FEC 1: acq (25000 + 3·102400 − 25000)/1e6 = 0.3072; no parser counts → 0 rates
    STAR, 'FEC 1', STAR, ...fecLines([0, 0, 0, 0], 0),
    STAR, 'Stats (acquisition):', STAR, 'Acq time: 0.3 ms', 'Hit rate FEC: 0.000000e+00 hit/s', 'Data rate FEC: 0.000000e+00 bit/s', STAR,
    // FEC 2 (last frame, counter 0 → ParserFrameSeqErrors 1): all parser counts; acq 0.1024 ms
    STAR, 'FEC 2', STAR, ...fecLines([2, 6, 2, 4], 1),
    STAR, 'Stats (acquisition):', STAR, 'Acq time: 0.1 ms', 'Hit rate FEC: 3.906250e+04 hit/s', 'Data rate FEC: 1.875000e+06 bit/s', STAR,
    // the final flush clusters even with save code 1: the two hits at 27537.5 match → 1 cluster / 0.1024 ms
    STAR, 'Total Cluster rate: 9.765625e+03 particles/s', STAR,
  ]);
  // last frame from FEC 3 (not in the geometry): counts never printed; acquisition 0 → inf / -nan
  const p3 = payload(3, [marker(0, 5)], 7);
  const q = await runPayloads(options(geo, ['-save', '[[1],[],[]]']), [payload(1, [marker(0, 1000), exactHit(0, 5, 100, 100)], 4), p3]);
  assert.deepEqual(q.report.slice(3, 15), fecLines([0, 0, 0, 0], 0));
  assert.deepEqual(q.report.slice(15 + 3, 15 + 6), ['Acq time: 0.0 ms', 'Hit rate FEC: -nan hit/s', 'Data rate FEC: -nan bit/s']);
  assert.equal(q.report[q.report.length - 2], 'Total Cluster rate: -nan particles/s');
  // a bad frame does not change the current FEC (data id check fails): counts stay on FEC 2
  const bad = Uint8Array.from([0, 0, 0, 9, 0x56, 0x4d, 0x34, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const b = await runPayloads(options(geo, ['-save', '[[1],[],[]]']), [p1, p2, bad]);
  const i2 = b.report.indexOf('FEC 2');
  assert.deepEqual(b.report.slice(i2 + 2, i2 + 14), [...fecLines([2, 6, 2, 4], 0).slice(0, 7), 'ParserBadFrames: 1', ...fecLines([2, 6, 2, 4], 0).slice(8)]);
});

/** Lines of the detector statistics block (from the first detector statistic up to the FEC block). */
function detectorBlock(report: string[]): string[] {
  const i = report.indexOf('DeltaTimePlanes_0_1');
  return report.slice(i - 1, report.indexOf('FEC 1') - 1);
}

test('§15.2 3-plane detector: plane-2 statistics and the three-plane common cluster line', async () => {
  // §13.1 3-plane example: A0 (strip 1, 100, T0), B0 (strip 5, 400, T1), A1 (200, T2), C2 (400, T4) →
  // one cluster (B0, A1, C2): |d01| 25, |d12| 50, |d02| 75; ratios 0/1: 200 → _1_0 records 50;
  // 0/2: 100 → _0_2 bin 10; 1/2: 50 → _1_2 bin 5. Plane counts 2, 1, 1.
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 1, 1), stripEntry(1, 2, 1, 2)];
  const r = await runPayloads(options(geo, saveAll(1)), [
    payload(1, [marker(0, 1000), marker(1, 1000), marker(2, 1000), exactHit(0, 1, 100, 0), exactHit(0, 5, 400, 1), exactHit(1, 1, 200, 2), exactHit(2, 1, 400, 4)]),
    closer(1, 0, 63),
  ]);
  const det = (name: string, lines: string[]) => [STAR, name, STAR, ...lines, STAR];
  assert.deepEqual(detectorBlock(r.report), [
    ...det('DeltaTimePlanes_0_1', binned(50, 'ns', zeros(5, { 0: 1 }), 1)),
    ...det('DeltaTimePlanes_1_2', binned(50, 'ns', zeros(5, { 1: 1 }), 1)),
    ...det('DeltaTimePlanes_0_2', binned(50, 'ns', zeros(5, { 1: 1 }), 1)),
    ...det('ChargeRatio_0_1', binned(10, '%', zeros(11), 1)),
    ...det('ChargeRatio_1_0', binned(10, '%', zeros(10, { 5: 1 }), 1)),
    ...det('ChargeRatio_0_2', binned(10, '%', zeros(11, { 10: 1 }), 1)),
    ...det('ChargeRatio_2_0', binned(10, '%', zeros(10), 1)),
    ...det('ChargeRatio_1_2', binned(10, '%', zeros(11, { 5: 1 }), 1)),
    ...det('ChargeRatio_2_1', binned(10, '%', zeros(10), 1)),
    ...det('ClusterCntDetector', ['1 (common cluster in detector, 50.0 % plane 0, 100.0 % plane 1, 100.0 % plane 2)']),
  ]);
  // plane-2 headers carry two star lines
  const k = r.report.indexOf('Plane 2: ClusterCntPlane');
  assert.deepEqual(r.report.slice(k - 2, k + 3), [STAR, STAR, 'Plane 2: ClusterCntPlane', STAR, '1 (100.0 %)']);
});

test('§15.2 no detector clusters: plane count 0 is replaced by 1, total 0 prints common-cluster lines', async () => {
  // 2D detector with two plane-0 clusters and nothing on plane 1
  const r = await runPayloads(options(xyDetector(1), saveAll(1)), [
    payload(1, [marker(0, 1000), exactHit(0, 3, 100, 0), exactHit(0, 30, 100, 0)]),
    closer(1, 0, 60),
  ]);
  const k = r.report.indexOf('Plane 1: ClusterCntPlane');
  assert.deepEqual(r.report.slice(k, k + 3), ['Plane 1: ClusterCntPlane', STAR, '0 (0.0 %)']);
  const j = r.report.indexOf('Plane 1: DeltaTimeHits');
  assert.equal(r.report[j + 2], '0-49 ns:  0 (0.0 %)');
  const common = '0 (common cluster in detector, 0.0 % plane 0, 0.0 % plane 1)';
  const det = (name: string, n: number) => [STAR, name, STAR, ...new Array<string>(n).fill(common), STAR];
  assert.deepEqual(detectorBlock(r.report), [
    ...det('DeltaTimePlanes_0_1', 5), ...det('ChargeRatio_0_1', 11), ...det('ChargeRatio_1_0', 10), ...det('ClusterCntDetector', 1),
  ]);
});

test('§15.3 rates with an acquisition time of 0 and data: inf', async () => {
  const r = await runPayloads(options([stripEntry(1, 0, 1, 0)], ['-save', '[[1],[],[]]']), [payload(1, [marker(0, 1000), exactHit(0, 5, 100, 100)], 4)]);
  assert.deepEqual(r.report.slice(18, 21), ['Acq time: 0.0 ms', 'Hit rate FEC: inf hit/s', 'Data rate FEC: inf bit/s']);
});
