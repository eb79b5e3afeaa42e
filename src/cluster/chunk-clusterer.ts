/**
 * The back half of vmm-sdat's clustering (analysis.md §10–§13): time clustering of each
 * chunk (§10) feeding strip (§11) or pad (§12) clustering, and the detector step that
 * chooses plane clusters with the dt chain and matches them (§9.2, §13), writing the
 * cluster rows. Receives its work from a `RoundPlanner` (see round-planner.ts).
 */
import { type AnalysisOptions, isLegacyFormat } from '../config/options.js';
import { IndexList, PlaneClusterStore } from './plane-clusters.js';
import { ClusterStatistics } from './cluster-stats.js';
import { StripClusterer } from './strip-clustering.js';
import type { RunContext } from '../hits/run-context.js';
import { PadClusterer } from './pad-clustering.js';
import { Matcher, coinMode, coinTimes } from './matching.js';
import { PlaneClusterOutput, DetectorClusterOutput } from './cluster-output.js';
import type { RunHistograms } from '../histograms/run-histograms.js';
import { stdSortF64 } from './std-sort-f64.js';
import { chainEnd, type ChunkConsumer } from './round-planner.js';
import type { HitColumns } from './pending-hits.js';

/** Arena size from which written clusters are compacted away (keeps the working set in cache). */
const COMPACT_MIN = 1 << 12;

export class ChunkClusterer implements ChunkConsumer {
  readonly stats: ClusterStatistics;
  readonly store = new PlaneClusterStore();
  readonly planeOut: PlaneClusterOutput;
  readonly detectorOut: DetectorClusterOutput;
  private readonly o: AnalysisOptions;
  /** c56141b: a 1D detector's plane clusters are also copied into the other plane (formats.md §6.7). */
  private readonly copyPlane: Int8Array;
  /** det·3 + plane → new clusters / match list. */
  private readonly fresh: IndexList[] = [];
  private readonly matched: IndexList[] = [];
  private readonly strip: StripClusterer;
  private readonly pad: PadClusterer;
  private readonly matcher: Matcher;
  private readonly coinKey: () => Float64Array;

  /**
   * Uses the context's options, ids, pulse times (the hit handler's as of the current
   * round, algo 9) and `shape.vectors` (false: cluster rows without strips/times/adcs).
   */
  constructor(ctx: RunContext, hists: RunHistograms | null) {
    const o = ctx.options;
    const { ids, pulses } = ctx;
    const vectors = ctx.shape.vectors;
    this.o = o;
    this.stats = new ClusterStatistics(o);
    this.planeOut = new PlaneClusterOutput(o.save.code, o.save.plane, o.geometry.planeDefined, vectors);
    this.detectorOut = new DetectorClusterOutput(o.save.code, o.save.detector, hists, vectors);
    for (let i = 0; i < 256 * 3; i++) {
      this.fresh.push(new IndexList());
      this.matched.push(new IndexList());
    }
    this.strip = new StripClusterer(this.store, ids, this.stats, o.algo, pulses);
    this.copyPlane = new Int8Array(256 * 3).fill(-1);
    if (isLegacyFormat(o)) {
      const g = o.geometry;
      for (const det of g.detectors) {
        const planes = [0, 1, 2].filter((p) => g.planeDefined[det * 3 + p]);
        if (!g.isPad[det] && planes.length === 1 && planes[0]! < 2) this.copyPlane[det * 3 + planes[0]!] = 1 - planes[0]!;
      }
    }
    this.pad = new PadClusterer(this.detectorOut, this.stats, ids, o.algo, o.save.code >= 100);
    const mode = coinMode(o.coincidence);
    this.matcher = new Matcher(this.store, this.detectorOut, this.stats, ids, mode);
    this.coinKey = () => coinTimes(this.store, mode);
  }

  chunk(det: number, plane: number, hits: HitColumns): void {
    const dt = this.o.perDetector.deltaTimeHits[this.o.geometry.detIndex[det]!]!;
    this.timeCluster(det, plane, hits, dt);
  }

  /** §10: split the time-sorted chunk at gaps > dt and cluster each part. */
  private timeCluster(det: number, plane: number, chunk: HitColumns, dt: number): void {
    const n = chunk.length;
    if (n === 0) return;
    const t = chunk.time;
    let start = 0;
    let maxDelta = 0;
    for (let i = 1; i < n; i++) {
      const d = Math.abs(t[i]! - t[i - 1]!);
      if (d > dt) {
        this.closeTimeCluster(det, plane, chunk, start, i, maxDelta);
        start = i;
        maxDelta = 0;
      } else if (maxDelta < d) maxDelta = t[i]! - t[i - 1]!;
    }
    this.closeTimeCluster(det, plane, chunk, start, n, maxDelta);
  }

