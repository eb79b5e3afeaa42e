/**
 * SRS/VMM3a payload parser against analysis.md §6, with byte fixtures written by
 * hand (a comment on every word). Error cases first: each asserts the return value
 * and that exactly the expected counters moved. Then the §6.5 example, Gray
 * decoding, marker sequence errors, TRG markers (§7.8 example), stale result
 * slots (§6.3), VMM 16–31 aliasing, current-FEC and last-frame-counter rules, and
 * an encode → decode property over seeded random words.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SrsParser, type SrsParserCounters } from '../../src/readout/srs/parser.js';
import { grayToBinary12 } from '../../src/readout/srs/words.js';
import { encodeSrsPayload, type SrsWord } from '../../src/readout/srs/encoder.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));

/** Header: frame counter, data id "VM3" + FEC nibble, UDP timestamp, offset overflow. */
const header = (frame: string, fecNibble: string): string => `${frame}  56 4D 33 ${fecNibble}0  00 00 00 00  00 00 00 00`;

const ZERO: SrsParserCounters = {
  ParserBadFrames: 0, ParserErrorBytes: 0, ParserGoodFrames: 0, ParserReadouts: 0, ParserData: 0, ParserMarkers: 0,
  ParserOverThreshold: 0, ParserTimestampSeqErrors: 0, ParserTimestampOverflows: 0,
};
const counters = (moved: Partial<SrsParserCounters>): SrsParserCounters => ({ ...ZERO, ...moved });

function parse(p: SrsParser, bytes: Uint8Array): number {
  // embed at offset 3 of a larger buffer to check that offsets are honoured
  const buf = new Uint8Array(bytes.length + 7).fill(0xee);
  buf.set(bytes, 3);
  return p.parse(buf, 3, bytes.length);
}

test('§6.1 step 1: payload shorter than 4 bytes is a bad frame, frame counter not read', () => {
  const p = new SrsParser('SRS');
  assert.equal(parse(p, hex('00 00 07')), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 1, ParserErrorBytes: 3 }));
  assert.equal(p.lastFrameCounter, 0);
  assert.equal(p.currentFec, 1);
  assert.equal(parse(p, new Uint8Array(0)), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 2, ParserErrorBytes: 3 }));
});

test('§6.1 step 3: shorter than 22 bytes is bad, but the frame counter was read and the FEC not taken', () => {
  const p = new SrsParser('SRS');
  // 16-byte header of FEC 5 + 5 bytes (one word would need 6)
  const b = hex(`${header('00 00 00 2A', '5')}  00 00 00 00 03`);
  assert.equal(b.length, 21);
  assert.equal(parse(p, b), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 1, ParserErrorBytes: 21 }));
  assert.equal(p.lastFrameCounter, 42);
  assert.equal(p.currentFec, 1); // FEC is only stored at step 5
});

test('§6.1 step 4: wrong data id ("VM4") is bad and leaves the current FEC', () => {
  const p = new SrsParser('SRS');
  const b = hex('00 00 00 05  56 4D 34 30  00 00 00 00  00 00 00 00  00 00 00 00 03 E8');
  assert.equal(parse(p, b), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 1, ParserErrorBytes: 22 }));
  assert.equal(p.currentFec, 1);
  assert.equal(p.lastFrameCounter, 5);
});

test('§6.1 step 5: FEC 0 is stored as current FEC, then the frame is bad', () => {
  const p = new SrsParser('SRS');
  const b = hex(`${header('00 00 00 01', '0')}  00 00 00 00 03 E8`);
  assert.equal(parse(p, b), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 1, ParserErrorBytes: 22 }));
  assert.equal(p.currentFec, 0);
});

test('§6.1 step 6: (length − 16) not a multiple of 6 is bad, after the FEC was stored', () => {
  const p = new SrsParser('SRS');
  // header FEC 7 + 7 bytes
  const b = hex(`${header('00 00 00 01', '7')}  00 00 00 00 03 E8 00`);
  assert.equal(parse(p, b), 0);
  assert.deepEqual(p.counters, counters({ ParserBadFrames: 1, ParserErrorBytes: 23 }));
  assert.equal(p.currentFec, 7);
  // the marker was not decoded: no readout counted
  assert.equal(p.counters.ParserReadouts, 0);
});

