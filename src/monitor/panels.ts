/**
 * The histograms of the legacy monitor's figures for one detector
 * (monitoring.md §4.2–4.4), with their exact binnings:
 *
 * - `DetectorPanels`: the eight panels of "Last measurement" / "All measurements"
 *   (hit strips, hit strip × ADC maps, cluster positions, cluster charge, cluster
 *   image);
 * - `ClusterStats`: the ten histograms of "Cluster statistics" (sizes, plane time
 *   difference, missing strips, spans, max delta times).
 *
 * Both are plain sets of `Hist1D`/`Hist2D` (ROOT semantics: half-open bins,
 * under/overflow kept) with `add` and `reset`, so "latest", "total" and any
 * other temporality is the same type. Platform-neutral.
 */
import { axis, Hist1D, Hist2D, type Hist } from '../histograms/hist.js';
import type { TofOptions } from './tof.js';

/** Binning parameters of the panels (monitorData.py's editable parameters). */
export interface MonitorBinning {
  /** Strips of plane 0: bins (one per strip) over [0, channelsX). */
  readonly channelsX: number;
  /** Strips of plane 1. */
  readonly channelsY: number;
  /** Upper end of the cluster charge axis (ADC units of adc0 + adc1). */
  readonly maxCharge: number;
  /** Bins of the charge axis; the legacy monitor uses maxCharge × 0.1. */
  readonly chargeBins: number;
  /** ADC axis of the strip × ADC maps: `adcBins` bins over [0, adcMax) (legacy 128 over [0, 1024)). */
  readonly adcBins: number;
  readonly adcMax: number;
  /** Strip pitch written in the position axis labels (mm); the legacy labels say 0.4. */
  readonly pitchMm: number;
  /** Binning of the time-like cluster statistics. */
  readonly stats: StatsRanges;
  /** The time-of-flight page (monitoring.md §6), or null/absent when the data carry no ToF. */
  readonly tof?: TofOptions | null;
}

/** A uniform binning: `n` bins over [min, max). */
export type Range = readonly [n: number, min: number, max: number];

/** Binning of the cluster statistics whose natural range depends on the analysis cuts. */
export interface StatsRanges {
  /** time1 − time0 (ns). */
  readonly deltaTimePlanes: Range;
  /** span_cluster0/1 (ns). */
  readonly span: Range;
  /** max_delta_time0/1 (ns). */
  readonly maxDeltaTime: Range;
}

/** monitorData.py's fixed binnings: 10 ns bins, [−510, 500) and [−10, 500). */
export const LEGACY_STATS: StatsRanges = {
  deltaTimePlanes: [101, -510, 500],
  span: [51, -10, 500],
  maxDeltaTime: [51, -10, 500],
};

/**
 * Binnings tied to the analysis cuts (as the dash monitor ties them to dt/spc/dp), so
 * that every accepted value is inside: bin width cut/50, |time1 − time0| ≤ dp over
 * [−51w, 51w), span ≤ spc and max delta time ≤ dt over [−w, 51w).
 */
export function statsRangesFromCuts(dtNs: number, spcNs: number, dpNs: number): StatsRanges {
  const r = (cut: number, symmetric: boolean): Range => {
    const w = cut > 0 && Number.isFinite(cut) ? cut / 50 : 10;
    return symmetric ? [102, -51 * w, 51 * w] : [52, -w, 51 * w];
  };
  return { deltaTimePlanes: r(dpNs, true), span: r(spcNs, false), maxDeltaTime: r(dtNs, false) };
}

/** monitorData.py's defaults (64 channels per plane, max charge 10000 in 1000 bins). */
export const LEGACY_BINNING: MonitorBinning = {
  channelsX: 64,
  channelsY: 64,
  maxCharge: 10000,
  chargeBins: 1000,
  adcBins: 128,
  adcMax: 1024,
  pitchMm: 0.4,
  stats: LEGACY_STATS,
};

/** Returns `b` with the charge bins derived as the legacy monitor does (maxCharge × 0.1) when not given. */
export function binning(b: Partial<MonitorBinning>): MonitorBinning {
  const maxCharge = b.maxCharge ?? LEGACY_BINNING.maxCharge;
  return {
    ...LEGACY_BINNING,
    ...b,
    maxCharge,
    chargeBins: b.chargeBins ?? Math.max(1, Math.round(maxCharge * 0.1)),
  };
}

/** Position axis label of a plane, e.g. `x [pitch 0.4 mm]`. */
export function positionLabel(plane: 0 | 1, b: MonitorBinning): string {
  return `${plane === 0 ? 'x' : 'y'} [pitch ${b.pitchMm} mm]`;
}

/** The alternative cluster position branches of `clusters_detector` (Dash's `cluster_algorithm`). */
export const POSITION_VARIANTS = ['_utpc', '_charge2', '_algo'] as const;
export type PositionVariant = (typeof POSITION_VARIANTS)[number];

/** Cluster positions and image from one alternative position branch (`pos0_utpc`, …). */
export class VariantPanels {
  readonly pos: readonly [Hist1D, Hist1D];
  readonly image: Hist2D;
  constructor(
    readonly suffix: PositionVariant,
    pos: (p: 0 | 1) => ReturnType<typeof axis>,
  ) {
    this.pos = [new Hist1D(`clusters_pos0${suffix}`, `clusters pos0${suffix}`, pos(0)), new Hist1D(`clusters_pos1${suffix}`, `clusters pos1${suffix}`, pos(1))];
    this.image = new Hist2D(`clusters_image${suffix}`, `clusters pos1${suffix}:pos0${suffix}`, pos(0), pos(1));
  }
}

