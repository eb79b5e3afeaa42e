/**
 * `RootFileSink`: the analysis sink that writes vmm-sdat's ROOT file
 * (analysis.md §14): the trees of the run (created at `open`, in file order),
 * entries streamed into baskets as batches arrive, the TNamed metadata strings
 * when the analysis reports them, and at close the TTree records followed by
 * the histograms in the order given. Node-only (it owns a file).
 */
import type { AnalysisSink, RunDescription, RunFinal } from '../../table/sink.js';
import type { TableBatch, TableSchema } from '../../table/types.js';
import { RootFile, type RootFileOptions } from './node-file.js';

export class RootFileSink implements AnalysisSink {
  /** The underlying writer (for callers that add objects of their own before close). */
  readonly file: RootFile;
  private done = false;

  /** Opens `path` for writing at once, so a bad path fails before the analysis starts. */
  constructor(path: string, opts: RootFileOptions = {}) {
    this.file = new RootFile(path, opts);
  }

  open(run: RunDescription): void {
    for (const t of run.trees) if (!this.file.tree(t.name)) this.file.createTree(t);
  }

  write(_tree: TableSchema, batch: TableBatch): void {
    this.file.fill(batch);
  }

  metadata(entries: readonly (readonly [name: string, title: string])[]): void {
    for (const [name, title] of entries) this.file.writeNamed(name, title);
  }

  close(final: RunFinal): void {
    if (this.done) return;
    this.done = true;
    try {
      this.file.writeTrees();
      for (const h of final.histograms) this.file.writeHist(h);
      this.file.close();
    } catch (e) {
      this.file.abort();
      throw e;
    }
  }

  /** Stops without completing the file and removes the partial output (for fatal errors). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.file.abort();
  }
}
