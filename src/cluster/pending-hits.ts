/**
 * Hits waiting to be clustered, per (detector, plane) (analysis.md §8.5, §9.1), in the
 * order vmm-sdat's vector holds them: sorted leftovers, then new arrivals, re-sorted
 * with std::sort whenever a round takes hits.
 *
 * The list is a deque of (time, id) pairs, `[head, tail)`; the tuples (time, pos0, adc
 * with bit 15, pos1, event counter) stay in a pool where they were appended. A round
 * takes its front by moving `head` (nothing else moves); only the taken chunk is
 * gathered out of the pool, which is compacted when it holds far more dead than live
 * tuples. No allocation per round once the arrays have grown.
 *
 * The sort. std::sort is not stable, so where equal times meet, the order vmm-sdat
 * gets depends on the whole introsort. It matters only where the back half can see it:
 * - strip planes: the time cluster is re-sorted by (strip, time), so only hits equal in
 *   time *and* strip but different in ADC or event counter depend on it;
 * - pad planes: the pad pool's seeds follow the list order, so any two equal-time hits
 *   that differ.
 * Otherwise (the usual case) the sorted order is unique up to indistinguishable hits, and
 * a round sorts only its new arrivals and merges them into the sorted leftovers. If the
 * merge meets a tie that matters, the list is sorted by the exact libstdc++ emulation
 * (`stdSortF64`) from its original order instead, so results are vmm-sdat's either way.
 */
import { stdSortF64Range } from './std-sort-f64.js';

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

/** How often each way of sorting was taken (tests and benchmarks). */
export interface SortCounters {
  /** Rounds whose arrivals were sorted apart and merged. */
  merged: number;
  /** Rounds sorted by the libstdc++ emulation because of a tie that matters. */
  exact: number;
  /**
   * Exact sorts of a list whose leftovers held equal-time hits of different strips
   * placed by a merge: std::sort may then order a tie that matters differently from
   * vmm-sdat. Needs one strip hit twice at the same time with different ADCs, which
   * VMM data does not produce; counted so that tests can assert it never happens.
   */
  uncertain: number;
}

/** The pending list of one (det, plane). */
export class PendingHits {
  /** Pairs in list order, `[head, tail)`: time and pool index. */
  private keys = new Float64Array(16);
  private ids = new Int32Array(16);
  private head = 0;
  private tail = 0;
  /** `[head, head + sorted)` are the sorted leftovers of the last sort; the rest arrived since. */
  private sorted = 0;
  /** Smallest time among the arrivals since the last sort. */
  private minNew = Infinity;
  /** The tuples, in order of arrival since the last compaction. */
  private pool = new HitList(16);
  /** The other pool: compaction copies the live tuples into it and swaps (no allocation once grown). */
  private spare = new HitList(16);
  /** The arrivals, sorted, before they are merged. */
  private scratchK = new Float64Array(16);
  private scratchI = new Int32Array(16);
  readonly counters: SortCounters = { merged: 0, exact: 0, uncertain: 0 };
  /** The last sort was a merge that placed equal-time hits of different strips. */
  private mergedTies = false;
  /** A NaN time was pushed: only the emulation knows where std::sort puts it. */
  private nan = false;

  /** @param pad a pad plane: every tie between differing hits matters (see above). */
  constructor(private readonly pad = false) {}

  get length(): number {
    return this.tail - this.head;
  }

  push(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
    if (this.tail === this.keys.length) this.makeRoom();
    const id = this.pool.length;
    this.pool.push(time, pos0, adc, pos1, ev);
    this.keys[this.tail] = time;
    this.ids[this.tail++] = id;
    if (time < this.minNew) this.minNew = time;
    else if (time !== time) this.nan = true;
  }

  /** Smallest time (min_element), +∞ when empty. */
  minTime(): number {
    if (this.sorted > 0 && this.keys[this.head]! < this.minNew) return this.keys[this.head]!;
    return this.minNew;
  }

  /** Sorts by time ascending into the order std::sort gives vmm-sdat's vector. */
  sortByTime(): void {
    const h = this.head;
    const s = h + this.sorted;
    const t = this.tail;
    this.minNew = Infinity;
    this.sorted = t - h;
    const a = t - s;
    if (a === 0) return;
    const mergedTies = this.mergedTies;
    if (this.tryMerge(h, s, t)) this.counters.merged++;
    else {
      this.counters.exact++;
      this.mergedTies = false;
      if (mergedTies && this.leftoverTies(h, s)) this.counters.uncertain++;
      stdSortF64Range(this.keys, this.ids, h, t);
    }
  }

