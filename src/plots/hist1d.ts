/**
 * A 1-D histogram panel: step outline (matplotlib `histtype='step'`) or filled
 * bars, linear or log y axis, bin edges taken from the histogram's own axis (so a
 * changed binning is always drawn right). Out-of-range entries are not drawn but
 * are counted in the panel note. Platform-neutral.
 */
import type { Hist1D } from '../histograms/hist.js';
import { clipTo, drawAxes, drawEmpty, plotArea, px, py } from './axes.js';
import type { Ctx2D, PlotStyle, Rect } from './context.js';
import { formatCount, type Scale } from './ticks.js';

export interface Hist1DPanel {
  title: string;
  xLabel: string;
  yLabel?: string;
  color: string;
  /** `step`: outline only; `bars`: filled. */
  mode: 'step' | 'bars';
  lineWidth?: number;
  logY?: boolean;
}

/** Note text: number of entries and, if any, how many fell outside the axis range. */
export function entriesNote(entries: number, outside: number): string {
  return outside > 0 ? `N = ${formatCount(entries)}, ${formatCount(outside)} out of range` : `N = ${formatCount(entries)}`;
}

export function drawHist1DPanel(ctx: Ctx2D, cell: Rect, h: Hist1D, p: Hist1DPanel, style: PlotStyle): void {
  const n = h.x.nbins;
  let max = 0;
  let minPos = Infinity;
  for (let b = 1; b <= n; b++) {
    const c = h.contents[b]!;
    if (c > max) max = c;
    if (c > 0 && c < minPos) minPos = c;
  }
  const outside = h.contents[0]! + h.contents[n + 1]!;
  const area = plotArea(cell);
  const x: Scale = { kind: 'linear', min: h.x.min, max: h.x.max };
  const y: Scale =
    p.logY && max > 0
      ? { kind: 'log', min: Math.max(0.5, minPos * 0.5), max: max * 2 }
      : { kind: 'linear', min: 0, max: max > 0 ? max * 1.08 : 1 };
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(area.x, area.y, area.w, area.h);
  ctx.restore();
  if (max > 0) drawSteps(ctx, area, h, x, y, p, style);
  else drawEmpty(ctx, area, h.entries > 0 ? 'all entries out of range' : 'no entries', style);
  drawAxes(ctx, area, { title: p.title, xLabel: p.xLabel, yLabel: p.yLabel ?? 'counts', x, y, note: entriesNote(h.entries, outside) }, style);
}

function drawSteps(ctx: Ctx2D, area: Rect, h: Hist1D, x: Scale, y: Scale, p: Hist1DPanel, style: PlotStyle): void {
  const n = h.x.nbins;
  const width = (h.x.max - h.x.min) / n;
  const base = y.kind === 'log' ? area.y + area.h + 2 : py(area, y, 0);
  const yOf = (c: number) => (y.kind === 'log' && c <= 0 ? base : py(area, y, c));
  ctx.save();
  clipTo(ctx, area);
  ctx.beginPath();
  let x0 = px(area, x, h.x.min);
  ctx.moveTo(x0, base);
  for (let b = 1; b <= n; b++) {
    const yy = yOf(h.contents[b]!);
    const x1 = px(area, x, h.x.min + b * width);
    ctx.lineTo(x0, yy);
    ctx.lineTo(x1, yy);
    x0 = x1;
  }
  ctx.lineTo(x0, base);
  if (p.mode === 'bars') {
    ctx.closePath();
    ctx.fillStyle = p.color;
    ctx.fill();
  } else {
    ctx.strokeStyle = p.color;
    ctx.lineWidth = p.lineWidth ?? style.thinLine;
    ctx.lineJoin = 'miter';
    ctx.stroke();
  }
  ctx.restore();
}
