/**
 * Histograms with ROOT's TH1D/TH2D semantics (binning, under/overflow, statistics),
 * so that the analysis histograms of analysis.md §14.5 can be written as ROOT
 * objects (root-file.md §9) and the monitor can accumulate and plot the same type.
 *
 * Storage: `contents` holds (nx + 2)·(ny + 2) cells including under/overflow,
 * index = bx + (nx + 2)·by, bx/by from 0 (underflow) to n + 1 (overflow).
 */

export interface Axis {
  readonly nbins: number;
  readonly min: number;
  readonly max: number;
  /** Axis title (ROOT's TAxis title), e.g. `x`. */
  title: string;
}

export function axis(nbins: number, min: number, max: number, title = ''): Axis {
  return { nbins, min, max, title };
}

/** ROOT TAxis::FindFixBin: 0 below, nbins + 1 at/above max (and for NaN), else 1 + int(n·(x − min)/(max − min)). */
export function findBin(a: Axis, x: number): number {
  if (x < a.min) return 0;
  if (!(x < a.max)) return a.nbins + 1;
  return 1 + Math.trunc((a.nbins * (x - a.min)) / (a.max - a.min));
}

abstract class HistBase {
  name: string;
  title: string;
  readonly contents: Float64Array;
  /** Per-cell sum of squared weights; null until a fill with weight ≠ 1 (ROOT's automatic Sumw2). */
  sumw2: Float64Array | null = null;
  entries = 0;
  tsumw = 0;
  tsumw2 = 0;
  tsumwx = 0;
  tsumwx2 = 0;

  constructor(name: string, title: string, ncells: number) {
    this.name = name;
    this.title = title;
    this.contents = new Float64Array(ncells);
  }

  protected addCell(cell: number, w: number): void {
    if (this.sumw2 === null && w !== 1) this.enableSumw2();
    this.contents[cell] = this.contents[cell]! + w;
    if (this.sumw2) this.sumw2[cell] = this.sumw2[cell]! + w * w;
  }

  /** Turns on per-cell squared weights, initialised from the contents (as ROOT's Sumw2()). */
  enableSumw2(): void {
    if (!this.sumw2) this.sumw2 = Float64Array.from(this.contents);
  }

  /** Sets all cells and statistics to zero. */
  reset(): void {
    this.contents.fill(0);
    if (this.sumw2) this.sumw2.fill(0);
    this.entries = this.tsumw = this.tsumw2 = this.tsumwx = this.tsumwx2 = 0;
    this.resetExtra();
  }

  /** The statistics sums in ROOT's order (entries, tsumw, tsumw2, tsumwx, tsumwx2[, tsumwy, tsumwy2, tsumwxy]), e.g. to cross a thread. */
  stats(): number[] {
    return [this.entries, this.tsumw, this.tsumw2, this.tsumwx, this.tsumwx2];
  }

  /** Sets the statistics sums from `stats()` of a histogram of the same kind. */
  setStats(s: readonly number[]): void {
    [this.entries, this.tsumw, this.tsumw2, this.tsumwx, this.tsumwx2] = s as [number, number, number, number, number];
  }

  protected abstract resetExtra(): void;
}

export class Hist1D extends HistBase {
  readonly kind = 'TH1D' as const;
  readonly x: Axis;
  private readonly nx: number;
  private readonly x0: number;
  private readonly x1: number;

  constructor(name: string, title: string, x: Axis) {
    super(name, title, x.nbins + 2);
    this.x = x;
    this.nx = x.nbins;
    this.x0 = x.min;
    this.x1 = x.max;
  }

  /** ROOT TH1::Fill(x, w): statistics only for in-range bins. Returns the bin. */
  fill(x: number, w = 1): number {
    this.entries++;
    const n = this.nx;
    const b = x < this.x0 ? 0 : !(x < this.x1) ? n + 1 : 1 + Math.trunc((n * (x - this.x0)) / (this.x1 - this.x0));
    this.addCell(b, w);
    if (b === 0 || b > n) return b;
    this.tsumw += w;
    this.tsumw2 += w * w;
    this.tsumwx += w * x;
    this.tsumwx2 += w * x * x;
    return b;
  }

