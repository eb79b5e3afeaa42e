/**
 * The monitor's per-file accumulator: an `AnalysisSink` that fills, for each
 * monitored detector, the panels and cluster statistics of one capture file
 * straight from the analysis batches (trees `hits`, `clusters_plane`,
 * `clusters_detector`), plus the counts behind the per-file rates
 * (monitoring.md §4.1). Hot loops index typed-array columns; no object per row.
 *
 * Selections follow monitorData.py: hits with `det == id` split by plane (planes
 * ≥ 2, e.g. the u plane of an x/y/u detector, are counted but not histogrammed);
 * detector clusters with `det == id`; plane clusters of that detector split by
 * plane. Platform-neutral.
 */
import type { AnalysisSink } from '../table/sink.js';
import type { TableBatch, TableSchema } from '../table/types.js';
import { columnIndex } from '../table/types.js';
import { ClusterStats, DetectorPanels, POSITION_VARIANTS, type MonitorBinning } from './panels.js';
import { TofPanels } from './tof.js';

/** The columns `MonitorFileSink` reads, per tree (what an analysis in another thread must deliver). */
export const MONITOR_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  hits: ['det', 'plane', 'pos', 'adc', 'time', 'readout_time'],
  clusters_plane: ['det', 'plane'],
  clusters_detector: [
    'det', 'pos0', 'pos1', 'adc0', 'adc1', 'time0', 'time1', 'size0', 'size1', 'span_cluster0', 'span_cluster1',
    'max_delta_time0', 'max_delta_time1', 'max_missing_strip0', 'max_missing_strip1', 'time0_algo',
    ...POSITION_VARIANTS.flatMap((v) => [`pos0${v}`, `pos1${v}`]),
  ],
};

/** Counts of one file for one detector (the inputs of the rate definitions). */
export class FileCounts {
  /** Hits in plane 0 and plane 1. */
  hits: [number, number] = [0, 0];
  /** Hits of this detector in other planes (not histogrammed). */
  otherPlaneHits = 0;
  /** Min/max hit time (ns) per plane 0, 1. */
  hitTimeMin: [number, number] = [Infinity, Infinity];
  hitTimeMax: [number, number] = [-Infinity, -Infinity];
  /** Detector clusters and the min/max of their `time0` (ns). */
  clusters = 0;
  clusterTimeMin = Infinity;
  clusterTimeMax = -Infinity;
  /** Plane clusters in plane 0 and plane 1. */
  planeClusters: [number, number] = [0, 0];

  reset(): void {
    this.hits = [0, 0];
    this.otherPlaneHits = 0;
    this.hitTimeMin = [Infinity, Infinity];
    this.hitTimeMax = [-Infinity, -Infinity];
    this.clusters = 0;
    this.clusterTimeMin = Infinity;
    this.clusterTimeMax = -Infinity;
    this.planeClusters = [0, 0];
  }
}

/** Per-file rates, one point of the time series. */
export interface FileRates {
  /** (plane-0 + plane-1 hits) × 10⁶ ÷ data-time span of those hits (ns) → kHz; 0 if the span is 0. */
  hitRateKHz: number;
  /** Detector clusters × 10⁶ ÷ span of their time0 (ns) → kHz; 0 if the span is 0. */
  clusterRateKHz: number;
  /** 100 × detector clusters ÷ plane clusters of plane 0 / plane 1 (%); NaN when there are no plane clusters. */
  commonPercent: [number, number];
}

/**
 * Rates of one file. Deliberate fix of monitoring.md §11.4: the hit-rate span is
 * taken over the hits of both planes that are counted (the legacy monitor
 * divided both planes' hits by the plane-0 span only).
 */
