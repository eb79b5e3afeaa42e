/**
 * Node: a pcapng file written through the platform-neutral PcapngWriter with a
 * ~1 MiB buffer and synchronous writes (callers such as the UDP receiver never
 * await per packet). After an I/O error the file descriptor is closed, the error
 * (naming the file) is thrown, and every later call throws it again; what was
 * flushed before stays a valid capture, readable up to its last complete block.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapngWriter, type PcapngWriterOptions } from '../pcapng/writer.js';
import { CaptureFileError } from './capture-file.js';

export interface PcapngFileWriterOptions extends Omit<PcapngWriterOptions, 'chunkBytes'> {
  /** Buffered bytes before a write to disk (default 1 MiB). */
  bufferBytes?: number;
  /** Fail if the file exists (default false: truncate it). */
  exclusive?: boolean;
  /** File mode for a new file (default 0o644). */
  mode?: number;
}

export class PcapngFileWriter {
  readonly path: string;
  private fd: number;
  private readonly writer: PcapngWriter;
  private failure: CaptureFileError | undefined;
  private closed = false;

  /** Creates (or truncates) `path` and buffers the section and interface headers. */
  constructor(path: string, options: PcapngFileWriterOptions = {}) {
    this.path = path;
    try {
      this.fd = openSync(path, options.exclusive ? 'wx' : 'w', options.mode ?? 0o644);
    } catch (e) {
      throw new CaptureFileError(path, (e as NodeJS.ErrnoException).code ?? '', `cannot create capture file ${path}: ${(e as Error).message}`, { cause: e });
    }
    this.writer = new PcapngWriter((chunk) => this.writeChunk(chunk), { ...options, chunkBytes: options.bufferBytes ?? 1 << 20 });
  }

  /** Packets written so far. */
  get packets(): number {
    return this.writer.packets;
  }

  /** Bytes produced so far (written plus buffered). */
  get bytesWritten(): number {
    return this.writer.bytesWritten;
  }

  /** Appends one packet (see PcapngWriter.writePacket; the frame is copied). */
  writePacket(frame: Uint8Array, tsSeconds: number, tsNanos: number, length = frame.length, originalLength = length): void {
    this.check();
    this.writer.writePacket(frame, tsSeconds, tsNanos, length, originalLength);
  }

  /** Appends an Interface Statistics Block with drop counters (see PcapngWriter.writeStatistics). */
  writeStatistics(tsSeconds: number, tsNanos: number, counters: { ifRecv?: number; ifDrop?: number; osDrop?: number }): void {
    this.check();
    this.writer.writeStatistics(tsSeconds, tsNanos, counters);
  }

  /** Writes the buffered bytes to the file now. */
  flush(): void {
    this.check();
    this.writer.flush();
  }

  /** Flushes and closes; idempotent. Throws if the final write fails (the file is closed anyway). */
  close(): void {
    if (this.closed) return;
    try {
      if (!this.failure) this.writer.flush();
    } finally {
      this.closeFd();
    }
    if (this.failure) throw this.failure;
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new CaptureFileError(this.path, '', `capture file ${this.path} is already closed`);
  }

  private writeChunk(chunk: Uint8Array): void {
    try {
      let o = 0;
      while (o < chunk.length) o += writeSync(this.fd, chunk, o, chunk.length - o);
    } catch (e) {
      this.failure = new CaptureFileError(this.path, (e as NodeJS.ErrnoException).code ?? '', `cannot write capture file ${this.path}: ${(e as Error).message}`, { cause: e });
      this.closeFd();
      throw this.failure;
    }
  }

  private closeFd(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // already failing or closed; the first error is the one reported
    }
  }
}
