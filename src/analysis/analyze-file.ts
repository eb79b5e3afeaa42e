/**
 * Node glue: a capture file → UDP payloads → the streaming analysis. Reads with
 * bounded memory (src/io), extracts payloads with vmm-sdat's packet statistics
 * (src/net), and ends the run with the capture's first/last packet times.
 *
 * A capture damaged part-way (corrupt block, truncated tail) is analysed up to
 * the damage and reported in `damage`; a file that is not a capture at all throws.
 */
import { availableParallelism } from 'node:os';
import { readCaptureFile, readCaptureFileAsync } from '../io/capture-file.js';
import type { PacketRef } from '../pcapng/packet.js';
import { PcapngError } from '../pcapng/errors.js';
import { UdpExtractor, type UdpExtractorOptions } from '../net/udp-extractor.js';
import type { CaptureStats } from '../net/capture-stats.js';
import { formatPacketDate } from '../net/packet-date.js';
import { Analysis, type AnalysisResult } from './analysis.js';
import { analyzeCaptureFileThreaded } from './pipeline/threaded.js';
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from './sink.js';
import type { Logger } from './log.js';

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
}

/**
 * Analyses one capture file. `-n` stops the reading at the packet where the limit
 * is reached (as vmm-sdat). Throws CaptureFileError (unreadable) or PcapngError
 * (not a capture / damaged before the first packet); the sink is not closed then.
 */
export async function analyzeCaptureFile(
  path: string,
  options: AnalysisOptions,
  sink: AnalysisSink,
  o: AnalyzeFileOptions = {},
): Promise<AnalyzeFileResult> {
  if ((o.threads ?? 1) >= 2) return analyzeCaptureFileThreaded(path, options, sink, o);
  const analysis = new Analysis(options, sink, o.logger, { clustering: o.clustering ?? true, print: o.print, histograms: o.histograms ?? true, vectors: o.vectors ?? true });
  const ex = new UdpExtractor(o.udp);
  let damage: PcapngError | null = null;
  let read: Awaited<ReturnType<typeof readCaptureFileAsync>> | null = null;
  try {
    const onPacket = (p: PacketRef): false | undefined => {
      const d = ex.extract(p);
      if (d !== null && d.length > 0 && !analysis.pushPayload(d.bytes, d.offset, d.length)) return false;
      return undefined;
    };
    const ro = { signal: o.signal, onProgress: o.onProgress };
    read = o.sync ? readCaptureFile(path, onPacket, ro) : await readCaptureFileAsync(path, onPacket, ro);
  } catch (e) {
    if (!(e instanceof PcapngError) || ex.stats.totalPackets === 0) throw e;
    damage = e;
  }
  ex.finish();
  const s = ex.stats;
  const has = s.totalPackets > 0;
  const result = await analysis.finish({
    firstSeconds: has ? s.firstSeconds : null,
    lastSeconds: has ? s.lastSeconds : null,
    firstDate: has ? formatPacketDate(s.firstSeconds, o.timeZone) : '',
    lastDate: has ? formatPacketDate(s.lastSeconds, o.timeZone) : '',
  });
  const ps = read?.parser.stats;
  return {
    ...result,
    capture: s,
    damage,
    triggers: analysis.decoder?.triggers ?? 0,
    truncatedTailBytes: ps?.truncatedBytes ?? 0,
    truncatedTailOffset: ps?.truncatedOffset ?? -1,
    interrupted: read?.aborted ?? false,
    bytesRead: read?.bytesRead ?? damage?.offset ?? 0,
  };
}