export function fileRates(c: FileCounts): FileRates {
  const n = c.hits[0] + c.hits[1];
  const span = Math.max(c.hitTimeMax[0], c.hitTimeMax[1]) - Math.min(c.hitTimeMin[0], c.hitTimeMin[1]);
  const cspan = c.clusterTimeMax - c.clusterTimeMin;
  const pct = (p: 0 | 1) => (c.planeClusters[p] > 0 ? (100 * c.clusters) / c.planeClusters[p] : NaN);
  return {
    hitRateKHz: n > 0 && span > 0 ? (n * 1e6) / span : 0,
    clusterRateKHz: c.clusters > 0 && cspan > 0 ? (c.clusters * 1e6) / cspan : 0,
    commonPercent: [pct(0), pct(1)],
  };
}

/** Everything one file contributes for one detector. */
export class DetectorFileResult {
  readonly panels: DetectorPanels;
  readonly stats: ClusterStats;
  readonly counts = new FileCounts();
  /** The time-of-flight panels, when the binning asks for them. */
  readonly tof: TofPanels | null;
  constructor(
    readonly detector: number,
    binning: MonitorBinning,
  ) {
    this.panels = new DetectorPanels(binning);
    this.stats = new ClusterStats(binning.stats);
    this.tof = binning.tof ? new TofPanels(binning.tof, binning.channelsX, binning.channelsY, binning.pitchMm) : null;
  }

  reset(): void {
    this.panels.reset();
    this.stats.reset();
    this.counts.reset();
    this.tof?.reset();
  }
}

/**
 * Sink for one capture file: `write` fills the results of the monitored
 * detectors; rows of other detectors are ignored. Reusable through `reset()`.
 */
export class MonitorFileSink implements AnalysisSink {
  readonly results: DetectorFileResult[];
  /** detector id (0–255, the u8 `det` column) → index into `results`, −1 if not monitored. */
  private readonly slot = new Int16Array(256).fill(-1);
  /** Rows seen per tree (all detectors), for the status line. */
  rows = { hits: 0, clusters_plane: 0, clusters_detector: 0 };

