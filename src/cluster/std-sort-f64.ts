/**
 * `stdSort` (./std-sort.ts) specialised for the hot case "ascending by one f64 key":
 * sorts `keys[0..n)` and moves `ids[0..n)` along, with the comparisons inlined
 * instead of a comparator closure (≈ 4× faster). The sequence of comparisons and
 * moves is exactly libstdc++'s, so ties end in the same order as `stdSort` with
 * `less = (x, y) => key[x] < key[y]` (checked by test/cluster/std-sort.test.ts).
 */

const THRESHOLD = 16;

export function stdSortF64(keys: Float64Array, ids: Int32Array, n: number): void {
  stdSortF64Range(keys, ids, 0, n);
}

/** `std::sort(v.begin() + lo, v.begin() + hi)` on the pairs (keys, ids). */
export function stdSortF64Range(keys: Float64Array, ids: Int32Array, lo: number, hi: number): void {
  const n = hi - lo;
  if (n <= 1) return;
  introLoop(keys, ids, lo, hi, 2 * Math.floor(Math.log2(n)));
  if (n > THRESHOLD) {
    insertionSort(keys, ids, lo, lo + THRESHOLD);
    for (let i = lo + THRESHOLD; i < hi; i++) linearInsert(keys, ids, i);
  } else insertionSort(keys, ids, lo, hi);
}

function swap(k: Float64Array, d: Int32Array, i: number, j: number): void {
  const t = k[i]!;
  k[i] = k[j]!;
  k[j] = t;
  const u = d[i]!;
  d[i] = d[j]!;
  d[j] = u;
}

function introLoop(k: Float64Array, d: Int32Array, lo: number, hi: number, depth: number): void {
  while (hi - lo > THRESHOLD) {
    if (depth === 0) {
      heapSort(k, d, lo, hi);
      return;
    }
    depth--;
    // median of (lo+1, mid, hi-1) to lo
    const mid = lo + ((hi - lo) >> 1);
    const a = lo + 1;
    const c = hi - 1;
    const P = k[a]!;
    const Q = k[mid]!;
    const S = k[c]!;
    if (P < Q) {
      if (Q < S) swap(k, d, lo, mid);
      else if (P < S) swap(k, d, lo, c);
      else swap(k, d, lo, a);
    } else if (P < S) swap(k, d, lo, a);
    else if (Q < S) swap(k, d, lo, c);
    else swap(k, d, lo, mid);
    // unguarded partition around k[lo]
    const pv = k[lo]!;
    let f = lo + 1;
    let l = hi;
    for (;;) {
      while (k[f]! < pv) f++;
      l--;
      while (pv < k[l]!) l--;
      if (!(f < l)) break;
      swap(k, d, f, l);
      f++;
    }
    introLoop(k, d, f, hi, depth);
    hi = f;
  }
}

function insertionSort(k: Float64Array, d: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = k[i]!;
    if (v < k[lo]!) {
      const id = d[i]!;
      k.copyWithin(lo + 1, lo, i);
      d.copyWithin(lo + 1, lo, i);
      k[lo] = v;
      d[lo] = id;
    } else linearInsert(k, d, i);
  }
}

function linearInsert(k: Float64Array, d: Int32Array, i: number): void {
  const v = k[i]!;
  const id = d[i]!;
  let j = i - 1;
  while (v < k[j]!) {
    k[j + 1] = k[j]!;
    d[j + 1] = d[j]!;
    j--;
  }
  k[j + 1] = v;
  d[j + 1] = id;
}

function heapSort(k: Float64Array, d: Int32Array, lo: number, hi: number): void {
  let len = hi - lo;
  for (let parent = (len - 2) >> 1; parent >= 0; parent--) adjust(k, d, lo, parent, len, k[lo + parent]!, d[lo + parent]!);
  while (len > 1) {
    len--;
    const v = k[lo + len]!;
    const id = d[lo + len]!;
    k[lo + len] = k[lo]!;
    d[lo + len] = d[lo]!;
    adjust(k, d, lo, 0, len, v, id);
  }
}

function adjust(k: Float64Array, d: Int32Array, lo: number, hole: number, len: number, v: number, id: number): void {
  const top = hole;
  let child = hole;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (k[lo + child]! < k[lo + child - 1]!) child--;
    k[lo + hole] = k[lo + child]!;
    d[lo + hole] = d[lo + child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    k[lo + hole] = k[lo + child - 1]!;
    d[lo + hole] = d[lo + child - 1]!;
    hole = child - 1;
  }
  let parent = (hole - 1) >> 1;
  while (hole > top && k[lo + parent]! < v) {
    k[lo + hole] = k[lo + parent]!;
    d[lo + hole] = d[lo + parent]!;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  k[lo + hole] = v;
  d[lo + hole] = id;
}
