/**
 * The monitor's shared server-side state as seen by the live page and the
 * histogram API: per detector a set of named panels — histograms with a
 * *latest* and a *total* view, and time series — plus a change notification.
 * A producer (the ring-file monitor today; the live UDP stream and the health
 * metrics later) registers its panels once and calls `notify` after each
 * change; consumers (`/api/histograms`, the WebSocket push) read the panels
 * when notified. Panels are getters over the producer's own histograms, so
 * nothing is copied until a consumer serialises it. Platform-neutral.
 */
import type { Hist } from '../histograms/hist.js';

/** The page tab a panel belongs to. */
export type PanelTab = 'hits' | 'clusters' | 'stats' | 'tof';
/** Colour roles of the legacy monitor (mapped onto the selected palette by the page). */
export type ColorRole = 'plane0' | 'plane1' | 'combined' | 'rate';

export interface HistPanel {
  readonly type: 'hist';
  /** Legacy panel title, e.g. `hits pos0`, the key of the histogram API. */
  readonly title: string;
  readonly tab: PanelTab;
  readonly xLabel: string;
  readonly yLabel: string;
  /** 1-D: colour of the bars; 2-D: unused. */
  readonly color?: ColorRole;
  /** 2-D: default colour map and log colour scale (as the PNG figures). */
  readonly colormap?: string;
  readonly logZ?: boolean;
  /** Cluster position branch (`''` plain, `_utpc`, …) when the panel depends on it. */
  readonly variant?: string;
  /** The latest file's histogram (an empty one before the first file). */
  latest(): Hist;
  /** Since start or the last reset; null when the panel has only a latest view. */
  total(): Hist | null;
}

export interface SeriesLine {
  readonly name: string;
  readonly color: ColorRole;
  readonly dash?: 'dashed';
}

export interface SeriesPanel {
  readonly type: 'series';
  readonly title: string;
  readonly tab: PanelTab;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly SeriesLine[];
  /** Current points: x (s since start) and one y array per line, in `lines` order; NaN = undefined point. */
  values(): { x: Float64Array; y: Float64Array[] };
}

export type Panel = HistPanel | SeriesPanel;

export interface DetectorPanelSet {
  readonly id: number;
  readonly panels: readonly Panel[];
}

/** What changed: histogram data (a file was committed, a reset), or only the status. */
export type StoreChange = 'data' | 'status';

export class PanelStore {
  private readonly listeners = new Set<(c: StoreChange) => void>();
  /** Bumped on every data change. */
  version = 0;

  constructor(readonly detectors: readonly DetectorPanelSet[]) {}

  detector(id: number): DetectorPanelSet | undefined {
    return this.detectors.find((d) => d.id === id);
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(fn: (c: StoreChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(change: StoreChange): void {
    if (change === 'data') this.version++;
    for (const fn of this.listeners) fn(change);
  }
}