  constructor(
    readonly detectors: readonly number[],
    readonly binning: MonitorBinning,
  ) {
    this.results = detectors.map((d) => new DetectorFileResult(d, binning));
    detectors.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 0 || d > 255) throw new RangeError(`monitor: detector id ${d} is not in 0..255`);
      this.slot[d] = i;
    });
  }

  reset(): void {
    for (const r of this.results) r.reset();
    this.rows = { hits: 0, clusters_plane: 0, clusters_detector: 0 };
  }

  write(tree: TableSchema, batch: TableBatch): void {
    if (tree.name === 'hits') this.fillHits(batch);
    else if (tree.name === 'clusters_plane') this.fillPlaneClusters(batch);
    else if (tree.name === 'clusters_detector') this.fillDetectorClusters(batch);
  }

  private col<T>(batch: TableBatch, name: string): T {
    return batch.columns[columnIndex(batch.schema, name)] as T;
  }

  private fillHits(b: TableBatch): void {
    this.rows.hits += b.length;
    const det = this.col<Uint8Array>(b, 'det');
    const plane = this.col<Uint8Array>(b, 'plane');
    const pos = this.col<Uint16Array>(b, 'pos');
    const adc = this.col<Uint16Array>(b, 'adc');
    const time = this.col<Float64Array>(b, 'time');
    const tof = this.binning.tof ? this.col<Float64Array>(b, 'readout_time') : null;
    for (let i = 0; i < b.length; i++) {
      const s = this.slot[det[i]!]!;
      if (s < 0) continue;
      const r = this.results[s]!;
      const p = plane[i]!;
      if (p > 1) {
        r.counts.otherPlaneHits++;
        continue;
      }
      const c = r.counts;
      c.hits[p]++;
      const t = time[i]!;
      if (t < c.hitTimeMin[p]!) c.hitTimeMin[p] = t;
      if (t > c.hitTimeMax[p]!) c.hitTimeMax[p] = t;
      r.panels.hitsPos[p as 0 | 1].fill(pos[i]!);
      r.panels.hitsAdc[p as 0 | 1].fill(pos[i]!, adc[i]!);
      if (tof) r.tof!.fillHit(p as 0 | 1, tof[i]!);
    }
  }

  private fillPlaneClusters(b: TableBatch): void {
    this.rows.clusters_plane += b.length;
    const det = this.col<Uint8Array>(b, 'det');
    const plane = this.col<Uint8Array>(b, 'plane');
    for (let i = 0; i < b.length; i++) {
      const s = this.slot[det[i]!]!;
      if (s < 0) continue;
      const p = plane[i]!;
      if (p < 2) this.results[s]!.counts.planeClusters[p]++;
    }
  }

  private fillDetectorClusters(b: TableBatch): void {
    this.rows.clusters_detector += b.length;
    const det = this.col<Uint8Array>(b, 'det');
    const pos0 = this.col<Float64Array>(b, 'pos0');
    const pos1 = this.col<Float64Array>(b, 'pos1');
    const adc0 = this.col<Uint16Array>(b, 'adc0');
    const adc1 = this.col<Uint16Array>(b, 'adc1');
    const time0 = this.col<Float64Array>(b, 'time0');
    const time1 = this.col<Float64Array>(b, 'time1');
    const size0 = this.col<Uint16Array>(b, 'size0');
    const size1 = this.col<Uint16Array>(b, 'size1');
    const span0 = this.col<Uint16Array>(b, 'span_cluster0');
    const span1 = this.col<Uint16Array>(b, 'span_cluster1');
    const mdt0 = this.col<Uint16Array>(b, 'max_delta_time0');
    const mdt1 = this.col<Uint16Array>(b, 'max_delta_time1');
    const mms0 = this.col<Uint16Array>(b, 'max_missing_strip0');
    const mms1 = this.col<Uint16Array>(b, 'max_missing_strip1');
    const tof0 = this.binning.tof ? this.col<Float64Array>(b, 'time0_algo') : null;
    const alt = POSITION_VARIANTS.map((v) => [this.col<Float64Array>(b, `pos0${v}`), this.col<Float64Array>(b, `pos1${v}`)] as const);
    for (let i = 0; i < b.length; i++) {
      const s = this.slot[det[i]!]!;
      if (s < 0) continue;
      const r = this.results[s]!;
      const c = r.counts;
      const t0 = time0[i]!;
      c.clusters++;
      if (t0 < c.clusterTimeMin) c.clusterTimeMin = t0;
      if (t0 > c.clusterTimeMax) c.clusterTimeMax = t0;
      const P = r.panels;
      P.clustersPos[0].fill(pos0[i]!);
      P.clustersPos[1].fill(pos1[i]!);
      P.clustersCharge.fill(adc0[i]! + adc1[i]!);
      P.clustersImage.fill(pos0[i]!, pos1[i]!);
      for (let v = 0; v < alt.length; v++) {
        const V = P.variants[v]!;
        const x = alt[v]![0][i]!;
        const y = alt[v]![1][i]!;
        V.pos[0].fill(x);
        V.pos[1].fill(y);
        V.image.fill(x, y);
      }
      if (tof0) r.tof!.fillCluster(tof0[i]!, pos0[i]!, pos1[i]!);
      const S = r.stats;
      S.size[0].fill(size0[i]!);
      S.size[1].fill(size1[i]!);
      S.sizeSum.fill(size0[i]! + size1[i]!);
      S.deltaTimePlanes.fill(time1[i]! - t0);
      S.maxMissingStrip[0].fill(mms0[i]!);
      S.maxMissingStrip[1].fill(mms1[i]!);
      S.span[0].fill(span0[i]!);
      S.span[1].fill(span1[i]!);
      S.maxDeltaTime[0].fill(mdt0[i]!);
      S.maxDeltaTime[1].fill(mdt1[i]!);
    }
  }
}
