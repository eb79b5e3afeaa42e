/**
 * `ParquetSink`: the analysis sink writing one Parquet file per tree (and one
 * for the histograms) with the project's column writer (./table-writer.ts),
 * streaming in row groups.
 *
 * Each batch is copied into the tree's column buffers at once (batches are only
 * valid during `write`); when a tree holds ~`rowGroupBytes` of raw data (default
 * 8 MiB) the buffers are encoded, compressed and written as one row group, so
 * memory is bounded by one row group per tree whatever the run size. Files are
 * written under hidden temporary names (`.<name>.<pid>.tmp`) and renamed at
 * close; `abort()` removes them. The metadata strings go into every tree file's
 * key-value metadata. Node-only (files).
 */
import { mkdirSync } from 'node:fs';
import type { AnalysisSink, RunDescription, RunFinal } from '../../table/sink.js';
import type { TableBatch, TableSchema } from '../../table/types.js';
import { NodeFileOutput } from '../root/node-file.js';
import { HISTOGRAM_COLUMNS, appendHistograms } from './histograms.js';
import { parquetLayout, type ParquetLayout } from './paths.js';
import { appendBatch, batchBytes, parquetColumns } from './schema.js';
import { ParquetTableWriter, type ParquetWriterOptions } from './table-writer.js';

export interface ParquetSinkOptions extends ParquetWriterOptions {
  /** Target raw bytes per row group (default 8 MiB: ~180k hits). */
  rowGroupBytes?: number;
}

interface TreeFile {
  readonly schema: TableSchema;
  readonly output: NodeFileOutput;
  readonly writer: ParquetTableWriter;
  pendingBytes: number;
}

const DEFAULT_GROUP_BYTES = 8 << 20;

export class ParquetSink implements AnalysisSink {
  readonly layout: ParquetLayout;
  /** Paths of the files written (final names), in creation order. */
  readonly files: string[] = [];
  private readonly trees = new Map<string, TreeFile>();
  private readonly groupBytes: number;
  private readonly writerOpts: ParquetWriterOptions;
  private meta: (readonly [string, string])[] = [];
  private done = false;

  /** `out`: a folder, or a `FILE.parquet` stem (see `parquetLayout`). A folder is created if missing. */
  constructor(out: string, opts: ParquetSinkOptions = {}) {
    this.layout = parquetLayout(out);
    if (this.layout.folder) mkdirSync(out, { recursive: true });
    const { rowGroupBytes, ...writerOpts } = opts;
    this.groupBytes = rowGroupBytes ?? DEFAULT_GROUP_BYTES;
    this.writerOpts = writerOpts;
  }

  open(run: RunDescription): void {
    for (const t of run.trees) this.treeFile(t);
  }

  write(tree: TableSchema, batch: TableBatch): void {
    if (this.done) throw new Error(`parquet: sink already closed (tree ${tree.name})`);
    const t = this.treeFile(batch.schema);
    if (batch.length === 0) return;
    const per = Math.max(1, batchBytes(batch) / batch.length);
    let from = 0;
    while (from < batch.length) {
      const room = Math.max(1, Math.ceil((this.groupBytes - t.pendingBytes) / per));
      const to = Math.min(batch.length, from + room);
      appendBatch(t.writer, batch, from, to);
      t.pendingBytes += per * (to - from);
      from = to;
      if (t.pendingBytes >= this.groupBytes) {
        t.writer.endRowGroup();
        t.pendingBytes = 0;
      }
    }
  }

  metadata(entries: readonly (readonly [name: string, title: string])[]): void {
    this.meta = [...this.meta, ...entries];
  }

  close(final: RunFinal): void {
    if (this.done) return;
    this.done = true;
    try {
      for (const t of this.trees.values()) {
        t.writer.close([
          { key: 'vmmscope.tree', value: t.schema.name },
          { key: 'vmmscope.title', value: t.schema.title },
          { key: 'vmmscope.class', value: t.schema.className },
          { key: 'vmmscope.format_version', value: String(t.schema.formatVersion) },
          { key: 'vmmscope.metadata', value: JSON.stringify(this.meta) },
          ...this.meta.map(([key, value]) => ({ key, value })),
        ]);
      }
      if (final.histograms.length > 0) this.writeHistograms(final);
    } catch (e) {
      this.removeTemps();
      throw e;
    }
  }

  /** Stops without completing and removes the partial files. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.removeTemps();
  }

  private treeFile(schema: TableSchema): TreeFile {
    let t = this.trees.get(schema.name);
    if (t) return t;
    const path = this.layout.file(schema.name);
    const output = new NodeFileOutput(path);
    t = { schema, output, writer: new ParquetTableWriter(output, parquetColumns(schema), this.writerOpts), pendingBytes: 0 };
    this.trees.set(schema.name, t);
    this.files.push(path);
    return t;
  }

  private writeHistograms(final: RunFinal): void {
    const path = this.layout.file('histograms');
    const output = new NodeFileOutput(path);
    try {
      const w = new ParquetTableWriter(output, HISTOGRAM_COLUMNS, this.writerOpts);
      appendHistograms(w, final.histograms);
      w.close();
    } catch (e) {
      output.abort();
      throw e;
    }
    this.files.push(path);
  }

  private removeTemps(): void {
    for (const t of this.trees.values()) t.output.abort();
  }
}
