/**
 * EssDecoder against formats.md §4 with hand-written byte fixtures (a comment on every
 * field; `v0Header`/`readout` spell out every field and each fixture names the one it
 * changes). Error cases first — every header validation step of §4.2 and every readout
 * check of §4.3 — each asserting the return value and exactly the counters that moved;
 * then sequence numbers, heartbeats, the pulse filter, t0 rules, assister ids, header v1,
 * and the §4.8 example bytes with their values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EssDecoder } from '../../../src/readout/ess/decoder.js';
import { newEssCounters, type EssCounters } from '../../../src/readout/ess/counters.js';

const bytes = (...fields: string[]): Uint8Array => Uint8Array.from(fields.join(' ').trim().split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));
const le16 = (n: number): string => [n & 0xff, n >> 8].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const le32 = (n: number): string => [0, 8, 16, 24].map((s) => ((n >>> s) & 0xff).toString(16).padStart(2, '0')).join(' ');

interface HeaderFields {
  pad?: string; version?: string; cookie?: string; total: number; queue?: string; pulseHigh?: string; pulseLow?: string;
  prevLow?: string; seq?: string;
}
/** A version-0 header (30 bytes); defaults are those of example_LET.pcapng packet 1, sequence number 0. */
function v0Header(f: HeaderFields): string {
  return [
    f.pad ?? '00', // padding, must be 0
    f.version ?? '00', // version 0
    f.cookie ?? '45 53 53', // cookie "ESS"
    '30', // detector type (not checked)
    le16(f.total), // total length (LE u16), must equal the payload length
    f.queue ?? '00', // output queue, < 24
    '0B', // time source (ignored)
    f.pulseHigh ?? '9C 07 01 00', // pulse seconds 67484
    f.pulseLow ?? 'A1 B6 18 00', // pulse ticks 1619617
    '9B 07 01 00', // previous pulse seconds 67483
    f.prevLow ?? '7B 51 F8 04', // previous pulse ticks 83382651
    f.seq ?? '00 00 00 00', // sequence number 0 (the first expected of every queue)
  ].join(' ');
}

interface ReadoutFields {
  ring?: string; fen?: string; len?: string; timeHigh?: string; timeLow?: string; bc?: string; otadc?: string; geo?: string;
  tdc?: string; vmm?: string; ch?: string;
}
/** A 20-byte readout; defaults are readout 0 of example_LET.pcapng packet 1. */
function readout(f: ReadoutFields = {}): string {
  return [
    f.ring ?? '00', // ring 0
    f.fen ?? '00', // FEN 0
    f.len ?? '14 00', // data length 20
    f.timeHigh ?? '9C 07 01 00', // seconds 67484
    f.timeLow ?? '7B 26 1B 00', // ticks 1779323
    f.bc ?? '1F 0E', // BC 3615
    f.otadc ?? '9B 80', // OTADC 0x809B: over threshold, ADC 155
    f.geo ?? '00', // GEO 0 (data readout)
    f.tdc ?? '5F', // TDC 95
    f.vmm ?? '03', // VMM 3
    f.ch ?? '08', // channel 8
  ].join(' ');
}

const moved = (m: Partial<EssCounters>): EssCounters => ({ ...newEssCounters(), ...m });
const TBC = 22.5; // -bc 44.44

function decoder(opts: { t0Seconds?: number } = {}) {
  const messages: string[] = [];
  const d = new EssDecoder({ tbc: TBC, onMessage: (l) => messages.push(l), ...opts });
  return { d, messages };
}
function decode(d: EssDecoder, b: Uint8Array): number {
  const buf = new Uint8Array(b.length + 11).fill(0xee);
  buf.set(b, 7);
  return d.decode(buf, 7, b.length);
}

// ---- §4.2 header validation: rejected packets ----

test('§4.2 step 1: an empty payload is ErrorBuffer', () => {
  const { d } = decoder();
  assert.equal(d.decode(new Uint8Array(4), 2, 0), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorBuffer: 1 }));
});

test('§4.2 step 2: shorter than 5 or longer than 8972 bytes is ErrorSize', () => {
  const { d } = decoder();
  assert.equal(decode(d, bytes('00 00 45 53')), 0); // 4 bytes: padding, version, "ES"
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorSize: 1 }));
  const big = new Uint8Array(8973);
  big.set(bytes(v0Header({ total: 8973 & 0xffff })));
  assert.equal(decode(d, big), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 2, BadFrames: 2, ErrorSize: 2 }));
});

