/**
 * How the monitor turns one capture file into batches: a `FileAnalyzer` runs the
 * streaming analysis (vmm-sdat convertFile semantics) on a file and delivers the
 * `hits`, `clusters_plane` and `clusters_detector` batches to a sink, in process,
 * with no intermediate ROOT/CSV file (the legacy chain ran convertFile, wrote a
 * ROOT file and read it back).
 *
 * `createCaptureAnalyzer` parses and validates the convertFile options once at
 * start (geometry included), so a configuration mistake stops the monitor
 * before it waits for data, with vmm-sdat's message.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openFileSink, type FileSink, type OutputFormat } from '../output/file-sink.js';
import { outputPath, vmmsdatOutputName } from '../output/output-name.js';
import { teeSink } from '../table/sink.js';
import { analyzeCaptureFile } from '../analysis/analyze-file.js';
import { autoThreads } from '../analysis/file-run.js';
import type { AnalysisSink } from '../table/sink.js';
import { parseConvertArgs } from '../config/convert-options.js';
import type { AnalysisOptions } from '../config/options.js';
import type { HealthCounts } from '../health/accountant.js';

/** `--keep`: also write each analysed file's trees in this format into `dir`. */
export interface KeepOutput {
  format: OutputFormat;
  dir: string;
}

export interface FileAnalysisInfo {
  warnings?: string[];
  /** Health counts of the file (src/health). */
  health?: HealthCounts | null;
}

/**
 * Analyses `path` into `sink`; rejects when the file cannot be analysed at all
 * (unreadable, not a capture). On abort it may resolve early; the caller then
 * discards the partial result.
 */
export type FileAnalyzer = ((
  path: string,
  sink: AnalysisSink,
  signal: AbortSignal,
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
  /** Read at most this many bytes: what the file held when it was chosen. */
  maxBytes?: number,
) => Promise<FileAnalysisInfo | void>) & {
  /** The parsed analysis options, when the analyzer runs the real analysis. */
  readonly options?: AnalysisOptions;
};

/** A monitor configuration error (printed without a stack, exit status `exitCode`). */
export class MonitorConfigError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** True if the convertFile argument list selects trees itself (`-save` or a prefix-matching spelling, `--save`). */
export function hasSave(args: readonly string[]): boolean {
  return args.some((a) => a.startsWith('-save') || a === '--save');
}

/**
 * The analysis arguments the monitor runs with: `-save [[ids],[ids],[ids]]` is put
 * *first* (so that a later `-hm 1` still applies, analysis.md §2.4) unless the user
 * chose the trees; `-f` is the monitor's business and is rejected.
 */
export function monitorAnalysisArgs(args: readonly string[], detectors: readonly number[]): string[] {
  for (let i = 0; i < args.length; i += 2) {
    const a = args[i]!;
    if (a === '--file' || (a.startsWith('-f') && !a.startsWith('--'))) // vmm-sdat reads every -f… token as -f
      throw new MonitorConfigError(`monitor: do not pass ${a}: the monitor analyses the ring files itself (use --dir and --name)`);
  }
  if (hasSave(args)) return [...args];
  const ids = `[${detectors.join(',')}]`;
  return ['-save', `[${ids},${ids},${ids}]`, ...args];
}

/**
 * The real analyzer: convertFile options (without `-f`, as `vmmscope analyze`
 * takes them) → a FileAnalyzer running `analyzeCaptureFile` (asynchronous reads,
 * so the page stays served and Ctrl-C is honoured between chunks). Throws the
 * options parser's `ConfigError` (vmm-sdat's message and exit code) at start.
 * A capture damaged part-way is analysed up to the damage and reported as a
 * warning.
 */
export async function createCaptureAnalyzer(analysisArgs: readonly string[], keep: KeepOutput | null = null): Promise<FileAnalyzer> {
  const readText = (p: string) => readFileSync(p, 'utf8');
  // A placeholder capture name: vmm-sdat insists on ".pcapng" in -f; the real path is set per file.
  const base = parseConvertArgs(['-f', 'ring.pcapng', ...analysisArgs], readText, 'vmmscope monitor');
  const analyze = async (path: string, sink: AnalysisSink, signal: AbortSignal, onProgress?: (done: number, total: number) => void, maxBytes?: number): Promise<FileAnalysisInfo> => {
    // --keep: the same analysis also goes to a file writer, named as vmm-sdat names its output
    let kept: FileSink | null = null;
    if (keep) {
      const root = join(keep.dir, vmmsdatOutputName(basename(path), base.info));
      kept = await openFileSink(keep.format, outputPath(keep.format, root));
    }
    const target = kept ? teeSink(sink, kept) : sink;
    let r;
    try {
      r = await analyzeCaptureFile(path, { ...base, file: path }, target, {
        signal,
        threads: autoThreads(maxBytes ?? statSync(path).size),
        ...(maxBytes !== undefined ? { maxBytes } : {}),
        histograms: keep !== null && keep.format !== 'csv',
        vectors: keep !== null,
        health: true,
        ...(onProgress ? { onProgress } : {}),
      });
    } catch (e) {
      kept?.abort?.();
      throw e;
    }
    const warnings: string[] = [];
    if (r.damage) warnings.push(`capture damaged (${r.damage.message}); analysed up to the damage`);
    if (r.truncatedTailBytes > 0) warnings.push(`incomplete last block (${r.truncatedTailBytes} bytes at offset ${r.truncatedTailOffset}) ignored`);
    return { warnings, health: r.health };
  };
  return Object.assign(analyze, { options: base });
}

/**
 * Cuts of detector `det` from the analysis options (per-detector lists are indexed
 * by first appearance in the geometry), or null if the geometry has no such detector.
 */
export function detectorCuts(o: AnalysisOptions, det: number): { dtNs: number; spcNs: number; dpNs: number } | null {
  const i = o.geometry.detectors.indexOf(det);
  if (i < 0) return null;
  const p = o.perDetector;
  return { dtNs: p.deltaTimeHits[i]!, spcNs: p.spanClusterTime[i]!, dpNs: p.deltaTimePlanes[i]! };
}

/**
 * Strips per plane of the monitored detectors as the geometry maps them: largest strip
 * (pad x / y) id of plane 0 and of plane 1 over `detectors`, plus one, so that every
 * mapped strip is inside the panels' axes; null for a plane no monitored detector has.
 */
export function geometryChannels(o: AnalysisOptions, detectors: readonly number[]): { x: number | null; y: number | null } {
  const g = o.geometry;
  const max = [-1, -1];
  for (const det of detectors) {
    if (det < 0 || det > 255 || g.detIndex[det] === -1) continue;
    if (g.isPad[det]) {
      max[0] = Math.max(max[0]!, g.padMaxX[det]!);
      max[1] = Math.max(max[1]!, g.padMaxY[det]!);
      continue;
    }
    for (let slot = 0; slot < g.slotDet.length; slot++) {
      if (g.slotDet[slot] !== det) continue;
      const p = g.slotPlane[slot]!;
      if (p > 1) continue;
      for (let c = 0; c < 64; c++) max[p] = Math.max(max[p]!, g.pos0[slot * 64 + c]!);
    }
  }
  return { x: max[0]! >= 0 ? max[0]! + 1 : null, y: max[1]! >= 0 ? max[1]! + 1 : null };
}
