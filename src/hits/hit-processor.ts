/**
 * From parser results to hits (analysis.md §7–§8): offsets, srs_timestamp (SRS/TRG),
 * first time and -t0, calibration (ADC, time, time walk, with vmm-sdat's f32 steps and
 * clamping), calibration histograms, the validity filters, the timestamp sanity
 * counters, the round trigger, hit ids and `hits` records, the threshold with bit 15,
 * pending lists for clustering and the per-FEC bookkeeping. No allocation per hit.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { SrsParser } from '../readout/srs/parser.js';
import type { FecAcquisition, PayloadDecoder } from '../readout/decoder.js';
import { calibrateHit, type Calibrated } from './calibrate.js';
import { stod, CppConversionError } from '../cstd/numbers.js';
import { abortError } from '../config/errors.js';
import { HitRecords } from './hit-records.js';
import type { HitConsumer } from './hit-consumer.js';
import type { IdCounters } from './ids.js';
import type { RunContext } from './run-context.js';
import type { RunHistograms } from '../histograms/run-histograms.js';
import type { Logger } from '../config/log.js';
import { u16d, u64 } from '../cstd/cast.js';
import { fmtG } from '../cstd/printf.js';
import { roundBoundary } from './silent-fecs.js';

const TS_TOO_LARGE = 109951165951975;
const TS_OVERFLOW = 0x1ffffffffff;
/** VTC: 0x3FFFFFF · 102400 ns, the filler word's timestamp and the "too large" limit (formats §3.4–§3.5). */
const VTC_FILLER_TS = 6871947571200;
const VTC_OVERFLOW = 6e12;
/** ESS/VTC round interval (formats §5.2). */
const LEGACY_NEW_DATA_NS = 10_000_000;
/** Time of flight below this is discarded (formats §4.6). */
const TOF_LIMIT = -1e4;
const NFEC = 65536;

export class HitProcessor {
  /** Rows of the hits tree (null when no detector is in the hits save list). */
  readonly records: HitRecords | null;
  /** Hits returned by the parser so far (the -n running total and the analysis hit rate). */
  totalHits = 0;
  stopped = false;
  firstTime = 0;
  readonly oldTS = new Float64Array(NFEC);
  readonly firstTS = new Float64Array(NFEC);
  readonly maxTS = new Float64Array(NFEC);
  /** Per-FEC counters of the handler (§8.2), printed with the FEC statistics. */
  private readonly timestampTooLarge = new Float64Array(NFEC);
  private readonly timestampOverflow = new Float64Array(NFEC);
  /** The per-FEC bookkeeping as the statistics read it (views of the arrays above, live). */
  readonly acquisition: FecAcquisition;

  /** Hits of a (FEC, VMM) the geometry does not map, index fec·32 + vmm (reported as `AnalysisResult.unmapped`). */
  readonly unmapped = new Float64Array(256 * 32);

  /** Health accounting: admitted hits (hits-tree entries) per slot · 64 + channel, when set (src/health). */
  channelHits: Uint32Array | null = null;
  /** ESS/VTC: hits older than their FEC's maximum that are not overflows (not printed by vmm-sdat). */
  timestampOrderErrors = 0;
  /** The three newest distinct pulse times P0 (newest), P1, P2 (formats §4.6), ns; shared with the clusterer (algo 9). */
  readonly pulses: Float64Array;
  /** The FEC list of the statistics and the round boundary (ESS: the geometry's plus 384). */
  readonly fecList: readonly number[];

  private readonly o: AnalysisOptions;
  private readonly trg: boolean;
  private readonly srs: boolean;
  private readonly vtc: boolean;
  private readonly ess: boolean;
  private readonly cal: Calibrated = { chip: 0, adc: 0, tdcPart: 0, tdcPartCal: 0 };
  private readonly calHists: boolean;
  private readonly hitsSaved = new Uint8Array(256);
  private readonly t0: Map<number, number | 'run'> = new Map();
  private readonly newDataStep: number;
  private readonly boundaryFecs: number[];

  /** false: hits only (no pending lists, no rounds). */
  readonly clustering: boolean;
  private readonly ids: IdCounters;
  private readonly log: Logger;
  /** Plain console lines of the c56141b era (`jitter [ns]: …`). */
  private readonly onMessage: (line: string) => void;

