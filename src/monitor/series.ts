/**
 * Fixed-length rolling windows of per-file values (the monitor's time series,
 * monitoring.md §4.1: one point per analysed file, 200 points by default).
 * Unlike the legacy monitor the window is not pre-filled with zeros: it holds
 * only real points, so the first plots show no fake flat line from x = 0
 * (docs/monitoring.md, decision on §4.1). Storage is one Float64Array ring per
 * channel; `toArrays` copies out in time order. Platform-neutral.
 */

export class RollingSeries<K extends string> {
  private readonly data: Record<K | 't', Float64Array>;
  private start = 0;
  /** Number of points held (≤ capacity). */
  length = 0;

  constructor(
    readonly channels: readonly K[],
    readonly capacity = 200,
  ) {
    if (!(capacity >= 1)) throw new RangeError(`series capacity ${capacity} < 1`);
    const d = { t: new Float64Array(capacity) } as Record<K | 't', Float64Array>;
    for (const k of channels) d[k] = new Float64Array(capacity);
    this.data = d;
  }

  /** Appends a point at time `t` (values missing from `v` are NaN); drops the oldest when full. */
  push(t: number, v: Partial<Record<K, number>>): void {
    let i: number;
    if (this.length < this.capacity) i = (this.start + this.length++) % this.capacity;
    else {
      i = this.start;
      this.start = (this.start + 1) % this.capacity;
    }
    this.data.t[i] = t;
    for (const k of this.channels) this.data[k][i] = v[k] ?? NaN;
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
  }

  /** Copies the points in time order: `t` plus one array per channel, each `length` long. */
  toArrays(): Record<K | 't', Float64Array> {
    const out = {} as Record<K | 't', Float64Array>;
    for (const k of ['t' as const, ...this.channels]) {
      const src = this.data[k];
      const a = new Float64Array(this.length);
      for (let j = 0; j < this.length; j++) a[j] = src[(this.start + j) % this.capacity]!;
      out[k] = a;
    }
    return out;
  }

  /** The newest value of a channel, or NaN when empty. */
  last(k: K | 't'): number {
    return this.length ? this.data[k][(this.start + this.length - 1) % this.capacity]! : NaN;
  }
}
