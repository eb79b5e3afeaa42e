/**
 * `ParquetSink`: the analysis sink writing one Parquet file per tree (and one
 * for the histograms) with hyparquet-writer, streaming in row groups.
 *
 * Batches of a tree are held until they add up to ~`rowGroupBytes` of raw data
 * (default 2 MiB), then encoded as one row group and flushed to disk (in ~1 MB
 * writes by hyparquet-writer's file writer), so memory is bounded by one row
 * group per tree whatever the run size. Files are written under hidden temporary
 * names (`.<name>.<pid>.tmp`) and renamed at close. The metadata strings go into every tree file's key-value
 * metadata. Node-only (files).
 */
import { mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { AnalysisSink, RunDescription, RunFinal } from '../../table/sink.js';
import type { TableBatch, TableSchema } from '../../table/types.js';
import { copyBatch } from '../../table/copy.js';
import { tempPathFor } from '../root/node-file.js';
import { HISTOGRAM_SCHEMA, histogramColumns } from './histograms.js';
import { parquetLayout, type ParquetLayout } from './paths.js';
import { batchBytes, columnSources, parquetSchema } from './schema.js';

export interface ParquetSinkOptions {
  /** Target raw bytes per row group (default 2 MiB: ~45k hits; larger groups cost memory and GC time). */
  rowGroupBytes?: number;
  /** Compression codec (default SNAPPY, built into hyparquet-writer). */
  codec?: 'SNAPPY' | 'UNCOMPRESSED';
  /** `created_by` of the files. */
  createdBy?: string;
}

interface TreeFile {
  readonly schema: TableSchema;
  readonly path: string;
  readonly temp: string;
  readonly writer: ParquetWriter;
  pending: TableBatch[];
  pendingBytes: number;
  rows: number;
}

const DEFAULT_GROUP_BYTES = 2 << 20;

export class ParquetSink implements AnalysisSink {
  readonly layout: ParquetLayout;
  /** Paths of the files written (final names), in creation order. */
  readonly files: string[] = [];
  private readonly trees = new Map<string, TreeFile>();
  private readonly opts: Required<ParquetSinkOptions>;
  private meta: (readonly [string, string])[] = [];
  private done = false;

  /** `out`: a folder, or a `FILE.parquet` stem (see `parquetLayout`). A folder is created if missing. */
  constructor(out: string, opts: ParquetSinkOptions = {}) {
    this.layout = parquetLayout(out);
    if (this.layout.folder) mkdirSync(out, { recursive: true });
    this.opts = {
      rowGroupBytes: opts.rowGroupBytes ?? DEFAULT_GROUP_BYTES,
      codec: opts.codec ?? 'SNAPPY',
      createdBy: opts.createdBy ?? 'vmmscope',
    };
  }

  open(run: RunDescription): void {
    for (const t of run.trees) this.treeFile(t);
  }

  write(tree: TableSchema, batch: TableBatch): void {
    if (this.done) throw new Error(`parquet: sink already closed (tree ${tree.name})`);
    const t = this.treeFile(batch.schema);
    if (batch.length === 0) return;
    const per = batchBytes(batch) / batch.length;
    let from = 0;
    while (from < batch.length) {
      const room = Math.max(1, Math.ceil((this.opts.rowGroupBytes - t.pendingBytes) / Math.max(per, 1)));
      const to = Math.min(batch.length, from + room);
      // batches are only valid during write(): keep a copy until the row group is written
      t.pending.push(copyBatch(batch, from, to));
      t.pendingBytes += per * (to - from);
      from = to;
      if (t.pendingBytes >= this.opts.rowGroupBytes) this.flushGroup(t);
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
        this.flushGroup(t);
        t.writer.kvMetadata = [
          { key: 'vmmscope.tree', value: t.schema.name },
          { key: 'vmmscope.title', value: t.schema.title },
          { key: 'vmmscope.class', value: t.schema.className },
          { key: 'vmmscope.format_version', value: String(t.schema.formatVersion) },
          { key: 'vmmscope.metadata', value: JSON.stringify(this.meta) },
          ...this.meta.map(([key, value]) => ({ key, value })),
        ];
        t.writer.finish();
        renameSync(t.temp, t.path);
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
    const temp = tempPathFor(path);
    const writer = new ParquetWriter({
      writer: fileWriter(temp),
      schema: parquetSchema(schema),
      codec: this.opts.codec,
      createdBy: this.opts.createdBy,
    });
    t = { schema, path, temp, writer, pending: [], pendingBytes: 0, rows: 0 };
    this.trees.set(schema.name, t);
    this.files.push(path);
    return t;
  }

  private flushGroup(t: TreeFile): void {
    const rows = t.pending.reduce((s, b) => s + b.length, 0);
    if (rows === 0) return;
    t.writer.write({ columnData: columnSources(t.schema, t.pending), rowGroupSize: rows });
    t.rows += rows;
    t.pending = [];
    t.pendingBytes = 0;
  }

  private writeHistograms(final: RunFinal): void {
    const path = this.layout.file('histograms');
    const temp = tempPathFor(path);
    const w = new ParquetWriter({ writer: fileWriter(temp), schema: HISTOGRAM_SCHEMA, codec: this.opts.codec, createdBy: this.opts.createdBy });
    w.write({ columnData: histogramColumns(final.histograms), rowGroupSize: final.histograms.length });
    w.finish();
    renameSync(temp, path);
    this.files.push(path);
  }

  private removeTemps(): void {
    for (const t of this.trees.values()) {
      try {
        unlinkSync(t.temp);
      } catch {
        /* renamed or never created */
      }
    }
  }
}

/** Rows `[from, to)` of a batch as views (no copy). */