  /** @param clusterer the pending lists and rounds the hits go to (RoundPlanner) */
  constructor(
    ctx: RunContext,
    private readonly clusterer: HitConsumer,
    private readonly hists: RunHistograms | null,
  ) {
    const o = ctx.options;
    this.o = o;
    this.ids = ctx.ids;
    this.log = ctx.log;
    this.clustering = ctx.shape.clustering;
    this.onMessage = ctx.print;
    this.trg = o.dataFormat === 'TRG';
    this.srs = o.dataFormat === 'SRS';
    this.vtc = o.dataFormat === 'VTC';
    this.ess = o.dataFormat === 'ESS';
    this.pulses = ctx.pulses;
    this.calHists = hists !== null && o.calibration !== null && o.calibrationHistograms;
    for (const d of o.save.hits) this.hitsSaved[d] = 1;
    this.records = o.save.hits.length ? new HitRecords() : null;
    this.newDataStep = this.vtc || this.ess ? LEGACY_NEW_DATA_NS : 16 * o.toff;
    this.fecList = this.ess ? [...o.geometry.fecs, 384] : o.geometry.fecs;
    this.boundaryFecs = this.fecList.filter((f) => f !== 384);
    this.acquisition = {
      fecs: this.fecList,
      firstTS: this.firstTS,
      maxTS: this.maxTS,
      oldTS: this.oldTS,
      timestampOverflow: this.timestampOverflow,
      timestampTooLarge: this.timestampTooLarge,
    };
  }

  /** -t0 correction of (fec, vmm); parsed on first use like vmm-sdat (a bad value aborts then). */
  private t0Correction(fec: number, vmm: number): number {
    const key = (fec & 0xff) * 256 + (vmm & 0xff);
    let v = this.t0.get(key);
    if (v === undefined) {
      const s = this.o.t0.get(key);
      if (s === undefined) return 0;
      if (s === 'run') v = 'run';
      else {
        try {
          v = stod(s);
        } catch (e) {
          if (e instanceof CppConversionError)
            throw abortError(`terminate called after throwing an instance of 'std::invalid_argument' what(): stod (-t0 correction '${s}' of FEC ${fec} VMM ${vmm})`).withHint(
              `-t0: the correction of FEC ${fec} VMM ${vmm} must be a number of ns or 'run' (got '${s}')`,
            );
          throw e;
        }
      }
      this.t0.set(key, v);
    }
    return v === 'run' ? this.firstTime : v;
  }

  /** Geometry slots (fec · 16 + vmm) the handler indexes, the size of `channelHits` / 64. */
  get slotCount(): number {
    return this.o.geometry.slotDet.length;
  }

  /** Processes the `n` hits the SRS/TRG parser returned for one payload. Returns false once -n is reached. */
  processPacket(p: SrsParser, n: number): boolean {
    if (this.stopped) return false;
    const o = this.o;
    const fec = p.currentFec;
    const tbc = o.tbc;
    const toff = o.toff;
    const tac = o.tac;
    const trg = this.trg;
    const hasT0 = o.t0.size > 0;
    const cal = o.calibration;
    const cv = this.cal;
    this.records?.begin(2 * n);
    this.totalHits += n;
    const maxHits = o.maxHits;
    const { offset, vmm: vmms, channel, adc: adcs, bcid: bcids, tdc: tdcs, overThreshold, fecTimeStamp, triggerTime, eventCounter } = p;
    for (let i = 0; i < n; i++) {
      const off = offset[i]!;
      if (off === 16) continue;
      const offVal = off <= 15 ? off : -1;
      const vmm = vmms[i]!;
      const bcid = bcids[i]!;
      const tdc = tdcs[i]!;
      let srsTs = trg ? triggerTime[i]! * tbc + toff * offVal - fecTimeStamp[i]! * tbc : fecTimeStamp[i]! * tbc + toff * offVal;
      if (this.firstTime === 0) this.firstTime = srsTs;
      if (hasT0) srsTs -= this.t0Correction(fec, vmm);
      let chip: number;
      let adc = adcs[i]!;
      if (cal === null) {
        chip = bcid * tbc + (1.5 * tbc - (tdc * tac) / 255); // identity calibration (A§7.4)
      } else {
        const ch = channel[i]!;
        calibrateHit(cal, fec, vmm, ch, bcid, tdc, adc, tbc, tac, false, cv);
        if (this.calHists) this.fillCalibrationHistograms(fec, vmm, ch, adc);
        chip = cv.chip;
        adc = cv.adc;
      }
      this.handle(srsTs, fec, vmm, channel[i]!, bcid, tdc, adc, overThreshold[i]!, chip, eventCounter[i]!);
      if (maxHits > 0 && this.totalHits >= maxHits) {
        this.stopped = true;
        return false;
      }
    }
    return true;
  }