test('§4.2 step 3: padding byte ≠ 0 is ErrorPad', () => {
  const { d } = decoder();
  assert.equal(decode(d, bytes(v0Header({ pad: '01' /* padding 1 */, total: 30 }))), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorPad: 1 }));
});

test('§4.2 step 4: version > 1 is ErrorVersion', () => {
  const { d } = decoder();
  assert.equal(decode(d, bytes(v0Header({ version: '02' /* version 2 */, total: 30 }))), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorVersion: 1 }));
});

test('§4.2 step 5: a cookie other than "ESS" is ErrorCookie', () => {
  const { d } = decoder();
  assert.equal(decode(d, bytes(v0Header({ cookie: '45 53 52' /* "ESR" */, total: 30 }))), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorCookie: 1 }));
});

test('§4.2 step 6: shorter than the header of its version is ErrorSize (v0: 30, v1: 32 bytes)', () => {
  const { d } = decoder();
  const v0 = bytes(v0Header({ total: 29 })).subarray(0, 29); // 29 bytes: sequence number cut
  assert.equal(decode(d, v0), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorSize: 1 }));
  // version 1 needs 32 bytes: a full 30-byte v0 layout with version 1 is too short
  assert.equal(decode(d, bytes(v0Header({ version: '01' /* version 1 */, total: 30 }))), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 2, BadFrames: 2, ErrorSize: 2 }));
});

test('§4.2 step 7: total length ≠ payload length is ErrorSize', () => {
  const { d } = decoder();
  const b = bytes(v0Header({ total: 70 /* claims 70 */ }), readout()); // 50 bytes
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorSize: 1 }));
});

test('§4.2 step 8: output queue ≥ 24 is ErrorOutputQueue (sequence not checked)', () => {
  const { d, messages } = decoder();
  assert.equal(decode(d, bytes(v0Header({ queue: '18' /* queue 24 */, total: 50, seq: '05 00 00 00' }), readout())), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorOutputQueue: 1 }));
  assert.deepEqual(messages, []);
});

test('§4.2 steps 11–12: pulse or previous-pulse ticks > 88052499 are ErrorTimeFrac; the sequence number was still taken', () => {
  const { d } = decoder();
  const tooBig = le32(88052500);
  assert.equal(decode(d, bytes(v0Header({ total: 50, pulseLow: tooBig /* pulse ticks 88052500 */ }), readout())), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, BadFrames: 1, ErrorTimeFrac: 1 }));
  // queue 0 now expects 1
  assert.equal(decode(d, bytes(v0Header({ total: 50, prevLow: tooBig /* previous ticks 88052500 */, seq: '01 00 00 00' }), readout())), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 2, BadFrames: 2, ErrorTimeFrac: 2 }));
  assert.equal(d.triggers, 0);
  // 88052499 is the largest valid tick count; queue 0 expects 2
  assert.equal(decode(d, bytes(v0Header({ total: 50, pulseLow: le32(88052499), seq: '02 00 00 00' }), readout())), 1);
  assert.deepEqual(d.stats, moved({
    TotalFrames: 3, BadFrames: 2, ErrorTimeFrac: 2, GoodFrames: 1, ParserReadouts: 1, ParserDataReadouts: 1, ParserOverThreshold: 1,
  }));
});

// ---- §4.2 accepted packets: sequence numbers, heartbeats ----

test('§4.2 step 9: an unexpected sequence number counts ErrorSeqNum, prints its line, resynchronises, and is accepted', () => {
  const { d, messages } = decoder();
  const pkt = (seq: number, queue = '00') => bytes(v0Header({ total: 30, queue, seq: le32(seq) }));
  assert.equal(decode(d, pkt(0)), 0); // queue 0 expects 0: fine (a heartbeat)
  assert.equal(decode(d, pkt(5)), 0); // expects 1 → error at packet 1
  assert.equal(decode(d, pkt(6)), 0); // expects 6: fine
  assert.equal(decode(d, pkt(6)), 0); // expects 7 → error at packet 3
  assert.equal(decode(d, pkt(3, '01')), 0); // queue 1 expects 0 → error at packet 4
  assert.equal(decode(d, pkt(0xffffffff, '02')), 0); // queue 2 → error at packet 5; then expects 0 (u32 wrap)
  assert.equal(decode(d, pkt(0, '02')), 0); // fine
  assert.deepEqual(messages, ['Sequence number error at packet 1', 'Sequence number error at packet 3', 'Sequence number error at packet 4', 'Sequence number error at packet 5']);
  assert.deepEqual(d.stats, moved({ TotalFrames: 7, GoodFrames: 7, HeartBeats: 7, ErrorSeqNum: 4 }));
});

