/**
 * VtcDecoder against formats.md §3 with hand-written byte fixtures (a comment on every
 * field). Error cases first, each asserting the return value and exactly the counters
 * that moved (convertFile's frame-counter check runs after every payload, so a payload
 * that does not carry the next frame counter also moves a Frame… counter); then the
 * header-count mismatch, the timestamp order counter, the short-header read of the reused
 * receive buffer, and the §3.6 words with their values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VtcDecoder } from '../../../src/readout/vtc/decoder.js';
import type { VtcCounters } from '../../../src/readout/vtc/counters.js';

/** Bytes from hex groups (each argument one field; spaces inside allowed). */
const bytes = (...fields: string[]): Uint8Array => Uint8Array.from(fields.join(' ').trim().split(/\s+/).map((b) => parseInt(b, 16)));

const ZERO: VtcCounters = {
  ParserFrameSeqErrors: 0, ParserFrameMissingErrors: 0, ParserFramecounterOverflows: 0, ParserTimestampSeqErrors: 0,
  ParserTimestampOverflows: 0, ParserBadFrames: 0, ParserGoodFrames: 0, ParserReadouts: 0, ParserMarkers: 0,
  ParserData: 0, ParserErrorBytes: 0,
};
const moved = (m: Partial<VtcCounters>): VtcCounters => ({ ...ZERO, ...m });

function decode(d: VtcDecoder, b: Uint8Array): number {
  // embed at offset 5 of a larger buffer to check that offsets are honoured
  const buf = new Uint8Array(b.length + 9).fill(0xee);
  buf.set(b, 5);
  return d.decode(buf, 5, b.length);
}

const TOFF = 102400;

/** A valid one-word frame with frame counter `fc` (the word: cc 1, VMM 0, channel 1, ADC 100, TDC 50, BCID 0). */
const oneWordFrame = (fc: string): Uint8Array =>
  bytes(
    'DA DA DA DA', // data id
    fc, // frame counter (BE u32)
    '00 00 00 01', // number of hits: 1
    '00 00 00 40', // d1: cc 1 (bits 6–31), VMM 0, not over threshold, BCID high nibble 0
    '00 32 19 01', // d2: BCID low 0, TDC 0x32 = 50, ADC (0x1901 >> 6) & 0x3FF = 100, channel 1
  );

test('§3.2 step 1: a payload shorter than 4 bytes is a bad frame; the frame check then sees the old header', () => {
  const d = new VtcDecoder({ toff: TOFF });
  assert.equal(decode(d, bytes('DA DA DA')), 0); // 3 bytes: no header read
  // received = 0 (no header yet) < expected 1 → sequence error
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserErrorBytes: 3, ParserFrameSeqErrors: 1 }));
  assert.equal(d.lastHeaderFrameCounter, 0);
});

test('§3.2 step 3: a wrong data id is a bad frame (frame counter still read and checked)', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DB', // data id ≠ 0xDADADADA
    '00 00 00 01', // frame counter 1 (= expected: no frame error)
    '00 00 00 01', // number of hits 1
    '00 00 00 40 00 32 19 01', // one valid word (not decoded)
  );
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserErrorBytes: 20 }));
  assert.equal(d.lastHeaderFrameCounter, 1);
});

test('§3.2 step 5: header without a word (12…19 bytes) is a bad frame', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DA', // data id
    '00 00 00 01', // frame counter 1
    '00 00 00 00', // number of hits 0
    '00 00 00 40 00 32 19', // 7 bytes: less than one word
  );
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserErrorBytes: 19 }));
});

test('§3.2 step 6: (length − 12) not a multiple of 8 is a bad frame, no word decoded', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DA', // data id
    '00 00 00 01', // frame counter 1
    '00 00 00 01', // number of hits 1
    '00 00 00 40 00 32 19 01', // word 0
    '00 00 00', // 3 stray bytes
  );
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserErrorBytes: 23 }));
});

test('§3.2 step 7: a header hit count that disagrees is a bad frame, but the words are returned', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DA', // data id
    '00 00 00 01', // frame counter 1
    '00 00 00 03', // number of hits 3 (only 2 words follow)
    '00 00 00 40 00 32 19 01', // word 0: cc 1, VMM 0, channel 1
    '00 00 00 60 00 32 19 02', // word 1: cc 1, VMM 1 (bit 5), channel 2
  );
  assert.equal(decode(d, b), 2);
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserReadouts: 2, ParserData: 2 }));
  assert.deepEqual([...d.out.vmm.subarray(0, 2)], [0, 1]);
  assert.deepEqual([...d.out.channel.subarray(0, 2)], [1, 2]);
});

