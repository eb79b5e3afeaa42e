/**
 * Per-hit time and charge (analysis.md §7) through the whole analysis, read back
 * from the `hits` tree: the worked examples of §7.4 and §7.8, timestamp offsets
 * 16/17/31, SRS and TRG time bases, calibration (ADC clamping, time offset/slope,
 * time walk, replacement of entries), `-t0` (numeric, `run`, untrimmed ` run`) and
 * the `-n` stop rule of §7.7.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chipTime, configError, hit, marker, options, payload, runPayloads, stripEntry, type Row } from '../helpers/analysis-harness.js';

const GEO = [stripEntry(1, 0, 1, 0), stripEntry(1, 1, 1, 1), stripEntry(2, 0, 2, 0)];
const SAVE_HITS = ['-save', '[[1,2],[],[]]'];

async function hits(args: string[], payloads: Uint8Array[], files: Record<string, string> = {}): Promise<Row[]> {
  return (await runPayloads(options(GEO, [...SAVE_HITS, ...args], files), payloads)).hits;
}

const arr64 = (v: number): number[] => new Array<number>(64).fill(v);

test('§7.8 worked SRS example: srs 25000, chip time 2513.9705882352941, time 27513.970588235294', async () => {
  const rows = await hits([], [
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 10, adc: 300, tdc: 100, bcid: 100 })]),
    // same hit with offset 31 after a marker at 71000: 71000·25 − 102400
    payload(1, [marker(0, 71000), hit({ vmm: 0, ch: 10, adc: 300, tdc: 100, bcid: 100, offset: 31 })], 2),
  ]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!['readout_time'], 25000);
  assert.equal(rows[0]!['chip_time'], 2513.9705882352941);
  assert.equal(rows[0]!['time'], 27513.970588235294);
  assert.equal(rows[1]!['readout_time'], 1672600);
  assert.deepEqual(
    ['id', 'det', 'plane', 'fec', 'vmm', 'geo_id', 'ch', 'pos', 'bcid', 'tdc', 'adc', 'over_threshold', 'event_counter'].map((k) => rows[0]![k]),
    [1, 1, 0, 1, 0, 0, 10, 10, 100, 100, 300, 0, 1],
  );
});

test('§7.1 offsets: 0…15 as is, 16 dropped without id, 17…30 and 31 → −1', async () => {
  const m = 100000; // marker → 2500000 ns
  const rows = await hits([], [
    payload(1, [
      marker(0, m),
      hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5, offset: 15 }),
      hit({ vmm: 0, ch: 2, adc: 50, tdc: 10, bcid: 5, offset: 16 }),
      hit({ vmm: 0, ch: 3, adc: 50, tdc: 10, bcid: 5, offset: 17 }),
      hit({ vmm: 0, ch: 4, adc: 50, tdc: 10, bcid: 5, offset: 30 }),
      hit({ vmm: 0, ch: 5, adc: 50, tdc: 10, bcid: 5, offset: 31 }),
      hit({ vmm: 0, ch: 6, adc: 50, tdc: 10, bcid: 5, offset: 1 }),
    ]),
  ]);
  assert.deepEqual(rows.map((r) => [r['id'], r['ch'], r['readout_time']]), [
    [1, 1, 2500000 + 15 * 102400],
    [2, 3, 2500000 - 102400],
    [3, 4, 2500000 - 102400],
    [4, 5, 2500000 - 102400],
    [5, 6, 2500000 + 102400],
  ]);
});

test('§7.2/§7.8 TRG example with -bc 44.444: srs 1717975350, event counter 2054', async () => {
  const rows = await hits(['-df', 'TRG', '-bc', '44.444'], [
    payload(1, [
      marker(16, 0xf0000002 * 1024 + 5), // trigger counter 2·1024 + 5 = 2053
      marker(16, 0x00012345 * 1024 + 7), // trigger time 0x12345·1024 = 76354560 (low bits dropped)
      marker(0, 100), // relative marker
      hit({ vmm: 0, ch: 7, adc: 123, tdc: 20, bcid: 3 }),
    ]),
  ]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!['readout_time'], 1717975350);
  assert.equal(rows[0]!['event_counter'], 2054);
  // chip time with Tbc 22.5: 3·22.5 + (33.75 − 20·60/255)
  assert.equal(rows[0]!['chip_time'], 3 * 22.5 + (1.5 * 22.5 - (20 * 60) / 255));
  assert.equal(rows[0]!['time'], 1717975350 + rows[0]!['chip_time']);
});

test('§7.2 TRG time base: triggerTime·Tbc + Toff·offset − fecTimeStamp·Tbc, with offset 31 → −1', async () => {
  // -bc 40: Tbc 25, Toff 102400; triggerTime = 5·1024, relative 7, offset 31
  const rows = await hits(['-df', 'TRG'], [
    payload(1, [marker(17, 5 * 1024 * 1024), marker(1, 7) /* d1 = 5·1024 */, hit({ vmm: 1, ch: 0, adc: 9, tdc: 9, bcid: 9, offset: 31 })]),
  ]);
  assert.equal(rows[0]!['readout_time'], 5 * 1024 * 1024 * 25 - 102400 - 7 * 25); // triggerTime = d1·1024 = 5·1024·1024
  assert.equal(rows[0]!['event_counter'], 1); // trigger counter 0 + 1
});