test('§6.5 byte-level example: marker ts42 = 1000, data word ADC 300, BCID 100, channel 10, TDC 100', () => {
  const p = new SrsParser('SRS');
  const b = hex(`
    00 00 00 01  56 4D 33 10  00 00 00 00  00 00 00 00
    00 00 00 00  03 E8
    00 12 C0 56  CA 64
  `);
  // header: frame 1, data id "VM3", FEC 1
  // marker: d1 = 0, d2 = 0x03E8 (bit 15 = 0 → marker, VMM bits 10–14 = 0, low 10 bits 1000) → ts42 = 1000
  // data:   d1 = 0x0012C056 → offset 0, VMM 0, ADC 0x12C = 300, Gray 0x056 → BCID 100
  //         d2 = 0xCA64 → data, over-threshold 1, channel 10, TDC 100
  assert.equal(parse(p, b), 1);
  assert.deepEqual(
    [p.vmm[0], p.channel[0], p.tdc[0], p.adc[0], p.bcid[0], p.offset[0], p.overThreshold[0]],
    [0, 10, 100, 300, 100, 0, 1],
  );
  assert.equal(p.fecTimeStamp[0], 1000);
  assert.equal(p.triggerTime[0], 0);
  assert.equal(p.eventCounter[0], 1); // SRS: trigger counter 0, +1
  assert.deepEqual(p.counters, counters({ ParserGoodFrames: 1, ParserReadouts: 2, ParserData: 1, ParserMarkers: 1, ParserOverThreshold: 1 }));
  assert.equal(p.currentFec, 1);
  assert.equal(p.lastFrameCounter, 1);
});

test('§6.2 data word fields: offset, VMM 0…31, ADC, channel 63, TDC 255', () => {
  const p = new SrsParser('SRS');
  // d1 = 1111 1 | 11111 | 1111111111 | Gray 0x800 = 0xFFFFF800: offset 31, VMM 31, ADC 1023, Gray 0x800 → BCID 0xFFF
  // d2 = 1 0 111111 11111111 = 0xBFFF: data, no over-threshold, channel 63, TDC 255
  // second word: d1 = 0x8840_0001 = offset 17 (10001), VMM 1 (00001), ADC 0, Gray 1 → BCID 1; d2 = 0x8001: channel 0, TDC 1
  const b = hex(`${header('00 00 00 09', '3')}  FF FF F8 00 BF FF  88 40 00 01 80 01`);
  assert.equal(parse(p, b), 2);
  assert.deepEqual([p.offset[0], p.vmm[0], p.adc[0], p.bcid[0], p.channel[0], p.tdc[0], p.overThreshold[0]], [31, 31, 1023, 4095, 63, 255, 0]);
  assert.deepEqual([p.offset[1], p.vmm[1], p.adc[1], p.bcid[1], p.channel[1], p.tdc[1]], [17, 1, 0, 1, 0, 1]);
  assert.equal(p.currentFec, 3);
  assert.deepEqual(p.counters, counters({ ParserGoodFrames: 1, ParserReadouts: 2, ParserData: 2 }));
});

test('§6.2 Gray decoding: binary bit k = XOR of Gray bits k…11, for all 4096 codes', () => {
  assert.equal(grayToBinary12(0x056), 100);
  assert.equal(grayToBinary12(0x057), 101);
  assert.equal(grayToBinary12(0x800), 0xfff);
  assert.equal(grayToBinary12(0), 0);
  const seen = new Set<number>();
  for (let g = 0; g < 4096; g++) {
    let b = 0;
    for (let k = 0; k < 12; k++) {
      let x = 0;
      for (let j = k; j < 12; j++) x ^= (g >> j) & 1;
      b |= x << k;
    }
    assert.equal(grayToBinary12(g), b);
    seen.add(b);
  }
  assert.equal(seen.size, 4096);
});

