/**
 * Strip clustering of one time cluster (analysis.md §11): sort by strip (ties: time
 * descending, std::sort order), then the join/emit state machine with all of
 * vmm-sdat's accumulators — including the over-threshold set that is not reset per
 * cluster and only normalised for clusters closed by a non-joining element (quirk §16.34),
 * the charge² numerator with i32 products (§16.36) and algo 4's comparison with the
 * previous element's ADC (§16.33). Emitted clusters go into the plane-cluster arena.
 */
import type { HitColumns } from './pending-hits.js';
import type { IdCounters } from '../hits/ids.js';
import type { IndexList, PlaneClusterStore } from './plane-clusters.js';
import { PLANE_STATS, type ClusterStatistics, type StatBins } from './cluster-stats.js';
import { stdSort } from './std-sort.js';
import { gaussFitPosition } from './gauss-fit.js';
import { u16d } from '../cstd/cast.js';

export interface StripParams {
  det: number;
  plane: number;
  minClusterSize: number;
  missingStrips: number;
  spanClusterTime: number;
}

/** algo 9: time of flight below this falls back to an older pulse (formats.md §4.6). */
const TOF_LIMIT = -1e4;

/**
 * algo 8 = c56141b's algo 6 (formats.md §6.5): straight line time(strip) through the
 * cluster, times relative to the earliest, slope and offset scaled by 0.009, and the
 * mean absolute perpendicular deviation.
 */
export function lineFit(S: Float64Array, T: Float64Array, c0: number, n: number): { slope: number; offset: number; deviation: number } {
  if (n < 2) return { slope: -99999, offset: -99999, deviation: 0 };
  let tmin = Infinity;
  for (let i = 0; i < n; i++) if (T[c0 + i]! < tmin) tmin = T[c0 + i]!;
  let sx = 0, sy = 0, sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    const x = S[c0 + i]!;
    const y = T[c0 + i]! - tmin;
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
  }
  const xm = sx / n;
  const ym = sy / n;
  const D = sxx - sx * xm;
  let slope = -99999;
  let offset = -99999;
  if (Math.abs(D) > 1e-7) {
    slope = (sxy - sx * ym) / D;
    offset = ym - slope * xm;
  }
  slope *= 0.009;
  offset *= 0.009;
  const cs = Math.cos(Math.atan(slope));
  let dev = 0;
  for (let i = 0; i < n; i++) dev += Math.abs((slope * S[c0 + i]! + offset - 0.009 * (T[c0 + i]! - tmin)) * cs);
  return { slope, offset, deviation: (1 / n) * dev };
}

export class StripClusterer {
  private cap = 256;
  private perm = new Int32Array(this.cap);
  private us = new Float64Array(this.cap); // unsorted strip
  private ut = new Float64Array(this.cap); // unsorted time
  private S = new Float64Array(this.cap);
  private T = new Float64Array(this.cap);
  private A = new Float64Array(this.cap); // masked ADC
  private OV = new Uint8Array(this.cap);
  private EV = new Uint16Array(this.cap);

  constructor(
    private readonly store: PlaneClusterStore,
    private readonly ids: IdCounters,
    private readonly stats: ClusterStatistics,
    private readonly algo: number,
    /** Pulse times P0, P1, P2 of the hit handler (ESS), read when a cluster is formed (algo 9). */
    private readonly pulses: Float64Array = new Float64Array(3),
  ) {}

  private ensure(m: number): void {
    if (m <= this.cap) return;
    this.cap = Math.max(m, this.cap * 2);
    this.perm = new Int32Array(this.cap);
    this.us = new Float64Array(this.cap);
    this.ut = new Float64Array(this.cap);
    this.S = new Float64Array(this.cap);
    this.T = new Float64Array(this.cap);
    this.A = new Float64Array(this.cap);
    this.OV = new Uint8Array(this.cap);
    this.EV = new Uint16Array(this.cap);
  }

