/**
 * The front half of an analysis run: payload decoding (SRS/TRG parser or the ESS/VTC
 * decoder), per-hit time and charge, the hit handler with its rounds (RoundPlanner) and
 * the hits-tree rows. It hands chunks and detector steps to a ChunkConsumer — the back
 * half in the same thread (Analysis) or, through the pipeline, in the main thread.
 * `summary()` gives what the back half needs for the final statistics.
 */
import type { AnalysisOptions } from '../config/options.js';
import { SrsParser, type SrsParserCounters } from '../readout/srs/parser.js';
import type { FecAcquisition, PayloadDecoder } from '../readout/decoder.js';
import { VtcDecoder } from '../readout/vtc/decoder.js';
import { EssDecoder } from '../readout/ess/decoder.js';
import { HitProcessor } from '../hits/hit-processor.js';
import type { RoundPlanner } from '../cluster/round-planner.js';
import type { RunHistograms } from '../histograms/run-histograms.js';
import type { RunContext } from '../hits/run-context.js';

/** What the final statistics need from the front half (analysis.md §15.3; formats.md §7.2). */
export interface FrontSummary {
  /** Hits returned by the parser or decoder (the analysis hit rate's numerator). */
  parserHits: number;
  parser: SrsParserCounters;
  parserFec: number;
  lastFrameCounter: number;
  /** The hit handler's per-FEC bookkeeping. */
  acquisition: FecAcquisition;
  /** c56141b (ESS/VTC): the decoder's FEC statistics blocks and the acquisition time of the last one (ms). */
  legacyBlocks: string[] | null;
  legacyAcqMs: number;
  /** ESS accepted pulses. */
  triggers: number;
  /** Hits per (FEC, VMM) that the geometry does not map, index fec·32 + vmm. */
  unmapped: Float64Array;
  /** Pending hits spilled (runs written, hits, rounds that loaded them back); null without a spill store. */
  spill: { runs: number; hits: number; reloads: number } | null;
}

export class AnalysisFront {
  readonly parser: SrsParser;
  readonly decoder: PayloadDecoder | null;
  readonly hits: HitProcessor;
  readonly planner: RoundPlanner;

  private readonly o: AnalysisOptions;

  /**
   * @param planner the rounds, feeding the back half (directly or through the pipeline)
   * @param hists the calibration histograms the hit handler fills (null: none)
   */
  constructor(ctx: RunContext, planner: RoundPlanner, hists: RunHistograms | null) {
    const o = ctx.options;
    const print = ctx.print;
    this.o = o;
    this.planner = planner;
    this.hits = new HitProcessor(ctx, this.planner, hists);
    const f = o.dataFormat;
    this.parser = new SrsParser(f === 'TRG' ? 'TRG' : 'SRS');
    this.decoder =
      f === 'VTC' ? new VtcDecoder({ toff: o.toff }) : f === 'ESS' ? new EssDecoder({ tbc: o.tbc, t0Seconds: o.essT0Seconds, onMessage: print }) : null;
  }

  /** Decodes and handles one UDP payload; false once -n is reached. */
  pushPayload(bytes: Uint8Array, offset: number, length: number): boolean {
    if (this.hits.stopped) return false;
    const d = this.decoder;
    if (d) {
      if (!this.o.decodePayloads) return true;
      return this.hits.processReadouts(d, d.decode(bytes, offset, length));
    }
    return this.hits.processPacket(this.parser, this.parser.parse(bytes, offset, length));
  }

  /** The final flush of the rounds (§9.4). */
  finalFlush(): void {
    if (this.hits.clustering) this.planner.finalFlush(this.hits.finalBoundary());
  }

  summary(): FrontSummary {
    const h = this.hits;
    const d = this.decoder;
    let legacyBlocks: string[] | null = null;
    let legacyAcqMs = 0;
    if (d) {
      legacyBlocks = d.statisticsReport(h.acquisition);
      legacyAcqMs = d.lastAcquisitionMs(h.acquisition);
    }
    return {
      parserHits: h.totalHits,
      unmapped: h.unmapped,
      parser: { ...this.parser.counters },
      parserFec: this.parser.currentFec,
      lastFrameCounter: this.parser.lastFrameCounter,
      acquisition: h.acquisition,
      legacyBlocks,
      legacyAcqMs,
      triggers: d ? d.triggers : 0,
      spill: this.planner.spill && { runs: this.planner.spill.runs, hits: this.planner.spill.hits, reloads: this.planner.spill.reloads },
    };
  }
}
