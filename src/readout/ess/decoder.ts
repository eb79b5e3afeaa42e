/**
 * ESS readout (RMM) payload decoder as vmm-sdat c56141b runs it (formats.md §4): packet
 * header v0/v1 and its validation sequence (§4.2), sequence numbers per output queue,
 * the header pulse time with the 1 ms pulse filter and trigger count (§4.5), the 20-byte
 * VMM3a readouts with their checks (§4.3), the assister id (§4.4) and the readout time
 * relative to the first pulse second or `-t0` (§4.5). Calibration, the time of flight and
 * the hit handler are the hit processor's.
 *
 * Counters: the system-wide ones (vmm-sdat's pseudo-FEC 384) in `stats`, per assister the
 * accepted readouts in `fenDataReadouts`. Data errors never throw. Output columns are
 * reused for every payload; no allocation per packet or readout.
 */
import type { FecAcquisition, PayloadDecoder, ReadoutColumns } from '../decoder.js';
import { createReadoutColumns } from '../decoder.js';
import {
  ASSISTERS, COOKIE_0, GEO_CALIBRATION, COOKIE_1, COOKIE_2, H_COOKIE, H_OUTPUT_QUEUE, H_PADDING, H_PREV_PULSE_LOW,
  H_PULSE_HIGH, H_PULSE_LOW, H_SEQUENCE, H_TOTAL_LENGTH, H_VERSION, HEADER_V0_BYTES, HEADER_V1_BYTES, MAX_ADC, MAX_BC,
  MAX_CHANNEL, MAX_FEN, MAX_OUTPUT_QUEUES, MAX_PAYLOAD_BYTES, MAX_RING, MAX_TIME_FRAC, MAX_VERSION, MAX_VMM,
  MIN_PAYLOAD_BYTES, OTADC_ADC_MASK, OTADC_VALUE_MASK, PULSE_MIN_GAP_NS, R_BC, R_CHANNEL, R_DATA_LENGTH, R_FEN, R_GEO,
  R_OTADC, R_RING, R_TDC, R_TIME_HIGH, R_TIME_LOW, R_VMM, READOUT_BYTES,
} from './layout.js';
import { essAcquisitionMs, essStatisticsReport } from './report.js';
import { newEssCounters, type EssCounters } from './counters.js';

export interface EssDecoderOptions {
  /** BC clock period in ns (vmm-sdat's Tbc); the time tick is Tbc / 2 (11.25 ns with `-bc 44.44`). */
  readonly tbc: number;
  /** `-t0` of key (FEC 0, VMM 0) in seconds; 0 or absent = the first accepted packet's pulse second. */
  readonly t0Seconds?: number;
  /** Receives the lines vmm-sdat prints while decoding (`Sequence number error at packet <n>`). */
  readonly onMessage?: (line: string) => void;
}

export class EssDecoder implements PayloadDecoder {
  readonly format = 'ESS' as const;
  readonly out: ReadoutColumns;
  /** Live system-wide counters (read-only for callers; `counters()` returns a copy). */
  readonly stats: EssCounters = newEssCounters();
  /** Accepted readouts per assister id 0…375 (vmm-sdat's per-FEN ParserDataReadouts; calibration readouts included). */
  readonly fenDataReadouts = new Float64Array(ASSISTERS);
  /** Pulse after the 1 ms filter (ns, relative to t0) as of the last accepted packet. */
  lastPulse = 0;
  /** Pulses that passed the filter. */
  triggers = 0;
  /** Pulse time of the last accepted packet's header (ns, relative to t0), before the filter. */
  pulse = 0;
  /** Seconds subtracted from all times (from `-t0`, else the first accepted packet's pulse second). */
  t0: number;
  /** Header version of the last accepted packet (0 or 1), −1 before the first. */
  lastVersion = -1;

  private readonly tick: number;
  private readonly onMessage: (line: string) => void;
  /** Expected sequence number per output queue. */
  private readonly expectedSeq = new Uint32Array(MAX_OUTPUT_QUEUES);
  /** The first readout's second, used only while t0 is 0. */
  private firstReadoutSecond = 0;

