/**
 * Pending hits on a spill store (src/cluster/spill-store.ts): runs of arrivals sorted by
 * time, and cursors that read a run — or a part of a pending list still in memory — one
 * hit at a time, so that a round can merge the runs back in time order without loading
 * them (src/cluster/pending-hits.ts).
 *
 * A run holds, per hit, the time (f64), pos0, adc, pos1, event counter (u16) and its
 * position among the arrivals it was made of (u32), column after column.
 */
import type { SpillStore } from './spill-store.js';

/** The tuple columns of a pool of hits. */
interface PoolColumns {
  readonly pos0: Uint16Array;
  readonly adc: Uint16Array;
  readonly pos1: Uint16Array;
  readonly ev: Uint16Array;
}

export interface Run {
  readonly offset: number;
  readonly n: number;
  /** Smallest time of the run. */
  readonly minKey: number;
}

/** Writes n hits (already in time order) as a run. */
export function writeRun(
  store: SpillStore, keys: Float64Array, pos0: Uint16Array, adc: Uint16Array, pos1: Uint16Array, ev: Uint16Array, seq: Uint32Array, n: number,
): Run {
  const bytes = (a: ArrayBufferView, size: number) => new Uint8Array(a.buffer, a.byteOffset, n * size);
  const offset = store.write(bytes(keys, 8));
  store.write(bytes(pos0, 2));
  store.write(bytes(adc, 2));
  store.write(bytes(pos1, 2));
  store.write(bytes(ev, 2));
  store.write(bytes(seq, 4));
  return { offset, n, minKey: n > 0 ? keys[0]! : Infinity };
}

/** One hit at a time, in order; `key` etc. describe the current hit while `!done`. */
export abstract class HitCursor {
  done = false;
  key = 0;
  pos0 = 0;
  adc = 0;
  pos1 = 0;
  ev = 0;
  abstract next(): void;
}

/** A run read back in blocks of `block` hits. */
export class RunCursor extends HitCursor {
  seq = 0;
  private readonly k: Float64Array;
  private readonly c: Uint16Array[];
  private readonly s: Uint32Array;
  private at = 0;
  private loaded = 0;
  private i = 0;

  constructor(private readonly store: SpillStore, private readonly run: Run, private readonly block = 8192) {
    super();
    this.k = new Float64Array(block);
    this.c = [new Uint16Array(block), new Uint16Array(block), new Uint16Array(block), new Uint16Array(block)];
    this.s = new Uint32Array(block);
    this.next();
  }

  next(): void {
    if (this.i === this.loaded) {
      if (this.at === this.run.n) {
        this.done = true;
        return;
      }
      this.load();
    }
    const i = this.i++;
    this.key = this.k[i]!;
    this.pos0 = this.c[0]![i]!;
    this.adc = this.c[1]![i]!;
    this.pos1 = this.c[2]![i]!;
    this.ev = this.c[3]![i]!;
    this.seq = this.s[i]!;
  }

  private load(): void {
    const { offset, n } = this.run;
    const m = Math.min(this.block, n - this.at);
    const view = (a: ArrayBufferView, size: number) => new Uint8Array(a.buffer, a.byteOffset, m * size);
    this.store.read(offset + this.at * 8, view(this.k, 8));
    let col = offset + n * 8;
    for (const c of this.c) {
      this.store.read(col + this.at * 2, view(c, 2));
      col += n * 2;
    }
    this.store.read(col + this.at * 4, view(this.s, 4));
    this.at += m;
    this.loaded = m;
    this.i = 0;
  }
}

/** Hits of a pool in the order of `ids[from .. to)`, with their times in `keys`. */
export class PoolCursor extends HitCursor {
  private i: number;

  constructor(private readonly keys: Float64Array, private readonly ids: Int32Array, from: number, private readonly to: number, private readonly pool: PoolColumns) {
    super();
    this.i = from;
    this.next();
  }

  next(): void {
    if (this.i >= this.to) {
      this.done = true;
      return;
    }
    const i = this.i++;
    const id = this.ids[i]!;
    const P = this.pool;
    this.key = this.keys[i]!;
    this.pos0 = P.pos0[id]!;
    this.adc = P.adc[id]!;
    this.pos1 = P.pos1[id]!;
    this.ev = P.ev[id]!;
  }
}

/** The cursors merged by time (equal times: the first cursor first). */
export class MergeCursor extends HitCursor {
  private cur: HitCursor | null = null;

  constructor(private readonly cursors: HitCursor[]) {
    super();
    this.pick();
  }

  next(): void {
    this.cur!.next();
    this.pick();
  }

  private pick(): void {
    let best: HitCursor | null = null;
    for (const c of this.cursors) if (!c.done && (best === null || c.key < best.key)) best = c;
    this.cur = best;
    if (best === null) {
      this.done = true;
      return;
    }
    this.key = best.key;
    this.pos0 = best.pos0;
    this.adc = best.adc;
    this.pos1 = best.pos1;
    this.ev = best.ev;
  }
}
