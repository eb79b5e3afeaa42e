/**
 * VTC payload decoder (formats.md §3, vmm-sdat c56141b `ParserVTC` plus the per-payload
 * FEC-0 statistics of its `convertFile`, §3.5). One FEC (reported as FEC 0), VMMs 0/1,
 * no markers: each 8-byte word is a hit with its own 26-bit clock counter.
 *
 * Reproduced exactly: the order of the frame checks (§3.2), a header count mismatch that
 * counts a bad frame but still returns the hits, the run-wide timestamp order counter
 * (filler words included), the header of a 4…11-byte payload read partly from bytes of
 * earlier payloads left in vmm-sdat's reused receive buffer, and convertFile's
 * frame-counter check after every payload. Filler words (all ones) are decoded like any
 * word; dropping them is the hit handler's rule (§3.4).
 *
 * Output columns are reused for every payload; no allocation per payload or word.
 */
import type { FecAcquisition, PayloadDecoder, ReadoutColumns } from '../decoder.js';
import { createReadoutColumns } from '../decoder.js';
import {
  D1_BCID_HIGH_MASK, D1_CC_SHIFT, D1_OVER_THRESHOLD_SHIFT, D1_VMM_SHIFT, D2_ADC_MASK, D2_ADC_SHIFT, D2_BCID_LOW_SHIFT,
  D2_CHANNEL_MASK, D2_TDC_MASK, D2_TDC_SHIFT, DATA_ID, FRAME_COUNTER_OVERFLOW_DIFF, HEADER_BYTES, MIN_FRAME_BYTES,
  RECEIVE_BUFFER_BYTES, TS_OVERFLOW_DIFF, WORD_BYTES,
} from './words.js';
import { vtcAcquisitionMs, vtcStatisticsReport } from './report.js';
import type { VtcCounters } from './counters.js';

export interface VtcDecoderOptions {
  /** Clock-counter period in ns (vmm-sdat's Toff: 102400 with `-bc 40`, 102422.49999999999 without `-bc`). */
  readonly toff: number;
}

export class VtcDecoder implements PayloadDecoder {
  readonly format = 'VTC' as const;
  /** Always 0 for VTC. */
  readonly lastPulse = 0;
  readonly triggers = 0;
  readonly out: ReadoutColumns;
  /** Live counters of FEC 0 (read-only for callers; `counters()` returns a copy). */
  readonly stats: VtcCounters = {
    ParserFrameSeqErrors: 0, ParserFrameMissingErrors: 0, ParserFramecounterOverflows: 0, ParserTimestampSeqErrors: 0,
    ParserTimestampOverflows: 0, ParserBadFrames: 0, ParserGoodFrames: 0, ParserReadouts: 0, ParserMarkers: 0,
    ParserData: 0, ParserErrorBytes: 0,
  };
  /** Frame counter of the header the parser read last (0 before the first payload of ≥ 4 bytes). */
  lastHeaderFrameCounter = 0;
  /** Number of hits of that header. */
  lastHeaderHits = 0;

  private readonly toff: number;
  /** The first 12 bytes of vmm-sdat's receive buffer (all a short header can read of it). */
  private readonly receiveHead = new Uint8Array(HEADER_BYTES);
  private readonly receiveHeadView = new DataView(this.receiveHead.buffer);
  /** Clock counter of the previous word of the run. */
  private prevCc = 0;
  /** convertFile's stored last frame counter of FEC 0. */
  private storedFrameCounter = 0;

  constructor(options: VtcDecoderOptions) {
    if (!(options.toff > 0)) throw new RangeError(`VtcDecoder: toff must be a period in ns > 0, got ${options.toff}`);
    this.toff = options.toff;
    this.out = createReadoutColumns();
  }

  /**
   * Decodes one UDP payload `bytes[offset … offset+length)` (not retained). Returns the
   * number of hit words now in `out` (also for a payload whose header count disagrees,
   * which is counted as a bad frame). A payload longer than vmm-sdat's 10000-byte buffer
   * is treated as its first 10000 bytes, as vmm-sdat's reader would (and is then a bad frame,
   * 10000 − 12 not being a multiple of 8).
   */
  decode(bytes: Uint8Array, offset: number, length: number): number {
    if (length > RECEIVE_BUFFER_BYTES) length = RECEIVE_BUFFER_BYTES;
    const c = this.stats;
    const goodBefore = c.ParserGoodFrames;
    const n = this.parse(bytes, offset, length);
    // vmm-sdat copies every payload into its receive buffer before parsing
    this.receiveHead.set(bytes.subarray(offset, offset + Math.min(length, HEADER_BYTES)));
    this.checkFrameCounter(goodBefore);
    return n;
  }

