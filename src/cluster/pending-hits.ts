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
import type { SpillStore } from './spill-store.js';
import { MergeCursor, PoolCursor, RunCursor, writeRun, type HitCursor, type Run } from './spilled-runs.js';

/** A time-sorted chunk of hits (the columns of a HitList). */
export interface HitColumns {
  readonly length: number;
  readonly time: Float64Array;
  readonly pos0: Uint16Array;
  readonly adc: Uint16Array;
  readonly pos1: Uint16Array;
  readonly ev: Uint16Array;
}

/** Arrivals smaller than this are not spilled (a run per few hits would cost more than it saves). */
export const MIN_RUN = 4096;
/** A streamed chunk is handed over in pieces of about this many hits, cut where a time cluster ends. */
const PIECE = 1 << 16;

/** The spill store and the budget shared by the pending lists of one analysis. */
export interface SpillContext {
  readonly store: SpillStore;
  /** Pending hits kept in memory (all lists) before arrivals are spilled. */
  readonly limit: number;
  /** Fewest arrivals spilled as one run (a quarter of the limit, at most 4096). */
  readonly minRun: number;
  /** Pending hits in memory now. */
  inMemory: number;
  /** Runs and hits written so far (tests, benchmarks). */
  runs: number;
  hits: number;
  /** Rounds that had to load spilled hits back (a tie that needs the exact sort). */
  reloads: number;
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

  /** Runs of arrivals on the spill store, oldest first, and their hits. */
  private runs: Run[] = [];
  private spilled = 0;

  /**
   * @param pad a pad plane: every tie between differing hits matters (see above).
   * @param spill where arrivals go beyond the memory budget (null: never spilled).
   */
  constructor(private readonly pad = false, private readonly spill: SpillContext | null = null) {}

  get length(): number {
    return this.tail - this.head + this.spilled;
  }

  /** Whether some of the list is on the spill store (the round then uses `streamFront`). */
  get hasRuns(): boolean {
    return this.runs.length > 0;
  }

  push(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
    const sp = this.spill;
    if (sp !== null && ++sp.inMemory > sp.limit && this.tail - this.head - this.sorted >= sp.minRun) this.spillArrivals();
    this.append(time, pos0, adc, pos1, ev);
  }

