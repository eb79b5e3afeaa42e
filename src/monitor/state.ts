/**
 * The monitor's three temporalities per detector (monitoring.md §8, matplotlib
 * semantics): *latest* (the last committed file), *total* (sum of every
 * committed file since start or since the last `reset`), and *time series*
 * (hit rate, cluster rate, common-cluster percentages, one point per file,
 * rolling window). Held once, server side, shared by every page viewer.
 *
 * A file is analysed into a staging sink from `beginFile()` and only
 * `commitFile()` makes it visible; a file that fails or changes while being
 * read is simply not committed, so totals never contain half a file. Two sinks
 * are swapped (no allocation per file). Platform-neutral.
 */
import { MonitorFileSink, fileRates, type DetectorFileResult, type FileRates } from './file-panels.js';
import { ClusterStats, DetectorPanels, type MonitorBinning } from './panels.js';
import { RollingSeries } from './series.js';
import { TofPanels } from './tof.js';

export const SERIES_KEYS = ['hitRate', 'clusterRate', 'common0', 'common1'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export class DetectorState {
  readonly total: DetectorPanels;
  readonly totalStats: ClusterStats;
  readonly series: RollingSeries<SeriesKey>;
  /** Time-of-flight totals, when the binning asks for them. */
  readonly totalTof: TofPanels | null;
  /** Files in `total` (since start or the last reset). */
  filesInTotal = 0;
  /** Rates of the latest committed file, or null before the first one. */
  lastRates: FileRates | null = null;
  /** Sums since start/reset (hits of planes 0+1, detector clusters). */
  totalHits = 0;
  totalClusters = 0;

  constructor(
    readonly id: number,
    binning: MonitorBinning,
    window: number,
  ) {
    this.total = new DetectorPanels(binning);
    this.totalStats = new ClusterStats(binning.stats);
    this.series = new RollingSeries(SERIES_KEYS, window);
    this.totalTof = binning.tof ? new TofPanels(binning.tof, binning.channelsX, binning.channelsY, binning.pitchMm) : null;
  }
}

export interface CommittedFile {
  /** File name (no folder). */
  name: string;
  /** Seconds since the monitor started when the file's analysis finished (x of the time series). */
  t: number;
}

export class MonitorState {
  readonly detectors: DetectorState[];
  private readonly sinks: [MonitorFileSink, MonitorFileSink];
  private latestSink: MonitorFileSink | null = null;
  latestFile: CommittedFile | null = null;
  /** Number of resets done. */
  resets = 0;

  constructor(
    readonly detectorIds: readonly number[],
    readonly binning: MonitorBinning,
    readonly window = 200,
  ) {
    if (detectorIds.length === 0) throw new RangeError('monitor: no detector to monitor');
    this.detectors = detectorIds.map((d) => new DetectorState(d, binning, window));
    this.sinks = [new MonitorFileSink(detectorIds, binning), new MonitorFileSink(detectorIds, binning)];
  }

  /** A cleared sink to analyse the next file into (not visible until committed). */
  beginFile(): MonitorFileSink {
    const s = this.sinks[0] === this.latestSink ? this.sinks[1] : this.sinks[0];
    s.reset();
    return s;
  }

  /** Makes `sink`'s file the latest, adds it to the totals and appends one time-series point per detector. */
  commitFile(sink: MonitorFileSink, file: CommittedFile): void {
    if (sink !== this.sinks[0] && sink !== this.sinks[1]) throw new Error('monitor: commitFile with a sink not from beginFile');
    this.latestSink = sink;
    this.latestFile = file;
    sink.results.forEach((r, i) => {
      const d = this.detectors[i]!;
      d.total.add(r.panels);
      d.totalStats.add(r.stats);
      if (d.totalTof && r.tof) d.totalTof.add(r.tof);
      d.filesInTotal++;
      d.totalHits += r.counts.hits[0] + r.counts.hits[1];
      d.totalClusters += r.counts.clusters;
      const rates = fileRates(r.counts);
      d.lastRates = rates;
      d.series.push(file.t, {
        hitRate: rates.hitRateKHz,
        clusterRate: rates.clusterRateKHz,
        common0: rates.commonPercent[0],
        common1: rates.commonPercent[1],
      });
    });
  }

  /** The latest file's result for detector index `i`, or null before the first commit. */
  latest(i: number): DetectorFileResult | null {
    return this.latestSink ? this.latestSink.results[i]! : null;
  }

  /** Clears totals and time series of every detector (latest stays as it is). */
  reset(): void {
    for (const d of this.detectors) {
      d.total.reset();
      d.totalStats.reset();
      d.totalTof?.reset();
      d.series.clear();
      d.filesInTotal = 0;
      d.totalHits = 0;
      d.totalClusters = 0;
    }
    this.resets++;
  }
}
