/**
 * An in-memory `RandomAccessOutput`: the ROOT file as one Uint8Array (for
 * tests, browsers, or serving a file without touching the disk). Grows by
 * doubling; `bytes()` returns a view of the written length.
 */
import type { RandomAccessOutput } from './file-writer.js';

export class MemoryOutput implements RandomAccessOutput {
  private buf = new Uint8Array(1 << 16);
  private size = 0;
  closed = false;

  write(data: Uint8Array, position: number): void {
    const end = position + data.length;
    if (end > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < end) cap *= 2;
      const b = new Uint8Array(cap);
      b.set(this.buf.subarray(0, this.size));
      this.buf = b;
    }
    this.buf.set(data, position);
    if (end > this.size) this.size = end;
  }

  close(): void {
    this.closed = true;
  }

  /** The file so far (a view, not a copy; valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.size);
  }
}
