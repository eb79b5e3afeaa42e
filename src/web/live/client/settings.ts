/**
 * The live page's view settings — tab, view (latest / total / both rows),
 * position branch, detector layouts and NMX tiling offsets, log y, z scale, palette, colour map, and per panel its log
 * override, its own view and its zoom — kept in localStorage (and the tab in
 * the URL fragment), so that a reload shows the page as it was left.
 */

import { TILING_DEFAULTS, type TilingSettings } from './tiling.js';

export type Tab = 'hits' | 'clusters' | 'stats' | 'tof';
export type RowView = 'latest' | 'total';

export interface Zoom {
  x0: number;
  x1: number;
  y0?: number;
  y1?: number;
}

export interface PanelSettings {
  logY?: boolean;
  logZ?: boolean;
  view?: RowView;
  zoom?: Zoom;
}

export interface Settings {
  tab: Tab;
  view: RowView | 'both';
  variant: string;
  logY: boolean;
  /** 2-D colour scale: as the PNG figures (log for strip × ADC, linear for the image), or forced. */
  z: 'legacy' | 'log' | 'linear';
  palette: string;
  colormap: string;
  /** Several detectors on the Statistics tab: one block each, or one panel with a line per detector (overlaid or stacked). */
  detectors: 'blocks' | 'overlaid' | 'stacked';
  /** Several detectors on the Clusters tab: one block each, or the NMX tiling (spec monitoring §7.6). */
  clusterLayout: 'blocks' | 'nmx';
  tiling: TilingSettings;
  panels: Record<string, PanelSettings>;
}

const KEY = 'vmmscope.live.v1';
export const TABS: readonly Tab[] = ['hits', 'clusters', 'stats', 'tof'];

export function defaults(): Settings {
  return { tab: 'hits', view: 'both', variant: '', logY: false, z: 'legacy', palette: 'legacy', colormap: 'legacy', detectors: 'blocks', clusterLayout: 'blocks', tiling: { ...TILING_DEFAULTS }, panels: {} };
}

export function loadSettings(): Settings {
  const s = defaults();
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) Object.assign(s, JSON.parse(raw) as Partial<Settings>);
  } catch {
    // unreadable: defaults
  }
  const h = location.hash.slice(1) as Tab;
  if (TABS.includes(h)) s.tab = h;
  if (!TABS.includes(s.tab)) s.tab = 'hits';
  return s;
}

export function saveSettings(s: Settings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(s));
  } catch {
    // storage full or disabled: the page still works
  }
  if (location.hash.slice(1) !== s.tab) history.replaceState(null, '', `#${s.tab}`);
}

export function panelSettings(s: Settings, key: string): PanelSettings {
  return (s.panels[key] ??= {});
}