  /**
   * Processes the `n` readouts an ESS or VTC decoder produced for one payload
   * (formats.md §3.4, §4.5; c56141b hit handling). Returns false once -n is reached.
   */
  processReadouts(d: PayloadDecoder, n: number): boolean {
    if (this.stopped) return false;
    const o = this.o;
    const r = d.out;
    const ess = d.format === 'ESS';
    const hasT0 = !ess && o.t0.size > 0;
    const cv = this.cal;
    const pulse = d.lastPulse;
    this.records?.begin(2 * n);
    this.totalHits += n;
    const maxHits = o.maxHits;
    for (let i = 0; i < n; i++) {
      const vmm = r.vmm[i]!;
      const ch = r.channel[i]!;
      const adc = r.adc[i]!;
      let ts = r.timestamp[i]!;
      if (!ess) {
        if (this.firstTime === 0) this.firstTime = ts;
        if (hasT0) ts -= this.t0Correction(0, vmm);
      }
      calibrateHit(o.calibration, ess ? r.assister[i]! : 0, vmm, ch, r.bcid[i]!, r.tdc[i]!, adc, o.tbc, o.tac, ess, cv);
      if (this.calHists) this.fillCalibrationHistograms(r.fec[i]!, vmm, ch, adc);
      this.handleLegacy(ts, r.fec[i]!, vmm, ch, r.bcid[i]!, r.tdc[i]!, cv.adc, r.overThreshold[i]!, cv.chip, r.geo[i]!, pulse);
      if (maxHits > 0 && this.totalHits >= maxHits) {
        this.stopped = true;
        return false;
      }
    }
    return true;
  }

  /** §7.5: (channel, raw adc), (channel, calibrated adc), and the TDC time parts, as f32. */
  private fillCalibrationHistograms(fec: number, vmm: number, ch: number, adc: number): void {
    const hs = this.hists!.calibrationSet(fec, vmm);
    if (!hs) return;
    const cv = this.cal;
    hs[1]!.fill(ch, adc);
    hs[0]!.fill(ch, cv.adc);
    hs[3]!.fill(ch, Math.fround(cv.tdcPart));
    hs[2]!.fill(ch, Math.fround(cv.tdcPartCal));
  }

  /** The hit handler of analysis.md §8 (HEAD; SRS and TRG). */
  private handle(srsTs: number, fec: number, vmm: number, ch: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, ev: number): void {
    const g = this.o.geometry;
    const slot = fec * 16 + vmm;
    const det = slot < g.slotDet.length ? g.slotDet[slot]! : -1;
    if (det < 0) return void this.unmapped[((fec & 255) << 5) | (vmm & 31)]!++;
    const pos0 = g.pos0[slot * 64 + ch]!;
    if (pos0 === -1) return;
    if (tdc === 0 && adc === 0) return;
    if (ov && adc < 16) return;
    if (this.srs) {
      if (srsTs > TS_TOO_LARGE) {
        this.timestampTooLarge[fec]!++;
        this.log.log('WARNING', 'Clusterer', `Timestamp ${u64(srsTs)} larger than 42 bit and 31 times trigger period for fecId ${fec} and vmmId ${vmm}`);
      }
      const mx = this.maxTS[fec]!;
      if (srsTs < mx && mx > TS_OVERFLOW + srsTs) {
        this.timestampOverflow[fec]!++;
        this.log.log('WARNING', 'Clusterer', `Overflow: fecId${fec},  hitNr ${this.ids.hit},  srsTimestamp ${u64(srsTs)},  old srsTimestamp ${u64(mx)}`);
      }
    }
    if (srsTs >= this.oldTS[fec]! + this.newDataStep) this.newData(fec, srsTs);
    const id = ++this.ids.hit;
    this.accept(id, det, slot, pos0, srsTs, srsTs, srsTs + chip, fec, vmm, ch, bcid, tdc, adc, ov, chip, u16d(ev), 0, g.detIndex[det]!);
  }

