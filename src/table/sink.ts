/**
 * Where the streaming analysis delivers its results. The CSV, ROOT and Parquet
 * writers and the monitor implement this; `analyze` picks one by `--format`.
 *
 * Call order: `open` once → `write` any number of times (per tree, in the order
 * vmm-sdat fills its trees) → `metadata` once after the packet loop → `close` once
 * after the final flush. `write` is synchronous on purpose: the analysis hot loop
 * never awaits; a file sink buffers and writes in ~1 MB chunks.
 */
import type { Hist } from '../histograms/hist.js';
import type { TableBatch, TableSchema } from './types.js';

export interface RunDescription {
  /** Trees that exist for this run (vmm-sdat's save code, analysis.md §14.1), in file order. */
  readonly trees: readonly TableSchema[];
  /** Capture file name as given with -f (for naming and metadata). */
  readonly input: string;
}

export interface RunFinal {
  /** Histograms of analysis.md §14.5/§14.6 in the order vmm-sdat writes them, already post-processed. */
  readonly histograms: readonly Hist[];
}

export interface AnalysisSink {
  open?(run: RunDescription): void;
  /**
   * A batch of entries of one tree; batches of one tree arrive in tree order. The batch
   * is valid only during this call (its arrays are reused): copy what you keep (`copyBatch`).
   */
  write(tree: TableSchema, batch: TableBatch): void;
  /** The TNamed metadata strings of analysis.md §14.4, in write order (duplicates kept). */
  metadata?(entries: readonly (readonly [name: string, title: string])[]): void;
  close?(final: RunFinal): void | Promise<void>;
}

/** A sink that forwards to several sinks (e.g. ROOT file + monitor histograms). */
export function teeSink(...sinks: AnalysisSink[]): AnalysisSink {
  return {
    open: (run) => sinks.forEach((s) => s.open?.(run)),
    write: (tree, batch) => sinks.forEach((s) => s.write(tree, batch)),
    metadata: (e) => sinks.forEach((s) => s.metadata?.(e)),
    close: async (f) => {
      for (const s of sinks) await s.close?.(f);
    },
  };
}