test('§4.2 step 13: a header-only packet is a heartbeat (accepted, no readouts, its pulse counts)', () => {
  const { d } = decoder();
  assert.equal(decode(d, bytes(v0Header({ total: 30 }))), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, GoodFrames: 1, HeartBeats: 1 }));
  assert.equal(d.t0, 67484);
  assert.equal(d.triggers, 1);
  assert.equal(d.lastPulse, 18220691.25);
});

test('§4.3: a readout area that is not a multiple of 20 bytes is ParserErrorSize (packet accepted, no readouts)', () => {
  const { d } = decoder();
  const b = bytes(v0Header({ total: 60 }), readout(), '01 02 03 04 05 06 07 08 09 0A'); // 20 + 10 bytes
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, GoodFrames: 1, ParserErrorSize: 1 }));
});

// ---- §4.3 readout checks: each bad readout is skipped, the good one after it kept ----

const readoutCases: [string, ReadoutFields, keyof EssCounters][] = [
  ['ring 24', { ring: '18' }, 'ParserErrorRing'],
  ['FEN 24', { fen: '18' }, 'ParserErrorFEN'],
  ['data length 16', { len: '10 00' }, 'ParserErrorDataLength'],
  ['ticks 88052500', { timeLow: le32(88052500) }, 'ParserErrorTimeFrac'],
  ['BC 4096', { bc: '00 10' }, 'ParserErrorBC'],
  ['OTADC 0x8400 (ADC 1024 with the flag)', { otadc: '00 84' }, 'ParserErrorADC'],
  ['OTADC 0x0400 (ADC 1024)', { otadc: '00 04' }, 'ParserErrorADC'],
  ['OTADC 0x4000 (bit 14 set)', { otadc: '00 40' }, 'ParserErrorADC'],
  ['VMM 16', { vmm: '10' }, 'ParserErrorVMM'],
  ['channel 64', { ch: '40' }, 'ParserErrorChannel'],
  // the first failing check counts: ring and channel both bad → ring
  ['ring 200 and channel 200', { ring: 'C8', ch: 'C8' }, 'ParserErrorRing'],
  ['data length 0 and VMM 99', { len: '00 00', vmm: '63' }, 'ParserErrorDataLength'],
];
for (const [what, fields, counter] of readoutCases) {
  test(`§4.3: readout with ${what} is skipped and counts ${counter}`, () => {
    const { d } = decoder();
    const b = bytes(v0Header({ total: 70 }), readout(fields) /* bad */, readout({ ch: '09' }) /* good, channel 9 */);
    assert.equal(decode(d, b), 1);
    assert.equal(d.out.channel[0], 9);
    assert.deepEqual(d.stats, moved({
      TotalFrames: 1, GoodFrames: 1, ParserReadouts: 2, [counter]: 1, ParserDataReadouts: 1, ParserOverThreshold: 1,
    }));
    assert.equal(d.fenDataReadouts[0], 1);
  });
}

test('§4.3: valid limits pass (ring 23, FEN 23, ticks 88052499, BC 4095, ADC 1023, VMM 15, channel 63)', () => {
  const { d } = decoder();
  const b = bytes(v0Header({ total: 50 }), readout({
    ring: '17', // ring 23
    fen: '17', // FEN 23
    timeLow: le32(88052499), // largest tick count
    bc: 'FF 0F', // BC 4095
    otadc: 'FF 03', // ADC 1023, not over threshold
    vmm: '0F', // VMM 15
    ch: '3F', // channel 63
  }));
  assert.equal(decode(d, b), 1);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, GoodFrames: 1, ParserReadouts: 1, ParserDataReadouts: 1 }));
  const o = d.out;
  // assister (23 div 2)·32 + 23 = 375, handed on as u8 375 − 256 = 119
  assert.deepEqual([o.assister[0], o.fec[0], o.bcid[0], o.adc[0], o.overThreshold[0], o.vmm[0], o.channel[0]], [375, 119, 4095, 1023, 0, 15, 63]);
  assert.equal(d.fenDataReadouts[375], 1);
});

