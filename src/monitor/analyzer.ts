/**
 * How the monitor turns one capture file into batches: a `FileAnalyzer` runs the
 * streaming analysis (vmm-sdat convertFile semantics) on a file and delivers the
 * `hits`, `clusters_plane` and `clusters_detector` batches to a sink, in process,
 * with no intermediate ROOT/CSV file (the legacy chain ran convertFile, wrote a
 * ROOT file and read it back).
 *
 * `createCaptureAnalyzer` parses and validates the convertFile options once at
 * start (geometry included), so a configuration mistake stops the monitor
 * before it waits for data, with vmm-sdat's message. The analysis modules are
 * loaded lazily (`src/config/convert-options.ts`, `src/node.ts`).
 */
import { readFileSync } from 'node:fs';
import type { AnalysisSink } from '../analysis/sink.js';

/** Analyses `path` into `sink`; rejects on unreadable/corrupt input or abort. The resolved value is informational. */
export type FileAnalyzer = (path: string, sink: AnalysisSink, signal: AbortSignal) => Promise<unknown>;

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

interface ConvertOptionsModule {
  parseConvertArgs(argv: readonly string[], readText: (p: string) => string, programName?: string): { file: string };
}
interface NodeModule {
  analyzeCaptureFile(path: string, opts: unknown, sink: AnalysisSink, o?: { signal?: AbortSignal }): Promise<unknown>;
}

async function load<T>(rel: string, member: string): Promise<T | null> {
  try {
    const m = (await import(new URL(rel, import.meta.url).href)) as Record<string, unknown>;
    return typeof m[member] === 'function' ? (m as T) : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw e;
  }
}

/**
 * The real analyzer: convertFile options (without `-f`, as `vmmscope analyze`
 * takes them) → a FileAnalyzer. Throws `MonitorConfigError` (or the options
 * parser's `ConfigError`, with vmm-sdat's message and exit code) at start.
 */
export async function createCaptureAnalyzer(analysisArgs: readonly string[]): Promise<FileAnalyzer> {
  const conv = await load<ConvertOptionsModule>('../config/convert-options.js', 'parseConvertArgs');
  const node = await load<NodeModule>('../node.js', 'analyzeCaptureFile');
  if (!conv || !node)
    throw new MonitorConfigError('monitor: the streaming analysis is not available in this build (src/node.ts analyzeCaptureFile)', 1);
  const readText = (p: string) => readFileSync(p, 'utf8');
  // A placeholder capture name: vmm-sdat insists on ".pcapng" in -f; the real path is set per file.
  const base = conv.parseConvertArgs(['-f', 'ring.pcapng', ...analysisArgs], readText, 'vmmscope monitor');
  return (path, sink, signal) => node.analyzeCaptureFile(path, { ...base, file: path }, sink, { signal });
}
