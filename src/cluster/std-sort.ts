/**
 * libstdc++'s `std::sort` (introsort + final insertion sort), transcribed from
 * analysis.md Appendix A, so that elements with equal keys end up in exactly the
 * order vmm-sdat's sorts produce. Time ties between hits are common (same BCID, TDC
 * and marker), and tie order changes cluster vectors, float sums and pad seeds.
 *
 * The sort permutes an Int32Array of element ids in place; `less(x, y)` compares the
 * elements with ids x and y. Because the algorithm's moves depend only on comparison
 * results, sorting ids reproduces exactly the permutation std::sort applies to the
 * elements themselves.
 */

export type Less = (x: number, y: number) => boolean;

const THRESHOLD = 16;

/** Sorts `a[0 .. n)` in place exactly as libstdc++ `std::sort(a, a + n, less)` does. */
export function stdSort(a: Int32Array, n: number, less: Less): void {
  if (n <= 1) return;
  introLoop(a, 0, n, 2 * Math.floor(Math.log2(n)), less);
  finalInsertion(a, 0, n, less);
}

function introLoop(a: Int32Array, lo: number, hi: number, depth: number, less: Less): void {
  while (hi - lo > THRESHOLD) {
    if (depth === 0) {
      heapSortRange(a, lo, hi, less);
      return;
    }
    depth--;
    const cut = partitionPivot(a, lo, hi, less);
    introLoop(a, cut, hi, depth, less);
    hi = cut;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

function partitionPivot(a: Int32Array, lo: number, hi: number, less: Less): number {
  const mid = lo + ((hi - lo) >> 1);
  medianToFront(a, lo, lo + 1, mid, hi - 1, less);
  return unguardedPartition(a, lo + 1, hi, lo, less);
}

function medianToFront(a: Int32Array, r: number, p: number, q: number, s: number, less: Less): void {
  const P = a[p]!;
  const Q = a[q]!;
  const S = a[s]!;
  if (less(P, Q)) {
    if (less(Q, S)) swap(a, r, q);
    else if (less(P, S)) swap(a, r, s);
    else swap(a, r, p);
  } else if (less(P, S)) swap(a, r, p);
  else if (less(Q, S)) swap(a, r, s);
  else swap(a, r, q);
}

function unguardedPartition(a: Int32Array, f: number, l: number, piv: number, less: Less): number {
  const pv = a[piv]!;
  for (;;) {
    while (less(a[f]!, pv)) f++;
    l--;
    while (less(pv, a[l]!)) l--;
    if (!(f < l)) return f;
    swap(a, f, l);
    f++;
  }
}

function finalInsertion(a: Int32Array, lo: number, hi: number, less: Less): void {
  if (hi - lo > THRESHOLD) {
    insertionSort(a, lo, lo + THRESHOLD, less);
    for (let i = lo + THRESHOLD; i < hi; i++) linearInsert(a, i, less);
  } else insertionSort(a, lo, hi, less);
}

function insertionSort(a: Int32Array, lo: number, hi: number, less: Less): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    if (less(v, a[lo]!)) {
      a.copyWithin(lo + 1, lo, i);
      a[lo] = v;
    } else linearInsert(a, i, less);
  }
}

function linearInsert(a: Int32Array, i: number, less: Less): void {
  const v = a[i]!;
  let j = i - 1;
  while (less(v, a[j]!)) {
    a[j + 1] = a[j]!;
    j--;
  }
  a[j + 1] = v;
}

function heapSortRange(a: Int32Array, lo: number, hi: number, less: Less): void {
  let len = hi - lo;
  for (let parent = (len - 2) >> 1; parent >= 0; parent--) adjust(a, lo, parent, len, a[lo + parent]!, less);
  while (len > 1) {
    len--;
    const v = a[lo + len]!;
    a[lo + len] = a[lo]!;
    adjust(a, lo, 0, len, v, less);
  }
}

function adjust(a: Int32Array, lo: number, hole: number, len: number, v: number, less: Less): void {
  const top = hole;
  let child = hole;
  while (child < (len - 1) >> 1) {
    child = 2 * (child + 1);
    if (less(a[lo + child]!, a[lo + child - 1]!)) child--;
    a[lo + hole] = a[lo + child]!;
    hole = child;
  }
  if ((len & 1) === 0 && child === (len - 2) >> 1) {
    child = 2 * (child + 1);
    a[lo + hole] = a[lo + child - 1]!;
    hole = child - 1;
  }
  let parent = (hole - 1) >> 1;
  while (hole > top && less(a[lo + parent]!, v)) {
    a[lo + hole] = a[lo + parent]!;
    hole = parent;
    parent = (hole - 1) >> 1;
  }
  a[lo + hole] = v;
}