  private closeTimeCluster(det: number, plane: number, chunk: HitColumns, a: number, b: number, maxDelta: number): void {
    const o = this.o;
    const di = o.geometry.detIndex[det]!;
    const pd = o.perDetector;
    if (o.geometry.isPad[det]) {
      this.pad.run(chunk, a, b, maxDelta, {
        det,
        minClusterSize: pd.minClusterSize[di]!,
        missingPadsX: pd.missingStripsX[di]!,
        missingPadsY: pd.missingStripsY[di]!,
        spanClusterTime: pd.spanClusterTime[di]!,
      });
    } else {
      const fresh = this.fresh[det * 3 + plane]!;
      const before = fresh.length;
      this.strip.run(chunk, a, b, maxDelta, {
        det,
        plane,
        minClusterSize: pd.minClusterSize[di]!,
        missingStrips: pd.missingStripsX[di]!,
        spanClusterTime: pd.spanClusterTime[di]!,
      }, fresh);
      const other = this.copyPlane[det * 3 + plane]!;
      if (other >= 0) {
        const dst = this.fresh[det * 3 + other]!;
        for (let k = before; k < fresh.length; k++) dst.push(this.store.copy(fresh.items[k]!, other));
      }
    }
  }

  /** §9.2: choose plane clusters per defined plane, match, write, clear. */
  detectorStep(det: number, boundary: number): void {
    this.maybeCompact();
    const g = this.o.geometry;
    if (g.isPad[det]) return;
    const defined: number[] = [];
    for (let p = 0; p < 3; p++) if (g.planeDefined[det * 3 + p] || (p < 2 && this.copyPlane[det * 3 + 1 - p] === p)) defined.push(p);
    if (defined.length === 0) return;
    const di = g.detIndex[det]!;
    const dt = this.o.perDetector.deltaTimeHits[di]!;
    for (const q of defined) {
      const found = this.chooseClusters(det, q, dt, boundary);
      if (!found && this.matched[det * 3 + q]!.length === 0) return;
    }
    const pd = this.o.perDetector;
    const l = (p: number): IndexList => this.matched[det * 3 + p]!;
    if (defined.length >= 2) {
      const mp = {
        det,
        dp: pd.deltaTimePlanes[di]!,
        crl: pd.chargeRatioLower[di]!,
        cru: pd.chargeRatioUpper[di]!,
        ccs: pd.coincidentClusterSize[di]!,
      };
      if (this.o.highMultiplicity) this.matcher.matchHighMultiplicity(mp, l(0), l(1));
      else this.matcher.matchNormal(mp, l(0), l(1), g.planeDefined[det * 3 + 2] ? l(2) : null);
    } else this.matcher.matchSinglePlane(det, defined[0]!, l(defined[0]!));
    for (let p = 0; p < 3; p++) {
      const list = l(p);
      this.planeOut.writeList(this.store, list);
      list.clear();
    }
  }

  /** Cluster choice of §9.2 on the new clusters of (det, q); returns whether any was chosen. */
  private chooseClusters(det: number, q: number, dt: number, B: number): boolean {
    const L = this.fresh[det * 3 + q]!;
    const n = L.length;
    if (n === 0) return false;
    const key = this.coinKey();
    let min = Infinity;
    for (let k = 0; k < n; k++) if (key[L.items[k]!]! < min) min = key[L.items[k]!]!;
    if (min > B) return false;
    // sort the index list by key, std::sort order
    const items = L.items;
    const keys = this.keyScratch(n);
    for (let k = 0; k < n; k++) keys[k] = key[items[k]!]!;
    stdSortF64(keys, items, n);
    const take = chainEnd(keys, n, B, dt);
    const M = this.matched[det * 3 + q]!;
    M.reserve(M.length + take);
    for (let k = 0; k < take; k++) M.push(items[k]!);
    L.dropFront(take);
    return take > 0;
  }

  private keys = new Float64Array(1024);
  private keyScratch(n: number): Float64Array {
    if (this.keys.length < n) this.keys = new Float64Array(n * 2);
    return this.keys;
  }

  /** Drops written clusters from the arena once it is large and mostly dead. */
  private maybeCompact(): void {
    const st = this.store;
    if (st.count < COMPACT_MIN) return;
    let live = 0;
    for (let i = 0; i < this.fresh.length; i++) live += this.fresh[i]!.length + this.matched[i]!.length;
    if (live * 4 > st.count) return;
    const lists: IndexList[] = [];
    for (let i = 0; i < this.fresh.length; i++) {
      if (this.fresh[i]!.length) lists.push(this.fresh[i]!);
      if (this.matched[i]!.length) lists.push(this.matched[i]!);
    }
    st.compact(lists);
  }
}

