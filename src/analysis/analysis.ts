/**
 * The streaming analysis (vmm-sdat convertFile's pipeline as a library): UDP payloads
 * in, tree batches out through an `AnalysisSink`. One instance analyses one run:
 * `pushPayload` for every UDP payload in capture order, then `finish` once.
 *
 *   payload → SrsParser (§6) → HitProcessor (§7–§8) → Clusterer (§9–§13) → sink
 *
 * Batches are handed to the sink as they fill (about 64 k hits / 16 k clusters), so
 * memory stays flat for any capture size; the monitor receives clusters as they form.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from './sink.js';
import type { TableSchema } from '../table/types.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../output/trees.js';
import { SrsParser } from '../readout/srs/parser.js';
import { HitProcessor } from '../hits/hit-processor.js';
import { Clusterer } from '../cluster/clusterer.js';
import { RunHistograms } from './run-histograms.js';
import type { IdCounters } from '../cluster/strip-clustering.js';
import { type Logger, silentLogger } from './log.js';
import { type CaptureTimes, metadataStrings } from './metadata.js';
import {
  clusterStatisticsReport, clusterStatisticsReportLegacy, fecStatisticsReport, totalClusterRateLegacy, type ReportLine,
} from './report.js';
import type { FecAcquisition, PayloadDecoder } from '../readout/decoder.js';
import { VtcDecoder } from '../readout/vtc/decoder.js';
import { EssDecoder } from '../readout/ess/decoder.js';
import { acquisitionMsWithOverflow } from '../readout/vtc/report.js';
import { essAcquisitionMs } from '../readout/ess/report.js';
import type { TableBuilder } from '../table/builder.js';

const HIT_BATCH = 1 << 16;
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
  /** Entries written per tree. */
  readonly entries: { hits: number; clusters_plane: number; clusters_detector: number };
  /** The statistics lines vmm-sdat prints at the final flush (cluster and FEC statistics). */
  readonly report: ReportLine[];
  /** The run histograms (§14.5–§14.6), post-processed; null when the run has none. */
  readonly histograms: RunHistograms | null;
}

export class Analysis {
  readonly options: AnalysisOptions;
  readonly parser: SrsParser;
  readonly clusterer: Clusterer;
  readonly hits: HitProcessor;
  readonly histograms: RunHistograms | null;
  readonly ids: IdCounters = { hit: 0, planeCluster: 0, detectorCluster: 0 };
  /** The ESS or VTC payload decoder (c56141b era), or null for SRS/TRG. */
  readonly decoder: PayloadDecoder | null;
  private readonly sink: AnalysisSink;
  private readonly log: Logger;
  private readonly print: (line: string) => void;
  private readonly trees: Set<string>;
  private readonly entries = { hits: 0, clusters_plane: 0, clusters_detector: 0 };
  private finished = false;

  /**
   * @param extra.clustering false: hits only — no pending lists, rounds or clusters (a
   *   vmmscope mode for hit-level work and benchmarks; vmm-sdat always clusters).
   * @param extra.print receives the plain console lines of the c56141b era (ESS/VTC:
   *   sequence-number and jitter lines, the date block and the statistics).
   * @param extra.histograms false: skip the run histograms of §14.5–§14.6 (for sinks that
   *   do not write them, e.g. CSV; saves ~10 % of the analysis). Default true.
   */
  constructor(
    options: AnalysisOptions,
    sink: AnalysisSink,
    log: Logger = silentLogger(),
    extra: { clustering?: boolean; print?: (line: string) => void; histograms?: boolean } = {},
  ) {
    this.options = options;
    this.print = extra.print ?? (() => {});
    this.sink = sink;
    this.log = log;
    const needHists = (extra.histograms ?? true) && (options.save.code >= 100 || (options.calibration !== null && options.calibrationHistograms));
    this.histograms = needHists ? new RunHistograms(options) : null;
    this.clusterer = new Clusterer(options, this.ids, this.histograms);
    this.hits = new HitProcessor(options, this.clusterer, this.ids, this.histograms, log, extra.clustering ?? true, this.print);
    const f = options.dataFormat;
    this.parser = new SrsParser(f === 'TRG' ? 'TRG' : 'SRS');
    this.decoder =
      f === 'VTC'
        ? new VtcDecoder({ toff: options.toff })
        : f === 'ESS'
          ? new EssDecoder({ tbc: options.tbc, t0Seconds: options.essT0Seconds, onMessage: this.print })
          : null;
    const trees = treesFor(options.save.code);
    this.trees = new Set(trees.map((t) => t.name));
    sink.open?.({ trees, input: options.file });
  }