  private append(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
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
    let m = this.minNew;
    if (this.sorted > 0 && this.keys[this.head]! < m) m = this.keys[this.head]!;
    for (const r of this.runs) if (r.minKey < m) m = r.minKey;
    return m;
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
    this.ensureScratch(a);
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
    if (this.spill !== null) this.spill.inMemory -= k;
    this.head = h + k;
    this.sorted = Math.max(0, this.sorted - k);
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      P.length = 0;
      this.mergedTies = false;
    } else if (P.length > 4 * (this.tail - this.head) + 4096) this.compact();
  }

  /** Rebuilds the pool with the live tuples only, numbered in list order, at the start of the deque. */
  private compact(): void {
    const old = this.pool;
    const n = this.tail - this.head;
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

  /** Sorts the arrivals in memory into a run on the spill store and drops them from memory. */
  private spillArrivals(): void {
    const sp = this.spill!;
    const s = this.head + this.sorted;
    const a = this.tail - s;
    this.ensureScratch(a);
    const sk = this.scratchK;
    const si = this.scratchI;
    sk.set(this.keys.subarray(s, this.tail));
    for (let j = 0; j < a; j++) si[j] = j;
    stdSortF64Range(sk, si, 0, a);
    const c = (this.runCols ??= new HitList(a));
    c.reserve(a);
    const seq = (this.runSeq = this.runSeq && this.runSeq.length >= a ? this.runSeq : new Uint32Array(c.time.length));
    const P = this.pool;
    for (let j = 0; j < a; j++) {
      const p = si[j]!;
      const id = this.ids[s + p]!;
      c.pos0[j] = P.pos0[id]!;
      c.adc[j] = P.adc[id]!;
      c.pos1[j] = P.pos1[id]!;
      c.ev[j] = P.ev[id]!;
      seq[j] = p;
    }
    this.runs.push(writeRun(sp.store, sk, c.pos0, c.adc, c.pos1, c.ev, seq, a));
    sp.runs++;
    sp.hits += a;
    sp.inMemory -= a;
    this.spilled += a;
    this.tail = s;
    this.minNew = Infinity;
    if (this.head === this.tail) {
      this.head = this.tail = 0;
      P.length = 0;
    } else if (P.length > 4 * (this.tail - this.head) + 4096) this.compact();
  }

  /** Columns of a run being written, and the arrival positions (reused). */
  private runCols: HitList | null = null;
  private runSeq: Uint32Array | null = null;

  private ensureScratch(a: number): void {
    if (this.scratchK.length < a) {
      this.scratchK = new Float64Array(Math.max(a, 2 * this.scratchK.length));
      this.scratchI = new Int32Array(this.scratchK.length);
    }
  }

  /** The whole list merged in time order: leftovers, runs, arrivals (sorted in the scratch arrays). */
  private mergedCursor(): MergeCursor {
    const h = this.head;
    const s = h + this.sorted;
    const a = this.tail - s;
    this.ensureScratch(a);
    this.scratchK.set(this.keys.subarray(s, this.tail));
    this.scratchI.set(this.ids.subarray(s, this.tail));
    stdSortF64Range(this.scratchK, this.scratchI, 0, a);
    const cs: HitCursor[] = [new PoolCursor(this.keys, this.ids, h, s, this.pool)];
    for (const r of this.runs) cs.push(new RunCursor(this.spill!.store, r));
    cs.push(new PoolCursor(this.scratchK, this.scratchI, 0, a, this.pool));
    return new MergeCursor(cs);
  }

  /**
   * The round of a list with runs (§9.1 steps 3–5 without loading the runs): hands the hits
   * up to B and the dt chain after it, in time order, to `emit` in pieces cut where a time
   * cluster ends (so clustering sees what one chunk would give it), and keeps the rest as
   * the sorted leftovers (not at the final flush, after which nothing is read). Returns
   * false, having changed nothing but loaded the runs back, when the list holds a tie the
   * exact sort must order: the caller then sorts it as usual.
   */
  streamFront(B: number, dt: number, final: boolean, out: HitList, emit: (piece: HitList) => void): boolean {
    if (this.nan || this.mattersSomewhere()) {
      this.reload();
      return false;
    }
    const m = this.mergedCursor();
    out.length = 0;
    let b = B;
    let last = -Infinity;
    while (!m.done && (m.key <= B || m.key - b <= dt)) {
      if (out.length >= PIECE && m.key - last > dt) {
        emit(out);
        out.length = 0;
      }
      out.push(m.key, m.pos0, m.adc, m.pos1, m.ev);
      last = m.key;
      if (last > b) b = last;
      m.next();
    }
    if (out.length > 0) emit(out);
    // the leftovers, sorted, become the list in memory (a fresh pool)
    const sp = this.spill!;
    sp.inMemory -= this.tail - this.head;
    const keep = final ? null : this.spare;
    let n = 0;
    if (keep !== null) {
      keep.length = 0;
      for (; !m.done; m.next()) keep.push(m.key, m.pos0, m.adc, m.pos1, m.ev);
      n = keep.length;
    }
    this.runs = [];
    this.spilled = 0;
    this.pool.length = 0;
    if (keep !== null) {
      this.spare = this.pool;
      this.pool = keep;
    }
    if (this.keys.length < n) {
      this.keys = new Float64Array(n);
      this.ids = new Int32Array(n);
    }
    for (let i = 0; i < n; i++) {
      this.keys[i] = this.pool.time[i]!;
      this.ids[i] = i;
    }
    this.head = 0;
    this.tail = n;
    this.sorted = n;
    this.minNew = Infinity;
    this.mergedTies = true; // conservatively: the merge may have placed harmless ties
    sp.inMemory += n;
    return true;
  }

  /** Whether two equal-time hits anywhere in the list have an order the back half can see. */
  private mattersSomewhere(): boolean {
    const m = this.mergedCursor();
    // the current tie group's tuples (small)
    const g: number[] = [];
    let gk = NaN;
    for (; !m.done; m.next()) {
      if (m.key !== gk) {
        gk = m.key;
        g.length = 0;
      } else {
        for (let q = 0; q < g.length; q += 4) {
          const same = g[q + 1] === m.adc && g[q + 3] === m.ev && g[q + 2] === m.pos1;
          if (g[q] === m.pos0 ? !same : this.pad) return true;
        }
      }
      g.push(m.pos0, m.adc, m.pos1, m.ev);
    }
    return false;
  }

  /** Loads the runs back into memory in vmm-sdat's vector order (leftovers, then every arrival as it came). */
  private reload(): void {
    const sp = this.spill!;
    sp.reloads++;
    const s = this.head + this.sorted;
    // the arrivals still in memory came after every run
    const a = this.tail - s;
    this.ensureScratch(a);
    const lateK = this.scratchK.slice(0, a);
    lateK.set(this.keys.subarray(s, this.tail));
    const lateI = this.ids.slice(s, this.tail);
    this.tail = s;
    const runs = this.runs;
    this.runs = [];
    this.spilled = 0;
    for (const r of runs) {
      const c = new RunCursor(sp.store, r);
      const buf = new HitList(r.n);
      buf.length = r.n;
      for (; !c.done; c.next()) {
        const i = c.seq;
        buf.time[i] = c.key;
        buf.pos0[i] = c.pos0;
        buf.adc[i] = c.adc;
        buf.pos1[i] = c.pos1;
        buf.ev[i] = c.ev;
      }
      for (let i = 0; i < r.n; i++) this.pushInMemory(buf.time[i]!, buf.pos0[i]!, buf.adc[i]!, buf.pos1[i]!, buf.ev[i]!);
    }
    for (let i = 0; i < a; i++) {
      if (this.tail === this.keys.length) this.makeRoom();
      this.keys[this.tail] = lateK[i]!;
      this.ids[this.tail++] = lateI[i]!;
      if (lateK[i]! < this.minNew) this.minNew = lateK[i]!;
    }
  }

  /** `push` without the budget (reloading must not spill again). */
  private pushInMemory(time: number, pos0: number, adc: number, pos1: number, ev: number): void {
    this.spill!.inMemory++;
    this.append(time, pos0, adc, pos1, ev);
  }


  /** Room for one more pair at the tail: slide the deque to the front, or grow. */
  private makeRoom(): void {
    const n = this.tail - this.head;
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