  private parse(bytes: Uint8Array, offset: number, length: number): number {
    const c = this.stats;
    if (length < 4) return this.bad(length); // §3.2 step 1
    // step 2: header; bytes past a short payload come from earlier payloads
    let dataId: number;
    if (length >= HEADER_BYTES) {
      const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
      dataId = dv.getUint32(0, false);
      this.lastHeaderFrameCounter = dv.getUint32(4, false);
      this.lastHeaderHits = dv.getUint32(8, false);
    } else {
      const head = this.receiveHead;
      for (let i = 0; i < length; i++) head[i] = bytes[offset + i]!;
      const hv = this.receiveHeadView;
      dataId = hv.getUint32(0, false);
      this.lastHeaderFrameCounter = hv.getUint32(4, false);
      this.lastHeaderHits = hv.getUint32(8, false);
    }
    if (dataId !== DATA_ID) return this.bad(length); // step 3
    // step 4: the parser's own frame-counter check is never reported (not kept)
    if (length < MIN_FRAME_BYTES) return this.bad(length); // step 5
    if ((length - HEADER_BYTES) % WORD_BYTES !== 0) return this.bad(length); // step 6

    // step 7: every word, in order
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    const o = this.out;
    const toff = this.toff;
    let prevCc = this.prevCc;
    let n = 0;
    for (let pos = HEADER_BYTES; pos < length; pos += WORD_BYTES) {
      const d1 = dv.getUint32(pos, false);
      const d2 = dv.getUint32(pos + 4, false);
      const cc = d1 >>> D1_CC_SHIFT;
      if (cc < prevCc) {
        if (prevCc - cc >= TS_OVERFLOW_DIFF) c.ParserTimestampOverflows++;
        else c.ParserTimestampSeqErrors++;
      }
      prevCc = cc;
      o.fec[n] = 0;
      o.assister[n] = 0;
      o.vmm[n] = (d1 >>> D1_VMM_SHIFT) & 1;
      o.overThreshold[n] = (d1 >>> D1_OVER_THRESHOLD_SHIFT) & 1;
      o.bcid[n] = ((d1 & D1_BCID_HIGH_MASK) << 8) | (d2 >>> D2_BCID_LOW_SHIFT);
      o.tdc[n] = (d2 >>> D2_TDC_SHIFT) & D2_TDC_MASK;
      o.adc[n] = (d2 >>> D2_ADC_SHIFT) & D2_ADC_MASK;
      o.channel[n] = d2 & D2_CHANNEL_MASK;
      o.geo[n] = 0;
      o.timestamp[n] = cc * toff;
      n++;
    }
    this.prevCc = prevCc;
    c.ParserReadouts += n;
    c.ParserData += n;
    if (n !== this.lastHeaderHits) c.ParserBadFrames++; // counted, hits still returned
    else c.ParserGoodFrames++;
    return n;
  }

  private bad(length: number): number {
    this.stats.ParserBadFrames++;
    this.stats.ParserErrorBytes += length;
    return 0;
  }

  /** convertFile's check after each payload, with the header read last (§3.5). */
  private checkFrameCounter(goodBefore: number): void {
    const c = this.stats;
    const received = this.lastHeaderFrameCounter;
    const expected = this.storedFrameCounter + 1;
    if (received > expected) {
      if (goodBefore > 0) c.ParserFrameMissingErrors += received - expected;
    } else if (received < expected) {
      if (expected - received > FRAME_COUNTER_OVERFLOW_DIFF) c.ParserFramecounterOverflows++;
      else c.ParserFrameSeqErrors++;
    } else if (received === 0) {
      c.ParserFramecounterOverflows++;
    }
    this.storedFrameCounter = received;
  }

  /** A copy of every counter under its vmm-sdat name. */
  counters(): Record<string, number> {
    return { ...this.stats };
  }

  /** The `VTC <fec>` blocks of the final statistics (§3.5, §7.2), blank lines included. */
  statisticsReport(acq: FecAcquisition): string[] {
    return vtcStatisticsReport(this.stats, acq);
  }

  /** Acquisition time (ms) of the last printed block: the figure `Total Cluster rate` divides by. */
  lastAcquisitionMs(acq: FecAcquisition): number {
    return vtcAcquisitionMs(acq);
  }
}