test('§4.3: GEO bit 7 marks a calibration readout: counted as ParserCalibReadouts and still returned', () => {
  const { d } = decoder();
  const b = bytes(v0Header({ total: 50 }), readout({ geo: '85' /* GEO 0x85: calibration, geo id 5 */, otadc: '10 00' /* ADC 16, no flag */ }));
  assert.equal(decode(d, b), 1);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, GoodFrames: 1, ParserReadouts: 1, ParserCalibReadouts: 1 }));
  assert.equal(d.out.geo[0], 0x85);
  assert.equal(d.out.adc[0], 16);
  assert.equal(d.fenDataReadouts[0], 1); // the per-FEN count includes calibration readouts
});

test('§4.4: assister = (ring div 2)·32 + FEN; rings ≥ 16 alias to FEC 0…119 as u8', () => {
  const { d } = decoder();
  const b = bytes(
    v0Header({ total: 30 + 5 * 20 }),
    readout({ ring: '01', fen: '00' }), // ring 1, FEN 0 → assister 0
    readout({ ring: '02', fen: '00' }), // ring 2 → 32
    readout({ ring: '03', fen: '05' }), // ring 3, FEN 5 → 37
    readout({ ring: '10', fen: '00' }), // ring 16 → 256 → FEC 0
    readout({ ring: '11', fen: '07' }), // ring 17, FEN 7 → 263 → FEC 7
  );
  assert.equal(decode(d, b), 5);
  assert.deepEqual([...d.out.assister.subarray(0, 5)], [0, 32, 37, 256, 263]);
  assert.deepEqual([...d.out.fec.subarray(0, 5)], [0, 32, 37, 0, 7]);
  assert.deepEqual([0, 32, 37, 256, 263].map((a) => d.fenDataReadouts[a]), [1, 1, 1, 1, 1]);
});

// ---- §4.5 time ----

test('§4.5 pulse filter: a header pulse within 1 ms of the last accepted one is not a new trigger', () => {
  const { d } = decoder();
  const pkt = (low: number, seq: number) => bytes(v0Header({ total: 30, pulseLow: le32(low), seq: le32(seq) }));
  decode(d, pkt(1619617, 0)); // 18220691.25 ns > 1 ms after 0
  assert.deepEqual([d.triggers, d.lastPulse], [1, 18220691.25]);
  decode(d, pkt(1619617 + 88888, 1)); // +999990 ns: not more than 1 ms
  assert.deepEqual([d.triggers, d.lastPulse, d.pulse], [1, 18220691.25, (1619617 + 88888) * 11.25]);
  decode(d, pkt(1619617 + 88889, 2)); // +1000001.25 ns
  assert.deepEqual([d.triggers, d.lastPulse], [2, (1619617 + 88889) * 11.25]);
});

test('§4.5 t0 from -t0 (seconds): pulse and readout seconds are relative to it', () => {
  const { d } = decoder({ t0Seconds: 67480 });
  decode(d, bytes(v0Header({ total: 50 }), readout()));
  assert.equal(d.t0, 67480);
  assert.equal(d.lastPulse, 4 * 1e9 + 1619617 * 11.25);
  assert.equal(d.out.timestamp[0], 4 * 1e9 + 1779323 * 11.25);
});

test('§4.5 t0 still 0 (pulse second 0, no -t0): readout times are relative to the first readout\'s second', () => {
  const { d } = decoder();
  const b = bytes(
    v0Header({ total: 70, pulseHigh: '00 00 00 00' /* pulse second 0 */ }),
    readout({ timeHigh: le32(100), timeLow: le32(8) }), // second 100 (the first), 8 ticks
    readout({ timeHigh: le32(102), timeLow: le32(4) }), // second 102
  );
  assert.equal(decode(d, b), 2);
  assert.equal(d.t0, 0);
  assert.deepEqual([...d.out.timestamp.subarray(0, 2)], [90, 2e9 + 45]);
  assert.equal(d.lastPulse, 1619617 * 11.25);
});

