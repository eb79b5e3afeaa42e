/**
 * SRS/VMM3a payload parser, formats SRS and TRG (analysis.md §6), reproducing vmm-sdat's
 * parser state exactly: per-(FEC, VMM) marker slots, the "current FEC", and the fixed
 * array of 2000 result records whose marker-derived fields are only overwritten when the
 * marker slot is non-zero (stale values before a VMM's first marker, §6.3, quirk §16.3).
 *
 * Results are columns of length MAX_HITS_PER_PACKET that persist between packets; `parse`
 * returns how many of them the current payload filled. No allocation per packet or hit.
 */
import {
  D1_ADC_MASK, D1_ADC_SHIFT, D1_BCID_MASK, D1_OFFSET_SHIFT, D1_TRG_COUNTER_FLAG, D1_TRG_COUNTER_MASK,
  D1_VMM_MASK, D1_VMM_SHIFT, D2_CHANNEL_MASK, D2_CHANNEL_SHIFT, D2_DATA_FLAG, D2_MARKER_VMM_MASK,
  D2_MARKER_VMM_SHIFT, D2_OVER_THRESHOLD_SHIFT, D2_TDC_MASK, D2_TS_LOW_MASK, DATA_ID_VM3, grayToBinary12,
  HEADER_BYTES, MAX_HITS_PER_PACKET, TS_SEQ_LIMIT, WORD_BYTES,
} from './words.js';

export type SrsFormat = 'SRS' | 'TRG';

/** Run totals of the parser (§6.6); names as vmm-sdat prints them where it does. */
export interface SrsParserCounters {
  ParserBadFrames: number;
  ParserErrorBytes: number;
  ParserGoodFrames: number;
  ParserReadouts: number;
  ParserData: number;
  ParserMarkers: number;
  ParserOverThreshold: number;
  ParserTimestampSeqErrors: number;
  ParserTimestampOverflows: number;
}

export class SrsParser {
  readonly format: SrsFormat;
  /** FEC of the last frame that passed the data-id check (initially 1). */
  currentFec = 1;
  /** Frame counter of the last payload with ≥ 4 bytes (0 if none). */
  lastFrameCounter = 0;
  readonly counters: SrsParserCounters = {
    ParserBadFrames: 0,
    ParserErrorBytes: 0,
    ParserGoodFrames: 0,
    ParserReadouts: 0,
    ParserData: 0,
    ParserMarkers: 0,
    ParserOverThreshold: 0,
    ParserTimestampSeqErrors: 0,
    ParserTimestampOverflows: 0,
  };

  // Result records (persist between packets on purpose).
  readonly vmm = new Uint8Array(MAX_HITS_PER_PACKET);
  readonly channel = new Uint8Array(MAX_HITS_PER_PACKET);
  readonly tdc = new Uint16Array(MAX_HITS_PER_PACKET);
  readonly adc = new Uint16Array(MAX_HITS_PER_PACKET);
  readonly bcid = new Uint16Array(MAX_HITS_PER_PACKET);
  readonly offset = new Uint8Array(MAX_HITS_PER_PACKET);
  readonly overThreshold = new Uint8Array(MAX_HITS_PER_PACKET);
  readonly fecTimeStamp = new Float64Array(MAX_HITS_PER_PACKET);
  readonly triggerTime = new Float64Array(MAX_HITS_PER_PACKET);
  /** triggerCounter + 1 of the marker slot (the event counter), or stale. */
  readonly eventCounter = new Float64Array(MAX_HITS_PER_PACKET);

  // Marker slots, index (fec − 1)·16 + vmm.
  private readonly slotFecTs = new Float64Array(256);
  private readonly slotTrigTime = new Float64Array(256);
  private readonly slotTrigCounter = new Float64Array(256);

  constructor(format: SrsFormat) {
    this.format = format;
  }

  /**
   * Parses one UDP payload. Returns the number of hits now in the result columns
   * (0 for a rejected frame); their FEC is `currentFec`.
   */
  parse(bytes: Uint8Array, start: number, length: number): number {
    const c = this.counters;
    if (length < 4) {
      c.ParserBadFrames++;
      c.ParserErrorBytes += length;
      return 0;
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset + start, length);
    this.lastFrameCounter = dv.getUint32(0, false);
    if (length < HEADER_BYTES + WORD_BYTES || dv.getUint32(4, false) >>> 8 !== DATA_ID_VM3) return this.bad(length);
    const fec = (dv.getUint32(4, false) >>> 4) & 0xf;
    this.currentFec = fec;
    if (fec === 0 || (length - HEADER_BYTES) % WORD_BYTES !== 0) return this.bad(length);

    const trg = this.format === 'TRG';
    const slotBase = (fec - 1) * 16;
    let n = 0;
    for (let pos = HEADER_BYTES; pos < length && n < MAX_HITS_PER_PACKET; pos += WORD_BYTES) {
      const d1 = dv.getUint32(pos, false);
      const d2 = dv.getUint16(pos + 4, false);
      c.ParserReadouts++;
      if (d2 & D2_DATA_FLAG) {
        c.ParserData++;
        const ov = (d2 >> D2_OVER_THRESHOLD_SHIFT) & 1;
        c.ParserOverThreshold += ov;
        const vmm = (d1 >>> D1_VMM_SHIFT) & D1_VMM_MASK;
        this.overThreshold[n] = ov;
        this.channel[n] = (d2 >> D2_CHANNEL_SHIFT) & D2_CHANNEL_MASK;
        this.tdc[n] = d2 & D2_TDC_MASK;
        this.offset[n] = d1 >>> D1_OFFSET_SHIFT;
        this.vmm[n] = vmm;
        this.adc[n] = (d1 >>> D1_ADC_SHIFT) & D1_ADC_MASK;
        this.bcid[n] = grayToBinary12(d1 & D1_BCID_MASK);
        const slot = slotBase + vmm; // VMM 16…31 aliases the next FEC's slots (quirk §16.4)
        if (this.slotFecTs[slot]! > 0) {
          this.fecTimeStamp[n] = this.slotFecTs[slot]!;
          this.triggerTime[n] = this.slotTrigTime[slot]!;
          this.eventCounter[n] = this.slotTrigCounter[slot]! + 1;
        }
        n++;
      } else {
        c.ParserMarkers++;
        const vmm = (d2 >> D2_MARKER_VMM_SHIFT) & D2_MARKER_VMM_MASK;
        if (vmm < 16) {
          const slot = slotBase + vmm;
          const ts42 = d1 * 1024 + (d2 & D2_TS_LOW_MASK);
          if (trg) {
            if (ts42 < 4096) this.slotFecTs[slot] = ts42;
          } else {
            const cur = this.slotFecTs[slot]!;
            if (cur > ts42) {
              if (cur < TS_SEQ_LIMIT + ts42) c.ParserTimestampSeqErrors++;
              else c.ParserTimestampOverflows++;
            }
            this.slotFecTs[slot] = ts42;
          }
        } else if (trg) {
          const slot = slotBase + vmm - 16;
          if (d1 >>> 28 === D1_TRG_COUNTER_FLAG) this.slotTrigCounter[slot] = (d1 & D1_TRG_COUNTER_MASK) * 1024 + (d2 & D2_TS_LOW_MASK);
          else this.slotTrigTime[slot] = d1 * 1024;
        }
      }
    }
    c.ParserGoodFrames++;
    return n;
  }

  private bad(length: number): number {
    this.counters.ParserBadFrames++;
    this.counters.ParserErrorBytes += length;
    return 0;
  }
}
