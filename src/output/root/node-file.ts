/**
 * Node binding of the ROOT writer: positional file output (`fs.writeSync`) and
 * zlib from `node:zlib`, on a worker thread (`DeflatePool`) when the machine has
 * cores to spare. By default the file is written under a hidden
 * temporary name beside it (`.<name>.<pid>.tmp`, as the CSV sink does) and
 * renamed to `<path>` by `close()`, so an interrupted run never leaves a
 * truncated file under the final name. Node-only.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { sharedDeflatePool } from './deflate-pool.js';
import { nodeDeflate } from './node-deflate.js';
import { RootFileWriter, type RandomAccessOutput, type RootWriterOptions } from './file-writer.js';

/** Hidden temporary name beside `path` under which a file is written until it is complete. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export class NodeFileOutput implements RandomAccessOutput {
  /** Final path of the file. */
  readonly path: string;
  /** Path being written (`tempPathFor(path)` when atomic). */
  readonly tempPath: string;
  private fd: number | null;

  constructor(path: string, atomic = true) {
    this.path = path;
    this.tempPath = atomic ? tempPathFor(path) : path;
    this.fd = openSync(this.tempPath, 'w');
  }

  write(data: Uint8Array, position: number): void {
    if (this.fd === null) throw new Error(`root: ${this.path} is closed`);
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off, position + off);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    if (this.tempPath !== this.path) renameSync(this.tempPath, this.path);
  }

  /** Closes without completing and removes the partial file. */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    try {
      unlinkSync(this.tempPath);
    } catch {
      /* already gone */
    }
  }
}

export interface RootFileOptions extends Omit<RootWriterOptions, 'fileName' | 'deflate'> {
  /** Name stored inside the file; default the path as given (as ROOT stores the TFile::Open argument). */
  fileName?: string;
  /** Write under `tempPathFor(path)` and rename at close (default true). */
  atomic?: boolean;
  /**
   * Worker threads compressing baskets beside the caller (0 = compress inline),
   * from a process-wide pool shared by all files (`sharedDeflatePool`).
   * Default 1 when compression is on and the machine has at least 3 cores: on 2
   * cores the worker competes with the analysis and GC threads, and the copies
   * and wake-ups cost ~15 % more CPU than inline compression (measured).
   * Ignored when `compressor` is given.
   */
  threads?: number;
}

/** A ROOT file being written at `path` (zlib level 1 unless `compression` says otherwise). */
export { nodeDeflate };

export class RootFile extends RootFileWriter {
  readonly output: NodeFileOutput;

  constructor(path: string, opts: RootFileOptions = {}) {
    const level = opts.compression ?? 1;
    const threads = opts.threads ?? (level > 0 && availableParallelism() > 2 ? 1 : 0);
    const output = new NodeFileOutput(path, opts.atomic ?? true);
    try {
      const pool = !opts.compressor && threads > 0 && level > 0 ? sharedDeflatePool(level, threads) : undefined;
      super(output, { ...opts, fileName: opts.fileName ?? path, deflate: nodeDeflate, compressor: opts.compressor ?? pool });
    } catch (e) {
      output.abort();
      throw e;
    }
    this.output = output;
  }

  /** Gives up: stops compression, closes the descriptor and removes the partial file. */
  abort(): void {
    try {
      this.stop();
    } catch {
      /* the output is being discarded: a failing write (disk full) must not stop the cleanup */
    }
    this.output.abort();
  }
}