  /** Clusters chunk elements [a, b) (one time cluster); appends emitted clusters to `out`. */
  run(chunk: HitColumns, a: number, b: number, maxDeltaTime: number, p: StripParams, out: IndexList): void {
    const m = b - a;
    this.ensure(m);
    const { perm, us, ut, S, T, A, OV, EV } = this;
    for (let i = 0; i < m; i++) {
      perm[i] = i;
      us[i] = chunk.pos0[a + i]!;
      ut[i] = chunk.time[a + i]!;
    }
    if (m <= 16) insertionSortStripTime(perm, m, us, ut);
    else stdSort(perm, m, (x, y) => (us[x] === us[y] ? ut[x]! > ut[y]! : us[x]! < us[y]!));
    for (let k = 0; k < m; k++) {
      const i = a + perm[k]!;
      S[k] = chunk.pos0[i]!;
      T[k] = chunk.time[i]!;
      const raw = chunk.adc[i]!;
      OV[k] = raw > 1024 ? 1 : 0;
      A[k] = raw & 0x3ff;
      EV[k] = chunk.ev[i]!;
    }

    const { det, plane, minClusterSize: cs, missingStrips: mst, spanClusterTime: spc } = p;
    this.statBins = this.statCache[det * 3 + plane] ??= PLANE_STATS.map((name) => this.stats.planeStat(name, det, plane));
    const ignoreGap = plane === 2 && this.algo === 5;
    // current cluster: elements [c0, c0 + count)
    let c0 = 0;
    let count = 0;
    let mms = 0, idxL = 0, idxR = 0, start = 0, largest = 0, bestT = 0, bestS = 0;
    let sA = 0, sA2 = 0, sSA = 0, sTA = 0, sSA2 = 0, sTA2 = 0;
    const o = this.ov;
    o.A = o.A2 = o.SA = o.TA = o.SA2 = o.TA2 = 0;

    for (let k = 0; k < m; k++) {
      const prevAdc = k > 0 ? A[k - 1]! : 0;
      const prevStrip = k > 0 ? S[k - 1]! : 0;
      const s = S[k]!;
      const t = T[k]!;
      const av = A[k]!;
      const ov = OV[k]!;
      const gap = Math.abs(s - prevStrip) - 1;
      if (count === 0) {
        mms = 0; idxL = idxR = 0; start = largest = t; bestT = t; bestS = s;
      }
      const join = count === 0 || ((gap <= mst || ignoreGap) && t - start <= spc && largest - t <= spc);
      if (join) {
        if (av > prevAdc) { bestT = t; bestS = s; }
        if (t === largest) idxR = count;
        if (t > largest) { idxL = idxR = count; largest = t; }
        if (t < start) start = t;
        if (count > 0 && mms < gap) mms = gap;
        const sa = s * av;
        sA += av; sA2 += av * av; sSA += sa; sTA += t * av; sSA2 += Math.imul(sa, av); sTA2 += t * av * av;
        if (ov) {
          o.A += av; o.A2 += av * av; o.SA += sa; o.TA += t * av; o.SA2 += Math.imul(sa, av); o.TA2 += t * av * av;
        }
        count++;
      } else {
        if (count >= cs && sA !== 0) {
          if (o.A > 0) { o.SA /= o.A; o.TA /= o.A; }
          if (o.A2 > 0) { o.SA2 /= o.A2; o.TA2 /= o.A2; }
          this.emit(c0, count, EV[k]!, det, plane, maxDeltaTime, mms, idxL, idxR, start, largest, bestT, bestS, sA, sA2, sSA, sTA, sSA2, sTA2, out);
        }
        c0 = k; count = 1; bestT = t; bestS = s; idxL = idxR = 0; largest = start = t; mms = 0;
        const sa = s * av;
        sA = av; sA2 = av * av; sSA = sa; sTA = t * av; sSA2 = Math.imul(sa, av); sTA2 = t * av * av;
        if (ov) { o.A = av; o.A2 = av * av; o.SA = sa; o.TA = t * av; o.SA2 = Math.imul(sa, av); o.TA2 = t * av * av; }
      }
    }
    if (count >= cs && sA > 0)
      this.emit(c0, count, EV[m - 1]!, det, plane, maxDeltaTime, mms, idxL, idxR, start, largest, bestT, bestS, sA, sA2, sSA, sTA, sSA2, sTA2, out);
  }

  /** The (det, plane) statistics of the current time cluster, in PLANE_STATS order. */
  private statBins: StatBins[] | null = null;
  private readonly statCache: (StatBins[] | undefined)[] = [];

  /** Over-threshold accumulators (persist across clusters of one time cluster). */
  private readonly ov = { A: 0, A2: 0, SA: 0, TA: 0, SA2: 0, TA2: 0 };

