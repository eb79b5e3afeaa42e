/**
 * The NMX tiling of the Clusters page (spec monitoring §7.6), built in the
 * browser from the per-detector histograms: detector k's (k = index in the
 * order of the monitored detectors) position histogram is moved by the x or y
 * offset when k is in that axis' shift list, and the detectors are summed into
 * one histogram over the tiled range. The move is by whole bins, so it is exact
 * only when the offset is a multiple of the bin width; `tileAxis` says when not.
 */

export interface Axis {
  bins: number;
  lo: number;
  hi: number;
}

export interface TilingSettings {
  xOffset: number;
  yOffset: number;
  /** Detector indices (order of the monitored detectors) shifted in x / in y. */
  shiftX: number[];
  shiftY: number[];
}

export const TILING_DEFAULTS: TilingSettings = { xOffset: 1280, yOffset: 1280, shiftX: [2, 3], shiftY: [1, 3] };

/** Bin shift of each detector and the tiled axis; an error text when the offset is no whole number of bins. */
export function tileAxis(x: Axis, offset: number, shift: number[], ndet: number): { axis: Axis; shifts: number[] } | { error: string } {
  const w = (x.hi - x.lo) / x.bins;
  const k = offset / w;
  if (!Number.isInteger(k) || k < 0) return { error: `offset ${offset} is not a whole number of bins (bin width ${w}): not tiled` };
  const shifts = Array.from({ length: ndet }, (_, d) => (shift.includes(d) ? k : 0));
  const most = Math.max(0, ...shifts);
  return { axis: { bins: x.bins + most, lo: x.lo, hi: x.hi + most * w }, shifts };
}

/** Sum of the detectors' histograms, each moved by its bin shift, over `bins` bins. */
export function tileCounts(cs: Float64Array[], shifts: number[], bins: number): Float64Array {
  const out = new Float64Array(bins);
  cs.forEach((c, d) => {
    const s = shifts[d] ?? 0;
    for (let i = 0; i < c.length; i++) out[i + s]! += c[i]!;
  });
  return out;
}

/** Bin-wise sum (the untiled heatmap of all detectors). */
export function sumCounts(cs: Float64Array[]): Float64Array {
  const out = new Float64Array(cs[0]?.length ?? 0);
  for (const c of cs) for (let i = 0; i < c.length; i++) out[i]! += c[i]!;
  return out;
}

/** "2, 3" → [2, 3]; null when not a list of non-negative integers. */
export function parseIndices(s: string): number[] | null {
  const t = s.trim();
  if (!t) return [];
  const v = t.split(/[\s,]+/).map(Number);
  return v.every((n) => Number.isInteger(n) && n >= 0) ? v : null;
}
