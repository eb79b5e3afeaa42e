/**
 * What the stages of one analysis run share (built once per thread, handed to the front
 * half, the hit handler, the back half and the chunk clusterer): the options, the run's id
 * counters, the ESS pulse times the hit handler keeps and clustering algo 9 reads, the
 * logger, the c56141b console lines, and the shape of the run (clustering on, run
 * histograms and cluster vectors wanted). The mutable parts are `ids` and `pulses`.
 */
import type { AnalysisOptions } from '../config/options.js';
import { silentLogger, type Logger } from '../config/log.js';
import type { IdCounters } from './ids.js';

export interface RunShape {
  /** false: hits only — no pending lists, rounds or clusters (vmm-sdat always clusters). */
  readonly clustering: boolean;
  /** false: no run histograms of §14.5–§14.6 (for sinks that do not write them, e.g. CSV). */
  readonly histograms: boolean;
  /** false: cluster rows without their strips/times/adcs vectors (for sinks that never read them). */
  readonly vectors: boolean;
}

export interface RunContext {
  readonly options: AnalysisOptions;
  /** The last hit, plane-cluster and detector-cluster ids given out (per thread). */
  readonly ids: IdCounters;
  /** Pulse times P0 (newest), P1, P2 of the hit handler (ESS, formats.md §4.6), ns. */
  readonly pulses: Float64Array;
  readonly log: Logger;
  /** Plain console lines of the c56141b era (ESS/VTC: sequence-number and jitter lines, date block, statistics). */
  readonly print: (line: string) => void;
  readonly shape: RunShape;
}

/** A fresh context: ids at 0, no pulse yet; shape defaults: clustering, histograms and vectors on. */
export function createRunContext(
  options: AnalysisOptions,
  log: Logger = silentLogger(),
  extra: Partial<RunShape> & { print?: (line: string) => void } = {},
): RunContext {
  return {
    options,
    ids: { hit: 0, planeCluster: 0, detectorCluster: 0 },
    pulses: new Float64Array(3),
    log,
    print: extra.print ?? (() => {}),
    shape: { clustering: extra.clustering ?? true, histograms: extra.histograms ?? true, vectors: extra.vectors ?? true },
  };
}
