/**
 * The histogram API of the monitor's server, for other programs (issue 10 item 8):
 *
 *   GET /api/histograms?detector=ID
 *       {"detector": ID, "latest": {TITLE: H}, "total": {TITLE: H}, "series": {TITLE: {NAME: S}}}
 *       H = {"kind": "h1"|"h2", "x": {"bins", "lo", "hi"}, "y": {…} (h2 only), "counts": [...]}
 *       (h2 row-major, x fastest, no under/overflow); S = {"x": [...], "y": [...]} (null = undefined point)
 *   GET /api/histograms.csv?detector=ID&panel=TITLE&view=latest|total
 *       one histogram (bin edges and content) or one time-series panel as CSV
 *   GET /api/layout
 *       the panels of every detector (titles, tabs, labels, colours, binnings) for the live page
 *
 * TITLE is the legacy panel title of the PNG figures (`hits pos0`, `clusters pos1:pos0`, …).
 * The numbers are those the PNGs and the live page draw. Platform-neutral serialisers plus
 * one request handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Hist } from '../../histograms/hist.js';
import type { DetectorPanelSet, Panel, PanelStore, SeriesPanel } from '../panel-store.js';

export interface AxisJson {
  bins: number;
  lo: number;
  hi: number;
}

export interface HistJson {
  kind: 'h1' | 'h2';
  x: AxisJson;
  y?: AxisJson;
  counts: number[];
}

const axisJson = (a: { nbins: number; min: number; max: number }): AxisJson => ({ bins: a.nbins, lo: a.min, hi: a.max });

/** In-range bin contents, row-major with x fastest (no under/overflow). */
export function inRangeCounts(h: Hist): Float64Array {
  const nx = h.x.nbins;
  if (h.kind === 'TH1D') return h.contents.slice(1, nx + 1);
  const ny = h.y.nbins;
  const out = new Float64Array(nx * ny);
  for (let by = 1; by <= ny; by++) out.set(h.contents.subarray(h.cell(1, by), h.cell(1, by) + nx), (by - 1) * nx);
  return out;
}

export function histJson(h: Hist): HistJson {
  const counts = Array.from(inRangeCounts(h));
  return h.kind === 'TH1D' ? { kind: 'h1', x: axisJson(h.x), counts } : { kind: 'h2', x: axisJson(h.x), y: axisJson(h.y), counts };
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function seriesJson(p: SeriesPanel): Record<string, { x: (number | null)[]; y: (number | null)[] }> {
  const v = p.values();
  const x = Array.from(v.x, num);
  return Object.fromEntries(p.lines.map((l, i) => [l.name, { x, y: Array.from(v.y[i]!, num) }]));
}

export function detectorJson(set: DetectorPanelSet): { detector: number; latest: Record<string, HistJson>; total: Record<string, HistJson>; series: Record<string, ReturnType<typeof seriesJson>> } {
  const latest: Record<string, HistJson> = {};
  const total: Record<string, HistJson> = {};
  const series: Record<string, ReturnType<typeof seriesJson>> = {};
  for (const p of set.panels) {
    if (p.type === 'series') series[p.title] = seriesJson(p);
    else {
      latest[p.title] = histJson(p.latest());
      const t = p.total();
      if (t) total[p.title] = histJson(t);
    }
  }
  return { detector: set.id, latest, total, series };
}

/** A histogram as CSV: bin edges and content, one bin per line (2-D: x fastest). */
export function histCsv(h: Hist): string {
  const c = inRangeCounts(h);
  const edge = (a: { nbins: number; min: number; max: number }, i: number) => a.min + ((a.max - a.min) * i) / a.nbins;
  const lines: string[] = [];
  if (h.kind === 'TH1D') {
    lines.push('x_lo,x_hi,count');
    for (let i = 0; i < h.x.nbins; i++) lines.push(`${edge(h.x, i)},${edge(h.x, i + 1)},${c[i]}`);
  } else {
    lines.push('x_lo,x_hi,y_lo,y_hi,count');
    const nx = h.x.nbins;
    for (let j = 0; j < h.y.nbins; j++)
      for (let i = 0; i < nx; i++) lines.push(`${edge(h.x, i)},${edge(h.x, i + 1)},${edge(h.y, j)},${edge(h.y, j + 1)},${c[j * nx + i]}`);
  }
  return lines.join('\n') + '\n';
}

/** A time-series panel as CSV: `x` then one column per line (empty = undefined point). */
export function seriesCsv(p: SeriesPanel): string {
  const v = p.values();
  const cell = (x: number) => (Number.isFinite(x) ? String(x) : '');
  const lines = [['x', ...p.lines.map((l) => l.name)].map(csvField).join(',')];
  for (let i = 0; i < v.x.length; i++) lines.push([cell(v.x[i]!), ...v.y.map((y) => cell(y[i]!))].join(','));
  return lines.join('\n') + '\n';
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Panel descriptors for the live page (no data). */
export function layoutJson(store: PanelStore): unknown {
  return {
    version: store.version,
    detectors: store.detectors.map((d) => ({
      id: d.id,
      panels: d.panels.map((p) => describe(p)),
    })),
  };
}

function describe(p: Panel): Record<string, unknown> {
  const meta = Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v !== 'function'));
  if (p.type === 'series') return meta;
  const h = p.latest();
  return { ...meta, kind: h.kind === 'TH1D' ? 'h1' : 'h2', x: axisJson(h.x), ...(h.kind === 'TH2D' ? { y: axisJson(h.y) } : {}), hasTotal: p.total() !== null };
}

