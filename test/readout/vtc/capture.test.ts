/**
 * VtcDecoder on the whole of monitoring_vtc_00000.pcapng (formats.md §3.6, §8) against
 * vmm-sdat c56141b's reference run `vtc_run`: the counters of its `VTC 0` block, word
 * counts (filler and zero words), the breakdown of the 55 timestamp sequence errors and
 * of the 75 validity drops; every decoded field of the 17770 hits that pass the c56141b
 * filters (applied here as the spec states them) equals the reference hits tree; and
 * `statisticsReport` reproduces the printed block from that hit bookkeeping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCapture } from '../../../src/pcapng/index.js';
import { UdpExtractor } from '../../../src/net/index.js';
import { VtcDecoder } from '../../../src/readout/vtc/decoder.js';
import { fmtE } from '../../../src/cstd/printf.js';
import { DATA, REFERENCE, hasShared, referenceLines } from '../../helpers/reference.js';

const skip = !hasShared() && 'needs ../shared (data and reference)';
const TOFF = 102400; // -bc 40
const TBC = 25;
const FILLER_TS = 6871947571200;

interface Word { vmm: number; ch: number; bcid: number; tdc: number; adc: number; ot: number; ts: number }

function decodeCapture(): { d: VtcDecoder; words: Word[]; payloads: number } {
  const b = readFileSync(join(DATA, 'monitoring_vtc_00000.pcapng'));
  const ex = new UdpExtractor();
  const d = new VtcDecoder({ toff: TOFF });
  const words: Word[] = [];
  let payloads = 0;
  parseCapture(new Uint8Array(b.buffer, b.byteOffset, b.length), (p) => {
    const u = ex.extract(p);
    if (!u || u.length === 0) return;
    payloads++;
    const n = d.decode(u.bytes, u.offset, u.length);
    const o = d.out;
    for (let i = 0; i < n; i++) {
      words.push({ vmm: o.vmm[i]!, ch: o.channel[i]!, bcid: o.bcid[i]!, tdc: o.tdc[i]!, adc: o.adc[i]!, ot: o.overThreshold[i]!, ts: o.timestamp[i]! });
      assert.equal(o.fec[i], 0);
      assert.equal(o.geo[i], 0);
    }
  });
  return { d, words, payloads };
}

const isFiller = (w: Word): boolean => w.vmm === 1 && w.ch === 63 && w.bcid === 4095 && w.tdc === 255 && w.adc === 1023 && w.ts === FILLER_TS;
/** c56141b validity filter (formats.md §6.1). */
const invalid = (w: Word): boolean => w.tdc === 0 || w.adc === 0 || (w.ot === 1 && w.adc < 16);

const log = (): string[] => readFileSync(join(REFERENCE, 'vtc_run', 'stdout.log'), 'utf8').split('\n');

test('whole capture: counters of the VTC 0 block, word counts, timestamp-order breakdown (§3.6, §8)', { skip }, () => {
  const { d, words, payloads } = decodeCapture();
  assert.equal(payloads, 100);
  assert.equal(words.length, 17900);
  // the printed counters, name by name
  const lines = log();
  const start = lines.indexOf('VTC 0') + 2;
  const printed = Object.fromEntries(lines.slice(start, start + 10).map((l) => l.split(': ')).map(([k, v]) => [k!, Number(v)]));
  const { ParserErrorBytes, ...mine } = d.counters();
  assert.deepEqual(mine, printed);
  assert.equal(ParserErrorBytes, 0);
  assert.equal(d.stats.ParserTimestampSeqErrors, 55);
  // 55 filler words (all in the first three packets) and all-zero words: formats.md §3.4 says "one", the capture
  // has 5 (word 0 of packets 1, 22, 44, 67, 88) — the 5 words with TDC 0 and ADC 0 of the validity breakdown (§3.6)
  assert.equal(words.filter(isFiller).length, 55);
  assert.equal(words.slice(0, 3 * 179).filter(isFiller).length, 55);
  const zero = words.flatMap((w, i) => (w.ts === 0 && w.vmm === 0 && w.ch === 0 && w.bcid === 0 && w.tdc === 0 && w.adc === 0 && w.ot === 0 ? [i] : []));
  assert.deepEqual(zero, [0, 21 * 179 + 16, 43 * 179 + 66, 66 * 179 + 61, 87 * 179 + 73]);
  // 33 decreases right after a run of filler words, 22 between real words
  let afterFiller = 0;
  let between = 0;
  for (let i = 1; i < words.length; i++) {
    if (words[i]!.ts < words[i - 1]!.ts) {
      if (isFiller(words[i - 1]!)) afterFiller++;
      else between++;
    }
  }
  assert.deepEqual({ afterFiller, between }, { afterFiller: 33, between: 22 });
  // clock counters span 17.5 s
  const real = words.filter((w) => !isFiller(w) && w.ts > 0).map((w) => w.ts);
  assert.equal(Math.round((Math.max(...real) - Math.min(...real)) / 1e8), 175);
});

