/**
 * `--format csv`: one `<tree>.csv` per tree that exists for the run, in a folder,
 * with the conventions of vmm-sdat's reference output (./csv-format.ts). Files are
 * written under temporary names and renamed on `close`, so a reader never sees a
 * half-written CSV; `abort` removes them. Node-only.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisSink, RunDescription } from '../table/sink.js';
import type { TableBatch, TableSchema } from '../table/types.js';
import { AsciiBuffer, csvHeader, encodeCsvRows } from './csv-format.js';

const FLUSH_BYTES = 1 << 20;

interface OpenFile {
  fd: number;
  tmp: string;
  final: string;
  buf: AsciiBuffer;
}

export class CsvSink implements AnalysisSink {
  private readonly files = new Map<string, OpenFile>();
  private closed = false;

  /** @param dir output folder (created if missing) */
  constructor(readonly dir: string) {}

  /** Final paths of the files this run writes (known after `open`). */
  get paths(): string[] {
    return [...this.files.values()].map((f) => f.final);
  }

  open(run: RunDescription): void {
    mkdirSync(this.dir, { recursive: true });
    for (const t of run.trees) {
      const final = join(this.dir, `${t.name}.csv`);
      const tmp = join(this.dir, `.${t.name}.csv.${process.pid}.tmp`);
      const fd = openSync(tmp, 'w');
      const f: OpenFile = { fd, tmp, final, buf: new AsciiBuffer() };
      this.files.set(t.name, f);
      f.buf.ascii(csvHeader(t) + '\n');
    }
  }

  write(tree: TableSchema, batch: TableBatch): void {
    const f = this.files.get(tree.name);
    if (!f) throw new Error(`csv: tree ${tree.name} was not opened for this run`);
    encodeCsvRows(batch, f.buf);
    if (f.buf.length >= FLUSH_BYTES) this.drain(f);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.files.values()) {
      this.drain(f);
      closeSync(f.fd);
    }
    for (const f of this.files.values()) renameSync(f.tmp, f.final);
  }

  /** Removes the temporary files (after an error or a hard interrupt). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.files.values()) {
      try {
        closeSync(f.fd);
      } catch {
        /* already closed */
      }
      rmSync(f.tmp, { force: true });
    }
  }

  private drain(f: OpenFile): void {
    const b = f.buf;
    let off = 0;
    while (off < b.length) off += writeSync(f.fd, b.bytes, off, b.length - off);
    b.length = 0;
  }
}
