/**
 * The health accountant: counts, per datagram and per hit, what tells whether data is
 * being lost and which channel is dead — cheaply (typed arrays, one pass over the words
 * of a payload, no object per datagram or hit).
 *
 * Fed with every UDP payload (`datagram`, SRS/TRG payloads: frame header and words) and,
 * through `channelHits` (incremented by the hit handler), with every hit admitted by
 * vmm-sdat's rules (the entries of the hits tree). What it keeps is a `HealthCounts`:
 * plain typed arrays, so it crosses worker threads and adds up over files (`addCounts`,
 * which also joins the frame-counter sequences of consecutive files).
 *
 * Frame counters (32 bit, per FEC, in arrival order): a counter d ahead of the last one
 * adds d − 1 lost frames (d < 2^31, so a wrap of the counter is a step of 1); the same
 * counter again is a duplicate; one behind (within 2^31) is a reordered frame, which does
 * not move the sequence back. Markers (VMM 0…15, 42-bit timestamps): a step back (not a
 * 42-bit wrap) is a backward marker, a step of more than two marker periods (2 × 2^16 BC)
 * a marker gap; trigger-relative markers (all below 4096 BC, TRG) are not checked.
 */
import { DATA_ID_VM3, D1_ADC_SHIFT, D1_VMM_SHIFT, D2_CHANNEL_SHIFT, D2_DATA_FLAG, D2_MARKER_VMM_SHIFT, D2_TS_LOW_MASK, HEADER_BYTES, WORD_BYTES, grayToBinary12 } from '../readout/srs/words.js';

/** FEC ids 0…15; index 16 collects datagrams of no FEC (not SRS). */
export const FECS = 16;
export const FEC_SLOTS = FECS + 1;
/** Raw (FEC, VMM) slots: fec · 32 + vmm (the 5-bit VMM field of data words). */
export const VMM_SLOTS = FECS * 32;
export const CHANNELS = 64;
/** Bins of the BCID (0…4095), TDC (0…255) and ADC (0…1023) distributions, per VMM. */
export const DIST_BINS = 64;
export const BCID_SHIFT = 6;
export const TDC_SHIFT = 2;
export const ADC_SHIFT = 4;