  /**
   * Sorts the arrivals `[s, t)` apart and merges them into the leftovers `[h, s)`, unless
   * the merged list would hold a tie that matters; then nothing is changed and false returned.
   */
  private tryMerge(h: number, s: number, t: number): boolean {
    const a = t - s;
    if (this.nan) return false;
    if (this.scratchK.length < a) {
      this.scratchK = new Float64Array(Math.max(a, 2 * this.scratchK.length));
      this.scratchI = new Int32Array(this.scratchK.length);
    }
    const K = this.keys;
    const I = this.ids;
    const sk = this.scratchK;
    const si = this.scratchI;
    sk.set(K.subarray(s, t));
    si.set(I.subarray(s, t));
    stdSortF64Range(sk, si, 0, a); // any correct sort would do here: ties are checked below
    let ties = false;
    for (let j = 1; j < a; j++) {
      if (sk[j] !== sk[j - 1]) continue;
      let g = j - 1; // the tie group [g, e)
      let e = j + 1;
      while (e < a && sk[e] === sk[g]) e++;
      for (let p = g; p < e; p++) for (let q = p + 1; q < e; q++) if (this.tieMatters(si[p]!, si[q]!)) return false;
      ties = true;
      j = e - 1;
    }
    // check the leftovers against the arrivals before moving anything
    let i = s - 1;
    let j = a - 1;
    while (i >= h && j >= 0) {
      const x = K[i]!;
      const y = sk[j]!;
      if (x > y) i--;
      else if (y > x) j--;
      else {
        for (let q = j; q >= 0 && sk[q] === x; q--) if (this.tieMatters(I[i]!, si[q]!)) return false;
        ties = true;
        i--;
      }
    }
    // merge from the back: the leftovers below the smallest arrival stay where they are
    i = s - 1;
    j = a - 1;
    let w = t - 1;
    while (j >= 0) {
      if (i >= h && K[i]! > sk[j]!) {
        K[w] = K[i]!;
        I[w--] = I[i--]!;
      } else {
        K[w] = sk[j]!;
        I[w--] = si[j--]!;
      }
    }
    this.mergedTies ||= ties;
    return true;
  }

  /** Whether the leftovers `[h, s)` hold two equal-time hits that differ. */
  private leftoverTies(h: number, s: number): boolean {
    const K = this.keys;
    const I = this.ids;
    const P = this.pool;
    for (let i = h + 1; i < s; i++) {
      if (K[i] !== K[i - 1]) continue;
      const x = I[i]!;
      const y = I[i - 1]!;
      if (P.pos0[x] !== P.pos0[y] || P.adc[x] !== P.adc[y] || P.ev[x] !== P.ev[y] || P.pos1[x] !== P.pos1[y]) return true;
    }
    return false;
  }

  /** Two equal-time hits (pool ids) whose order the back half can see. */
  private tieMatters(x: number, y: number): boolean {
    const P = this.pool;
    const same = P.adc[x] === P.adc[y] && P.ev[x] === P.ev[y] && P.pos1[x] === P.pos1[y];
    return P.pos0[x] === P.pos0[y] ? !same : this.pad;
  }

  /** The times in list order from `start` (valid until the next change). */
  get times(): Float64Array {
    return this.keys;
  }

  /** Index of the front of the list in `times`. */
  get start(): number {
    return this.head;
  }

  /** Moves the first k tuples, in list order, into `out` (replacing its content); the rest keeps its order. */
  takeFront(k: number, out: HitList): void {
    out.length = 0;
    out.reserve(k);
    const P = this.pool;
    const ids = this.ids;
    const { time, pos0, adc, pos1, ev } = out;
    const h = this.head;
    for (let i = 0; i < k; i++) {
      const j = ids[h + i]!;
      time[i] = P.time[j]!;
      pos0[i] = P.pos0[j]!;
      adc[i] = P.adc[j]!;
      pos1[i] = P.pos1[j]!;
      ev[i] = P.ev[j]!;
    }
    out.length = k;
    this.head = h + k;
    this.sorted = Math.max(0, this.sorted - k);
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      P.length = 0;
      this.mergedTies = false;
    } else if (P.length > 4 * this.length + 4096) this.compact();
  }

  /** Rebuilds the pool with the live tuples only, numbered in list order, at the start of the deque. */
  private compact(): void {
    const old = this.pool;
    const n = this.length;
    const h = this.head;
    const fresh = this.spare;
    fresh.length = 0;
    fresh.reserve(n);
    const { time, pos0, adc, pos1, ev } = fresh;
    const K = this.keys;
    const I = this.ids;
    for (let i = 0; i < n; i++) {
      const j = I[h + i]!;
      time[i] = old.time[j]!;
      pos0[i] = old.pos0[j]!;
      adc[i] = old.adc[j]!;
      pos1[i] = old.pos1[j]!;
      ev[i] = old.ev[j]!;
      K[i] = K[h + i]!;
      I[i] = i;
    }
    fresh.length = n;
    this.head = 0;
    this.tail = n;
    this.spare = old;
    this.pool = fresh;
  }

  /** Room for one more pair at the tail: slide the deque to the front, or grow. */
  private makeRoom(): void {
    const n = this.length;
    if (this.head > 0 && n <= this.keys.length >> 1) {
      this.keys.copyWithin(0, this.head, this.tail);
      this.ids.copyWithin(0, this.head, this.tail);
    } else {
      const k = new Float64Array(this.keys.length * 2);
      k.set(this.keys.subarray(this.head, this.tail));
      this.keys = k;
      const d = new Int32Array(this.keys.length);
      d.set(this.ids.subarray(this.head, this.tail));
      this.ids = d;
    }
    this.head = 0;
    this.tail = n;
  }
}