  get(bx: number): number {
    return this.contents[bx]!;
  }

  /** Adds another histogram of identical binning (ROOT TH1::Add with c = 1). */
  add(o: Hist1D): void {
    sameAxis(this.x, o.x, this.name);
    addStats(this, o);
  }

  protected resetExtra(): void {}
}

export class Hist2D extends HistBase {
  readonly kind = 'TH2D' as const;
  readonly x: Axis;
  readonly y: Axis;
  tsumwy = 0;
  tsumwy2 = 0;
  tsumwxy = 0;
  private readonly nx: number;
  private readonly x0: number;
  private readonly x1: number;
  private readonly ny: number;
  private readonly y0: number;
  private readonly y1: number;

  constructor(name: string, title: string, x: Axis, y: Axis) {
    super(name, title, (x.nbins + 2) * (y.nbins + 2));
    this.x = x;
    this.y = y;
    this.nx = x.nbins;
    this.x0 = x.min;
    this.x1 = x.max;
    this.ny = y.nbins;
    this.y0 = y.min;
    this.y1 = y.max;
  }

  cell(bx: number, by: number): number {
    return bx + (this.x.nbins + 2) * by;
  }

  /** ROOT TH2::Fill(x, y, w). Returns the cell index. */
  fill(x: number, y: number, w = 1): number {
    this.entries++;
    const nx = this.nx;
    const ny = this.ny;
    const bx = x < this.x0 ? 0 : !(x < this.x1) ? nx + 1 : 1 + Math.trunc((nx * (x - this.x0)) / (this.x1 - this.x0));
    const by = y < this.y0 ? 0 : !(y < this.y1) ? ny + 1 : 1 + Math.trunc((ny * (y - this.y0)) / (this.y1 - this.y0));
    const c = bx + (nx + 2) * by;
    this.addCell(c, w);
    if (bx === 0 || bx > nx || by === 0 || by > ny) return c;
    this.tsumw += w;
    this.tsumw2 += w * w;
    this.tsumwx += w * x;
    this.tsumwx2 += w * x * x;
    this.tsumwy += w * y;
    this.tsumwy2 += w * y * y;
    this.tsumwxy += w * x * y;
    return c;
  }

  get(bx: number, by: number): number {
    return this.contents[this.cell(bx, by)]!;
  }

  add(o: Hist2D): void {
    sameAxis(this.x, o.x, this.name);
    sameAxis(this.y, o.y, this.name);
    addStats(this, o);
    this.tsumwy += o.tsumwy;
    this.tsumwy2 += o.tsumwy2;
    this.tsumwxy += o.tsumwxy;
  }

  protected resetExtra(): void {
    this.tsumwy = this.tsumwy2 = this.tsumwxy = 0;
  }

  override stats(): number[] {
    return [...super.stats(), this.tsumwy, this.tsumwy2, this.tsumwxy];
  }

  override setStats(s: readonly number[]): void {
    super.setStats(s);
    [this.tsumwy, this.tsumwy2, this.tsumwxy] = s.slice(5) as [number, number, number];
  }
}

export type Hist = Hist1D | Hist2D;

function sameAxis(a: Axis, b: Axis, name: string): void {
  if (a.nbins !== b.nbins || a.min !== b.min || a.max !== b.max)
    throw new Error(`histogram ${name}: cannot add, binning ${a.nbins}[${a.min},${a.max}) ≠ ${b.nbins}[${b.min},${b.max})`);
}

function addStats(t: HistBase, o: HistBase): void {
  if (o.sumw2 && !t.sumw2) t.enableSumw2();
  for (let i = 0; i < t.contents.length; i++) {
    t.contents[i] = t.contents[i]! + o.contents[i]!;
    if (t.sumw2) t.sumw2[i] = t.sumw2[i]! + (o.sumw2 ? o.sumw2[i]! : o.contents[i]!);
  }
  t.entries += o.entries;
  t.tsumw += o.tsumw;
  t.tsumw2 += o.tsumw2;
  t.tsumwx += o.tsumwx;
  t.tsumwx2 += o.tsumwx2;
}