test('§3.5 frame counter: missing frames count only after a good frame; decrease = sequence error; huge decrease = overflow', () => {
  const d = new VtcDecoder({ toff: TOFF });
  // first frame has counter 5: expected 1, but no good frame yet → nothing
  assert.equal(decode(d, oneWordFrame('00 00 00 05')), 1);
  assert.deepEqual(d.stats, moved({ ParserGoodFrames: 1, ParserReadouts: 1, ParserData: 1 }));
  // 9 after 5: 3 missing
  decode(d, oneWordFrame('00 00 00 09'));
  assert.deepEqual(d.stats, moved({ ParserGoodFrames: 2, ParserReadouts: 2, ParserData: 2, ParserFrameMissingErrors: 3 }));
  // 4 after 9: sequence error (decrease 6 ≤ 0x0FFFFFFF)
  decode(d, oneWordFrame('00 00 00 04'));
  assert.deepEqual(d.stats, moved({ ParserGoodFrames: 3, ParserReadouts: 3, ParserData: 3, ParserFrameMissingErrors: 3, ParserFrameSeqErrors: 1 }));
  // 0x20000000, then 1: expected 0x20000001 − 1 > 0x0FFFFFFF → overflow
  decode(d, oneWordFrame('20 00 00 00')); // after 4: 0x20000000 − 5 missing
  decode(d, oneWordFrame('00 00 00 01'));
  assert.deepEqual(
    d.stats,
    moved({
      ParserGoodFrames: 5, ParserReadouts: 5, ParserData: 5, ParserFrameMissingErrors: 3 + 0x20000000 - 5,
      ParserFrameSeqErrors: 1, ParserFramecounterOverflows: 1,
    }),
  );
});

test('§3.2 step 2: a 4…11-byte payload reads the rest of its header from earlier payloads (reused receive buffer)', () => {
  const d = new VtcDecoder({ toff: TOFF });
  decode(d, oneWordFrame('00 00 00 01')); // buffer bytes 4–11: 00 00 00 01 00 00 00 01
  decode(d, oneWordFrame('00 00 00 02'));
  // 6 bytes: data id + the first two frame-counter bytes; bytes 6–7 (00 02) are left from the previous payload
  const short = bytes(
    'DA DA DA DA', // data id
    '00 00', // frame counter bytes 0–1 (bytes 2–3 come from the buffer: 00 02)
  );
  const b0 = { ...d.stats };
  assert.equal(decode(d, short), 0);
  assert.equal(d.lastHeaderFrameCounter, 2);
  assert.equal(d.lastHeaderHits, 1); // bytes 8–11 of the previous payload
  // bad frame (too short); received 2 < expected 3 → sequence error
  assert.deepEqual(d.stats, { ...b0, ParserBadFrames: b0.ParserBadFrames + 1, ParserErrorBytes: 6, ParserFrameSeqErrors: 1 });

  // the stale bytes are those of the latest payload that reached them: a 10-byte payload overwrites bytes 0–9 only
  const ten = bytes(
    'DA DA DA DA', // data id
    '00 00 00 03', // frame counter 3 (expected 3: no frame error)
    '00 07', // hits bytes 0–1 (bytes 2–3 from the buffer: 00 01)
  );
  const b1 = { ...d.stats };
  assert.equal(decode(d, ten), 0);
  assert.equal(d.lastHeaderFrameCounter, 3);
  assert.equal(d.lastHeaderHits, 0x00070001);
  assert.deepEqual(d.stats, { ...b1, ParserBadFrames: b1.ParserBadFrames + 1, ParserErrorBytes: 16 });
});