test('header version 1 (32 bytes, 2 padding bytes) is accepted; readouts start at byte 32', () => {
  const { d } = decoder();
  const b = bytes(
    '00', // padding
    '01', // version 1
    '45 53 53', // "ESS"
    '30', // detector type
    le16(52), // total length 52 = 32 + 20
    '03', // output queue 3
    '0B', // time source
    '9C 07 01 00', // pulse seconds 67484
    'A1 B6 18 00', // pulse ticks 1619617
    '9B 07 01 00', // previous pulse seconds
    '7B 51 F8 04', // previous pulse ticks
    '00 00 00 00', // sequence number 0
    'FF FF', // v1 padding (ignored)
    readout(),
  );
  assert.equal(decode(d, b), 1);
  assert.equal(d.lastVersion, 1);
  assert.deepEqual(d.stats, moved({ TotalFrames: 1, GoodFrames: 1, ParserReadouts: 1, ParserDataReadouts: 1, ParserOverThreshold: 1 }));
  assert.equal(d.out.timestamp[0], 20017383.75);
});

test('§4.8: packet 1 header and readout 0 of example_LET.pcapng with -bc 44.44 and -bc 44.02', () => {
  const header = bytes(
    '00', // padding 0
    '00', // version 0
    '45 53 53', // "ESS"
    '30', // detector type 0x30
    '42 09', // total length 0x0942 = 2370
    '00', // output queue 0
    '0B', // time source 11
    '9C 07 01 00', // pulse 67484 s
    'A1 B6 18 00', // + 1619617 ticks
    '9B 07 01 00', // previous pulse 67483 s
    '7B 51 F8 04', // + 83382651 ticks
    '7D 67 0E 00', // sequence number 943997
  );
  const r0 = bytes(
    '00', // ring 0
    '00', // FEN 0
    '14 00', // length 20
    '9C 07 01 00', // 67484 s
    '7B 26 1B 00', // 1779323 ticks
    '1F 0E', // BC 3615
    '9B 80', // OTADC 0x809B: over threshold, ADC 155
    '00', // GEO 0
    '5F', // TDC 95
    '03', // VMM 3
    '08', // channel 8
  );
  const packet = new Uint8Array(2370);
  packet.set(header);
  for (let i = 0; i < 117; i++) packet.set(r0, 30 + 20 * i); // 117 readouts
  for (const [tbc, pulse, ts] of [[22.5, 18220691.25, 20017383.75], [22.7137219, 18393765.061256148, 20207523.89613685]] as const) {
    const messages: string[] = [];
    const dd = new EssDecoder({ tbc, onMessage: (l) => messages.push(l) });
    assert.equal(decode(dd, packet), 117);
    // first packet of queue 0 (expected 0): ErrorSeqNum +1 and its line, accepted
    assert.deepEqual(messages, ['Sequence number error at packet 0']);
    assert.deepEqual(dd.stats, moved({
      TotalFrames: 1, GoodFrames: 1, ErrorSeqNum: 1, ParserReadouts: 117, ParserDataReadouts: 117, ParserOverThreshold: 117,
    }));
    assert.equal(dd.t0, 67484);
    assert.equal(dd.lastPulse, pulse);
    const o = dd.out;
    assert.deepEqual(
      [o.fec[0], o.assister[0], o.vmm[0], o.channel[0], o.bcid[0], o.tdc[0], o.adc[0], o.overThreshold[0], o.geo[0], o.timestamp[0]],
      [0, 0, 3, 8, 3615, 95, 155, 1, 0, ts],
    );
    // the worked example's chip time and time of flight follow from these values
    const chip = 1.5 * tbc - (95 * 60) / 255;
    assert.equal(ts + chip - pulse, tbc === 22.5 ? 1796703.8970588222 : 1813770.5525223762);
  }
});

test('constructor rejects a non-positive tbc and a non-finite t0', () => {
  assert.throws(() => new EssDecoder({ tbc: 0 }), /tbc must be a period in ns > 0/);
  assert.throws(() => new EssDecoder({ tbc: 22.5, t0Seconds: NaN }), /t0Seconds must be a finite number/);
});
