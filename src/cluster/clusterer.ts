/**
 * vmm-sdat's clustering (analysis.md §9–§13) in one thread: a `RoundPlanner` (pending
 * hits, rounds, exact sorts, chunk choice) wired straight to a `ChunkClusterer` (time,
 * strip and pad clustering, detector step, cluster rows). The two-thread pipeline
 * (src/analysis/pipeline) connects the same two halves through a worker instead.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { IdCounters } from '../hits/ids.js';
import type { RunHistograms } from '../histograms/run-histograms.js';
import type { PendingHits } from './pending-hits.js';
import { RoundPlanner } from './round-planner.js';
import { ChunkClusterer } from './chunk-clusterer.js';

export class Clusterer {
  constructor(
    readonly planner: RoundPlanner,
    readonly back: ChunkClusterer,
  ) {}

  /** Both halves for one thread, sharing the pulse times. */
  static create(o: AnalysisOptions, ids: IdCounters, hists: RunHistograms | null): Clusterer {
    const pulses = new Float64Array(3);
    const back = new ChunkClusterer(o, ids, hists, pulses);
    return new Clusterer(new RoundPlanner(o, back, pulses), back);
  }

  get stats() {
    return this.back.stats;
  }
  get planeOut() {
    return this.back.planeOut;
  }
  get detectorOut() {
    return this.back.detectorOut;
  }
  get pulses(): Float64Array {
    return this.planner.pulses;
  }
  pendingList(det: number, plane: number): PendingHits {
    return this.planner.pendingList(det, plane);
  }
  runRound(ts: number): void {
    this.planner.runRound(ts);
  }
  finalFlush(tsEnd: number): void {
    this.planner.finalFlush(tsEnd);
  }
}