/** Answers `/api/histograms`, `/api/histograms.csv` and `/api/layout`; false for any other path. */
export function handleHistogramApi(store: PanelStore, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const path = url.pathname;
  if (path !== '/api/histograms' && path !== '/api/histograms.csv' && path !== '/api/layout') return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(res, req, 405, 'text/plain; charset=utf-8', 'use GET\n', { Allow: 'GET, HEAD' });
    return true;
  }
  if (path === '/api/layout') {
    reply(res, req, 200, 'application/json; charset=utf-8', JSON.stringify(layoutJson(store)));
    return true;
  }
  const ids = store.detectors.map((d) => d.id).join(', ');
  const raw = url.searchParams.get('detector');
  const set = raw !== null && /^\d{1,3}$/.test(raw) ? store.detector(Number(raw)) : undefined;
  if (!set) {
    reply(res, req, raw === null ? 400 : 404, 'text/plain; charset=utf-8', `detector=${raw ?? ''}: give detector=ID, one of the monitored detectors (${ids})\n`);
    return true;
  }
  if (path === '/api/histograms') {
    reply(res, req, 200, 'application/json; charset=utf-8', JSON.stringify(detectorJson(set)));
    return true;
  }
  const title = url.searchParams.get('panel') ?? '';
  const view = url.searchParams.get('view') ?? 'total';
  const panel = set.panels.find((p) => p.title === title);
  if (!panel) {
    reply(res, req, 404, 'text/plain; charset=utf-8', `panel=${title}: no such panel of detector ${set.id}; panels: ${set.panels.map((p) => p.title).join(' | ')}\n`);
    return true;
  }
  if (view !== 'latest' && view !== 'total') {
    reply(res, req, 400, 'text/plain; charset=utf-8', `view=${view}: expected latest or total\n`);
    return true;
  }
  const name = `det${set.id}_${title.replace(/[^A-Za-z0-9_+-]+/g, '_')}_${view}.csv`;
  const disp = { 'Content-Disposition': `attachment; filename="${name}"` };
  if (panel.type === 'series') reply(res, req, 200, 'text/csv; charset=utf-8', seriesCsv(panel), disp);
  else {
    const h = view === 'latest' ? panel.latest() : panel.total();
    if (!h) reply(res, req, 404, 'text/plain; charset=utf-8', `panel ${title} has no total view\n`);
    else reply(res, req, 200, 'text/csv; charset=utf-8', histCsv(h), disp);
  }
  return true;
}

function reply(res: ServerResponse, req: IncomingMessage, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    "Content-Security-Policy": "default-src 'none'",
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
