/**
 * The back half of an analysis run: clustering of the chunks the front half chose
 * (ChunkClusterer), the batches handed to the sink, the run histograms, and the end of
 * the run — metadata, statistics printout, histogram post-processing, `sink.close`.
 */
import { silentFecNotes } from '../hits/silent-fecs.js';
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from '../table/sink.js';
import type { TableBatch, TableSchema } from '../table/types.js';
import type { TableBuilder } from '../table/builder.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../table/trees.js';
import { ChunkClusterer } from '../cluster/chunk-clusterer.js';
import type { RunContext } from '../hits/run-context.js';
import { RunHistograms } from '../histograms/run-histograms.js';
import type { Logger } from '../config/log.js';
import { type CaptureTimes, metadataStrings } from './metadata.js';
import { clusterStatisticsReport, clusterStatisticsReportLegacy, fecStatisticsReport, totalClusterRateLegacy, type ReportLine } from './report.js';
import type { FrontSummary } from './front.js';
import { isLegacyFormat } from '../config/options.js';
import { checkOptionRanges } from '../config/option-ranges.js';

const CLUSTER_BATCH = 1 << 14;

/** Trees that exist for a save code (§14.1). */
export function treesFor(code: number): TableSchema[] {
  const t: TableSchema[] = [];
  if (code % 10 === 1) t.push(HITS);
  if (Math.floor(code / 10) % 10 === 1) t.push(CLUSTERS_PLANE);
  if (code >= 100) t.push(CLUSTERS_DETECTOR);
  return t;
}

export interface AnalysisResult {
  /** Hits returned by the parser (the analysis hit rate's numerator, §15.4). */
  readonly parserHits: number;
  /** (FEC, VMM) pairs seen in the data that the geometry does not map, with their hits, by FEC and VMM. */
  readonly unmapped: { fec: number; vmm: number; hits: number }[];
  /** Entries written per tree. */
  readonly entries: { hits: number; clusters_plane: number; clusters_detector: number };
  /** The statistics lines vmm-sdat prints at the final flush (cluster and FEC statistics). */
  readonly report: ReportLine[];
  /** The run histograms (§14.5–§14.6), post-processed; null when the run has none. */
  readonly histograms: RunHistograms | null;
  /** vmmscope's own warnings about the run, for stderr (e.g. a silent FEC that deferred the clustering). */
  readonly notes: string[];
  /** Pending hits spilled to the spill store (null: no store). */
  readonly spill: FrontSummary['spill'];
}

export class AnalysisBack {
  readonly clusterer: ChunkClusterer;
  readonly histograms: RunHistograms | null;
  private readonly trees: Set<string>;
  private readonly entries = { hits: 0, clusters_plane: 0, clusters_detector: 0 };

  private readonly o: AnalysisOptions;
  private readonly log: Logger;
  private readonly print: (line: string) => void;

  constructor(
    ctx: RunContext,
    private readonly sink: AnalysisSink,
  ) {
    const o = ctx.options;
    this.o = o;
    this.log = ctx.log;
    this.print = ctx.print;
    checkOptionRanges(o); // refuse values that would crash or exhaust memory (ConfigError)
    const need = ctx.shape.histograms && (o.save.code >= 100 || (o.calibration !== null && o.calibrationHistograms));
    this.histograms = need ? new RunHistograms(o) : null;
    this.clusterer = new ChunkClusterer(ctx, this.histograms);
    this.clusterer.planeOut.onFull = this.clusterer.detectorOut.onFull = () => this.flushClusters(false);
    const trees = treesFor(o.save.code);
    this.trees = new Set(trees.map((t) => t.name));
    sink.open?.({ trees, input: o.file });
  }

  /** Hands a full (or, with `min` 1, any non-empty) builder's rows to the sink. */
  flushBuilder(b: TableBuilder | null, schema: TableSchema, min: number): void {
    if (!b || b.length < min || b.length === 0) return;
    this.writeBatch(schema, b.flush());
  }

  /** A batch of a tree, counted and handed to the sink if the run has that tree. */
  writeBatch(schema: TableSchema, batch: TableBatch): void {
    if (!this.trees.has(schema.name)) return;
    this.entries[schema.name as keyof typeof this.entries] += batch.length;
    this.sink.write(schema, batch);
  }

  /** Flushes the cluster builders (all: everything, else only full batches). */
  flushClusters(all: boolean): void {
    this.flushBuilder(this.clusterer.planeOut.builder, CLUSTERS_PLANE, all ? 1 : CLUSTER_BATCH);
    this.flushBuilder(this.clusterer.detectorOut.builder, CLUSTERS_DETECTOR, all ? 1 : CLUSTER_BATCH);
  }

  /** The metadata strings (before the final flush, as vmm-sdat) and c56141b's date block. */
  metadata(times: CaptureTimes, triggers: number): void {
    this.sink.metadata?.(metadataStrings(this.o, times, triggers));
    if (isLegacyFormat(this.o)) {
      const x = 'X'.repeat(27);
      this.print('');
      this.print(`${x} Date and time of first pcapng packet ${x}`);
      this.print(times.firstDate);
    }
  }

  /** After the final flush: statistics, histogram post-processing, `sink.close`. */
  async finish(front: FrontSummary): Promise<AnalysisResult> {
    const o = this.o;
    this.flushClusters(true);
    const stats = this.clusterer.stats;
    const report: ReportLine[] = [];
    if (front.legacyBlocks) {
      // c56141b's plain console layout (formats.md §7.2)
      const lines: string[] = [];
      // (loops, not spreads: a large -dt or -mst gives statistics of 10^5 lines and more)
      if (o.save.code >= 10 && o.statistics) for (const l of clusterStatisticsReportLegacy(o, stats)) lines.push(l);
      if (o.statistics) for (const l of [...front.legacyBlocks, ...totalClusterRateLegacy(o, stats, front.legacyAcqMs)]) lines.push(l);
      for (const l of lines) this.print(l);
      for (const l of lines) report.push(['', l]);
    } else {
      if (o.save.code >= 10) for (const l of clusterStatisticsReport(o, stats)) report.push(l);
      report.push(
        ...fecStatisticsReport(o, stats, {
          parser: front.parser,
          parserFec: front.parserFec,
          lastFrameCounter: front.lastFrameCounter,
          acquisition: front.acquisition,
        }),
      );
      for (const [section, msg] of report) this.log.log('INFO', section, msg);
    }
    const hists = this.histograms;
    if (hists && o.save.code >= 100) hists.normalise();
    await this.sink.close?.({ histograms: hists ? hists.all : [] });
    const unmapped: AnalysisResult['unmapped'] = [];
    front.unmapped.forEach((n, i) => void (n > 0 && unmapped.push({ fec: i >> 5, vmm: i & 31, hits: n })));
    const notes = o.save.code >= 10 && !front.legacyBlocks ? silentFecNotes(o.geometry.fecs, front.acquisition.maxTS, front.acquisition.firstTS, o.ignoreSilentFecs === true) : [];
    return { parserHits: front.parserHits, unmapped, entries: { ...this.entries }, report, histograms: hists, notes, spill: front.spill };
  }
}
