/**
 * Detector clusters from plane clusters (analysis.md §13): normal matching for 2 or
 * 3 planes with the moving start pointer and the skip of already-matched clusters
 * (§13.1), high-multiplicity matching (§13.2), and 1D detectors (§13.3). The
 * "last time" variables behind dt0…dt2 are shared by all detectors (quirk §16.44).
 */
import type { IndexList, PlaneClusterStore } from './plane-clusters.js';
import type { ClusterStatistics } from './cluster-stats.js';
import { DC, type DetectorClusterOutput } from './cluster-output.js';
import type { IdCounters } from '../hits/ids.js';

export type CoinMode = 'time' | 'utpc' | 'charge2';

export function coinMode(coincidence: string): CoinMode {
  return coincidence === 'utpc' ? 'utpc' : coincidence === 'charge2' ? 'charge2' : 'time';
}

/** The cluster time array selected by `-coin`. */
export function coinTimes(st: PlaneClusterStore, mode: CoinMode): Float64Array {
  return mode === 'utpc' ? st.timeUtpc : mode === 'charge2' ? st.timeCharge2 : st.time;
}

export interface MatchParams {
  det: number;
  dp: number;
  crl: number;
  cru: number;
  ccs: number;
}

export class Matcher {
  /** last0/1/2 of §13.1, shared by all detectors. */
  private readonly last = [0, 0, 0];

  constructor(
    private readonly st: PlaneClusterStore,
    private readonly out: DetectorClusterOutput,
    private readonly stats: ClusterStatistics,
    private readonly ids: IdCounters,
    private readonly mode: CoinMode,
  ) {}

  /** Normal matching of planes 0/1 (and 2 when `l2` is given). */
  matchNormal(p: MatchParams, l0: IndexList, l1: IndexList, l2: IndexList | null): void {
    const st = this.st;
    const flag = st.coincidence;
    const start = [0, 0];
    for (let k0 = 0; k0 < l0.length; k0++) {
      const c0 = l0.items[k0]!;
      const best1 = this.searchPartner(p, c0, l1, start, 0, 0);
      if (best1 < 0) continue;
      let best2 = -1;
      if (l2) {
        best2 = this.searchPartner(p, c0, l2, start, 1, st.size[best1]!);
        if (best2 < 0) continue;
      }
      this.create(p.det, c0, best1, best2, true);
      flag[c0] = 1;
      flag[best1] = 1;
      if (best2 >= 0) flag[best2] = 1;
    }
  }

  /**
   * The partner search of §13.1 step 1 (plane 1) or step 2 (plane 2, `otherSize` = the
   * plane-1 partner's size): from the moving start pointer `start[which]` (updated to the
   * first unflagged cluster within dp), skipping flagged clusters, the smallest |Δt|
   * (first on ties) that passes the charge ratio and the size sum; stops once |Δt| grows
   * beyond dp. Returns the arena index, or −1.
   */
  private searchPartner(p: MatchParams, c0: number, list: IndexList, start: number[], which: number, otherSize: number): number {
    const st = this.st;
    const tau = coinTimes(st, this.mode);
    const flag = st.coincidence;
    const t0 = tau[c0]!;
    const size0 = st.size[c0]! + otherSize;
    let best = -1;
    let min = Infinity;
    let delta = Infinity;
    let first = true;
    for (let j = start[which]!; j < list.length; j++) {
      const c = list.items[j]!;
      if (flag[c]) continue;
      const last = delta;
      delta = tau[c]! - t0;
      const ratio = st.adc[c0]! / st.adc[c]!;
      const ad = Math.abs(delta);
      if (ad <= p.dp && first) {
        start[which] = j;
        first = false;
      }
      if (p.crl <= ratio && ratio <= p.cru && ad < min && ad <= p.dp && size0 + st.size[c]! >= p.ccs) {
        min = ad;
        best = c;
      }
      if (ad > Math.abs(last) && ad > p.dp) break;
    }
    return best;
  }

  /** High-multiplicity matching (planes 0 and 1 only). */
  matchHighMultiplicity(p: MatchParams, l0: IndexList, l1: IndexList): void {
    const st = this.st;
    const tau = coinTimes(st, this.mode);
    const flag = st.coincidence;
    const b = this.out.builder;
    let start1 = 0;
    for (let k0 = 0; k0 < l0.length; k0++) {
      const c0 = l0.items[k0]!;
      const t0 = tau[c0]!;
      let min = Infinity;
      let delta = Infinity;
      let first = true;
      let bestC1 = -1;
      let bestRow = -1;
      for (let j = start1; j < l1.length; j++) {
        const c1 = l1.items[j]!;
        const last = delta;
        delta = tau[c1]! - t0;
        const ratio = st.adc[c0]! / st.adc[c1]!;
        const ad = Math.abs(delta);
        if (ad <= p.dp && first) {
          start1 = j;
          first = false;
        }
        if (ad > p.dp && ad > Math.abs(last)) break;
        if (p.crl <= ratio && ratio <= p.cru && ad <= p.dp && st.size[c0]! + st.size[c1]! >= p.ccs) {
          const row = this.create(p.det, c0, c1, -1, false);
          if (ad < min && !flag[c1]) {
            min = ad;
            bestC1 = c1;
            bestRow = row;
          }
        }
      }
      if (bestC1 >= 0) {
        if (bestRow >= 0) b.u32(DC.ids[2]!)[bestRow] = 1;
        flag[bestC1] = 1;
      }
    }
  }