test('§6.3 SRS markers going backwards: sequence error vs overflow with the 29-bit constant', () => {
  const p = new SrsParser('SRS');
  const m = (vmm: number, ts: number): SrsWord => ({ kind: 'marker', vmm, timestamp: ts });
  // VMM 0: 1000 then 500: 1000 > 500 and 1000 < 0x1FFFFFFF + 500 → sequence error
  // VMM 1: 536870921 (= 0x1FFFFFFF + 10) then 10 → not < → overflow
  // VMM 2: 536870920 then 10 → 536870920 < 536870921 → sequence error
  // VMM 3: 2^41 then 5 → overflow; VMM 4: 777 then 777 → equal, nothing
  const words: SrsWord[] = [
    m(0, 1000), m(0, 500), m(1, 0x1fffffff + 10), m(1, 10), m(2, 0x1fffffff + 9), m(2, 10),
    m(3, 2 ** 41), m(3, 5), m(4, 777), m(4, 777),
  ];
  assert.equal(p.parse(encodeSrsPayload(1, 1, words), 0, 16 + 60), 0);
  assert.deepEqual(p.counters, counters({ ParserGoodFrames: 1, ParserReadouts: 10, ParserMarkers: 10, ParserTimestampSeqErrors: 2, ParserTimestampOverflows: 2 }));
  // the slot always takes the new value: a hit on VMM 0 sees 500
  const n = p.parse(encodeSrsPayload(2, 1, [{ kind: 'hit', vmm: 0, channel: 1, tdc: 1, adc: 1, bcid: 1, offset: 0, overThreshold: false }]), 0, 22);
  assert.equal(n, 1);
  assert.equal(p.fecTimeStamp[0], 500);
  // TRG never counts backward markers (and ts42 ≥ 4096 is ignored)
  const q = new SrsParser('TRG');
  q.parse(encodeSrsPayload(1, 1, [m(0, 1000), m(0, 500)]), 0, 28);
  assert.deepEqual(q.counters, counters({ ParserGoodFrames: 1, ParserReadouts: 2, ParserMarkers: 2 }));
});

test('§6.3/§7.8 TRG markers: trigger counter, trigger time with dropped low bits, relative time', () => {
  const p = new SrsParser('TRG');
  const b = hex(`
    ${header('00 00 00 01', '1')}
    F0 00 00 02  40 05
    00 01 23 45  40 07
    00 00 00 00  00 64
    00 0C 80 00  83 32
    00 00 00 01  04 00
    00 0C 80 00  83 33
  `);
  // w1 marker VMM 16 (d2 bits 10–14 = 10000), d1 nibble 0xF → triggerCounter = (2 & 0x3F)·1024 + 5 = 2053
  // w2 marker VMM 16, d1 = 0x00012345 (nibble 0) → triggerTime = 0x12345·1024 = 76354560 (low bits 7 dropped)
  // w3 marker VMM 0, ts42 = 100 < 4096 → relative fecTimeStamp 100
  // w4 data VMM 0, ADC 200, BCID 0, channel 3, TDC 50
  // w5 marker VMM 1, ts42 = 1·1024 + 0 = 1024 → < 4096, taken
  // w6 data VMM 0, TDC 51
  assert.equal(parse(p, b), 2);
  assert.equal(p.fecTimeStamp[0], 100);
  assert.equal(p.triggerTime[0], 76354560);
  assert.equal(p.eventCounter[0], 2054);
  assert.deepEqual([p.adc[0], p.channel[0], p.tdc[0], p.tdc[1]], [200, 3, 50, 51]);
  assert.deepEqual(p.counters, counters({ ParserGoodFrames: 1, ParserReadouts: 6, ParserData: 2, ParserMarkers: 4 }));
  // a relative marker ≥ 4096 is ignored: VMM 0 keeps 100
  const c = hex(`${header('00 00 00 02', '1')}  00 00 00 04 00 00  00 0C 80 00 83 34`); // ts42 = 4·1024 = 4096
  assert.equal(parse(p, c), 1);
  assert.equal(p.fecTimeStamp[0], 100);
  // SRS ignores VMM ≥ 16 markers: a hit gets event counter 1, trigger time 0
  const s = new SrsParser('SRS');
  assert.equal(parse(s, b), 2);
  assert.equal(s.eventCounter[0], 1);
  assert.equal(s.triggerTime[0], 0);
  assert.equal(s.fecTimeStamp[0], 100);
});