  constructor(options: EssDecoderOptions) {
    if (!(options.tbc > 0)) throw new RangeError(`EssDecoder: tbc must be a period in ns > 0, got ${options.tbc}`);
    const t0 = options.t0Seconds ?? 0;
    if (!Number.isFinite(t0)) throw new RangeError(`EssDecoder: t0Seconds must be a finite number of seconds, got ${t0}`);
    this.tick = options.tbc * 0.5;
    this.t0 = t0;
    this.onMessage = options.onMessage ?? (() => {});
    this.out = createReadoutColumns();
  }

  /**
   * Validates and decodes one UDP payload `bytes[offset … offset+length)` (not retained).
   * Returns the number of accepted readouts now in `out`; 0 for a rejected packet, a
   * heartbeat, or a readout area that is not a multiple of 20 bytes (each counted).
   */
  decode(bytes: Uint8Array, offset: number, length: number): number {
    const c = this.stats;
    const packetIndex = c.TotalFrames;
    c.TotalFrames++;
    // §4.2 validation, first failure rejects
    if (length === 0) return this.reject('ErrorBuffer');
    if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) return this.reject('ErrorSize');
    if (bytes[offset + H_PADDING] !== 0) return this.reject('ErrorPad');
    const version = bytes[offset + H_VERSION]!;
    if (version > MAX_VERSION) return this.reject('ErrorVersion');
    if (
      bytes[offset + H_COOKIE] !== COOKIE_0 || bytes[offset + H_COOKIE + 1] !== COOKIE_1 || bytes[offset + H_COOKIE + 2] !== COOKIE_2
    ) return this.reject('ErrorCookie');
    const headerBytes = version === 0 ? HEADER_V0_BYTES : HEADER_V1_BYTES;
    if (length < headerBytes) return this.reject('ErrorSize');
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    const total = dv.getUint16(H_TOTAL_LENGTH, true);
    if (total !== length || total < headerBytes) return this.reject('ErrorSize');
    const queue = bytes[offset + H_OUTPUT_QUEUE]!;
    if (queue >= MAX_OUTPUT_QUEUES) return this.reject('ErrorOutputQueue');
    const seq = dv.getUint32(H_SEQUENCE, true);
    if (seq !== this.expectedSeq[queue]) {
      c.ErrorSeqNum++;
      this.onMessage(`Sequence number error at packet ${packetIndex}`);
      this.expectedSeq[queue] = seq;
    }
    this.expectedSeq[queue]!++; // u32, wraps
    const pulseHigh = dv.getUint32(H_PULSE_HIGH, true);
    const pulseLow = dv.getUint32(H_PULSE_LOW, true);
    if (pulseLow > MAX_TIME_FRAC) return this.reject('ErrorTimeFrac');
    if (dv.getUint32(H_PREV_PULSE_LOW, true) > MAX_TIME_FRAC) return this.reject('ErrorTimeFrac');
    c.GoodFrames++;
    this.lastVersion = version;

    // §4.5 pulse time and filter (every accepted packet, heartbeats included)
    if (this.t0 === 0) this.t0 = pulseHigh;
    const pulse = (pulseHigh - this.t0) * 1e9 + pulseLow * this.tick;
    this.pulse = pulse;
    if (pulse - this.lastPulse > PULSE_MIN_GAP_NS) {
      this.lastPulse = pulse;
      this.triggers++;
    }