  /**
   * The hit handler of vmm-sdat c56141b for ESS and VTC (formats.md §5.1, §6): pulse
   * history, stricter validity, the VTC filler rule, VTC sanity counters, 10 ms rounds,
   * time of flight, GEO, threshold indexed by detector id, no event counter.
   */
  private handleLegacy(ts: number, fec: number, vmm: number, ch: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, geo: number, pulse: number): void {
    const g = this.o.geometry;
    const P = this.pulses;
    if (pulse > P[0]!) {
      P[2] = P[1]!;
      P[1] = P[0]!;
      P[0] = pulse;
    }
    const slot = fec * 16 + vmm;
    const det = slot < g.slotDet.length ? g.slotDet[slot]! : -1;
    if (det < 0) return void this.unmapped[((fec & 255) << 5) | (vmm & 31)]!++;
    const pos0 = g.pos0[slot * 64 + ch]!;
    if (pos0 === -1) return;
    if (tdc === 0 || adc === 0 || (ov && adc < 16)) return;
    if (this.vtc) {
      if (vmm === 1 && ch === 63 && bcid === 4095 && tdc === 255 && adc === 1023 && ts === VTC_FILLER_TS) return;
      if (ts > VTC_FILLER_TS) this.timestampTooLarge[fec]!++;
      const mx = this.maxTS[fec]!;
      if (ts < mx) {
        if (mx > VTC_OVERFLOW + ts) this.timestampOverflow[fec]!++;
        else this.timestampOrderErrors++;
      }
    }
    if (ts >= this.oldTS[fec]! + this.newDataStep) this.newData(fec, ts);
    const id = ++this.ids.hit;
    const time = ts + chip;
    let readout = ts;
    if (this.o.save.code % 2 === 1) {
      // formats.md §4.6: time of flight; a hit far before its pulse is dropped after taking its id
      let tof = ts;
      if (this.ess) {
        tof = time - P[0]!;
        if (tof < TOF_LIMIT && P[1]! > 0) tof = time - P[1]!;
        if (tof < TOF_LIMIT && P[2]! > 0) tof = time - P[2]!;
      }
      if (tof < TOF_LIMIT) return;
      if (tof <= 0) this.onMessage(`jitter [ns]: ${fmtG(tof, 20)}`);
      readout = tof;
    }
    // c56141b looks the threshold up with the detector id (0 past the end of the list, §6.4)
    this.accept(id, det, slot, pos0, readout, ts, time, fec, vmm, ch, bcid, tdc, adc, ov, chip, 0, geo, det);
  }

  /** A new-data hit (§8.3): a round up to the boundary (save code ≥ 10), then oldTS. */
  private newData(fec: number, ts: number): void {
    if (this.o.save.code >= 10 && this.clustering) this.clusterer.runRound(this.roundBoundary());
    this.oldTS[fec] = ts;
  }

  /** The common tail of both handlers (§8.4–§8.6): records, threshold, pending lists, per-FEC bookkeeping. */
  private accept(
    id: number, det: number, slot: number, pos0: number, readout: number, ts: number, time: number, fec: number, vmm: number,
    ch: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, ev16: number, geo: number, thIndex: number,
  ): void {
    const g = this.o.geometry;
    const pad = g.isPad[det] === 1;
    const plane = g.slotPlane[slot]!;
    const pos1 = pad ? g.pos1[slot * 64 + ch]! : -1;
    const rec = this.records;
    if (rec !== null && this.hitsSaved[det]) {
      rec.add(id, det, pad ? 0 : plane, fec, vmm, readout, time, geo, ch, pos0 & 0xffff, bcid, tdc, adc, ov, chip, ev16);
      if (pad) rec.add(id, det, 1, fec, vmm, readout, time, geo, ch, pos1 & 0xffff, bcid, tdc, adc, ov, chip, ev16);
    }
    const chm = this.channelHits;
    if (chm !== null) chm[slot * 64 + ch]! += pad ? 2 : 1;
    const adcB = ov ? adc + 32768 : adc;
    const th = this.o.perDetector.threshold[thIndex] ?? 0;
    if (this.clustering && (th < 0 ? ov === 1 : adcB >= th)) {
      if (pad) {
        this.clusterer.pendingList(det, 0).push(time, pos0 & 0xffff, adcB, pos1 & 0xffff, ev16);
        this.clusterer.pendingList(det, 1).push(time, pos0 & 0xffff, adcB, pos1 & 0xffff, ev16);
      } else this.clusterer.pendingList(det, plane).push(time, pos0 & 0xffff, adcB, 0xffff, ev16);
    }
    if (this.firstTS[fec] === 0) this.firstTS[fec] = ts;
    if (this.maxTS[fec]! < ts) this.maxTS[fec] = ts;
  }

  /** Round boundary of §8.3 step 2 (minimum over the FEC list with the "0 restarts" rule). */
  private roundBoundary(): number {
    return roundBoundary(this.boundaryFecs, this.oldTS, this.o.ignoreSilentFecs === true);
  }

  /** tsEnd of the final flush (§9.4): the largest maxTS over the geometry FEC list. */
  finalBoundary(): number {
    let m = 0;
    for (const f of this.fecList) if (f < NFEC && this.maxTS[f]! > m) m = this.maxTS[f]!;
    return m;
  }
}