test('§6.3 stale marker values in reused result slots', () => {
  const p = new SrsParser('TRG');
  const h = (vmm: number, tdc: number): SrsWord => ({ kind: 'hit', vmm, channel: 0, tdc, adc: 10, bcid: 0, offset: 0, overThreshold: false });
  // At start all records are zero: a hit of VMM 5 without marker → 0, 0, 0
  p.parse(encodeSrsPayload(1, 1, [h(5, 1)]), 0, 22);
  assert.deepEqual([p.fecTimeStamp[0], p.triggerTime[0], p.eventCounter[0]], [0, 0, 0]);
  // packet 2: markers of VMM 0 (counter 7, time 3·1024·1024, relative 20), hits VMM 0 in records 0 and 1
  p.parse(encodeSrsPayload(2, 1, [
    { kind: 'marker', vmm: 16, timestamp: 0xf0000000 * 1024 + 7 },
    { kind: 'marker', vmm: 16, timestamp: 3 * 1024 * 1024 },
    { kind: 'marker', vmm: 0, timestamp: 20 },
    h(0, 2), h(0, 3),
  ]), 0, 16 + 30);
  assert.deepEqual([p.fecTimeStamp[1], p.triggerTime[1], p.eventCounter[1]], [20, 3 * 1024 * 1024, 8]);
  // packet 3: one hit of VMM 2 (no marker) in record 0 → keeps record 0's values of packet 2
  // second hit in record 2 → record 2 was never written → zeros
  p.parse(encodeSrsPayload(3, 1, [h(2, 4), h(2, 5), h(2, 6)]), 0, 16 + 18);
  assert.deepEqual([p.fecTimeStamp[0], p.triggerTime[0], p.eventCounter[0]], [20, 3 * 1024 * 1024, 8]);
  assert.deepEqual([p.fecTimeStamp[1], p.eventCounter[1]], [20, 8]);
  assert.deepEqual([p.fecTimeStamp[2], p.triggerTime[2], p.eventCounter[2]], [0, 0, 0]);
  // the non-marker fields are always overwritten
  assert.deepEqual([p.vmm[0], p.tdc[0], p.tdc[2]], [2, 4, 6]);
});

test('§6.3 data words with VMM 16…31 read the marker slot of VMM id−16 of FEC fec+1', () => {
  const p = new SrsParser('SRS');
  // FEC 2, marker VMM 3 = 777 (slot 16 + 3 = 19)
  p.parse(encodeSrsPayload(1, 2, [{ kind: 'marker', vmm: 3, timestamp: 777 }]), 0, 22);
  // FEC 1, marker VMM 3 = 555 (slot 3); data VMM 19 → slot 0·16 + 19 = 19 → 777
  const n = p.parse(encodeSrsPayload(2, 1, [
    { kind: 'marker', vmm: 3, timestamp: 555 },
    { kind: 'hit', vmm: 19, channel: 1, tdc: 1, adc: 1, bcid: 1, offset: 0, overThreshold: false },
    { kind: 'hit', vmm: 3, channel: 1, tdc: 1, adc: 1, bcid: 1, offset: 0, overThreshold: false },
  ]), 0, 16 + 18);
  assert.equal(n, 2);
  assert.deepEqual([p.vmm[0], p.fecTimeStamp[0]], [19, 777]);
  assert.deepEqual([p.vmm[1], p.fecTimeStamp[1]], [3, 555]);
});

