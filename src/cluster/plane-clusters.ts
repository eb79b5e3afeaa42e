/**
 * Plane clusters (analysis.md §11.3) live in one struct-of-arrays arena; lists (the
 * per-plane "new cluster" and "match" lists of §9.2) hold arena indices. Clusters are
 * appended as they are emitted and die once written; `compact(live)` moves the live
 * ones to the front so memory stays proportional to what is pending, not to the run.
 *
 * The u16 members hold exactly what vmm-sdat's ClusterPlane struct holds (wrapped
 * values), because matching computes charge ratios and size sums from them.
 */

const MIN_CAP = 1024;

export class PlaneClusterStore {
  count = 0;
  private cap = MIN_CAP;
  id = new Float64Array(MIN_CAP);
  det = new Uint8Array(MIN_CAP);
  plane = new Uint8Array(MIN_CAP);
  size = new Uint16Array(MIN_CAP);
  adc = new Uint16Array(MIN_CAP);
  time = new Float64Array(MIN_CAP);
  timeUtpc = new Float64Array(MIN_CAP);
  timeCharge2 = new Float64Array(MIN_CAP);
  timeAlgo = new Float64Array(MIN_CAP);
  pos = new Float64Array(MIN_CAP);
  posUtpc = new Float64Array(MIN_CAP);
  posCharge2 = new Float64Array(MIN_CAP);
  posAlgo = new Float64Array(MIN_CAP);
  coincidence = new Uint8Array(MIN_CAP);
  maxDeltaTime = new Uint16Array(MIN_CAP);
  maxMissingStrip = new Uint16Array(MIN_CAP);
  spanCluster = new Uint16Array(MIN_CAP);
  eventCounter = new Uint16Array(MIN_CAP);
  /** Start of the cluster's elements in the vector heap, and their number. */
  vecStart = new Uint32Array(MIN_CAP);
  vecLen = new Uint32Array(MIN_CAP);
  /** Vector heap: strips, times, adcs of all clusters, `vecUsed` elements in use. */
  strips = new Float64Array(MIN_CAP * 8);
  times = new Float64Array(MIN_CAP * 8);
  adcs = new Float64Array(MIN_CAP * 8);
  vecUsed = 0;

  /** Appends a cluster with `n` vector elements; the caller fills the fields and heap slots. */
  add(n: number): number {
    if (this.count === this.cap) this.grow(this.cap * 2);
    if (this.vecUsed + n > this.strips.length) this.growHeap(Math.max(this.strips.length * 2, this.vecUsed + n));
    const i = this.count++;
    this.vecStart[i] = this.vecUsed;
    this.vecLen[i] = n;
    this.vecUsed += n;
    this.coincidence[i] = 0;
    return i;
  }

  /** Appends a copy of cluster `c` (same id and values) assigned to `plane`; returns its index. */
  copy(c: number, plane: number): number {
    const n = this.vecLen[c]!;
    const i = this.add(n);
    for (const a of this.scalarArrays()) a[i] = a[c]!;
    this.plane[i] = plane;
    this.coincidence[i] = 0;
    const from = this.vecStart[c]!;
    const to = this.vecStart[i]!;
    this.strips.copyWithin(to, from, from + n);
    this.times.copyWithin(to, from, from + n);
    this.adcs.copyWithin(to, from, from + n);
    return i;
  }

  /**
   * Keeps only the clusters listed in `lists` (each an index list with its length),
   * moving them to the front in index order, and rewrites the lists in place.
   */
  compact(lists: readonly IndexList[]): void {
    const live: number[] = [];
    for (const l of lists) for (let k = 0; k < l.length; k++) live.push(l.items[k]!);
    live.sort((a, b) => a - b);
    const remap = new Map<number, number>();
    let heap = 0;
    live.forEach((old, k) => {
      if (remap.has(old)) return;
      const nw = remap.size;
      remap.set(old, nw);
      this.moveRow(old, nw, heap);
      heap += this.vecLen[nw]!;
      void k;
    });
    this.count = remap.size;
    this.vecUsed = heap;
    for (const l of lists) for (let k = 0; k < l.length; k++) l.items[k] = remap.get(l.items[k]!)!;
  }

  private moveRow(from: number, to: number, heapTo: number): void {
    const n = this.vecLen[from]!;
    const s = this.vecStart[from]!;
    if (s !== heapTo) {
      this.strips.copyWithin(heapTo, s, s + n);
      this.times.copyWithin(heapTo, s, s + n);
      this.adcs.copyWithin(heapTo, s, s + n);
    }
    if (from !== to) {
      for (const a of this.scalarArrays()) a[to] = a[from]!;
    }
    this.vecStart[to] = heapTo;
    this.vecLen[to] = n;
  }

  private scalarArrays(): (Float64Array | Uint8Array | Uint16Array | Uint32Array)[] {
    return [
      this.id, this.det, this.plane, this.size, this.adc, this.time, this.timeUtpc, this.timeCharge2, this.timeAlgo,
      this.pos, this.posUtpc, this.posCharge2, this.posAlgo, this.coincidence, this.maxDeltaTime, this.maxMissingStrip,
      this.spanCluster, this.eventCounter,
    ];
  }

  private grow(cap: number): void {
    const g = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array>(a: T): T => {
      const n = new (a.constructor as new (n: number) => T)(cap);
      n.set(a as never);
      return n;
    };
    this.id = g(this.id); this.det = g(this.det); this.plane = g(this.plane); this.size = g(this.size);
    this.adc = g(this.adc); this.time = g(this.time); this.timeUtpc = g(this.timeUtpc);
    this.timeCharge2 = g(this.timeCharge2); this.timeAlgo = g(this.timeAlgo); this.pos = g(this.pos);
    this.posUtpc = g(this.posUtpc); this.posCharge2 = g(this.posCharge2); this.posAlgo = g(this.posAlgo);
    this.coincidence = g(this.coincidence); this.maxDeltaTime = g(this.maxDeltaTime);
    this.maxMissingStrip = g(this.maxMissingStrip); this.spanCluster = g(this.spanCluster);
    this.eventCounter = g(this.eventCounter); this.vecStart = g(this.vecStart); this.vecLen = g(this.vecLen);
    this.cap = cap;
  }

  private growHeap(n: number): void {
    for (const k of ['strips', 'times', 'adcs'] as const) {
      const a = new Float64Array(n);
      a.set(this[k].subarray(0, this.vecUsed));
      this[k] = a;
    }
  }
}

/** A growable list of int32 items (arena indices). */
export class IndexList {
  items = new Int32Array(64);
  length = 0;

  push(v: number): void {
    if (this.length === this.items.length) {
      const n = new Int32Array(this.items.length * 2);
      n.set(this.items);
      this.items = n;
    }
    this.items[this.length++] = v;
  }

  clear(): void {
    this.length = 0;
  }

  /** Removes the first `k` items, keeping the order of the rest. */
  dropFront(k: number): void {
    this.items.copyWithin(0, k, this.length);
    this.length -= k;
  }

  reserve(n: number): void {
    if (n > this.items.length) {
      const a = new Int32Array(Math.max(n, this.items.length * 2));
      a.set(this.items.subarray(0, this.length));
      this.items = a;
    }
  }
}
