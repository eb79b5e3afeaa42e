/**
 * What the FEC emulator (`replay`) does to the datagrams besides sending them:
 *
 * - `LoopShift`: with `--loop`, every pass after the first continues the run instead of
 *   repeating it. SRS payloads (data id "VM3") get their marker timestamps (VMM 0…15,
 *   42-bit wrap) shifted by one file span plus one marker period per pass, and each FEC's
 *   frame counter continued (pass k adds k × that FEC's counter range in the file, 32-bit
 *   wrap), as the benchmark's replayed capture does. Data words are untouched (their BCIDs
 *   are relative to the markers). Captures whose markers are all below 4096 BC (TRG,
 *   triggered mode: the markers are trigger-relative) get continued frame counters only.
 *   Other payloads (ESS, VTC) are sent unchanged.
 * - `FaultInjector`: the loss and disorder a network or a FEC produces, for testing the
 *   health monitor — drop every N-th datagram, silence one FEC from a moment on, and
 *   reorder datagrams within windows of K (a seeded permutation, reproducible).
 */
import { shiftSrsPayload } from '../readout/srs/encoder.js';
import { DATA_ID_VM3, D2_DATA_FLAG, D2_MARKER_VMM_SHIFT, D2_TS_LOW_MASK, HEADER_BYTES, WORD_BYTES } from '../readout/srs/words.js';

/** One SRS marker period (the VMM3a marker comes every 2^16 BC). */
const MARKER_PERIOD_BC = 1 << 16;
const TS_WRAP = 2 ** 42;

/** The FEC id of an SRS payload, or −1 when it is not one. */
export function srsFecOf(bytes: Uint8Array, offset: number, length: number): number {
  if (length < HEADER_BYTES || (length - HEADER_BYTES) % WORD_BYTES !== 0) return -1;
  const id = (bytes[offset + 4]! << 16) | (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
  return id === DATA_ID_VM3 ? bytes[offset + 7]! >> 4 : -1;
}

/** Learns a file's marker and frame-counter ranges in the first pass, then shifts later passes. */
export class LoopShift {
  private lo = Infinity;
  private hi = -Infinity;
  private readonly firstFc = new Float64Array(16).fill(-1);
  private readonly lastFc = new Float64Array(16);
  /** Marker shift per pass (BC); 0 for trigger-relative markers. */
  spanBc = 0;
  /** Frame counters added per pass, per FEC. */
  readonly fcStep = new Float64Array(16);

  /** First pass: records the payload's markers and frame counter. */
  observe(bytes: Uint8Array, offset: number, length: number): void {
    const fec = srsFecOf(bytes, offset, length);
    if (fec < 0) return;
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    const fc = dv.getUint32(0, false);
    if (this.firstFc[fec]! < 0) this.firstFc[fec] = fc;
    this.lastFc[fec] = fc;
    for (let p = HEADER_BYTES; p < length; p += WORD_BYTES) {
      const d2 = dv.getUint16(p + 4, false);
      if (d2 & D2_DATA_FLAG || ((d2 >> D2_MARKER_VMM_SHIFT) & 0x1f) >= 16) continue;
      const ts = dv.getUint32(p, false) * 1024 + (d2 & D2_TS_LOW_MASK);
      if (ts < this.lo) this.lo = ts;
      if (ts > this.hi) this.hi = ts;
    }
  }

  /** Ends the first pass: fixes the per-pass shifts. */
  learn(): void {
    this.spanBc = this.hi >= 4096 ? this.hi - this.lo + MARKER_PERIOD_BC : 0;
    for (let f = 0; f < 16; f++) this.fcStep[f] = this.firstFc[f]! < 0 ? 0 : ((this.lastFc[f]! - this.firstFc[f]! + 1) >>> 0);
  }

  /** Shifts one payload in place by `passes` passes (relative to what it holds now). */
  shift(bytes: Uint8Array, offset: number, length: number, passes: number): void {
    const fec = srsFecOf(bytes, offset, length);
    if (fec < 0 || passes === 0) return;
    const fc = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, false);
    shiftSrsPayload(bytes, offset, length, (passes * this.spanBc) % TS_WRAP, (fc + passes * this.fcStep[fec]!) % 2 ** 32);
  }
}

export interface FaultOptions {
  /** Drop every N-th datagram (1-based count over the whole replay). */
  dropEvery?: number;
  /** Silence this FEC (SRS payloads with this FEC id are not sent) from `afterSeconds` of replay on. */
  dropFec?: { fec: number; afterSeconds: number };
  /** Reorder within windows of this many datagrams (≥ 2). */
  shuffle?: number;
  /** Seed of the shuffle's permutations (default 1). */
  seed?: number;
}

/** Decides per datagram whether it is sent; counts what was withheld, per FEC. */
export class FaultInjector {
  /** Datagrams withheld by --drop-every, by FEC id (−1 = not an SRS payload). */
  readonly dropped: Record<number, number> = {};
  /** Datagrams withheld by --drop-fec. */
  silenced = 0;
  private seen = 0;
  private rng: number;

  constructor(readonly o: FaultOptions) {
    if (o.dropEvery !== undefined && !(Number.isInteger(o.dropEvery) && o.dropEvery >= 2)) throw new RangeError(`drop-every must be an integer ≥ 2, got ${o.dropEvery}`);
    if (o.shuffle !== undefined && !(Number.isInteger(o.shuffle) && o.shuffle >= 2)) throw new RangeError(`shuffle must be an integer ≥ 2, got ${o.shuffle}`);
    if (o.dropFec && !(Number.isInteger(o.dropFec.fec) && o.dropFec.fec >= 0 && o.dropFec.fec <= 15 && o.dropFec.afterSeconds >= 0))
      throw new RangeError(`drop-fec must be a FEC id 0…15 and a time ≥ 0 s, got ${o.dropFec.fec}@${o.dropFec.afterSeconds}`);
    this.rng = (o.seed ?? 1) >>> 0 || 1;
  }

  get active(): boolean {
    return this.o.dropEvery !== undefined || this.o.dropFec !== undefined || this.o.shuffle !== undefined;
  }

  /** True if the datagram is to be sent; `elapsedSeconds` = wall time since the replay started. */
  keep(bytes: Uint8Array, offset: number, length: number, elapsedSeconds: number): boolean {
    const o = this.o;
    const fec = o.dropEvery !== undefined || o.dropFec ? srsFecOf(bytes, offset, length) : -1;
    if (o.dropFec && fec === o.dropFec.fec && elapsedSeconds >= o.dropFec.afterSeconds) {
      this.silenced++;
      return false;
    }
    if (o.dropEvery !== undefined && ++this.seen % o.dropEvery === 0) {
      this.dropped[fec] = (this.dropped[fec] ?? 0) + 1;
      return false;
    }
    return true;
  }

  /** The send order of `n` datagrams: identity, or a permutation within consecutive windows of K. */
  order(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    const k = this.o.shuffle;
    if (k === undefined) return out;
    for (let s = 0; s < n; s += k) {
      const e = Math.min(n, s + k);
      for (let i = e - 1; i > s; i--) {
        const j = s + (this.next() % (i - s + 1));
        const t = out[i]!;
        out[i] = out[j]!;
        out[j] = t;
      }
    }
    return out;
  }

  /** xorshift32. */
  private next(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }
}
