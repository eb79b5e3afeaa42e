/**
 * Where pending hits go when they exceed the memory budget (src/cluster/spilled-runs.ts):
 * an append-only byte store read back at random offsets. The analysis core is
 * platform-neutral, so the store is injected: `MemorySpillStore` (this file) keeps the
 * bytes in memory (the neutral default: same results, no memory saved), the node side
 * has a temporary file (src/io/spill-file.ts).
 */

export interface SpillStore {
  /** Appends `bytes` (copied or written before returning); returns their offset. */
  write(bytes: Uint8Array): number;
  /** Fills `into` with the bytes stored from `offset`. */
  read(offset: number, into: Uint8Array): void;
  /** Bytes written so far. */
  readonly size: number;
  /** Frees everything (a file store removes its file); the store is not used afterwards. */
  close(): void;
}

/** Spilling: the store and the budget of pending hits held in memory, over all (detector, plane) lists. */
export interface SpillOptions {
  store: SpillStore;
  /** Pending hits kept in memory before arrivals are spilled (default 4 M hits, about 200 MB). */
  maxPendingHits?: number;
}

export const DEFAULT_MAX_PENDING_HITS = 4_000_000;

/** A store in memory, in blocks (the platform-neutral default). */
export class MemorySpillStore implements SpillStore {
  private blocks: Uint8Array[] = [];
  private starts: number[] = [];
  size = 0;

  write(bytes: Uint8Array): number {
    const at = this.size;
    this.blocks.push(bytes.slice());
    this.starts.push(at);
    this.size += bytes.length;
    return at;
  }

  read(offset: number, into: Uint8Array): void {
    // the block holding `offset` (binary search), then copy across blocks
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let done = 0;
    for (let b = lo; done < into.length; b++) {
      const blk = this.blocks[b];
      if (!blk) throw new RangeError(`spill store: read past the end (offset ${offset + done})`);
      const from = offset + done - this.starts[b]!;
      const n = Math.min(blk.length - from, into.length - done);
      into.set(blk.subarray(from, from + n), done);
      done += n;
    }
  }

  close(): void {
    this.blocks = [];
    this.starts = [];
  }
}
