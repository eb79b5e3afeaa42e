/**
 * The streaming analysis (vmm-sdat convertFile's pipeline as a library): UDP payloads
 * in, tree batches out through an `AnalysisSink`. One instance analyses one run:
 * `pushPayload` for every UDP payload in capture order, then `finish` once.
 *
 *   payload → parser/decoder (§6) → HitProcessor (§7–§8) → RoundPlanner (§9) ─┐  front
 *             ChunkClusterer (§10–§13) → cluster rows → sink ◄────────────────┘  back
 *
 * Batches are handed to the sink as they fill (about 64 k hits / 16 k clusters), so
 * memory stays flat for any capture size; the monitor receives clusters as they form.
 * The two halves run in one thread here; `analyzeCaptureFile(…, { threads: 2 })` runs
 * the front half in a worker.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from '../table/sink.js';
import { HITS } from '../table/trees.js';
import type { SrsParser } from '../readout/srs/parser.js';
import type { PayloadDecoder } from '../readout/decoder.js';
import type { HitProcessor } from '../hits/hit-processor.js';
import { RoundPlanner } from '../cluster/round-planner.js';
import type { RunHistograms } from '../histograms/run-histograms.js';
import { createRunContext, type RunContext } from '../hits/run-context.js';
import type { Logger } from '../config/log.js';
import type { CaptureTimes } from './metadata.js';
import { AnalysisFront } from './front.js';
import type { SpillOptions } from '../cluster/spill-store.js';
import { AnalysisBack, type AnalysisResult } from './back.js';

export { treesFor, type AnalysisResult } from './back.js';

const HIT_BATCH = 1 << 16;

/** The run's shape (defaults: clustering, histograms, vectors on), the c56141b console lines (see RunContext) and the spill store. */
export type AnalysisExtra = Parameters<typeof createRunContext>[2] & {
  /** Pending hits beyond a budget go to this store (bounded memory, same results); default: none. */
  spill?: SpillOptions | null;
};

export class Analysis {
  readonly options: AnalysisOptions;
  /** Options, id counters, pulse times, logger and run shape shared by both halves. */
  readonly context: RunContext;
  readonly front: AnalysisFront;
  readonly back: AnalysisBack;
  private finished = false;

  constructor(options: AnalysisOptions, sink: AnalysisSink, log?: Logger, extra: AnalysisExtra = {}) {
    this.options = options;
    this.context = createRunContext(options, log, extra);
    this.back = new AnalysisBack(this.context, sink);
    this.front = new AnalysisFront(this.context, new RoundPlanner(options, this.back.clusterer, extra.spill ?? null), this.back.histograms);
  }

  get parser(): SrsParser {
    return this.front.parser;
  }
  get decoder(): PayloadDecoder | null {
    return this.front.decoder;
  }
  get hits(): HitProcessor {
    return this.front.hits;
  }
  get histograms(): RunHistograms | null {
    return this.back.histograms;
  }
  /** Whether `-n` has stopped the analysis (further payloads are ignored). */
  get stopped(): boolean {
    return this.front.hits.stopped;
  }

  /**
   * Analyses one UDP payload (`bytes[offset .. offset + length)`, not retained).
   * Returns false once `-n` is reached.
   */
  pushPayload(bytes: Uint8Array, offset: number, length: number): boolean {
    const more = this.front.pushPayload(bytes, offset, length);
    this.back.flushBuilder(this.front.hits.records?.builder ?? null, HITS, HIT_BATCH);
    this.back.flushClusters(false);
    return more;
  }

  /**
   * Ends the run (§1 step 9): metadata strings, final flush of the clustering,
   * remaining batches, statistics, histogram post-processing, `sink.close`.
   */
  async finish(times: CaptureTimes): Promise<AnalysisResult> {
    if (this.finished) throw new Error('analysis: finish() called twice');
    this.finished = true;
    this.back.metadata(times, this.front.decoder ? this.front.decoder.triggers : 0);
    this.front.finalFlush();
    this.back.flushBuilder(this.front.hits.records?.builder ?? null, HITS, 1);
    return this.back.finish(this.front.summary());
  }
}