test('§7.4 worked calibration example: time walk −0.6907829276004899, chip time 2542.0143123393655', async () => {
  const cal = JSON.stringify({
    vmm_calibration: [{ fecID: 1, vmmID: 0, timewalk_a: arr64(10.3), timewalk_b: arr64(1.7), timewalk_c: arr64(3.1), timewalk_d: arr64(-0.7) }],
  });
  const rows = await hits(['-cal', 'cal.json'], [
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 3, adc: 200, tdc: 90, bcid: 101 }), hit({ vmm: 1, ch: 3, adc: 200, tdc: 90, bcid: 101 })]),
  ], { 'cal.json': cal });
  assert.equal(rows[0]!['chip_time'], 2542.0143123393655);
  // chip − chip_calibrated = −tw (to the last bits of the subtraction)
  assert.ok(Math.abs((rows[0]!['chip_time'] as number) - 2541.3235294117649 - 0.6907829276004899) < 1e-12);
  assert.equal(rows[0]!['adc'], 200);
  // VMM 1 has no entry: defaults → plain chip time
  assert.equal(rows[1]!['chip_time'], 2541.3235294117649);
});

test('§7.4 ADC calibration: u16 of (adc − offset)·slope, > 1023 → 1023, negatives wrap to 1023, (−1, 0) → 0', async () => {
  const offsets = arr64(0);
  const slopes = arr64(1);
  offsets[0] = 310.5; // adc 300 → −10.5 → u16 65526 → 1023
  offsets[1] = 0.25; // adc 500 → 499.75 → 499
  slopes[2] = 2; // adc 600 → 1200 → 1023
  offsets[3] = 310.5; // adc 310 → −0.5 → 0
  slopes[4] = 0.3; // adc 100 → 100·f32(0.3) = 30.000001192… → 30
  const timeOffsets = arr64(0);
  const timeSlopes = arr64(1);
  timeOffsets[5] = 5;
  timeSlopes[5] = 1.1;
  const cal = JSON.stringify({ vmm_calibration: [{ fecID: 1, vmmID: 0, adc_offsets: offsets, adc_slopes: slopes, time_offsets: timeOffsets, time_slopes: timeSlopes }] });
  const rows = await hits(['-cal', 'cal.json'], [
    payload(1, [
      marker(0, 1000),
      hit({ vmm: 0, ch: 0, adc: 300, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 1, adc: 500, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 2, adc: 600, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 3, adc: 310, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 4, adc: 100, tdc: 10, bcid: 1 }),
      hit({ vmm: 0, ch: 5, adc: 100, tdc: 10, bcid: 1 }),
    ]),
  ], { 'cal.json': cal });
  assert.deepEqual(rows.map((r) => r['adc']), [1023, 499, 1023, 0, 30, 100]);
  // time: bcid·25 + ((37.5 − tdcTime) − 5)·f32(1.1)
  assert.equal(rows[5]!['chip_time'], 25 + (37.5 - (10 * 60) / 255 - 5) * Math.fround(1.1));
  assert.equal(rows[0]!['chip_time'], chipTime(1, 10));
});

test('§4.2 a later calibration entry for the same (fec, vmm) replaces the earlier one completely', async () => {
  const cal = JSON.stringify({
    vmm_calibration: [
      { fecID: 1, vmmID: 0, adc_offsets: arr64(100) },
      { fecID: 1, vmmID: 0, time_offsets: arr64(2) }, // adc_offsets back to default 0
      { fecID: 2, vmmID: 1, adc_offsets: arr64(100) }, // other FEC: no effect on FEC 1 VMM 1
    ],
  });
  const rows = await hits(['-cal', 'cal.json'], [
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 0, adc: 300, tdc: 10, bcid: 1 }), hit({ vmm: 1, ch: 0, adc: 300, tdc: 10, bcid: 1 })]),
  ], { 'cal.json': cal });
  assert.deepEqual(rows.map((r) => r['adc']), [300, 300]);
  assert.equal(rows[0]!['chip_time'], 25 + (37.5 - (10 * 60) / 255 - 2) * 1);
  assert.equal(rows[1]!['chip_time'], chipTime(1, 10));
});