  private emit(
    c0: number, n: number, ev: number, det: number, plane: number, maxDeltaTime: number, mms: number,
    idxL: number, idxR: number, start: number, largest: number, bestT: number, bestS: number,
    sA: number, sA2: number, sSA: number, sTA: number, sSA2: number, sTA2: number, out: IndexList,
  ): void {
    const st = this.store;
    const { S, T, A } = this;
    const c = st.add(n);
    const v0 = st.vecStart[c]!;
    for (let i = 0; i < n; i++) {
      st.strips[v0 + i] = S[c0 + i]!;
      st.times[v0 + i] = T[c0 + i]!;
      st.adcs[v0 + i] = A[c0 + i]!;
    }
    st.id[c] = ++this.ids.planeCluster;
    st.det[c] = det;
    st.plane[c] = plane;
    st.size[c] = n & 0xffff;
    st.adc[c] = sA & 0xffff;
    const pos = sSA / sA;
    const time = sTA / sA;
    st.pos[c] = pos;
    st.time[c] = time;
    st.posCharge2[c] = sSA2 / sA2;
    st.timeCharge2[c] = sTA2 / sA2;
    // uTPC (§11.5)
    let k: number;
    if (idxL === idxR) k = idxR;
    else {
      const r = n - 1 - idxR;
      const l = idxL;
      if (r < l) k = idxR;
      else if (r > l) k = idxL;
      else k = A[c0 + idxL]! > A[c0 + idxR]! ? idxL : idxR;
    }
    st.posUtpc[c] = S[c0 + k]!;
    st.timeUtpc[c] = T[c0 + k]!;
    // -algo (§11.4)
    let pa = 0;
    let ta = 0;
    const o = this.ov;
    switch (this.algo) {
      case 1: pa = gaussFitPosition(S, A, c0, n, pos); ta = time; break;
      case 2: pa = o.SA; ta = o.TA; break;
      case 3: pa = o.SA2; ta = o.TA2; break;
      case 4: pa = bestS; ta = bestT; break;
      case 5:
        if (plane === 2) for (let i = 0; i < n; i++) ta += Math.pow(2, S[c0 + i]!);
        break;
      case 6:
      case 7: {
        const j = c0 + k;
        const p1 = k > 0 ? S[j - 1]! : 0, a1 = k > 0 ? A[j - 1]! : 0, t1 = k > 0 ? T[j - 1]! : 0;
        const p2 = S[j]!, a2 = A[j]!, t2 = T[j]!;
        const last = k < n - 1;
        const p3 = last ? S[j + 1]! : 0, a3 = last ? A[j + 1]! : 0, t3 = last ? T[j + 1]! : 0;
        if (this.algo === 6) {
          const den = a1 * a1 + a2 * a2 + a3 * a3;
          pa = (p1 * a1 * a1 + p2 * a2 * a2 + p3 * a3 * a3) / den;
          ta = (t1 * a1 * a1 + t2 * a2 * a2 + t3 * a3 * a3) / den;
        } else {
          const den = a1 + a2 + a3;
          pa = (p1 * a1 + p2 * a2 + p3 * a3) / den;
          ta = (t1 * a1 + t2 * a2 + t3 * a3) / den;
        }
        break;
      }
    }
    if (this.algo === 8) {
      const r = lineFit(S, T, c0, n);
      pa = r.slope;
      ta = r.offset;
      st.posUtpc[c] = r.deviation; // c56141b's algo 6 overwrites pos_utpc
    } else if (this.algo === 9) {
      const P = this.pulses;
      const tu = st.timeUtpc[c]!;
      ta = tu - P[0]!;
      if (ta < TOF_LIMIT) ta = tu - P[1]!;
      if (ta < TOF_LIMIT) ta = tu - P[2]!;
    }
    st.posAlgo[c] = pa;
    st.timeAlgo[c] = ta;
    st.maxDeltaTime[c] = u16d(maxDeltaTime);
    st.maxMissingStrip[c] = u16d(mms);
    st.spanCluster[c] = u16d(largest - start);
    st.eventCounter[c] = ev;
    const sb = this.statBins!;
    sb[0]!.record(maxDeltaTime);
    sb[1]!.record(mms);
    sb[2]!.record(largest - start);
    sb[3]!.record(n);
    sb[4]!.record(0);
    out.push(c);
  }
}

/**
 * std::sort for n ≤ 16 is exactly libstdc++'s insertion sort (introsort does no
 * partitioning below its threshold of 16); this is that insertion sort with the
 * strip-ascending / time-descending comparison inlined (no closure per time cluster).
 */
export function insertionSortStripTime(a: Int32Array, n: number, s: Float64Array, t: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    const sv = s[v]!;
    const tv = t[v]!;
    const a0 = a[0]!;
    if (sv === s[a0]! ? tv > t[a0]! : sv < s[a0]!) {
      for (let j = i; j > 0; j--) a[j] = a[j - 1]!;
      a[0] = v;
    } else {
      let j = i - 1;
      for (;;) {
        const w = a[j]!;
        if (!(sv === s[w]! ? tv > t[w]! : sv < s[w]!)) break;
        a[j + 1] = w;
        j--;
      }
      a[j + 1] = v;
    }
  }
}