    if (total === headerBytes) {
      c.HeartBeats++;
      return 0;
    }
    if ((total - headerBytes) % READOUT_BYTES !== 0) {
      c.ParserErrorSize++;
      return 0;
    }
    return this.readouts(bytes, dv, headerBytes, total);
  }

  /** §4.3: the readouts of an accepted packet (counters kept in locals, stored once). */
  private readouts(bytes: Uint8Array, dv: DataView, start: number, end: number): number {
    const o = this.out;
    const base = dv.byteOffset - bytes.byteOffset; // offset of the payload in `bytes`
    const tick = this.tick;
    const perFen = this.fenDataReadouts;
    const t0 = this.t0;
    let errRing = 0, errFen = 0, errLength = 0, errFrac = 0, errBc = 0, errAdc = 0, errVmm = 0, errChannel = 0;
    let over = 0, calib = 0;
    let n = 0;
    for (let p = start; p < end; p += READOUT_BYTES) {
      const b = base + p;
      const ring = bytes[b + R_RING]!;
      const fen = bytes[b + R_FEN]!;
      const timeLow = dv.getUint32(p + R_TIME_LOW, true);
      const bc = dv.getUint16(p + R_BC, true);
      const otadc = dv.getUint16(p + R_OTADC, true);
      const vmm = bytes[b + R_VMM]!;
      const channel = bytes[b + R_CHANNEL]!;
      // checks in vmm-sdat's order; the first failure counts
      if (ring > MAX_RING) errRing++;
      else if (fen > MAX_FEN) errFen++;
      else if (dv.getUint16(p + R_DATA_LENGTH, true) !== READOUT_BYTES) errLength++;
      else if (timeLow > MAX_TIME_FRAC) errFrac++;
      else if (bc > MAX_BC) errBc++;
      else if ((otadc & OTADC_VALUE_MASK) > MAX_ADC) errAdc++;
      else if (vmm > MAX_VMM) errVmm++;
      else if (channel > MAX_CHANNEL) errChannel++;
      else {
        const ot = otadc >>> 15;
        const geo = bytes[b + R_GEO]!;
        over += ot;
        if (geo & GEO_CALIBRATION) calib++;
        const assister = (ring >> 1) * 32 + fen;
        perFen[assister]!++;
        const timeHigh = dv.getUint32(p + R_TIME_HIGH, true);
        if (t0 === 0) {
          // t0 still 0: relative to the first readout's second
          if (this.firstReadoutSecond === 0) this.firstReadoutSecond = timeHigh;
          o.timestamp[n] = (timeHigh - this.firstReadoutSecond) * 1e9 + timeLow * tick;
        } else o.timestamp[n] = (timeHigh - t0) * 1e9 + timeLow * tick;
        o.assister[n] = assister;
        o.fec[n] = assister; // u8 alias (assisters 256…375 → 0…119)
        o.vmm[n] = vmm;
        o.channel[n] = channel;
        o.bcid[n] = bc;
        o.tdc[n] = bytes[b + R_TDC]!;
        o.adc[n] = otadc & OTADC_ADC_MASK;
        o.overThreshold[n] = ot;
        o.geo[n] = geo;
        n++;
      }
    }
    const c = this.stats;
    c.ParserReadouts += (end - start) / READOUT_BYTES;
    c.ParserErrorRing += errRing;
    c.ParserErrorFEN += errFen;
    c.ParserErrorDataLength += errLength;
    c.ParserErrorTimeFrac += errFrac;
    c.ParserErrorBC += errBc;
    c.ParserErrorADC += errAdc;
    c.ParserErrorVMM += errVmm;
    c.ParserErrorChannel += errChannel;
    c.ParserOverThreshold += over;
    c.ParserCalibReadouts += calib;
    c.ParserDataReadouts += n - calib;
    return n;
  }

  private reject(counter: 'ErrorBuffer' | 'ErrorSize' | 'ErrorPad' | 'ErrorVersion' | 'ErrorCookie' | 'ErrorOutputQueue' | 'ErrorTimeFrac'): number {
    this.stats[counter]++;
    this.stats.BadFrames++;
    return 0;
  }

  /** A copy of the system-wide counters under their vmm-sdat names (those of `System wide stats`). */
  counters(): Record<string, number> {
    return { ...this.stats };
  }

  /** The `FEN <id>` and `System wide stats` blocks (§4.7, §7.2), blank lines included. */
  statisticsReport(acq: FecAcquisition): string[] {
    return essStatisticsReport(this.stats, this.fenDataReadouts, acq);
  }

  /** Acquisition time (ms) of the last printed `FEN` block: the figure `Total Cluster rate` divides by. */
  lastAcquisitionMs(acq: FecAcquisition): number {
    return essAcquisitionMs(acq);
  }
}
