/**
 * From parser results to hits (analysis.md §7–§8): offsets, srs_timestamp (SRS/TRG),
 * first time and -t0, calibration (ADC, time, time walk, with vmm-sdat's f32 steps and
 * clamping), calibration histograms, the validity filters, the timestamp sanity
 * counters, the round trigger, hit ids and `hits` records, the threshold with bit 15,
 * pending lists for clustering and the per-FEC bookkeeping. No allocation per hit.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { SrsParser } from '../readout/srs/parser.js';
import { calibrationOffset } from '../config/calibration.js';
import { stod, CppConversionError } from '../config/c-numbers.js';
import { abortError } from '../config/errors.js';
import { TableBuilder } from '../table/builder.js';
import { HITS } from '../output/trees.js';
import type { Clusterer } from '../cluster/clusterer.js';
import type { IdCounters } from '../cluster/strip-clustering.js';
import type { RunHistograms } from '../analysis/run-histograms.js';
import type { Logger } from '../analysis/log.js';
import { u16d } from '../cluster/cast.js';

const TS_TOO_LARGE = 109951165951975;
const TS_OVERFLOW = 0x1ffffffffff;
const NFEC = 65536;

/** Per-FEC counters of the handler (§8.2), printed with the FEC statistics. */
export interface FecCounters {
  timestampTooLarge: Float64Array;
  timestampOverflow: Float64Array;
}

export class HitProcessor {
  readonly hitsOut: TableBuilder | null;
  /** Hits returned by the parser so far (the -n running total and the analysis hit rate). */
  totalHits = 0;
  stopped = false;
  firstTime = 0;
  readonly oldTS = new Float64Array(NFEC);
  readonly firstTS = new Float64Array(NFEC);
  readonly maxTS = new Float64Array(NFEC);
  readonly fec: FecCounters = { timestampTooLarge: new Float64Array(NFEC), timestampOverflow: new Float64Array(NFEC) };

  private readonly o: AnalysisOptions;
  private readonly trg: boolean;
  private readonly srs: boolean;
  private readonly hitsSaved = new Uint8Array(256);
  private readonly t0: Map<number, number | 'run'> = new Map();
  private readonly newDataStep: number;
  private readonly boundaryFecs: number[];
  private readonly cols = HITS.columns.map((_, i) => i);