/** Parser error kinds, per FEC (index kind · FEC_SLOTS + fec). */
export const ERROR_KINDS = ['short_frame', 'bad_data_id', 'fec_zero', 'bad_length'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
const E_SHORT = 0;
const E_DATA_ID = 1;
const E_FEC0 = 2;
const E_LENGTH = 3;

const MARKER_GAP_BC = 2 * 65536;
const TS_HALF = 2 ** 41;

/** Everything the accountant counted; typed arrays only (structured-clone safe). */
export interface HealthCounts {
  /** Per FEC slot (FEC_SLOTS). */
  datagrams: Float64Array;
  bytes: Float64Array;
  framesLost: Float64Array;
  framesDuplicate: Float64Array;
  framesReordered: Float64Array;
  /** First and last frame counter (−1 = none yet) in arrival order; the last is the highest seen. */
  firstFrame: Float64Array;
  lastFrame: Float64Array;
  /** Capture time of the first and last datagram, seconds (0 = none). */
  firstTime: Float64Array;
  lastTime: Float64Array;
  /** ERROR_KINDS.length × FEC_SLOTS. */
  errors: Float64Array;
  /** Per raw (FEC, VMM) slot (VMM_SLOTS): data words, markers, marker anomalies. */
  vmmHits: Float64Array;
  markers: Float64Array;
  markersBackward: Float64Array;
  markerGaps: Float64Array;
  /** Last marker timestamp per slot (−1 = none). */
  lastMarker: Float64Array;
  /** VMM_SLOTS × DIST_BINS. */
  bcid: Uint32Array;
  tdc: Uint32Array;
  adc: Uint32Array;
  /** Data words per raw (FEC, VMM, channel): VMM_SLOTS × 64. */
  rawChannels: Uint32Array;
  /** Admitted hits (hits-tree entries) per geometry slot (fec · 16 + vmm) × 64 + channel. */
  channelHits: Uint32Array;
  /**
   * Drop counters of the capture's Interface Statistics Blocks (sums over interfaces; −1 = none):
   * dumpcap's interface and OS drops, or the built-in receiver's kernel socket drops (osdrop).
   */
  isbIfDrop: number;
  isbOsDrop: number;
}

export function emptyCounts(geometrySlots: number): HealthCounts {
  const f = (n: number, v = 0): Float64Array => new Float64Array(n).fill(v);
  return {
    datagrams: f(FEC_SLOTS), bytes: f(FEC_SLOTS), framesLost: f(FEC_SLOTS), framesDuplicate: f(FEC_SLOTS), framesReordered: f(FEC_SLOTS),
    firstFrame: f(FEC_SLOTS, -1), lastFrame: f(FEC_SLOTS, -1), firstTime: f(FEC_SLOTS), lastTime: f(FEC_SLOTS),
    errors: f(ERROR_KINDS.length * FEC_SLOTS),
    vmmHits: f(VMM_SLOTS), markers: f(VMM_SLOTS), markersBackward: f(VMM_SLOTS), markerGaps: f(VMM_SLOTS), lastMarker: f(VMM_SLOTS, -1),
    bcid: new Uint32Array(VMM_SLOTS * DIST_BINS), tdc: new Uint32Array(VMM_SLOTS * DIST_BINS), adc: new Uint32Array(VMM_SLOTS * DIST_BINS),
    rawChannels: new Uint32Array(VMM_SLOTS * CHANNELS),
    channelHits: new Uint32Array(geometrySlots * CHANNELS),
    isbIfDrop: -1, isbOsDrop: -1,
  };
}

/** Frame-counter step from `last` to `fc` into the FEC's counters (shared by datagrams and file joins). */
function frameStep(c: HealthCounts, f: number, fc: number): void {
  const last = c.lastFrame[f]!;
  if (last < 0) {
    c.firstFrame[f] = fc;
    c.lastFrame[f] = fc;
    return;
  }
  const d = (fc - last) >>> 0;
  if (d === 0) c.framesDuplicate[f]!++;
  else if (d < 0x80000000) {
    c.framesLost[f]! += d - 1;
    c.lastFrame[f] = fc;
  } else c.framesReordered[f]!++;
}

export class HealthAccountant {
  readonly counts: HealthCounts;

  /**
   * @param geometrySlots the geometry's slot count (`slotDet.length`), for the admitted-hit map
   * @param srs false for ESS/VTC payloads: datagrams and bytes are counted (as "no FEC"), not the SRS framing
   */
  constructor(
    geometrySlots: number,
    private readonly srs = true,
  ) {
    this.counts = emptyCounts(geometrySlots);
  }

  /** One UDP payload received at `timeSeconds` (capture time). SRS/TRG framing. */
  datagram(bytes: Uint8Array, offset: number, length: number, timeSeconds: number): void {
    const c = this.counts;
    if (!this.srs) return this.arrival(FECS, length, timeSeconds);
    if (length < HEADER_BYTES + WORD_BYTES) return this.reject(length < 4 ? E_SHORT : E_DATA_ID, FECS, length, timeSeconds, bytes, offset);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    const w1 = dv.getUint32(4, false);
    if (w1 >>> 8 !== DATA_ID_VM3) return this.reject(E_DATA_ID, FECS, length, timeSeconds, bytes, offset);
    const fec = (w1 >>> 4) & 0xf;
    if (fec === 0) return this.reject(E_FEC0, 0, length, timeSeconds, bytes, offset);
    if ((length - HEADER_BYTES) % WORD_BYTES !== 0) return this.reject(E_LENGTH, fec, length, timeSeconds, bytes, offset);
    this.arrival(fec, length, timeSeconds);
    frameStep(c, fec, dv.getUint32(0, false));
    const base = fec * 32;
    const { vmmHits, markers, lastMarker, bcid, tdc, adc, rawChannels } = c;
    for (let p = HEADER_BYTES; p < length; p += WORD_BYTES) {
      const d1 = dv.getUint32(p, false);
      const d2 = dv.getUint16(p + 4, false);
      if (d2 & D2_DATA_FLAG) {
        const slot = base + ((d1 >>> D1_VMM_SHIFT) & 0x1f);
        vmmHits[slot]!++;
        const h = slot * DIST_BINS;
        bcid[h + (grayToBinary12(d1 & 0xfff) >> BCID_SHIFT)]!++;
        tdc[h + ((d2 & 0xff) >> TDC_SHIFT)]!++;
        adc[h + (((d1 >>> D1_ADC_SHIFT) & 0x3ff) >> ADC_SHIFT)]!++;
        rawChannels[slot * CHANNELS + ((d2 >> D2_CHANNEL_SHIFT) & 0x3f)]!++;
      } else {
        const vmm = (d2 >> D2_MARKER_VMM_SHIFT) & 0x1f;
        if (vmm >= 16) continue;
        const slot = base + vmm;
        markers[slot]!++;
        const ts = d1 * 1024 + (d2 & D2_TS_LOW_MASK);
        const last = lastMarker[slot]!;
        if (last >= 4096 || ts >= 4096) {
          if (ts < last) {
            if (last - ts < TS_HALF) c.markersBackward[slot]!++;
          } else if (last >= 0 && ts - last > MARKER_GAP_BC) c.markerGaps[slot]!++;
        }
        lastMarker[slot] = ts;
      }
    }
  }

  /** The capture's ISB drop counters (sums over its interfaces). */
  interfaceDrops(stats: Record<string, { ifDrop: number; osDrop: number }>): void {
    const c = this.counts;
    for (const s of Object.values(stats)) {
      if (s.ifDrop >= 0) c.isbIfDrop = Math.max(c.isbIfDrop, 0) + s.ifDrop;
      if (s.osDrop >= 0) c.isbOsDrop = Math.max(c.isbOsDrop, 0) + s.osDrop;
    }
  }

  private arrival(f: number, length: number, t: number): void {
    const c = this.counts;
    c.datagrams[f]!++;
    c.bytes[f]! += length;
    if (c.firstTime[f] === 0) c.firstTime[f] = t;
    if (t > c.lastTime[f]!) c.lastTime[f] = t;
  }

  private reject(kind: number, fec: number, length: number, t: number, bytes: Uint8Array, offset: number): void {
    this.arrival(fec, length, t);
    this.counts.errors[kind * FEC_SLOTS + fec]!++;
    // a frame with a FEC id still has a frame counter: its sequence continues
    if (fec > 0 && fec < FECS && length >= 4) frameStep(this.counts, fec, ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0);
  }
}

/**
 * Adds `b` (a later file or block of the same run) to `a`. Frame-counter sequences are
 * joined: the step from a's last counter to b's first counts as in one stream. ISB
 * counters are cumulative per capture, so b's replace a's when present.
 */
export function addCounts(a: HealthCounts, b: HealthCounts): void {
  for (let f = 0; f < FEC_SLOTS; f++) {
    if (b.firstFrame[f]! >= 0) {
      frameStep(a, f, b.firstFrame[f]!);
      // the sequence is at the higher of the two last counters (32-bit wrap)
      if (((b.lastFrame[f]! - a.lastFrame[f]!) >>> 0) < 0x80000000) a.lastFrame[f] = b.lastFrame[f]!;
    }
    if (a.firstTime[f] === 0) a.firstTime[f] = b.firstTime[f]!;
    if (b.lastTime[f]! > a.lastTime[f]!) a.lastTime[f] = b.lastTime[f]!;
  }
  const sum = (x: Float64Array | Uint32Array, y: Float64Array | Uint32Array): void => {
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) x[i]! += y[i]!;
  };
  for (const k of ['datagrams', 'bytes', 'framesLost', 'framesDuplicate', 'framesReordered', 'errors', 'vmmHits', 'markers', 'markersBackward', 'markerGaps', 'bcid', 'tdc', 'adc', 'rawChannels', 'channelHits'] as const)
    sum(a[k], b[k]);
  for (let s = 0; s < VMM_SLOTS; s++) if (b.lastMarker[s]! >= 0) a.lastMarker[s] = b.lastMarker[s]!;
  if (b.isbIfDrop >= 0) a.isbIfDrop = b.isbIfDrop;
  if (b.isbOsDrop >= 0) a.isbOsDrop = b.isbOsDrop;
}

/** A health accountant whose admitted-hit map the hit handler (`HitProcessor`) fills. */
export function attachHealth(hits: { channelHits: Uint32Array | null; readonly slotCount: number }, srs: boolean): HealthAccountant {
  const h = new HealthAccountant(hits.slotCount, srs);
  hits.channelHits = h.counts.channelHits;
  return h;
}
