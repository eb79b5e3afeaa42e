/**
 * The live monitor page (bundled as `/live.js`): tabs Hits / Clusters /
 * Statistics with one block per detector, each panel under its legacy title
 * with its latest / total view (or both rows, as Dash), global and per-panel log
 * scales, palettes, colour maps, the cluster position branch, pause, reset of
 * the server's totals (confirmed), PNG and CSV downloads. Data arrive pushed
 * (`connection.ts`); 1-D panels and series are uPlot (`uplot-view.ts`), maps
 * the PNG renderer's canvas code (`heatmap-view.ts`). `window.__vmmscopeLive`
 * exposes redraw timings and counters for the tests and the benchmark.
 */
import { COLORMAPS, colormapCss } from '../../../plots/colormaps.js';
import { DEFAULT_STYLE } from '../../../plots/context.js';
import { detectorColor, PALETTE_NAMES, PALETTES, roleColor } from '../../../plots/palettes.js';
import type { DecodedFrame } from '../frame.js';
import { Connection, type Layout, type PanelMeta } from './connection.js';
import { HeatmapView } from './heatmap-view.js';
import { loadSettings, panelSettings, saveSettings, TABS, type RowView, type Tab } from './settings.js';
import { statusHtml } from './status.js';
import { parseIndices, sumCounts, tileAxis, tileCounts, type Axis } from './tiling.js';
import { UplotView } from './uplot-view.js';

const FAMILY = '"vmmscope DejaVu Sans", "DejaVu Sans", Verdana, sans-serif';
const STYLE = { ...DEFAULT_STYLE, family: FAMILY };
const FONT = `12px ${FAMILY}`;
const TAB_LABELS: Record<Tab, string> = { hits: 'Hits', clusters: 'Clusters', stats: 'Statistics', tof: 'Time of flight' };
const VARIANTS: [string, string][] = [['', 'pos (plain)'], ['_utpc', 'pos_utpc'], ['_charge2', 'pos_charge2'], ['_algo', 'pos_algo']];
const PANEL_HEIGHT = 290;

interface Box {
  key: string;
  det: number;
  meta: PanelMeta;
  view: RowView;
  plot: UplotView | HeatmapView;
  update(): void;
}

const settings = loadSettings();
let layout: Layout | null = null;
let layoutKey = '';
const hists = new Map<string, Float64Array>();
const series = new Map<string, { x: Float64Array; y: Float64Array[] }>();
let boxes: Box[] = [];
const combinedShown = new Map<string, Float64Array>();
let paused = false;
let pending: DecodedFrame | null = null;
let lastStatus: unknown = null;
let connected = false;
let attempt = 0;
const perf = {
  frames: 0,
  lastBytes: 0,
  lastRedrawMs: 0,
  lastPanelMaxMs: 0,
  panels: 0,
  connects: 0,
  builds: 0,
  version: -1,
  /** Shown ranges of every panel, by panel key `det|title|slot`. */
  scales: () => Object.fromEntries(boxes.map((b) => [b.key, b.plot.current()])),
  /** A histogram's bins as last received. */
  hist: (det: number, title: string, view: string) => Array.from(hists.get(hkey(det, title, view)) ?? []),
  /** Bins last drawn by a combined (NMX tiling) panel, by panel key `nmx|title|slot`. */
  combined: (key: string) => Array.from(combinedShown.get(key) ?? []),
  /** Sum of a histogram's bins as last received. */
  sum: (det: number, title: string, view: string) => (hists.get(hkey(det, title, view)) ?? new Float64Array(0)).reduce((a, v) => a + v, 0),
  /**
   * Main-thread time (ms) to redraw the whole page and each panel from the data held, uPlot's
   * deferred commit included (it runs in a microtask, before the next task): mean over `n` rounds.
   */
  bench: async (n: number) => {
    // a macrotask boundary without timer clamping (nested setTimeout waits ≥ 4 ms)
    const ch = new MessageChannel();
    const tick = () => new Promise<void>((r) => ((ch.port1.onmessage = () => r()), ch.port2.postMessage(0)));
    let page = 0;
    const panel = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      await tick();
      const t0 = performance.now();
      redraw();
      await tick();
      page += performance.now() - t0;
      for (const b of boxes) {
        await tick();
        const t1 = performance.now();
        b.update();
        await tick();
        panel.set(b.key, (panel.get(b.key) ?? 0) + performance.now() - t1);
      }
    }
    const per = [...panel.values()].map((v) => v / n).sort((a, b) => a - b);
    return { pageMs: page / n, panels: per.length, panelMedianMs: per[per.length >> 1] ?? 0, panelMaxMs: per[per.length - 1] ?? 0 };
  },
};
(window as unknown as { __vmmscopeLive: typeof perf }).__vmmscopeLive = perf;