  constructor(
    o: AnalysisOptions,
    private readonly clusterer: Clusterer,
    private readonly ids: IdCounters,
    private readonly hists: RunHistograms | null,
    private readonly log: Logger,
    /** false: hits only (no pending lists, no rounds). */
    readonly clustering = true,
  ) {
    this.o = o;
    this.trg = o.dataFormat === 'TRG';
    this.srs = o.dataFormat === 'SRS';
    for (const d of o.save.hits) this.hitsSaved[d] = 1;
    this.hitsOut = o.save.hits.length ? new TableBuilder(HITS, 1 << 16) : null;
    this.newDataStep = 16 * o.toff;
    this.boundaryFecs = o.geometry.fecs.filter((f) => f !== 384);
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
            throw abortError(`terminate called after throwing an instance of 'std::invalid_argument' what(): stod (-t0 correction '${s}' of FEC ${fec} VMM ${vmm})`);
          throw e;
        }
      }
      this.t0.set(key, v);
    }
    return v === 'run' ? this.firstTime : v;
  }

  /** Processes the `n` hits the parser returned for one payload. Returns false once -n is reached. */
  processPacket(p: SrsParser, n: number): boolean {
    if (this.stopped) return false;
    const o = this.o;
    const fec = p.currentFec;
    const tbc = o.tbc;
    const toff = o.toff;
    const tac = o.tac;
    const cal = o.calibration;
    const hasT0 = o.t0.size > 0;
    this.totalHits += n;
    const maxHits = o.maxHits;
    for (let i = 0; i < n; i++) {
      const off = p.offset[i]!;
      if (off === 16) continue;
      const offVal = off <= 15 ? off : -1;
      const vmm = p.vmm[i]!;
      const ch = p.channel[i]!;
      const tdc = p.tdc[i]!;
      const adc = p.adc[i]!;
      const bcid = p.bcid[i]!;
      let srsTs = this.trg
        ? p.triggerTime[i]! * tbc + toff * offVal - p.fecTimeStamp[i]! * tbc
        : p.fecTimeStamp[i]! * tbc + toff * offVal;
      if (this.firstTime === 0) this.firstTime = srsTs;
      if (hasT0) srsTs -= this.t0Correction(fec, vmm);
      const tdcTime = (tdc * tac) / 255;
      let chip: number;
      let adcCal: number;
      if (cal) {
        const k = calibrationOffset(cal, fec, vmm, ch);
        const pr = cal.params;
        const ao = k < 0 ? 0 : pr[k]!;
        const as = k < 0 ? 1 : pr[k + 1]!;
        const to = k < 0 ? 0 : pr[k + 2]!;
        const ts = k < 0 ? 1 : pr[k + 3]!;
        const a = k < 0 ? 0 : pr[k + 4]!;
        const b = k < 0 ? 1 : pr[k + 5]!;
        const c = k < 0 ? 1 : pr[k + 6]!;
        const d = k < 0 ? 0 : pr[k + 7]!;
        const chipCal = bcid * tbc + (1.5 * tbc - tdcTime - to) * ts;
        adcCal = u16d((adc - ao) * as);
        if (adcCal > 1023) adcCal = 1023;
        const q = Math.fround(adcCal / c);
        const tw = d + Math.fround(a - d) / (1 + Math.pow(q, b));
        chip = chipCal - tw;
        if (this.hists) {
          const hs = this.hists.calibrationSet(fec, vmm);
          if (hs) {
            hs[1]!.fill(ch, adc);
            hs[0]!.fill(ch, adcCal);
            hs[3]!.fill(ch, Math.fround(1.5 * tbc - tdcTime));
            hs[2]!.fill(ch, Math.fround((1.5 * tbc - tdcTime - to) * ts));
          }
        }
      } else {
        chip = bcid * tbc + (1.5 * tbc - tdcTime);
        adcCal = adc;
      }
      this.handle(srsTs, fec, vmm, ch, bcid, tdc, adcCal, p.overThreshold[i]!, chip, p.eventCounter[i]!);
      if (maxHits > 0 && this.totalHits >= maxHits) {
        this.stopped = true;
        return false;
      }
    }
    return true;
  }

  /** The hit handler of §8. */
  private handle(srsTs: number, fec: number, vmm: number, ch: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, ev: number): void {
    const g = this.o.geometry;
    const slot = fec * 16 + vmm;
    if (slot >= g.slotDet.length) return;
    const det = g.slotDet[slot]!;
    if (det < 0) return;
    const pos0 = g.pos0[slot * 64 + ch]!;
    if (pos0 === -1) return;
    if (tdc === 0 && adc === 0) return;
    if (ov && adc < 16) return;
    const plane = g.slotPlane[slot]!;

    if (this.srs) {
      if (srsTs > TS_TOO_LARGE) {
        this.fec.timestampTooLarge[fec]!++;
        this.log.log('WARNING', 'Clusterer', `Timestamp ${u64(srsTs)} larger than 42 bit and 31 times trigger period for fecId ${fec} and vmmId ${vmm}`);
      }
      const mx = this.maxTS[fec]!;
      if (srsTs < mx && mx > TS_OVERFLOW + srsTs) {
        this.fec.timestampOverflow[fec]!++;
        this.log.log('WARNING', 'Clusterer', `Overflow: fecId${fec},  hitNr ${this.ids.hit},  srsTimestamp ${u64(srsTs)},  old srsTimestamp ${u64(mx)}`);
      }
    }

    if (srsTs >= this.oldTS[fec]! + this.newDataStep) {
      if (this.o.save.code >= 10 && this.clustering) this.clusterer.runRound(this.roundBoundary());
      this.oldTS[fec] = srsTs;
    }

    const id = ++this.ids.hit;
    const time = srsTs + chip;
    const pad = g.isPad[det] === 1;
    const pos1 = pad ? g.pos1[slot * 64 + ch]! : -1;
    const ev16 = u16d(ev);
    const hb = this.hitsOut;
    if (hb && this.hitsSaved[det]) {
      this.record(hb, id, det, pad ? 0 : plane, fec, vmm, srsTs, time, ch, pos0 & 0xffff, bcid, tdc, adc, ov, chip, ev16);
      if (pad) this.record(hb, id, det, 1, fec, vmm, srsTs, time, ch, pos1 & 0xffff, bcid, tdc, adc, ov, chip, ev16);
    }

    const adcB = ov ? adc + 32768 : adc;
    const th = this.o.perDetector.threshold[g.detIndex[det]!]!;
    if (this.clustering && (th < 0 ? ov === 1 : adcB >= th)) {
      if (pad) {
        this.clusterer.pendingList(det, 0).push(time, pos0 & 0xffff, adcB, pos1 & 0xffff, ev16);
        this.clusterer.pendingList(det, 1).push(time, pos0 & 0xffff, adcB, pos1 & 0xffff, ev16);
      } else this.clusterer.pendingList(det, plane).push(time, pos0 & 0xffff, adcB, 0xffff, ev16);
    }

    if (this.firstTS[fec] === 0) this.firstTS[fec] = srsTs;
    if (this.maxTS[fec]! < srsTs) this.maxTS[fec] = srsTs;
  }

  private record(
    b: TableBuilder, id: number, det: number, plane: number, fec: number, vmm: number, readout: number, time: number,
    ch: number, pos: number, bcid: number, tdc: number, adc: number, ov: number, chip: number, ev: number,
  ): void {
    const r = b.addRow();
    const c = this.cols;
    b.u32(c[0]!)[r] = id;
    b.u8(c[1]!)[r] = det;
    b.u8(c[2]!)[r] = plane;
    b.u8(c[3]!)[r] = fec;
    b.u8(c[4]!)[r] = vmm;
    b.f64(c[5]!)[r] = readout;
    b.f64(c[6]!)[r] = time;
    // c[7] geo_id stays 0
    b.u8(c[8]!)[r] = ch;
    b.u16(c[9]!)[r] = pos;
    b.u16(c[10]!)[r] = bcid;
    b.u16(c[11]!)[r] = tdc;
    b.u16(c[12]!)[r] = adc;
    b.u8(c[13]!)[r] = ov;
    b.f64(c[14]!)[r] = chip;
    b.u16(c[15]!)[r] = ev;
  }

  /** Round boundary of §8.3 step 2 (minimum over the FEC list with the "0 restarts" rule). */
  private roundBoundary(): number {
    let ts = 0;
    for (const f of this.boundaryFecs) {
      const old = f < NFEC ? this.oldTS[f]! : 0;
      if (ts === 0 || ts > old) ts = Math.trunc(old);
    }
    return ts;
  }

  /** tsEnd of the final flush (§9.4): the largest maxTS over the geometry FEC list. */
  finalBoundary(): number {
    let m = 0;
    for (const f of this.o.geometry.fecs) if (f < NFEC && this.maxTS[f]! > m) m = this.maxTS[f]!;
    return m;
  }
}

/** A double printed as vmm-sdat prints a u64 conversion of it. */
export function u64(x: number): string {
  return x >= 0 ? BigInt(Math.trunc(x)).toString() : BigInt.asUintN(64, BigInt(Math.trunc(x))).toString();
}
