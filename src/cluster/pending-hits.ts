/**
 * Hits waiting to be clustered, per (detector, plane) (analysis.md §8.5, §9.1), in the
 * exact order vmm-sdat's vector holds them (sorted leftovers, then new arrivals),
 * because the whole list is re-sorted with std::sort in each round.
 *
 * The list is a sequence of (time, id) pairs; the tuples (time, pos0, adc with bit 15,
 * pos1, event counter) stay where they were appended in a pool. Sorting moves only the
 * pairs, and only the chunk taken by a round is gathered out of the pool; the pool is
 * compacted when it holds far more dead than live tuples.
 */
import { stdSortF64 } from './std-sort-f64.js';

/** A time-sorted chunk of hits (the columns of a HitList). */
export interface HitColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly pos0: Uint16Array;
  readonly adc: Uint16Array;
  readonly pos1: Uint16Array;
  readonly ev: Uint16Array;
}

/** A plain growable list of hit tuples (a chunk), struct of arrays. */
export class HitList implements HitColumns {
  length = 0;
  time: Float64Array;
  pos0: Uint16Array;
  adc: Uint16Array;
  pos1: Uint16Array;
  ev: Uint16Array;

  constructor(cap = 1024) {
    this.time = new Float64Array(cap);
    this.pos0 = new Uint16Array(cap);
    this.adc = new Uint16Array(cap);
    this.pos1 = new Uint16Array(cap);
    this.ev = new Uint16Array(cap);
  }

  push(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
    if (this.length === this.time.length) this.reserve(this.length * 2);
    const i = this.length++;
    this.time[i] = time;
    this.pos0[i] = pos0;
    this.adc[i] = adc;
    this.pos1[i] = pos1;
    this.ev[i] = ev;
  }

  /** Grows the capacity to at least `cap`, keeping the content. */
  reserve(cap: number): void {
    if (cap <= this.time.length) return;
    const n = this.length;
    const t = new Float64Array(cap); t.set(this.time.subarray(0, n)); this.time = t;
    const p = new Uint16Array(cap); p.set(this.pos0.subarray(0, n)); this.pos0 = p;
    const a = new Uint16Array(cap); a.set(this.adc.subarray(0, n)); this.adc = a;
    const q = new Uint16Array(cap); q.set(this.pos1.subarray(0, n)); this.pos1 = q;
    const e = new Uint16Array(cap); e.set(this.ev.subarray(0, n)); this.ev = e;
  }
}

/** The pending list of one (det, plane). */
export class PendingHits {
  /** Pairs in list order: time and pool index. */
  private keys = new Float64Array(16);
  private ids = new Int32Array(16);
  length = 0;
  /** The tuples, in order of arrival since the last compaction. */
  private pool = new HitList(16);
  /** The other pool: compaction copies the live tuples into it and swaps (no allocation once grown). */
  private spare = new HitList(16);

  push(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
    if (this.length === this.keys.length) this.growPairs(this.length * 2);
    const id = this.pool.length;
    this.pool.push(time, pos0, adc, pos1, ev);
    this.keys[this.length] = time;
    this.ids[this.length++] = id;
  }

  /** Smallest time (min_element), +∞ when empty. */
  minTime(): number {
    let m = Infinity;
    const k = this.keys;
    for (let i = 0; i < this.length; i++) if (k[i]! < m) m = k[i]!;
    return m;
  }

  /** Sorts by time ascending exactly as std::sort does on vmm-sdat's vector. */
  sortByTime(): void {
    stdSortF64(this.keys, this.ids, this.length);
  }

  /** The times in list order (valid until the next change). */
  get times(): Float64Array {
    return this.keys;
  }

  /** Moves the first k tuples, in list order, into `out` (replacing its content); the rest keeps its order. */
  takeFront(k: number, out: HitList): void {
    out.length = 0;
    out.reserve(k);
    const P = this.pool;
    const ids = this.ids;
    const { time, pos0, adc, pos1, ev } = out;
    for (let i = 0; i < k; i++) {
      const j = ids[i]!;
      time[i] = P.time[j]!;
      pos0[i] = P.pos0[j]!;
      adc[i] = P.adc[j]!;
      pos1[i] = P.pos1[j]!;
      ev[i] = P.ev[j]!;
    }
    out.length = k;
    const n = this.length;
    this.keys.copyWithin(0, k, n);
    ids.copyWithin(0, k, n);
    this.length = n - k;
    if (P.length > 4 * this.length + 4096) this.compact();
  }

  /** Rebuilds the pool with the live tuples only, numbered in list order. */
  private compact(): void {
    const old = this.pool;
    const n = this.length;
    const fresh = this.spare;
    fresh.length = 0;
    fresh.reserve(n);
    const { time, pos0, adc, pos1, ev } = fresh;
    for (let i = 0; i < n; i++) {
      const j = this.ids[i]!;
      time[i] = old.time[j]!;
      pos0[i] = old.pos0[j]!;
      adc[i] = old.adc[j]!;
      pos1[i] = old.pos1[j]!;
      ev[i] = old.ev[j]!;
      this.ids[i] = i;
    }
    fresh.length = n;
    this.spare = old;
    this.pool = fresh;
  }

  private growPairs(cap: number): void {
    const k = new Float64Array(cap);
    k.set(this.keys.subarray(0, this.length));
    this.keys = k;
    const d = new Int32Array(cap);
    d.set(this.ids.subarray(0, this.length));
    this.ids = d;
  }
}
