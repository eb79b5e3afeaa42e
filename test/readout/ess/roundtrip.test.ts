/**
 * ESS property test: seeded random readouts (valid ones, and ones failing exactly one
 * readout check) and pulses → `encodeEssStream` (header v0 and v1, several output
 * queues, varying packet sizes, heartbeats) → UDP frames (`buildUdpFrame`) in a pcapng
 * (`PcapngWriter`) → `parseCapture` + `UdpExtractor` → `EssDecoder`. The decoded readouts
 * are exactly the valid ones with their fields, assister ids, timestamps and pulse; every
 * counter equals what the generated stream implies. Also the generator's own shape.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PcapngWriter, parseCapture } from '../../../src/pcapng/index.js';
import { UdpExtractor, buildUdpFrame } from '../../../src/net/index.js';
import { EssDecoder } from '../../../src/readout/ess/decoder.js';
import { newEssCounters, type EssCounterName } from '../../../src/readout/ess/counters.js';
import {
  encodeEssPacket, encodeEssStream, maxReadoutsPerPacket, type EssPulse, type EssReadout,
} from '../../../src/readout/ess/encoder.js';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const TICKS = 88052500; // ticks per second
const TICK_NS = 11.25; // Tbc 22.5 / 2

type Corruption = [EssCounterName, (r: EssReadout, rnd: (n: number) => number) => EssReadout];
const CORRUPTIONS: Corruption[] = [
  ['ParserErrorRing', (r, rnd) => ({ ...r, ring: 24 + rnd(232) })],
  ['ParserErrorFEN', (r, rnd) => ({ ...r, fen: 24 + rnd(232) })],
  ['ParserErrorDataLength', (r, rnd) => ({ ...r, dataLength: [0, 19, 21, 40, 65535][rnd(5)]! })],
  ['ParserErrorTimeFrac', (r, rnd) => ({ ...r, timeLow: TICKS + rnd(2 ** 32 - TICKS) })],
  ['ParserErrorBC', (r, rnd) => ({ ...r, bc: 4096 + rnd(65536 - 4096) })],
  ['ParserErrorADC', (r, rnd) => ({ ...r, adc: 1024 + rnd(32768 - 1024) })],
  ['ParserErrorVMM', (r, rnd) => ({ ...r, vmm: 16 + rnd(240) })],
  ['ParserErrorChannel', (r, rnd) => ({ ...r, channel: 64 + rnd(192) })],
];

function writeCapture(packets: readonly Uint8Array[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c), { ifName: 'ess', chunkBytes: 1 << 16 });
  packets.forEach((p, i) => {
    const frame = buildUdpFrame(p, { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 8999, dstPort: 9000 });
    w.writePacket(frame, 1648791500 + Math.floor(i / 1000), (i % 1000) * 1e6);
  });
  w.flush();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

for (const [seed, version] of [[1, 0], [2, 1], [3, 0], [4, 1]] as const) {
  test(`encode → pcapng → decode: seed ${seed}, header v${version}`, () => {
    const rnd = prng(seed);
    // pulses 70 ms apart (6222222 ticks), starting at least 1 ms into a second so that the first one counts
    const startSecond = 1000 + rnd(100000);
    let ticks = 100000 + rnd(TICKS - 100000);
    const pulses: EssPulse[] = [];
    const nPulses = 20 + rnd(20);
    for (let k = 0; k < nPulses; k++) {
      pulses.push({ high: startSecond + Math.floor(ticks / TICKS), low: ticks % TICKS });
      ticks += 6222222;
    }
    // readouts after their pulse, in time order; some pulses get none (→ heartbeats)
    const readouts: EssReadout[] = [];
    const expectedErrors = new Map<EssCounterName, number>();
    const valid: { r: EssReadout; index: number }[] = [];
    for (let k = 0; k < nPulses; k++) {
      if (rnd(5) === 0) continue;
      const n = rnd(400);
      const base = (pulses[k]!.high - startSecond) * TICKS + pulses[k]!.low;
      const offsets = Array.from({ length: n }, () => rnd(6222222)).sort((a, b) => a - b);
      for (const off of offsets) {
        const t = base + off;
        let r: EssReadout = {
          ring: rnd(24), fen: rnd(24), timeHigh: startSecond + Math.floor(t / TICKS), timeLow: t % TICKS, bc: rnd(4096),
          adc: rnd(1024), overThreshold: rnd(2) === 1, geo: rnd(256), tdc: rnd(256), vmm: rnd(16), channel: rnd(64),
        };
        if (rnd(10) === 0) {
          const [name, corrupt] = CORRUPTIONS[rnd(CORRUPTIONS.length)]!;
          r = corrupt(r, rnd);
          expectedErrors.set(name, (expectedErrors.get(name) ?? 0) + 1);
        } else valid.push({ r, index: readouts.length });
        readouts.push(r);
      }
    }
    const per = 1 + rnd(maxReadoutsPerPacket(version));
    const stream = encodeEssStream(readouts, pulses, { version, queues: 1 + rnd(24), readoutsPerPacket: per, heartbeats: true });
    const heartbeats = stream.filter((p) => p.readouts === 0).length;
    assert.ok(heartbeats > 0);
    // every pulse appears, in order
    assert.deepEqual([...new Set(stream.map((p) => p.pulse))], pulses.map((_, k) => k));
    // the pulse each readout was sent with (packets carry the readouts in order)
    const pulseOf = stream.flatMap((p) => new Array<number>(p.readouts).fill(p.pulse));
    assert.equal(pulseOf.length, readouts.length);

    const file = writeCapture(stream.map((p) => p.bytes));
    const d = new EssDecoder({ tbc: 22.5, onMessage: (l) => assert.fail(`unexpected message: ${l}`) });
    const ex = new UdpExtractor();
    const got: { ts: number; pulse: number; fields: number[] }[] = [];
    parseCapture(file, (p) => {
      const u = ex.extract(p);
      assert.ok(u);
      const n = d.decode(u.bytes, u.offset, u.length);
      const o = d.out;
      for (let i = 0; i < n; i++) {
        got.push({
          ts: o.timestamp[i]!, pulse: d.lastPulse,
          fields: [o.assister[i]!, o.fec[i]!, o.vmm[i]!, o.channel[i]!, o.bcid[i]!, o.tdc[i]!, o.adc[i]!, o.overThreshold[i]!, o.geo[i]!],
        });
      }
    });
    assert.equal(got.length, valid.length);
    const t0 = pulses[0]!.high;
    valid.forEach(({ r, index }, i) => {
      const pulse = pulseOf[index]!;
      const assister = (r.ring >> 1) * 32 + r.fen;
      const g = got[i]!;
      assert.deepEqual(g.fields, [assister, assister & 0xff, r.vmm, r.channel, r.bc, r.tdc, r.adc, r.overThreshold ? 1 : 0, r.geo], `readout ${i}`);
      assert.equal(g.ts, (r.timeHigh - t0) * 1e9 + r.timeLow * TICK_NS);
      assert.equal(g.pulse, (pulses[pulse]!.high - t0) * 1e9 + pulses[pulse]!.low * TICK_NS);
    });
    const calib = valid.filter((v) => v.r.geo & 0x80).length;
    const expected = {
      ...newEssCounters(),
      TotalFrames: stream.length, GoodFrames: stream.length, HeartBeats: heartbeats, ParserReadouts: readouts.length,
      ParserCalibReadouts: calib, ParserDataReadouts: valid.length - calib,
      ParserOverThreshold: valid.filter((v) => v.r.overThreshold).length, ...Object.fromEntries(expectedErrors),
    };
    assert.deepEqual(d.counters(), expected);
    assert.equal(d.triggers, nPulses);
    assert.equal(d.lastVersion, version);
    const perFen = new Float64Array(376);
    for (const { r } of valid) perFen[(r.ring >> 1) * 32 + r.fen]!++;
    assert.deepEqual(d.fenDataReadouts, perFen);
    assert.equal(ex.stats.udpPackets, stream.length);
  });
}

test('encodeEssStream: packets per pulse, readout limit, sequence numbers per queue, previous pulse', () => {
  const pulses: EssPulse[] = [{ high: 10, low: 5 }, { high: 10, low: 500 }, { high: 11, low: 7 }];
  const r = (high: number, low: number): EssReadout => ({
    ring: 0, fen: 0, timeHigh: high, timeLow: low, bc: 0, adc: 1, overThreshold: false, geo: 0, tdc: 1, vmm: 0, channel: 0,
  });
  // 3 readouts of pulse 0, none of pulse 1 (a heartbeat, in pulse order), 1 of pulse 2
  const list = [r(10, 6), r(10, 7), r(10, 8), r(11, 9)];
  const s = encodeEssStream(list, pulses, { version: 1, queues: 2, readoutsPerPacket: 2, heartbeats: true });
  assert.deepEqual(s.map((p) => [p.pulse, p.readouts]), [[0, 2], [0, 1], [1, 0], [2, 1]]);
  const dv = (p: Uint8Array) => new DataView(p.buffer, p.byteOffset, p.length);
  // queue byte 8 alternates; sequence numbers (byte 26) count per queue
  assert.deepEqual(s.map((p) => [p.bytes[8], dv(p.bytes).getUint32(26, true)]), [[0, 0], [1, 0], [0, 1], [1, 1]]);
  // lengths: v1 header 32 + 20 per readout, in the total-length field too
  assert.deepEqual(s.map((p) => [p.bytes.length, dv(p.bytes).getUint16(6, true)]), [[72, 72], [52, 52], [32, 32], [52, 52]]);
  // packet of pulse 2 names pulse 1 as previous
  const last = dv(s[3]!.bytes);
  assert.deepEqual([last.getUint32(10, true), last.getUint32(14, true), last.getUint32(18, true), last.getUint32(22, true)], [11, 7, 10, 500]);
  assert.throws(() => encodeEssStream(list, pulses, { readoutsPerPacket: 448 }), /readoutsPerPacket 448 outside 1…447/);
  assert.throws(() => encodeEssStream(list, []), /at least one pulse/);
  assert.throws(() => encodeEssPacket({ version: 0, outputQueue: 256, sequenceNumber: 0, pulseHigh: 0, pulseLow: 0, prevPulseHigh: 0, prevPulseLow: 0 }, []), /outputQueue 256 outside 0…255/);
  assert.equal(maxReadoutsPerPacket(0), 447);
  assert.equal(maxReadoutsPerPacket(1), 447);
});