  /** Whether `-n` has stopped the analysis (further payloads are ignored). */
  get stopped(): boolean {
    return this.hits.stopped;
  }

  /**
   * Analyses one UDP payload (`bytes[offset .. offset + length)`, not retained).
   * Returns false once `-n` is reached.
   */
  pushPayload(bytes: Uint8Array, offset: number, length: number): boolean {
    if (this.hits.stopped) return false;
    let more: boolean;
    const d = this.decoder;
    if (d) {
      if (!this.options.decodePayloads) return true;
      more = this.hits.processReadouts(d, d.decode(bytes, offset, length));
    } else more = this.hits.processPacket(this.parser, this.parser.parse(bytes, offset, length));
    this.flush(false);
    return more;
  }

  /**
   * Ends the run (§1 step 9): metadata strings, final flush of the clustering,
   * remaining batches, statistics, histogram post-processing, `sink.close`.
   */
  async finish(times: CaptureTimes): Promise<AnalysisResult> {
    if (this.finished) throw new Error('analysis: finish() called twice');
    this.finished = true;
    const o = this.options;
    const d = this.decoder;
    this.sink.metadata?.(metadataStrings(o, times, d ? d.triggers : 0));
    if (d) this.legacyDateBlock(times);
    if (this.hits.clustering) this.clusterer.finalFlush(this.hits.finalBoundary());
    this.flush(true);
    const report: ReportLine[] = [];
    if (d) {
      // c56141b's plain console layout (formats.md §7.2)
      const lines: string[] = [];
      if (o.save.code >= 10 && o.statistics) lines.push(...clusterStatisticsReportLegacy(o, this.clusterer.stats));
      if (o.statistics) {
        const acq = this.acquisition();
        lines.push(...d.statisticsReport(acq));
        const ms = d.format === 'VTC' ? acquisitionMsWithOverflow(acq, acq.fecs[acq.fecs.length - 1] ?? 0) : essAcquisitionMs(acq);
        lines.push(...totalClusterRateLegacy(o, this.clusterer.stats, ms));
      }
      for (const l of lines) this.print(l);
      report.push(...lines.map((l) => ['', l] as const));
    } else {
      if (o.save.code >= 10) report.push(...clusterStatisticsReport(o, this.clusterer.stats));
      report.push(
        ...fecStatisticsReport(o, this.clusterer.stats, {
          parser: this.parser.counters,
          parserFec: this.parser.currentFec,
          lastFrameCounter: this.parser.lastFrameCounter,
          fec: this.hits.fec,
          firstTS: this.hits.firstTS,
          maxTS: this.hits.maxTS,
          oldTS: this.hits.oldTS,
        }),
      );
      for (const [section, msg] of report) this.log.log('INFO', section, msg);
    }
    const hists = this.histograms;
    if (hists && o.save.code >= 100) hists.normalise();
    await this.sink.close?.({ histograms: hists ? hists.all : [] });
    return { parserHits: this.hits.totalHits, entries: { ...this.entries }, report, histograms: hists };
  }

  /** c56141b prints the first packet's date framed by X's after the packet loop. */
  private legacyDateBlock(times: CaptureTimes): void {
    const x = 'X'.repeat(27);
    this.print('');
    this.print(`${x} Date and time of first pcapng packet ${x}`);
    this.print(times.firstDate);
  }

  /** The per-FEC bookkeeping the decoders' statistics blocks need. */
  private acquisition(): FecAcquisition {
    const h = this.hits;
    return {
      fecs: h.fecList,
      firstTS: h.firstTS,
      maxTS: h.maxTS,
      oldTS: h.oldTS,
      timestampOverflow: h.fec.timestampOverflow,
      timestampTooLarge: h.fec.timestampTooLarge,
    };
  }

  private flush(all: boolean): void {
    this.flushBuilder(this.hits.records?.builder ?? null, HITS, all ? 1 : HIT_BATCH);
    this.flushBuilder(this.clusterer.planeOut.builder, CLUSTERS_PLANE, all ? 1 : CLUSTER_BATCH);
    this.flushBuilder(this.clusterer.detectorOut.builder, CLUSTERS_DETECTOR, all ? 1 : CLUSTER_BATCH);
  }

  private flushBuilder(b: TableBuilder | null, schema: TableSchema, min: number): void {
    if (!b || b.length < min || b.length === 0) return;
    const batch = b.flush();
    if (!this.trees.has(schema.name)) return;
    this.entries[schema.name as keyof typeof this.entries] += batch.length;
    this.sink.write(schema, batch);
  }
}
