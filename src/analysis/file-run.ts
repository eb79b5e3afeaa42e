/**
 * How one capture file is analysed, apart from what the user asked for: the run options
 * (threads, signal, progress, sync reading) and the result of a file run, shared by the
 * one-thread glue (analyze-file.ts) and the two-thread pipeline (pipeline/threaded.ts).
 */
import { availableParallelism } from 'node:os';
import type { UdpExtractorOptions } from '../net/udp-extractor.js';
import type { CaptureStats } from '../net/capture-stats.js';
import type { PcapngError } from '../pcapng/errors.js';
import type { AnalysisResult } from './analysis.js';
import type { Logger } from '../config/log.js';
import type { HealthCounts } from '../health/accountant.js';

export interface AnalyzeFileOptions {
  signal?: AbortSignal;
  /** Called after each chunk read: bytes so far, file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  logger?: Logger;
  /** Packet → payload options (payload cap, fragment reassembly). */
  udp?: UdpExtractorOptions;
  /** Time zone of the packet dates (default: the machine's, as vmm-sdat). */
  timeZone?: string;
  /** false: hits only, no clustering (see Analysis). */
  clustering?: boolean;
  /** Read synchronously (fastest; no Ctrl-C between chunks). Default false. */
  sync?: boolean;
  /** Plain console lines of the c56141b era (ESS/VTC), see Analysis. */
  print?: (line: string) => void;
  /** false: no run histograms (the sink does not write them). Default true. */
  histograms?: boolean;
  /** false: cluster rows without their strips/times/adcs vectors (the sink never reads them). Default true. */
  vectors?: boolean;
  /**
   * 2: run the front half (reading, decoding, hits, rounds) in a worker thread and the
   * clustering and outputs in this one — identical results, up to twice as fast on two
   * free cores. Default 1.
   */
  threads?: number;
  /** Read at most this many bytes of the file (the monitor: what the file held when it was chosen). */
  maxBytes?: number;
  /**
   * Pending hits beyond a budget (default 4 M hits) go to a temporary file, removed at the
   * end: memory stays bounded when the data's time stops advancing (a silent FEC, looped
   * data, a FEC reset), results unchanged. `true` or the budget and folder. Default off.
   */
  spill?: boolean | { maxPendingHits?: number; dir?: string };
  /** true: also count data-integrity and channel health (src/health), returned as `health`. */
  health?: boolean;
}

/**
 * Threads worth using for a capture of `bytes`: two when two cores are available and the
 * file is large enough to repay the worker's start-up (about 8 MB), else one.
 */
export function autoThreads(bytes: number): number {
  return availableParallelism() >= 2 && bytes >= 8e6 ? 2 : 1;
}

export interface AnalyzeFileResult extends AnalysisResult {
  readonly capture: CaptureStats;
  /** Structural damage that ended the reading early (everything before it was analysed). */
  readonly damage: PcapngError | null;
  /** Bytes of an incomplete final block (0 = none) and its offset (−1 = none). */
  readonly truncatedTailBytes: number;
  readonly truncatedTailOffset: number;
  /** ESS: accepted pulses (the trigger count); 0 otherwise. */
  readonly triggers: number;
  /** Reading stopped by the signal (Ctrl-C): the run was finished with what was read. */
  readonly interrupted: boolean;
  readonly bytesRead: number;
  /** The health counts of the capture (with `health: true`), else null. */
  readonly health: HealthCounts | null;
}