test('§3.2 timestamp order: a smaller clock counter than the previous word of the run is a sequence error', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DA', // data id
    '00 00 00 01', // frame counter 1
    '00 00 00 03', // 3 hits
    '00 00 00 80 00 32 19 01', // cc 2
    '00 00 00 40 00 32 19 01', // cc 1 < 2 → sequence error
    '00 00 00 40 00 32 19 01', // cc 1 = 1 → fine
  );
  assert.equal(decode(d, b), 3);
  assert.deepEqual(d.stats, moved({ ParserGoodFrames: 1, ParserReadouts: 3, ParserData: 3, ParserTimestampSeqErrors: 1 }));
  // across payloads: the first word of the next frame (cc 0) is below the last of this one (cc 1)
  decode(d, bytes('DA DA DA DA', '00 00 00 02', '00 00 00 01', '00 00 00 00 00 32 19 01' /* cc 0 */));
  assert.equal(d.stats.ParserTimestampSeqErrors, 2);
});

test('payloads longer than vmm-sdat\'s 10000-byte buffer are cut to 10000 bytes (then not a whole number of words)', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = new Uint8Array(12 + 1250 * 8); // 10012 bytes: 1250 words
  b.set(bytes('DA DA DA DA', '00 00 00 01', '00 00 04 E2'));
  assert.equal(decode(d, b), 0);
  assert.deepEqual(d.stats, moved({ ParserBadFrames: 1, ParserErrorBytes: 10000 }));
});

test('§3.3/§3.6: header and words 0, 1, 8, 12 of monitoring_vtc_00000.pcapng packet 1 (values of the spec)', () => {
  const d = new VtcDecoder({ toff: TOFF });
  const b = bytes(
    'DA DA DA DA', // data id
    '00 00 00 01', // frame counter 1
    '00 00 00 04', // number of hits 4
    '00 00 00 00  00 00 00 00', // word 0: all zero
    'FF FF FF FF  FF FF FF FF', // word 1: filler
    '00 01 A4 EC', // word 8 d1: cc 1683, VMM 1, not over threshold, BCID high 0xC
    'C4 38 0F 39', // word 8 d2: BCID low 0xC4, TDC 0x38, ADC 60, channel 57
    '00 01 A4 CC', // word 12 d1: cc 1683, VMM 0, BCID high 0xC
    'C4 38 0C 61', // word 12 d2: BCID low 0xC4, TDC 56, ADC 49, channel 33
  );
  assert.equal(decode(d, b), 4);
  // the filler's cc 0x3FFFFFF is followed by cc 1683 → one sequence error
  assert.deepEqual(d.stats, moved({ ParserGoodFrames: 1, ParserReadouts: 4, ParserData: 4, ParserTimestampSeqErrors: 1 }));
  const o = d.out;
  const row = (i: number) => ({
    fec: o.fec[i], vmm: o.vmm[i], ch: o.channel[i], bcid: o.bcid[i], tdc: o.tdc[i], adc: o.adc[i], ot: o.overThreshold[i],
    geo: o.geo[i], ts: o.timestamp[i],
  });
  assert.deepEqual(row(0), { fec: 0, vmm: 0, ch: 0, bcid: 0, tdc: 0, adc: 0, ot: 0, geo: 0, ts: 0 });
  assert.deepEqual(row(1), { fec: 0, vmm: 1, ch: 63, bcid: 4095, tdc: 255, adc: 1023, ot: 1, geo: 0, ts: 0x3ffffff * TOFF });
  assert.equal(row(1).ts, 6871947571200);
  assert.deepEqual(row(2), { fec: 0, vmm: 1, ch: 57, bcid: 3268, tdc: 56, adc: 60, ot: 0, geo: 0, ts: 172339200 });
  assert.deepEqual(row(3), { fec: 0, vmm: 0, ch: 33, bcid: 3268, tdc: 56, adc: 49, ot: 0, geo: 0, ts: 172339200 });
  // chip time of §3.6 from these fields (-bc 40 -tac 60): the BCID term is included
  assert.equal(3268 * 25 + (1.5 * 25 - (56 * 60) / 255), 81724.323529411762);
});

test('Toff without -bc (102422.49999999999 ns) scales the clock counter', () => {
  const d = new VtcDecoder({ toff: (1000 * 4096.9) / 40 });
  decode(d, bytes('DA DA DA DA', '00 00 00 01', '00 00 00 01', '00 01 A4 EC  C4 38 0F 39'));
  assert.equal(d.out.timestamp[0], 1683 * 102422.49999999999);
  assert.throws(() => new VtcDecoder({ toff: 0 }), /toff must be a period in ns > 0/);
});
