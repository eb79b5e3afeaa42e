/**
 * vmm-sdat's cluster statistics (analysis.md §15.2): small fixed histograms per
 * (detector, plane) and per detector. Bin counts L are computed once from the
 * parameters of the first-listed detector (quirk §16.20) and shared by all detectors.
 */
import { type AnalysisOptions, isLegacyFormat } from '../config/options.js';

export interface StatDef {
  readonly name: string;
  readonly factor: number;
  /** Number of bins as vmm-sdat computes it (f64; the array has int(L) bins). */
  readonly L: number;
  readonly unit: string;
}

export const PLANE_STATS = ['DeltaTimeHits', 'MissingStripsCluster', 'SpanClusterTime', 'ClusterSize', 'ClusterCntPlane'] as const;
export const DETECTOR_STATS = [
  'DeltaTimePlanes_0_1', 'DeltaTimePlanes_1_2', 'DeltaTimePlanes_0_2',
  'ChargeRatio_0_1', 'ChargeRatio_1_0', 'ChargeRatio_0_2', 'ChargeRatio_2_0', 'ChargeRatio_1_2', 'ChargeRatio_2_1',
  'ClusterCntDetector', 'ClusterSizePads', 'ClusterExtensionPads_0', 'ClusterExtensionPads_1', 'ClusterCntPadDetector',
] as const;
export type PlaneStat = (typeof PLANE_STATS)[number];
export type DetectorStat = (typeof DETECTOR_STATS)[number];

export function statDefs(o: AnalysisOptions): Record<PlaneStat | DetectorStat, StatDef> {
  const p = o.perDetector;
  const d = (name: string, factor: number, L: number, unit: string): StatDef => ({ name, factor, L, unit });
  // HEAD: the first-listed detector's values (index 0). c56141b (ESS/VTC) indexes the lists
  // with that detector's *id*, reading 0 past the end (formats.md §6.4).
  const k = isLegacyFormat(o) ? (o.geometry.detectors[0] ?? 0) : 0;
  const at = (a: Float64Array): number => a[k] ?? 0;
  const dt = at(p.deltaTimeHits);
  const mst = at(p.missingStripsX);
  const spc = at(p.spanClusterTime);
  const dp = at(p.deltaTimePlanes);
  return {
    DeltaTimeHits: d('DeltaTimeHits', 0.02, 1 + dt * 0.02, 'ns'),
    MissingStripsCluster: d('MissingStripsCluster', 1, 1 + mst, 'strips'),
    SpanClusterTime: d('SpanClusterTime', 0.02, 1 + spc * 0.02, 'ns'),
    ClusterSize: d('ClusterSize', 1, 65, 'strips'),
    ClusterCntPlane: d('ClusterCntPlane', 1, 1, ''),
    DeltaTimePlanes_0_1: d('DeltaTimePlanes_0_1', 0.02, 1 + dp * 0.02, 'ns'),
    DeltaTimePlanes_1_2: d('DeltaTimePlanes_1_2', 0.02, 1 + dp * 0.02, 'ns'),
    DeltaTimePlanes_0_2: d('DeltaTimePlanes_0_2', 0.02, 1 + dp * 0.02, 'ns'),
    ChargeRatio_0_1: d('ChargeRatio_0_1', 0.1, 11, '%'),
    ChargeRatio_0_2: d('ChargeRatio_0_2', 0.1, 11, '%'),
    ChargeRatio_1_2: d('ChargeRatio_1_2', 0.1, 11, '%'),
    ChargeRatio_1_0: d('ChargeRatio_1_0', 0.1, 10, '%'),
    ChargeRatio_2_0: d('ChargeRatio_2_0', 0.1, 10, '%'),
    ChargeRatio_2_1: d('ChargeRatio_2_1', 0.1, 10, '%'),
    ClusterCntDetector: d('ClusterCntDetector', 1, 1, ''),
    ClusterSizePads: d('ClusterSizePads', 1, 17, 'pads'),
    ClusterExtensionPads_0: d('ClusterExtensionPads_0', 1, 9, 'pads'),
    ClusterExtensionPads_1: d('ClusterExtensionPads_1', 1, 9, 'pads'),
    ClusterCntPadDetector: d('ClusterCntPadDetector', 1, 1, ''),
  };
}

/** One statistic's bins. */
export class StatBins {
  readonly bins: Float64Array;
  constructor(readonly def: StatDef) {
    // int(L) bins; one spare bin absorbs vmm-sdat's out-of-bounds write for non-integer L (quirk §16.21).
    this.bins = new Float64Array(Math.max(1, Math.trunc(def.L)) + 1);
  }
  record(v: number): void {
    const x = v * this.def.factor;
    const n = Math.trunc(this.def.L);
    if (x < this.def.L) {
      const b = Math.trunc(x);
      this.bins[b >= 0 ? Math.min(b, n) : 0]! += 1;
    } else this.bins[Math.max(0, n - 1)]! += 1;
  }
  /** The bins vmm-sdat prints (int(L) of them). */
  visible(): Float64Array {
    return this.bins.subarray(0, Math.max(1, Math.trunc(this.def.L)));
  }
}

export class ClusterStatistics {
  readonly defs: Record<PlaneStat | DetectorStat, StatDef>;
  /** name → bins per (det·3 + plane), created on first use. */
  private readonly plane = {} as Record<PlaneStat, (StatBins | undefined)[]>;
  /** name → bins per det. */
  private readonly det = {} as Record<DetectorStat, (StatBins | undefined)[]>;

  constructor(o: AnalysisOptions) {
    this.defs = statDefs(o);
    for (const n of PLANE_STATS) this.plane[n] = new Array<StatBins | undefined>(256 * 3);
    for (const n of DETECTOR_STATS) this.det[n] = new Array<StatBins | undefined>(256);
  }

  planeStat(name: PlaneStat, det: number, plane: number): StatBins {
    const a = this.plane[name];
    const k = det * 3 + plane;
    return a[k] ?? (a[k] = new StatBins(this.defs[name]));
  }

  detStat(name: DetectorStat, det: number): StatBins {
    const a = this.det[name];
    return a[det] ?? (a[det] = new StatBins(this.defs[name]));
  }

  /** Sum of a count statistic (ClusterCnt…: one bin). */
  count(name: 'ClusterCntDetector' | 'ClusterCntPadDetector', det: number): number {
    return this.detStat(name, det).bins[0]!;
  }

  planeCount(det: number, plane: number): number {
    return this.planeStat('ClusterCntPlane', det, plane).bins[0]!;
  }
}
