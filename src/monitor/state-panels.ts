/**
 * The ring-file monitor's panels for the `PanelStore`: every histogram and time
 * series of the PNG figures (monitoring.md §4.2–4.4), under the same legacy
 * titles, axis labels, colours and colour maps, plus the cluster positions and
 * image of the alternative position branches (`clusters pos0_utpc`, …, Dash's
 * `cluster_algorithm`, §7.1). Latest = the last committed file, total = since
 * start or reset (MonitorState). Platform-neutral.
 */
import { DetectorFileResult } from './file-panels.js';
import { positionLabel, type ClusterStats, type DetectorPanels } from './panels.js';
import type { MonitorState } from './state.js';
import type { Hist } from '../histograms/hist.js';
import type { TofPanels } from './tof.js';
import type { ColorRole, DetectorPanelSet, HistPanel, Panel, PanelTab, SeriesPanel } from '../web/panel-store.js';

/** Titles of the two time-series panels (as in det_stats_<id>.png). */
export const COMMON_TITLE = 'common clusters: plane 0 (blue), plane 1 (green)';
export const RATE_TITLE = 'rate: hit (dashed), cluster (solid)';

/** The panels of every monitored detector of `state`. */
export function statePanels(state: MonitorState): DetectorPanelSet[] {
  return state.detectors.map((d, i) => {
    const blank = new DetectorFileResult(d.id, state.binning);
    const latest = () => state.latest(i) ?? blank;
    const b = state.binning;
    const pos = [positionLabel(0, b), positionLabel(1, b)] as const;
    const panels: Panel[] = [];
    const hist = (
      tab: PanelTab,
      title: string,
      xLabel: string,
      yLabel: string,
      pick: (p: DetectorPanels, s: ClusterStats) => Hist,
      extra: Partial<Pick<HistPanel, 'color' | 'colormap' | 'logZ' | 'variant'>> = {},
    ) =>
      panels.push({
        type: 'hist',
        title,
        tab,
        xLabel,
        yLabel,
        ...extra,
        latest: () => pick(latest().panels, latest().stats),
        total: () => pick(d.total, d.totalStats),
      });
    const h1 = (tab: PanelTab, title: string, xLabel: string, color: ColorRole, pick: (p: DetectorPanels, s: ClusterStats) => Hist, variant?: string) =>
      hist(tab, title, xLabel, 'counts', pick, { color, ...(variant !== undefined ? { variant } : {}) });
    h1('hits', 'hits pos0', pos[0], 'plane0', (p) => p.hitsPos[0]);
    h1('hits', 'hits pos1', pos[1], 'plane1', (p) => p.hitsPos[1]);
    hist('hits', 'hits adc0', pos[0], 'adc', (p) => p.hitsAdc[0], { colormap: 'jet', logZ: true });
    hist('hits', 'hits adc1', pos[1], 'adc', (p) => p.hitsAdc[1], { colormap: 'jet', logZ: true });
    h1('clusters', 'clusters pos0', pos[0], 'plane0', (p) => p.clustersPos[0], '');
    h1('clusters', 'clusters pos1', pos[1], 'plane1', (p) => p.clustersPos[1], '');
    h1('clusters', 'clusters adc0+adc1', 'charge', 'combined', (p) => p.clustersCharge);
    hist('clusters', 'clusters pos1:pos0', pos[0], pos[1], (p) => p.clustersImage, { colormap: 'viridis', logZ: false, variant: '' });
    latest().panels.variants.forEach((v, k) => {
      const s = v.suffix;
      h1('clusters', `clusters pos0${s}`, pos[0], 'plane0', (p) => p.variants[k]!.pos[0], s);
      h1('clusters', `clusters pos1${s}`, pos[1], 'plane1', (p) => p.variants[k]!.pos[1], s);
      hist('clusters', `clusters pos1${s}:pos0${s}`, pos[0], pos[1], (p) => p.variants[k]!.image, { colormap: 'viridis', logZ: false, variant: s });
    });
    const st = (title: string, xLabel: string, color: ColorRole, pick: (s: ClusterStats) => Hist) => h1('stats', title, xLabel, color, (_p, s) => pick(s));
    st('clusters size0', 'size [strips]', 'plane0', (s) => s.size[0]);
    st('clusters size1', 'size [strips]', 'plane1', (s) => s.size[1]);
    st('clusters size0+size1', 'size [strips]', 'combined', (s) => s.sizeSum);
    st('delta time planes', 'time [ns]', 'combined', (s) => s.deltaTimePlanes);
    st('max_missing_strip0', 'strips', 'plane0', (s) => s.maxMissingStrip[0]);
    st('max_missing_strip1', 'strips', 'plane1', (s) => s.maxMissingStrip[1]);
    st('span_cluster0', 'time [ns]', 'plane0', (s) => s.span[0]);
    st('span_cluster1', 'time [ns]', 'plane1', (s) => s.span[1]);
    st('max_delta_time0', 'time [ns]', 'plane0', (s) => s.maxDeltaTime[0]);
    st('max_delta_time1', 'time [ns]', 'plane1', (s) => s.maxDeltaTime[1]);
    if (d.totalTof) {
      const tof = (title: string, color: ColorRole, pick: (t: TofPanels) => Hist, xLabel: string) =>
        panels.push({ type: 'hist', title, tab: 'tof', xLabel, yLabel: 'counts', color, latest: () => pick(latest().tof!), total: () => pick(d.totalTof!) });
      tof('hits x ToF', 'plane0', (t) => t.hitsTof[0], 'log10 ToF [s]');
      tof('hits y ToF', 'plane1', (t) => t.hitsTof[1], 'log10 ToF [s]');
      tof('clusters ToF', 'combined', (t) => t.clustersTof, 'log10 ToF [s]');
      tof('clusters energy', 'combined', (t) => t.energy, 'log10 Energy [eV]');
      tof('clusters wavelength', 'combined', (t) => t.wavelength, 'Wavelength [A]');
      panels.push({ type: 'hist', title: 'thermal image', tab: 'tof', xLabel: `x [${b.pitchMm} mm]`, yLabel: `y [${b.pitchMm} mm]`, colormap: 'magma_r', logZ: true, latest: () => latest().tof!.thermal, total: () => d.totalTof!.thermal });
    }
    const series = (title: string, yLabel: string, lines: SeriesPanel['lines'], keys: readonly ('common0' | 'common1' | 'hitRate' | 'clusterRate')[]): void => {
      panels.push({
        type: 'series',
        title,
        tab: 'stats',
        xLabel: 'time since start of acq [s]',
        yLabel,
        lines,
        values: () => {
          const a = d.series.toArrays();
          return { x: a.t, y: keys.map((k) => a[k]) };
        },
      });
    };
    series(COMMON_TITLE, 'percent [%]', [{ name: 'plane 0', color: 'plane0' }, { name: 'plane 1', color: 'plane1' }], ['common0', 'common1']);
    series(RATE_TITLE, 'rate [kHz]', [{ name: 'hit', color: 'rate', dash: 'dashed' }, { name: 'cluster', color: 'rate' }], ['hitRate', 'clusterRate']);
    return { id: d.id, panels };
  });
}