test('whole capture: 130 words dropped (55 filler, 75 validity, by reason) and the 17770 hits equal the reference hits tree', { skip }, () => {
  const { words } = decodeCapture();
  const reasons = { adc0: 0, tdc0: 0, both: 0, otLow: 0, adc0Flag: 0 };
  const hits: Word[] = [];
  for (const w of words) {
    if (invalid(w)) {
      if (w.adc === 0 && w.tdc === 0) reasons.both++;
      else if (w.adc === 0) reasons[w.ot ? 'adc0Flag' : 'adc0']++;
      else if (w.tdc === 0) reasons.tdc0++;
      else reasons.otLow++;
    } else if (!isFiller(w)) hits.push(w);
  }
  assert.deepEqual(reasons, { adc0: 28, tdc0: 10, both: 5, otLow: 24, adc0Flag: 8 });
  assert.equal(hits.length, 17770);
  const ref = referenceLines('vtc_run', 'hits')!;
  assert.equal(ref[0], 'id,det,plane,fec,vmm,readout_time,time,geo_id,ch,pos,bcid,tdc,adc,over_threshold,chip_time');
  assert.equal(ref.length - 1, hits.length);
  hits.forEach((h, i) => {
    const c = ref[i + 1]!.split(',').map(Number);
    const chip = h.bcid * TBC + (1.5 * TBC - (h.tdc * 60) / 255);
    // det 0, plane = VMM, strip = channel (-vmm [[0,0,0,0],[0,1,0,1]], no flip)
    assert.deepEqual(
      [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14]],
      [i + 1, 0, h.vmm, 0, h.vmm, h.ts, h.ts + chip, 0, h.ch, h.ch, h.bcid, h.tdc, h.adc, h.ot, chip],
      `hit ${i + 1}`,
    );
  });
});

test('statisticsReport: the VTC 0 block of stdout.log from the hit bookkeeping; lastAcquisitionMs gives the cluster rate', { skip }, () => {
  const { d, words } = decodeCapture();
  // per-FEC bookkeeping of the hit handler (A§8.6) over the hits that pass its filters
  let first = 0;
  let max = 0;
  let last = 0;
  for (const w of words) {
    if (invalid(w) || isFiller(w)) continue;
    if (first === 0) first = w.ts;
    if (max < w.ts) max = w.ts;
    last = w.ts;
  }
  const f64 = (v: number) => Float64Array.of(v);
  const acq = { fecs: [0], firstTS: f64(first), maxTS: f64(max), oldTS: f64(last), timestampOverflow: f64(0), timestampTooLarge: f64(0) };
  const lines = log();
  const i = lines.indexOf('VTC 0') - 2; // the blank line before the block
  const block = lines.slice(i, lines.indexOf('Data rate VTC: 6.5e+04 bit/s') + 2);
  assert.deepEqual(d.statisticsReport(acq), block);
  assert.equal(block[0], '');
  // Total Cluster rate with the reference's 819 detector clusters
  const rate = `Total Cluster rate: ${fmtE((1000 * 819) / d.lastAcquisitionMs(acq), 1)} particles/s`;
  assert.equal(rate, lines[block.length + i + 2]);
});