  /** One detector cluster per plane cluster of the single defined plane N. */
  matchSinglePlane(det: number, N: number, list: IndexList): void {
    const st = this.st;
    for (let k = 0; k < list.length; k++) {
      const c = list.items[k]!;
      const id = ++this.ids.detectorCluster;
      const dt = st.time[c]! - this.last[N]!;
      this.last[N] = st.time[c]!;
      this.stats.detStat('ClusterCntDetector', det).record(0);
      if (!this.out.enabled(det)) continue;
      const b = this.out.builder;
      const r = this.out.newRow();
      b.u32(DC.id)[r] = id;
      b.u8(DC.det)[r] = det;
      b.u16(DC.ev)[r] = st.eventCounter[c]!;
      this.out.copyPlane(r, N, st, c);
      b.f64(DC.dt[N]!)[r] = dt;
      this.out.finishRow(det, r);
    }
  }

  /**
   * Creates the detector cluster of (c0, c1[, c2]) with all §13.1 fields and
   * statistics. `full` = normal mode (plane-2 deltas and their statistics).
   * Returns the row written, or −1 when the detector is not saved.
   */
  private create(det: number, c0: number, c1: number, c2: number, full: boolean): number {
    const st = this.st;
    const id = ++this.ids.detectorCluster;
    const t0 = st.time[c0]!;
    const t1 = st.time[c1]!;
    const t2 = c2 >= 0 ? st.time[c2]! : 0;
    const dt0 = t0 - this.last[0]!;
    const dt1 = t1 - this.last[1]!;
    const dt2 = c2 >= 0 ? t2 - this.last[2]! : 0;
    this.last[0] = t0;
    this.last[1] = t1;
    if (full) this.last[2] = t2;
    const tau = coinTimes(st, this.mode);
    const x0 = tau[c0]!;
    const x1 = tau[c1]!;
    const x2 = c2 >= 0 ? tau[c2]! : 0;
    const d01 = x1 - x0;
    const d12 = x2 - x1;
    const d02 = x2 - x0;
    const s = this.stats;
    s.detStat('DeltaTimePlanes_0_1', det).record(Math.abs(d01));
    if (full) {
      s.detStat('DeltaTimePlanes_1_2', det).record(Math.abs(d12));
      s.detStat('DeltaTimePlanes_0_2', det).record(Math.abs(d02));
    }
    const a0 = st.adc[c0]!;
    const a1 = st.adc[c1]!;
    ratioStat(s, det, a0, a1, 'ChargeRatio_0_1', 'ChargeRatio_1_0');
    if (c2 >= 0) {
      const a2 = st.adc[c2]!;
      ratioStat(s, det, a1, a2, 'ChargeRatio_1_2', 'ChargeRatio_2_1');
      ratioStat(s, det, a0, a2, 'ChargeRatio_0_2', 'ChargeRatio_2_0');
    }
    s.detStat('ClusterCntDetector', det).record(0);
    if (!this.out.enabled(det)) return -1;
    const out = this.out;
    const b = out.builder;
    const r = out.newRow();
    b.u32(DC.id)[r] = id;
    b.u8(DC.det)[r] = det;
    b.u16(DC.ev)[r] = st.eventCounter[c1]!;
    out.copyPlane(r, 0, st, c0);
    out.copyPlane(r, 1, st, c1);
    if (c2 >= 0) out.copyPlane(r, 2, st, c2);
    b.f64(DC.dt[0]!)[r] = dt0;
    b.f64(DC.dt[1]!)[r] = dt1;
    b.f64(DC.dt[2]!)[r] = dt2;
    b.f64(DC.d01)[r] = d01;
    if (full) {
      b.f64(DC.d12)[r] = d12;
      b.f64(DC.d02)[r] = d02;
    }
    out.finishRow(det, r);
    return r;
  }
}

function ratioStat(
  s: ClusterStatistics, det: number, a: number, b: number,
  low: 'ChargeRatio_0_1' | 'ChargeRatio_1_2' | 'ChargeRatio_0_2', high: 'ChargeRatio_1_0' | 'ChargeRatio_2_1' | 'ChargeRatio_2_0',
): void {
  const r = (100 * a) / b;
  if (r <= 100) s.detStat(low, det).record(r);
  else s.detStat(high, det).record((100 * b) / a);
}