const $ = (id: string) => document.getElementById(id)!;
const hkey = (det: number, title: string, view: string) => `${det}\u0000${title}\u0000${view}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function save(): void {
  saveSettings(settings);
}

/** Titles of a tab's panels for one detector, in page order. */
function tabPanels(det: { panels: PanelMeta[] }, tab: Tab): PanelMeta[] {
  const v = settings.variant;
  const by = (t: string) => det.panels.find((p) => p.title === t);
  if (tab === 'hits') return ['hits pos0', 'hits pos1', 'hits adc0', 'hits adc1'].map(by).filter((p): p is PanelMeta => !!p);
  if (tab === 'clusters') return [`clusters pos0${v}`, `clusters pos1${v}`, 'clusters adc0+adc1', `clusters pos1${v}:pos0${v}`].map(by).filter((p): p is PanelMeta => !!p);
  return det.panels.filter((p) => p.tab === tab);
}

function effLogY(key: string): boolean {
  return panelSettings(settings, key).logY ?? settings.logY;
}

function effLogZ(key: string, m: PanelMeta): boolean {
  return panelSettings(settings, key).logZ ?? (settings.z === 'legacy' ? !!m.logZ : settings.z === 'log');
}

/**
 * One panel: of detector `dets[0]`, or (several `dets`, Statistics tab) one line per detector,
 * overlaid or stacked (each line the sum of the detectors up to it).
 */
/** How an NMX-tiling panel combines the detectors: tiled by bin shifts, or summed (the untiled map). */
type Combine = { kind: 'tile'; axis: Axis; shifts: number[] } | { kind: 'sum' };

function makeBox(host: HTMLElement, dets: number[], m: PanelMeta, slot: string, view: RowView, width: number, stacked = false, combine?: Combine): Box {
  const det = dets[0]!;
  const multi = dets.length > 1 && !combine;
  const key = `${combine ? 'nmx' : multi ? 'all' : det}|${m.title}|${slot}`;
  const ps = panelSettings(settings, key);
  const wrap = el('div', { class: 'panel', 'data-det': dets.join(','), 'data-title': m.title, 'data-view': m.type === 'series' ? 'series' : view });
  const bar = el('div', { class: 'bar' });
  const readout = el('span', { class: 'readout' });
  const plotEl = el('div', { class: 'plot' });
  wrap.append(bar, plotEl);
  host.append(wrap);
  const onZoom = (z: typeof ps.zoom | null) => {
    if (z) ps.zoom = z;
    else delete ps.zoom;
    save();
  };
  const onReadout = (t: string) => (readout.textContent = t);
  let plot: UplotView | HeatmapView;
  let update: () => void;
  const is2d = m.kind === 'h2';
  if (m.type === 'series') {
    const lines = dets.flatMap((d, k) =>
      (m.lines ?? []).map((l) => ({ color: multi ? detectorColor(settings.palette, l.color, k) : roleColor(settings.palette, l.color), dash: l.dash === 'dashed', label: multi ? `det ${d} ${l.name}` : l.name })),
    );
    const u = new UplotView(plotEl, { title: m.title, xLabel: m.xLabel, yLabel: m.yLabel, kind: 'series', lines, fill: false, logY: effLogY(key), width, height: PANEL_HEIGHT, font: FONT, xRange: null, zoom: ps.zoom ?? null, onZoom, onReadout });
    plot = u;
    update = () => {
      const all = dets.map((d) => series.get(hkey(d, m.title, '')));
      if (all.every((s) => s)) u.setData({ x: all[0]!.x, y: all.flatMap((s) => s!.y) });
    };
  } else if (is2d) {
    const cm = COLORMAPS[settings.colormap === 'legacy' ? m.colormap ?? 'viridis' : settings.colormap] ?? COLORMAPS.viridis!;
    const h = new HeatmapView(plotEl, { title: m.title, xLabel: m.xLabel, yLabel: m.yLabel, x: m.x!, y: m.y!, colormap: cm, logZ: effLogZ(key, m), width, height: PANEL_HEIGHT + 30, style: STYLE, zoom: ps.zoom ?? null, onZoom, onReadout });
    plot = h;
    update = () => {
      const cs = dets.map((d) => hists.get(hkey(d, m.title, view)));
      if (!cs.every((c) => c)) return;
      const c = combine ? sumCounts(cs as Float64Array[]) : cs[0]!;
      if (combine) combinedShown.set(key, c);
      h.setData(c);
    };
  } else {
    const x = combine?.kind === 'tile' ? combine.axis : m.x!;
    const edges = Float64Array.from({ length: x.bins + 1 }, (_, i) => x.lo + ((x.hi - x.lo) * i) / x.bins);
    const role = m.color ?? 'combined';
    const lines = multi ? dets.map((d, k) => ({ color: detectorColor(settings.palette, role, k), label: `det ${d}` })) : [{ color: roleColor(settings.palette, role), label: m.title }];
    const u = new UplotView(plotEl, { title: m.title, xLabel: m.xLabel, yLabel: m.yLabel, kind: 'hist', lines, fill: view === 'latest', logY: effLogY(key), width, height: PANEL_HEIGHT, font: FONT, xRange: [x.lo, x.hi], zoom: ps.zoom ?? null, onZoom, onReadout });
    plot = u;
    update = () => {
      const cs = dets.map((d) => hists.get(hkey(d, m.title, view)));
      if (!cs.every((c) => c)) return;
      let y = cs as Float64Array[];
      if (combine?.kind === 'tile') {
        y = [tileCounts(y, combine.shifts, x.bins)];
        combinedShown.set(key, y[0]!);
      } else if (stacked) {
        y = [];
        cs.forEach((c, k) => y.push(k ? c!.map((v, i) => v + y[k - 1]![i]!) : c!));
      }
      u.setData({ x: edges, y });
    };
  }
  // toolbar: view switch (single-row layouts), log toggle, downloads, readout
  if (m.type !== 'series' && slot === 'one' && m.hasTotal) {
    const b = el('button', { 'data-act': 'view', title: 'latest file / total since start or reset' }, view);
    b.onclick = () => {
      ps.view = view === 'latest' ? 'total' : 'latest';
      save();
      build();
    };
    bar.append(b);
  } else if (m.type !== 'series') bar.append(el('span', { class: 'tag' }, view));
  const logOn = is2d ? effLogZ(key, m) : effLogY(key);
  const lb = el('button', { 'data-act': 'log', class: logOn ? 'on' : '', title: is2d ? 'log colour scale' : 'log y axis' }, is2d ? 'log z' : 'log y');
  lb.onclick = () => {
    if (is2d) ps.logZ = !logOn;
    else ps.logY = !logOn;
    save();
    build();
  };
  const png = el('button', { 'data-act': 'png', title: 'download this panel as PNG' }, 'PNG');
  png.onclick = () => {
    plot.toCanvas().toBlob((blob) => {
      if (!blob) return;
      const a = el('a', { href: URL.createObjectURL(blob), download: `det${dets.join('-')}_${m.title.replace(/[^A-Za-z0-9_+-]+/g, '_')}_${view}.png` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    }, 'image/png');
  };
  const csv = el('a', { 'data-act': 'csv', class: 'button', download: '', href: `api/histograms.csv?detector=${det}&panel=${encodeURIComponent(m.title)}&view=${view}`, title: 'download the contents as CSV' }, 'CSV');
  if (multi || combine) {
    // one column per detector, or the combined bins, from the data shown
    csv.onclick = (e) => {
      e.preventDefault();
      const text = combine ? combinedCsv(combinedShown.get(key), combine.kind === 'tile' ? combine.axis : m.x!, combine.kind === 'sum' ? m.y : undefined) : multiCsv(dets, m, view);
      const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: `${m.title.replace(/[^A-Za-z0-9_+-]+/g, '_')}_${view}_det${dets.join('-')}.csv` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    };
  }
  bar.append(lb, png, csv, readout);
  return { key, det, meta: m, view, plot, update };
}

function build(): void {
  perf.builds++;
  for (const b of boxes) b.plot.destroy();
  boxes = [];
  const main = $('main');
  main.replaceChildren();
  // the ToF tab only when the monitor has a time-of-flight page
  const hasTof = !!layout?.detectors.some((d) => d.panels.some((p) => p.tab === 'tof'));
  if (settings.tab === 'tof' && layout && !hasTof) settings.tab = 'hits';
  document.querySelectorAll<HTMLElement>('#tabs [data-tab]').forEach((t) => {
    t.classList.toggle('active', t.dataset.tab === settings.tab);
    if (t.dataset.tab === 'tof') t.hidden = !hasTof;
  });
  if (!layout) return;
  const cols = Math.max(1, Math.min(4, Math.floor((main.clientWidth || window.innerWidth) / 330)));
  const width = Math.floor(((main.clientWidth || window.innerWidth) - 16 - (cols - 1) * 8) / cols) - 2;
  const tab = settings.tab;
  const several = tab === 'stats' && settings.detectors !== 'blocks' && layout.detectors.length > 1;
  if (tab === 'clusters' && settings.clusterLayout === 'nmx' && layout.detectors.length > 1) return buildTiling(main, cols, width), redraw();
  const blocks = several ? [layout.detectors] : layout.detectors.map((d) => [d]);
  for (const dets of blocks) {
    const det = dets[0]!;
    const ids = dets.map((d) => d.id);
    const block = el('section', { class: 'detector', 'data-det': ids.join(',') });
    block.append(el('h2', {}, several ? `Detectors ${ids.join(', ')} (${settings.detectors})` : `Detector ${det.id}`));
    main.append(block);
    const panels = tabPanels(det, tab);
    const rows: [string, RowView | null][] = tab === 'hits' || tab === 'clusters' ? rowsOf() : [['one', null]];
    for (const [slot, rowView] of rows) {
      const grid = el('div', { class: 'grid', style: `grid-template-columns: repeat(${cols}, ${width}px)` });
      if (rowView) grid.dataset.row = rowView;
      block.append(grid);
      for (const m of panels) {
        const key = `${several ? 'all' : det.id}|${m.title}|${slot}`;
        const dflt: RowView = settings.view === 'latest' ? 'latest' : 'total';
        const view = rowView ?? panelSettings(settings, key).view ?? dflt;
        boxes.push(makeBox(grid, ids, m, slot, m.hasTotal === false ? 'latest' : view, width, settings.detectors === 'stacked' && m.type === 'hist'));
      }
    }
  }
  redraw();
}

/** Row view(s) of the Hits / Clusters tabs: both rows, or one row with each panel's own view. */
function rowsOf(): [string, RowView | null][] {
  return settings.view === 'both' ? [['latest', 'latest'], ['total', 'total']] : [['one', null]];
}

/**
 * The Clusters tab as the NMX tiling (spec monitoring §7.6): tiled pos0 and pos1, the charge of
 * every detector overlaid, the untiled map of all detectors summed; latest and total rows.
 */
function buildTiling(main: HTMLElement, cols: number, width: number): void {
  const dets = layout!.detectors;
  const ids = dets.map((d) => d.id);
  const t = settings.tiling;
  const block = el('section', { class: 'detector', 'data-det': ids.join(','), 'data-tiling': 'nmx' });
  block.append(el('h2', {}, `Detectors ${ids.join(', ')} (NMX tiling: x + ${t.xOffset} for ${t.shiftX.join(', ') || 'none'}, y + ${t.yOffset} for ${t.shiftY.join(', ') || 'none'})`));
  main.append(block);
  const panels = tabPanels(dets[0]!, 'clusters');
  for (const [slot, rowView] of rowsOf()) {
    const grid = el('div', { class: 'grid', style: `grid-template-columns: repeat(${cols}, ${width}px)` });
    if (rowView) grid.dataset.row = rowView;
    block.append(grid);
    panels.forEach((m, i) => {
      const dflt: RowView = settings.view === 'latest' ? 'latest' : 'total';
      const view = m.hasTotal === false ? 'latest' : rowView ?? panelSettings(settings, `nmx|${m.title}|${slot}`).view ?? dflt;
      if (i === 2) return boxes.push(makeBox(grid, ids, m, slot, view, width));
      if (m.kind === 'h2') return boxes.push(makeBox(grid, ids, m, slot, view, width, false, { kind: 'sum' }));
      const a = tileAxis(m.x!, i === 0 ? t.xOffset : t.yOffset, i === 0 ? t.shiftX : t.shiftY, ids.length);
      if ('error' in a) return grid.append(el('div', { class: 'panel', 'data-title': m.title, 'data-error': '' }, `${m.title}: ${a.error}`));
      boxes.push(makeBox(grid, ids, m, slot, view, width, false, { kind: 'tile', ...a }));
    });
  }
}

/** CSV of a combined panel's bins (2-D: x fastest), as the server's histogram CSV. */
function combinedCsv(c: Float64Array | undefined, x: Axis, y?: Axis): string {
  const e = (a: Axis, i: number) => a.lo + ((a.hi - a.lo) * i) / a.bins;
  const v = c ?? new Float64Array(x.bins * (y?.bins ?? 1));
  const lines = [y ? 'x_lo,x_hi,y_lo,y_hi,count' : 'x_lo,x_hi,count'];
  for (let j = 0; j < (y?.bins ?? 1); j++) for (let i = 0; i < x.bins; i++) lines.push(y ? `${e(x, i)},${e(x, i + 1)},${e(y, j)},${e(y, j + 1)},${v[j * x.bins + i]}` : `${e(x, i)},${e(x, i + 1)},${v[i]}`);
  return lines.join('\n') + '\n';
}

/** CSV of a panel over several detectors: bin edges, then one column per detector. */
function multiCsv(dets: number[], m: PanelMeta, view: RowView): string {
  if (m.type === 'series') {
    const all = dets.map((d) => series.get(hkey(d, m.title, '')));
    const head = ['x', ...dets.flatMap((d) => (m.lines ?? []).map((l) => `det ${d} ${l.name}`))];
    const x = all[0]?.x ?? new Float64Array(0);
    const cell = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? String(v) : '');
    return [head.join(','), ...Array.from(x, (xv, i) => [cell(xv), ...all.flatMap((s) => (s?.y ?? []).map((y) => cell(y[i])))].join(','))].join('\n') + '\n';
  }
  const a = m.x!;
  const cs = dets.map((d) => hists.get(hkey(d, m.title, view)) ?? new Float64Array(a.bins));
  const e = (i: number) => a.lo + ((a.hi - a.lo) * i) / a.bins;
  return [['x_lo', 'x_hi', ...dets.map((d) => `det ${d}`)].join(','), ...Array.from({ length: a.bins }, (_, i) => [e(i), e(i + 1), ...cs.map((c) => c[i])].join(','))].join('\n') + '\n';
}

function redraw(): void {
  const t0 = performance.now();
  let worst = 0;
  for (const b of boxes) {
    const s = performance.now();
    b.update();
    worst = Math.max(worst, performance.now() - s);
  }
  perf.lastRedrawMs = performance.now() - t0;
  perf.lastPanelMaxMs = worst;
  perf.panels = boxes.length;
}

function apply(f: DecodedFrame): void {
  for (const h of f.hists) hists.set(hkey(h.det, h.title, h.view), h.counts);
  for (const s of f.series) series.set(hkey(s.det, s.title, ''), { x: s.x, y: s.y });
  perf.version = Number(f.header.version);
  redraw();
}

function showStatus(): void {
  $('status').innerHTML = statusHtml(lastStatus, connected, attempt, paused);
}

function select(label: string, id: string, options: [string, string][], value: string, change: (v: string) => void): HTMLElement {
  const l = el('label', {}, `${label} `);
  const s = el('select', { id });
  for (const [v, t] of options) s.append(el('option', { value: v }, t));
  s.value = value;
  s.onchange = () => change(s.value);
  l.append(s);
  return l;
}

/** Forgets per-panel overrides of one kind so that a global switch applies to every panel. */
function clearOverrides(k: 'logY' | 'logZ'): void {
  for (const p of Object.values(settings.panels)) delete p[k];
}

/** The NMX tiling's offsets and shifted detector indices (order of the monitored detectors). */
function tilingInputs(rebuild: () => void): HTMLElement {
  const t = settings.tiling;
  const span = el('span', { class: 'tiling', title: 'NMX tiling: offsets (strips) and the indices of the detectors shifted, in the order of the monitored detectors' });
  const input = (id: string, label: string, value: string, set: (v: string) => boolean) => {
    const i = el('input', { id, value, size: '5' });
    i.onchange = () => {
      i.classList.toggle('bad', !set(i.value));
      if (!i.classList.contains('bad')) rebuild();
    };
    const l = el('label', {}, ` ${label} `);
    l.append(i);
    span.append(l);
  };
  const num = (k: 'xOffset' | 'yOffset') => (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || !v.trim()) return false;
    t[k] = n;
    return true;
  };
  const list = (k: 'shiftX' | 'shiftY') => (v: string) => {
    const l = parseIndices(v);
    if (l) t[k] = l;
    return !!l;
  };
  input('tilex', 'x +', String(t.xOffset), num('xOffset'));
  input('tileshiftx', 'for', t.shiftX.join(', '), list('shiftX'));
  input('tiley', 'y +', String(t.yOffset), num('yOffset'));
  input('tileshifty', 'for', t.shiftY.join(', '), list('shiftY'));
  return span;
}

function controls(): void {
  const c = $('controls');
  const rebuild = () => (save(), build());
  const logY = el('input', { type: 'checkbox', id: 'logy' });
  logY.checked = settings.logY;
  logY.onchange = () => {
    settings.logY = logY.checked;
    clearOverrides('logY');
    rebuild();
  };
  const ly = el('label', {}, ' 1-D: log y');
  ly.prepend(logY);
  const swatches = el('span', { class: 'swatches' });
  const paintSwatches = () => {
    swatches.replaceChildren(...(PALETTES[settings.palette] ?? (['plane0', 'plane1', 'combined', 'rate'] as const).map((r) => roleColor('legacy', r))).map((col) => el('i', { style: `background:${col}` })));
  };
  paintSwatches();
  const ramp = el('canvas', { class: 'ramp', width: '64', height: '12' });
  const paintRamp = () => {
    const cm = COLORMAPS[settings.colormap === 'legacy' ? 'jet' : settings.colormap];
    const g = ramp.getContext('2d')!;
    for (let i = 0; i < 64; i++) {
      g.fillStyle = cm ? colormapCss(cm, i / 63) : '#fff';
      g.fillRect(i, 0, 1, 12);
    }
  };
  paintRamp();
  const pause = el('button', { id: 'pause', title: 'freeze the view; the monitor keeps accumulating' }, 'Pause');
  pause.onclick = () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.classList.toggle('on', paused);
    if (!paused && pending) {
      apply(pending);
      pending = null;
    }
    showStatus();
  };
  const reset = el('button', { id: 'reset', title: 'clear the totals and time series of every detector, for every viewer' }, 'Reset totals');
  reset.onclick = async () => {
    if (!confirm('Reset the totals and time series of every detector? This clears them for every viewer of this monitor.')) return;
    const r = await fetch('api/reset', { method: 'POST', headers: { Accept: 'application/json' } });
    if (!r.ok) alert(`reset failed: HTTP ${r.status}`);
  };
  c.append(
    select('View', 'view', [['both', 'latest + total'], ['latest', 'latest'], ['total', 'total']], settings.view, (v) => ((settings.view = v as typeof settings.view), rebuild())),
    select('Detectors (Statistics)', 'detlayout', [['blocks', 'one block each'], ['overlaid', 'overlaid'], ['stacked', 'stacked']], settings.detectors, (v) => ((settings.detectors = v as typeof settings.detectors), rebuild())),
    select('Detectors (Clusters)', 'cluslayout', [['blocks', 'one block each'], ['nmx', 'NMX tiling']], settings.clusterLayout, (v) => ((settings.clusterLayout = v as typeof settings.clusterLayout), rebuild())),
    tilingInputs(rebuild),
    select('Cluster position', 'variant', VARIANTS, settings.variant, (v) => {
      settings.variant = v;
      conn.setVariant(v);
      rebuild();
    }),
    ly,
    select('2-D z', 'zscale', [['legacy', 'as PNG'], ['log', 'log'], ['linear', 'linear']], settings.z, (v) => {
      settings.z = v as typeof settings.z;
      clearOverrides('logZ');
      rebuild();
    }),
    select('Palette', 'palette', PALETTE_NAMES.map((p) => [p, p === 'legacy' ? 'as PNG' : p]), settings.palette, (v) => {
      settings.palette = v;
      paintSwatches();
      rebuild();
    }),
    swatches,
    select('Colour map 2-D', 'colormap', [['legacy', 'as PNG'], ...Object.keys(COLORMAPS).map((k): [string, string] => [k, k[0]!.toUpperCase() + k.slice(1)])], settings.colormap, (v) => {
      settings.colormap = v;
      paintRamp();
      rebuild();
    }),
    ramp,
    pause,
    reset,
  );
  const nav = $('tabs');
  for (const t of TABS) {
    const a = el('a', { href: `#${t}`, 'data-tab': t, role: 'tab' }, TAB_LABELS[t]);
    a.onclick = (e) => {
      e.preventDefault();
      settings.tab = t;
      rebuild();
    };
    nav.append(a);
  }
}

const conn = new Connection({
  layout(l) {
    const k = JSON.stringify(l.detectors);
    layout = l;
    if (k !== layoutKey) {
      layoutKey = k;
      build();
    }
  },
  frame(f, bytes) {
    perf.frames++;
    perf.lastBytes = bytes;
    if (paused) pending = f;
    else apply(f);
  },
  status(s) {
    lastStatus = s;
    showStatus();
  },
  state(c, a) {
    connected = c;
    attempt = a;
    if (c) perf.connects++;
    showStatus();
  },
});

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(build, 200);
});

controls();
// the figures' font (served by the monitor) before the first drawing, so text metrics are right
void document.fonts
  .load(`12px ${FAMILY}`)
  .catch(() => [])
  .then(() => conn.start(settings.variant));