export class DetectorPanels {
  /** hits pos0 / pos1: strip of each hit, one bin per strip. */
  readonly hitsPos: readonly [Hist1D, Hist1D];
  /** hits adc0 / adc1: strip × ADC. */
  readonly hitsAdc: readonly [Hist2D, Hist2D];
  /** clusters pos0 / pos1: detector-cluster position per plane. */
  readonly clustersPos: readonly [Hist1D, Hist1D];
  /** clusters adc0+adc1: total charge of a detector cluster. */
  readonly clustersCharge: Hist1D;
  /** clusters pos1:pos0: the cluster image, x = pos0, y = pos1. */
  readonly clustersImage: Hist2D;
  /** The same positions and image from the `_utpc`, `_charge2`, `_algo` branches (live page selector). */
  readonly variants: readonly VariantPanels[];

  constructor(readonly binning: MonitorBinning) {
    const b = binning;
    const ch = [b.channelsX, b.channelsY] as const;
    const pos = (p: 0 | 1) => axis(ch[p], 0, ch[p], positionLabel(p, b));
    this.hitsPos = [new Hist1D('hits_pos0', 'hits pos0', pos(0)), new Hist1D('hits_pos1', 'hits pos1', pos(1))];
    this.hitsAdc = [
      new Hist2D('hits_adc0', 'hits adc0', pos(0), axis(b.adcBins, 0, b.adcMax, 'adc')),
      new Hist2D('hits_adc1', 'hits adc1', pos(1), axis(b.adcBins, 0, b.adcMax, 'adc')),
    ];
    this.clustersPos = [new Hist1D('clusters_pos0', 'clusters pos0', pos(0)), new Hist1D('clusters_pos1', 'clusters pos1', pos(1))];
    this.clustersCharge = new Hist1D('clusters_adc', 'clusters adc0+adc1', axis(b.chargeBins, 0, b.maxCharge, 'charge'));
    this.clustersImage = new Hist2D('clusters_image', 'clusters pos1:pos0', pos(0), pos(1));
    this.variants = POSITION_VARIANTS.map((v) => new VariantPanels(v, pos));
  }

  all(): Hist[] {
    return [...this.hitsPos, ...this.hitsAdc, ...this.clustersPos, this.clustersCharge, this.clustersImage, ...this.variants.flatMap((v) => [...v.pos, v.image])];
  }

  add(o: DetectorPanels): void {
    addAll(this.all(), o.all());
  }

  reset(): void {
    for (const h of this.all()) h.reset();
  }
}

export class ClusterStats {
  /** clusters size0 / size1: 32 bins over [−1, 31) (strips). */
  readonly size: readonly [Hist1D, Hist1D];
  /** clusters size0+size1: 64 bins over [−1, 63). */
  readonly sizeSum: Hist1D;
  /** delta time planes, time1 − time0: legacy 101 bins of 10 ns over [−510, 500). */
  readonly deltaTimePlanes: Hist1D;
  /** max_missing_strip0/1: 6 bins over [−1, 5). */
  readonly maxMissingStrip: readonly [Hist1D, Hist1D];
  /** span_cluster0/1: legacy 51 bins of 10 ns over [−10, 500). */
  readonly span: readonly [Hist1D, Hist1D];
  /** max_delta_time0/1: legacy 51 bins of 10 ns over [−10, 500). */
  readonly maxDeltaTime: readonly [Hist1D, Hist1D];

  constructor(ranges: StatsRanges = LEGACY_STATS) {
    const pair = (name: string, title: string, [n, lo, hi]: Range, unit: string) =>
      [new Hist1D(`${name}0`, `${title}0`, axis(n, lo, hi, unit)), new Hist1D(`${name}1`, `${title}1`, axis(n, lo, hi, unit))] as const;
    const [dn, dlo, dhi] = ranges.deltaTimePlanes;
    this.size = [new Hist1D('size0', 'clusters size0', axis(32, -1, 31, 'size [strips]')), new Hist1D('size1', 'clusters size1', axis(32, -1, 31, 'size [strips]'))];
    this.sizeSum = new Hist1D('size01', 'clusters size0+size1', axis(64, -1, 63, 'size [strips]'));
    this.deltaTimePlanes = new Hist1D('delta_time_planes', 'delta time planes', axis(dn, dlo, dhi, 'time [ns]'));
    this.maxMissingStrip = pair('max_missing_strip', 'max_missing_strip', [6, -1, 5], 'strips');
    this.span = pair('span_cluster', 'span_cluster', ranges.span, 'time [ns]');
    this.maxDeltaTime = pair('max_delta_time', 'max_delta_time', ranges.maxDeltaTime, 'time [ns]');
  }

  all(): Hist1D[] {
    return [...this.size, this.sizeSum, this.deltaTimePlanes, ...this.maxMissingStrip, ...this.span, ...this.maxDeltaTime];
  }

  add(o: ClusterStats): void {
    addAll(this.all(), o.all());
  }

  reset(): void {
    for (const h of this.all()) h.reset();
  }
}

function addAll(a: Hist[], b: Hist[]): void {
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    if (t instanceof Hist1D) t.add(b[i] as Hist1D);
    else t.add(b[i] as Hist2D);
  }
}