test('§6.1 current FEC and §6.6 last frame counter', () => {
  const p = new SrsParser('SRS');
  const good = (frame: number, fec: number) => encodeSrsPayload(frame, fec, [{ kind: 'marker', vmm: 0, timestamp: 1 }]);
  p.parse(good(10, 3), 0, 22);
  assert.deepEqual([p.currentFec, p.lastFrameCounter], [3, 10]);
  // bad data id with FEC nibble 5: current FEC stays 3, frame counter is read
  p.parse(hex('00 00 00 0B  56 4D 32 50  00 00 00 00  00 00 00 00  00 00 00 00 00 01'), 0, 22);
  assert.deepEqual([p.currentFec, p.lastFrameCounter], [3, 11]);
  // 3-byte payload: nothing read
  p.parse(hex('FF FF FF'), 0, 3);
  assert.equal(p.lastFrameCounter, 11);
  // 10-byte payload (< 22): frame counter 0x12345678 read, FEC unchanged
  p.parse(hex('12 34 56 78  56 4D 33 90  00 00'), 0, 10);
  assert.deepEqual([p.currentFec, p.lastFrameCounter], [3, 0x12345678]);
  // FEC 15 frame with a bad length: FEC taken
  p.parse(hex(`${header('00 00 00 00', 'F')}  00 00 00 00 00 01 00`), 0, 23);
  assert.deepEqual([p.currentFec, p.lastFrameCounter], [15, 0]);
  assert.deepEqual([p.counters.ParserGoodFrames, p.counters.ParserBadFrames, p.counters.ParserErrorBytes], [1, 4, 22 + 3 + 10 + 23]);
});

test('encode → decode property: seeded random words come back unchanged', () => {
  let s = 12345;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const p = new SrsParser('SRS');
  for (let packet = 0; packet < 40; packet++) {
    const fec = 1 + rnd(15);
    const words: SrsWord[] = [];
    const expect: number[][] = [];
    const count = 1 + rnd(200);
    for (let i = 0; i < count; i++) {
      if (rnd(5) === 0) {
        const vmm = rnd(16);
        const ts = packet * 1e9 + rnd(1 << 30) + 1; // increasing per packet, avoid sequence errors within
        words.push({ kind: 'marker', vmm, timestamp: ts });
      } else {
        const h = { kind: 'hit' as const, vmm: rnd(16), channel: rnd(64), tdc: rnd(256), adc: rnd(1024), bcid: rnd(4096), offset: rnd(32), overThreshold: rnd(2) === 1 };
        words.push(h);
        expect.push([h.vmm, h.channel, h.tdc, h.adc, h.bcid, h.offset, h.overThreshold ? 1 : 0]);
      }
    }
    const bytes = encodeSrsPayload(packet, fec, words);
    const n = p.parse(bytes, 0, bytes.length);
    assert.equal(n, expect.length);
    assert.equal(p.currentFec, fec);
    for (let i = 0; i < n; i++)
      assert.deepEqual([p.vmm[i], p.channel[i], p.tdc[i], p.adc[i], p.bcid[i], p.offset[i], p.overThreshold[i]], expect[i]);
  }
  assert.equal(p.counters.ParserGoodFrames, 40);
  assert.equal(p.counters.ParserReadouts, p.counters.ParserData + p.counters.ParserMarkers);
});

test('§6.3 TRG: a relative marker of 0 leaves the slot at 0, so hits keep their stale values', () => {
  const p = new SrsParser('TRG');
  // counter 7 and trigger time 1024·1024 for VMM 0, relative marker 0 → fecTimeStamp 0 → not "> 0"
  const n = p.parse(encodeSrsPayload(1, 1, [
    { kind: 'marker', vmm: 16, timestamp: 0xf0000000 * 1024 + 7 },
    { kind: 'marker', vmm: 16, timestamp: 1024 * 1024 },
    { kind: 'marker', vmm: 0, timestamp: 0 },
    { kind: 'hit', vmm: 0, channel: 1, tdc: 1, adc: 1, bcid: 1, offset: 0, overThreshold: false },
  ]), 0, 16 + 24);
  assert.equal(n, 1);
  assert.deepEqual([p.fecTimeStamp[0], p.triggerTime[0], p.eventCounter[0]], [0, 0, 0]);
  // relative marker 1 → picked up
  p.parse(encodeSrsPayload(2, 1, [
    { kind: 'marker', vmm: 0, timestamp: 1 },
    { kind: 'hit', vmm: 0, channel: 1, tdc: 1, adc: 1, bcid: 1, offset: 0, overThreshold: false },
  ]), 0, 16 + 12);
  assert.deepEqual([p.fecTimeStamp[0], p.triggerTime[0], p.eventCounter[0]], [1, 1024 * 1024, 8]);
});
