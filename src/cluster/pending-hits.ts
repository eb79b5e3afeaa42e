/**
 * Hits waiting to be clustered, per (detector, plane) (analysis.md §8.5, §9.1):
 * struct-of-arrays of the tuple (time, pos0, adc-with-bit-15, pos1, event counter)
 * in the exact order vmm-sdat's vector holds them (sorted leftovers, then new
 * arrivals), because the whole list is re-sorted with std::sort in each round.
 */
import { stdSortF64 } from './std-sort-f64.js';

export class HitList {
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

  reserve(cap: number): void {
    if (cap <= this.time.length) return;
    const n = this.length;
    const t = new Float64Array(cap); t.set(this.time.subarray(0, n)); this.time = t;
    const p = new Uint16Array(cap); p.set(this.pos0.subarray(0, n)); this.pos0 = p;
    const a = new Uint16Array(cap); a.set(this.adc.subarray(0, n)); this.adc = a;
    const q = new Uint16Array(cap); q.set(this.pos1.subarray(0, n)); this.pos1 = q;
    const e = new Uint16Array(cap); e.set(this.ev.subarray(0, n)); this.ev = e;
  }

  /** Smallest time (min_element), +∞ when empty. */
  minTime(): number {
    let m = Infinity;
    const t = this.time;
    for (let i = 0; i < this.length; i++) if (t[i]! < m) m = t[i]!;
    return m;
  }

  /** Copies `src[i]` to this list's end. */
  pushFrom(src: HitList, i: number): void {
    this.push(src.time[i]!, src.pos0[i]!, src.adc[i]!, src.pos1[i]!, src.ev[i]!);
  }

  /**
   * Sorts by time ascending exactly as std::sort does, using `perm`/`scratch` as
   * work space (resized as needed).
   */
  sortByTime(work: SortWork): void {
    const n = this.length;
    const perm = work.perm(n);
    const keys = work.keys(n);
    keys.set(this.time.subarray(0, n));
    stdSortF64(keys, perm, n);
    this.applyPermutation(perm, work);
  }

  /** Reorders the list so that element k becomes old element perm[k] (copies through scratch). */
  applyPermutation(perm: Int32Array, work: SortWork): void {
    const n = this.length;
    const s = work.scratch(n);
    const { time, pos0, adc, pos1, ev } = this;
    const t2 = s.time, p2 = s.pos0, a2 = s.adc, q2 = s.pos1, e2 = s.ev;
    for (let k = 0; k < n; k++) {
      const j = perm[k]!;
      t2[k] = time[j]!;
      p2[k] = pos0[j]!;
      a2[k] = adc[j]!;
      q2[k] = pos1[j]!;
      e2[k] = ev[j]!;
    }
    // swap buffers with the scratch list
    s.time = time; s.pos0 = pos0; s.adc = adc; s.pos1 = pos1; s.ev = ev;
    this.time = t2; this.pos0 = p2; this.adc = a2; this.pos1 = q2; this.ev = e2;
    s.length = 0;
  }

  /** Moves the first k elements to `out` (replacing its content) and keeps the rest in order. */
  takeFront(k: number, out: HitList): void {
    out.length = 0;
    out.reserve(k);
    out.time.set(this.time.subarray(0, k));
    out.pos0.set(this.pos0.subarray(0, k));
    out.adc.set(this.adc.subarray(0, k));
    out.pos1.set(this.pos1.subarray(0, k));
    out.ev.set(this.ev.subarray(0, k));
    out.length = k;
    const n = this.length;
    this.time.copyWithin(0, k, n);
    this.pos0.copyWithin(0, k, n);
    this.adc.copyWithin(0, k, n);
    this.pos1.copyWithin(0, k, n);
    this.ev.copyWithin(0, k, n);
    this.length = n - k;
  }
}

/** Reusable work space for sorting: an identity permutation and a scratch list. */
export class SortWork {
  private p = new Int32Array(1024);
  private k = new Float64Array(1024);
  private s = new HitList(1024);

  /** A scratch f64 array of at least n elements. */
  keys(n: number): Float64Array {
    if (this.k.length < n) this.k = new Float64Array(Math.max(n, this.k.length * 2));
    return this.k;
  }

  perm(n: number): Int32Array {
    if (this.p.length < n) this.p = new Int32Array(Math.max(n, this.p.length * 2));
    for (let i = 0; i < n; i++) this.p[i] = i;
    return this.p;
  }

  scratch(n: number): HitList {
    if (this.s.time.length < n) this.s.reserve(Math.max(n, this.s.time.length * 2));
    return this.s;
  }
}
