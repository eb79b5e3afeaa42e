/**
 * EssDecoder on the whole of example_LET.pcapng (formats.md §4.8, §8) against vmm-sdat
 * c56141b's reference run `ess_LET`: the `System wide stats` counters, the two
 * `Sequence number error` lines, 100 accepted pulses ~70.76 ms apart, rings/FENs/VMMs,
 * per-FEN readouts; the 25372 readouts that the LET geometry maps (the c56141b validity
 * filter and time-of-flight rule of §4.6 applied here as the spec states them) equal the
 * reference hits tree field by field, including time and time of flight from the
 * decoder's pulse (the 4 `jitter` values of stdout.log too); `statisticsReport`
 * reproduces the printed FEN and system blocks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCapture } from '../../../src/pcapng/index.js';
import { UdpExtractor } from '../../../src/net/index.js';
import { EssDecoder } from '../../../src/readout/ess/decoder.js';
import { geometryFromJson } from '../../../src/config/geometry.js';
import { fmtE } from '../../../src/cstd/printf.js';
import { DATA, REFERENCE, hasShared, referenceLines } from '../../helpers/reference.js';

const skip = !hasShared() && 'needs ../shared (data and reference)';
const TBC = 22.5; // -bc 44.44
const TAC = 60;

interface Readout { fec: number; assister: number; vmm: number; ch: number; bc: number; tdc: number; adc: number; ot: number; geo: number; ts: number; pulse: number }

function decodeCapture() {
  const b = readFileSync(join(DATA, 'example_LET.pcapng'));
  const ex = new UdpExtractor();
  const messages: string[] = [];
  const d = new EssDecoder({ tbc: TBC, onMessage: (l) => messages.push(l) });
  const readouts: Readout[] = [];
  const rings = new Set<number>();
  const pulses: number[] = [];
  const queues = [0, 0];
  parseCapture(new Uint8Array(b.buffer, b.byteOffset, b.length), (p) => {
    const u = ex.extract(p);
    if (!u || u.length === 0) return;
    queues[u.bytes[u.offset + 8]!]!++;
    for (let r = u.offset + 30; r < u.offset + u.length; r += 20) rings.add(u.bytes[r]!);
    const n = d.decode(u.bytes, u.offset, u.length);
    if (pulses[pulses.length - 1] !== d.lastPulse) pulses.push(d.lastPulse);
    const o = d.out;
    for (let i = 0; i < n; i++) {
      readouts.push({
        fec: o.fec[i]!, assister: o.assister[i]!, vmm: o.vmm[i]!, ch: o.channel[i]!, bc: o.bcid[i]!, tdc: o.tdc[i]!, adc: o.adc[i]!,
        ot: o.overThreshold[i]!, geo: o.geo[i]!, ts: o.timestamp[i]!, pulse: d.lastPulse,
      });
    }
  });
  return { d, messages, readouts, rings, pulses, queues };
}

const log = (): string[] => readFileSync(join(REFERENCE, 'ess_LET', 'stdout.log'), 'utf8').split('\n');

test('whole capture: System wide stats counters, sequence-number lines, 100 pulses, rings/FENs/VMMs (§4.8, §8)', { skip }, () => {
  const { d, messages, readouts, rings, pulses, queues } = decodeCapture();
  const lines = log();
  const start = lines.indexOf('System wide stats') + 2;
  const printed = Object.fromEntries(lines.slice(start, start + 26).map((l) => l.split(': ')).map(([k, v]) => [k!, Number(v)]));
  assert.deepEqual(d.counters(), printed);
  assert.equal(d.stats.ErrorSeqNum, 2);
  assert.equal(d.stats.ParserReadouts, 25620);
  assert.deepEqual(messages, lines.filter((l) => l.startsWith('Sequence number error')));
  assert.deepEqual(messages, ['Sequence number error at packet 0', 'Sequence number error at packet 1']);
  assert.deepEqual(queues, [100, 100]); // queues 0 and 1 alternate
  assert.equal(d.triggers, 100);
  assert.equal(pulses.length, 100);
  const gaps = pulses.slice(1).map((p, i) => p - pulses[i]!);
  // 70.76 ms apart; across a second boundary 9.41 ms more, because a second of 88052500 ticks of 11.25 ns
  // is only 990.59 ms (the real clock is 88.0525 MHz, not 2 × 44.44 MHz)
  const rounded = gaps.map((g) => (g / 1e6).toFixed(2));
  assert.equal(rounded.filter((g) => g === '70.76').length, 92);
  assert.equal(rounded.filter((g) => g === '80.17').length, 7);
  assert.equal(((1e9 - 88052500 * 11.25) / 1e6).toFixed(2), '9.41');
  assert.equal(d.lastVersion, 0);
  // rings 0–3, FEN 0 → assisters 0 and 32; VMMs 0, 2, 3; all data readouts over threshold
  assert.deepEqual([...rings].sort(), [0, 1, 2, 3]);
  assert.deepEqual([...new Set(readouts.map((r) => r.assister))].sort((a, b) => a - b), [0, 32]);
  assert.deepEqual([...new Set(readouts.map((r) => r.vmm))].sort(), [0, 2, 3]);
  assert.ok(readouts.every((r) => r.ot === 1 && r.geo === 0 && r.fec === r.assister));
  assert.equal(d.fenDataReadouts[0]! + d.fenDataReadouts[32]!, 25620);
  assert.equal(d.fenDataReadouts.reduce((a, b) => a + b, 0), 25620);
});

test('whole capture: 248 unmapped readouts; the 25372 hits equal the reference hits tree (time, tof, every field)', { skip }, () => {
  const { readouts } = decodeCapture();
  const g = geometryFromJson(JSON.parse(readFileSync(join(DATA, 'example_geometry_LET.json'), 'utf8')), 'LET');
  const ref = referenceLines('ess_LET', 'hits')!;
  assert.equal(ref[0], 'id,det,plane,fec,vmm,readout_time,time,geo_id,ch,pos,bcid,tdc,adc,over_threshold,chip_time');
  let unmapped = 0;
  let invalid = 0;
  let row = 0;
  let [p0, p1, p2] = [0, 0, 0];
  const jitter: number[] = [];
  for (const r of readouts) {
    // hit handler §5.1: pulse history, mapping, validity (§6.1), time of flight (§4.6)
    if (r.pulse > p0) [p2, p1, p0] = [p1, p0, r.pulse];
    const slot = r.fec * 16 + r.vmm;
    const pos = g.pos0[slot * 64 + r.ch]!;
    if (pos === -1) {
      unmapped++;
      continue;
    }
    if (r.tdc === 0 || r.adc === 0 || (r.ot === 1 && r.adc < 16)) {
      invalid++;
      continue;
    }
    const chip = 1.5 * TBC - (r.tdc * TAC) / 255;
    const time = r.ts + chip;
    let tof = time - p0;
    if (tof < -1e4 && p1 > 0) tof = time - p1;
    if (tof < -1e4 && p2 > 0) tof = time - p2;
    assert.ok(tof >= -1e4);
    if (tof <= 0) jitter.push(tof);
    row++;
    const c = ref[row]!.split(',').map(Number);
    assert.deepEqual(
      c,
      [row, g.slotDet[slot], g.slotPlane[slot], r.fec, r.vmm, tof, time, r.geo, r.ch, pos, r.bc, r.tdc, r.adc, r.ot, chip],
      `hit ${row}`,
    );
  }
  assert.deepEqual({ unmapped, invalid, hits: row }, { unmapped: 248, invalid: 0, hits: 25372 });
  assert.equal(ref.length - 1, row);
  // the 4 jitter lines of stdout.log (printed with 20 significant digits)
  const printed = log().filter((l) => l.startsWith('jitter [ns]: ')).map((l) => Number(l.slice(13)));
  assert.deepEqual(jitter, printed);
  assert.equal(printed.length, 4);
});

test('statisticsReport: FEN 0, FEN 32 and System wide stats blocks of stdout.log; lastAcquisitionMs gives the cluster rate', { skip }, () => {
  const { d, readouts } = decodeCapture();
  const g = geometryFromJson(JSON.parse(readFileSync(join(DATA, 'example_geometry_LET.json'), 'utf8')), 'LET');
  // per-FEC bookkeeping of the hit handler (A§8.6) over the mapped hits (none fails the other filters here)
  const firstTS = new Float64Array(385);
  const maxTS = new Float64Array(385);
  for (const r of readouts) {
    if (g.pos0[(r.fec * 16 + r.vmm) * 64 + r.ch] === -1) continue;
    if (firstTS[r.fec] === 0) firstTS[r.fec] = r.ts;
    if (maxTS[r.fec]! < r.ts) maxTS[r.fec] = r.ts;
  }
  const zeros = new Float64Array(385);
  const acq = { fecs: [...g.fecs, 384], firstTS, maxTS, oldTS: zeros, timestampOverflow: zeros, timestampTooLarge: zeros };
  assert.deepEqual(acq.fecs, [0, 32, 384]);
  const lines = log();
  const from = lines.indexOf('FEN 0') - 2;
  const to = lines.indexOf('ParserOverThreshold: 25620') + 2;
  assert.deepEqual(d.statisticsReport(acq), lines.slice(from, to));
  assert.equal(lines[from], '');
  // Total Cluster rate with the reference's 9190 detector clusters (acquisition time of FEN 32)
  assert.equal(`Total Cluster rate: ${fmtE((1000 * 9190) / d.lastAcquisitionMs(acq), 1)} particles/s`, lines[to + 2]);
  assert.equal(d.lastAcquisitionMs(acq).toFixed(1), '7141.0');
});