test('§7.3 -t0 numeric: subtracted from srs_timestamp of that (FEC, VMM) only', async () => {
  const rows = await hits(['-t0', '[[1,0,1000.5],[2,0,-5e2]]'], [
    payload(1, [marker(0, 1000), marker(1, 1000), hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5 }), hit({ vmm: 1, ch: 1, adc: 50, tdc: 10, bcid: 5 })]),
    payload(2, [marker(0, 2000), hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5 })], 2),
  ]);
  assert.deepEqual(rows.map((r) => r['readout_time']), [25000 - 1000.5, 25000, 50000 + 500]);
  assert.equal(rows[0]!['time'], 25000 - 1000.5 + chipTime(5, 10));
});

test('§7.3 -t0 run: subtract the first non-zero srs_timestamp of the whole run (any FEC/VMM, unmapped too)', async () => {
  const rows = await hits(['-t0', '[[1,0,run]]'], [
    // hit of VMM 1 before any marker: srs 0 → firstTime stays 0
    payload(1, [hit({ vmm: 1, ch: 1, adc: 50, tdc: 10, bcid: 5 })]),
    // unmapped VMM 9 with marker 400 → firstTime = 10000 (no hit record, but it counts)
    payload(1, [marker(9, 400), hit({ vmm: 9, ch: 1, adc: 50, tdc: 10, bcid: 5 })], 2),
    // offset-16 hit of VMM 0 would give srs 1638400 but is skipped entirely
    payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5, offset: 16 }), hit({ vmm: 0, ch: 2, adc: 50, tdc: 10, bcid: 5 })], 3),
  ]);
  assert.deepEqual(rows.map((r) => [r['vmm'], r['readout_time']]), [[1, 0], [0, 25000 - 10000]]);
});

test('§2.5/§16.17 -t0 " run" (untrimmed) aborts at the first hit of that VMM, not before', async () => {
  const o = options(GEO, [...SAVE_HITS, '-t0', '[[1, 0, run]]']);
  assert.equal(o.t0.get(1 * 256 + 0), ' run');
  const { Analysis } = await import('../../src/analysis/analysis.js');
  const a = new Analysis(o, { write: () => {} });
  const p1 = payload(1, [marker(1, 1000), hit({ vmm: 1, ch: 1, adc: 50, tdc: 10, bcid: 5 })]);
  a.pushPayload(p1, 0, p1.length); // VMM 1: no correction, fine
  const p2 = payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5 })], 2);
  const e = configError(() => a.pushPayload(p2, 0, p2.length));
  assert.equal(e.exitCode, 134);
});

test('§7.7 -n: running total per packet, checked after each handled hit', async () => {
  const p1 = payload(1, [marker(0, 1000), ...[1, 2, 3, 4, 5].map((c) => hit({ vmm: 0, ch: c, adc: 50, tdc: 10, bcid: 5 }))]);
  const p2 = payload(1, [6, 7, 8].map((c) => hit({ vmm: 0, ch: c, adc: 50, tdc: 10, bcid: 5 })), 2);
  // spec example: -n 1 keeps hit 1; -n 6 keeps the 5 hits of packet 1 and the first hit of packet 2
  assert.deepEqual((await hits(['-n', '1'], [p1, p2])).map((r) => r['ch']), [1]);
  assert.deepEqual((await hits(['-n', '6'], [p1, p2])).map((r) => r['ch']), [1, 2, 3, 4, 5, 6]);
  // -n 5: the total is already 5 when packet 1 starts → stop after its first hit
  assert.deepEqual((await hits(['-n', '5'], [p1, p2])).map((r) => r['ch']), [1]);
  assert.equal((await hits(['-n', '0'], [p1, p2])).length, 8);
  assert.equal((await hits(['-n', '-1'], [p1, p2])).length, 8);
  // offset-16 hits count in the running total but are no stop point; ignored (unmapped) hits are
  const p3 = payload(1, [marker(0, 1000), hit({ vmm: 0, ch: 1, adc: 50, tdc: 10, bcid: 5, offset: 16 }), hit({ vmm: 0, ch: 2, adc: 50, tdc: 10, bcid: 5 }), hit({ vmm: 0, ch: 3, adc: 50, tdc: 10, bcid: 5 })]);
  assert.deepEqual((await hits(['-n', '2'], [p3])).map((r) => r['ch']), [2]);
  const p4 = payload(1, [hit({ vmm: 7, ch: 1, adc: 50, tdc: 10, bcid: 5 }), hit({ vmm: 0, ch: 2, adc: 50, tdc: 10, bcid: 5 })]);
  assert.deepEqual((await hits(['-n', '1'], [p4])).map((r) => r['ch']), []);
  // the stopped analysis ignores further payloads and reports the parser hit count of what it read
  const run = await runPayloads(options(GEO, [...SAVE_HITS, '-n', '6']), [p1, p2, p1]);
  assert.equal(run.analysis.stopped, true);
  assert.equal(run.result.parserHits, 8);
});
