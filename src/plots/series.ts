/**
 * A time-series panel: one or more lines (solid, dashed or dotted) with small
 * point markers, one point per analysed file. NaN values (undefined quantities,
 * e.g. a common-cluster percentage with no plane clusters) leave a gap instead of
 * a fake zero. Platform-neutral.
 */
import { clipTo, drawAxes, drawEmpty, plotArea, px, py } from './axes.js';
import type { Ctx2D, PlotStyle, Rect } from './context.js';
import type { Scale } from './ticks.js';

export interface Series {
  /** x values (e.g. seconds since start), ascending. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  dash?: 'solid' | 'dashed' | 'dotted';
  lineWidth?: number;
}

export interface SeriesPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Fixed y range, else [0, 1.1 × max]. */
  yMax?: number;
  note?: string;
}

export function drawSeriesPanel(ctx: Ctx2D, cell: Rect, p: SeriesPanel, style: PlotStyle): void {
  const area = plotArea(cell);
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymax = 0;
  let points = 0;
  for (const s of p.series)
    for (let i = 0; i < s.x.length; i++) {
      const v = s.y[i]!;
      if (!Number.isFinite(v)) continue;
      points++;
      xmin = Math.min(xmin, s.x[i]!);
      xmax = Math.max(xmax, s.x[i]!);
      ymax = Math.max(ymax, v);
    }
  if (!points) {
    xmin = 0;
    xmax = 1;
  } else if (xmax - xmin < 1e-9) {
    xmin = Math.max(0, xmin - 1);
    xmax = xmax + 1;
  } else {
    const pad = (xmax - xmin) * 0.03;
    xmin -= pad;
    xmax += pad;
  }
  const x: Scale = { kind: 'linear', min: xmin, max: xmax };
  const y: Scale = { kind: 'linear', min: 0, max: p.yMax ?? (ymax > 0 ? ymax * 1.1 : 1) };
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(area.x, area.y, area.w, area.h);
  ctx.restore();
  if (points) {
    ctx.save();
    clipTo(ctx, area);
    for (const s of p.series) drawLine(ctx, area, x, y, s, style);
    ctx.restore();
  } else drawEmpty(ctx, area, 'no files analysed yet', style);
  const spec = { title: p.title, xLabel: p.xLabel, yLabel: p.yLabel, x, y, ...(p.note ? { note: p.note } : {}) };
  drawAxes(ctx, area, spec, style);
}

function drawLine(ctx: Ctx2D, area: Rect, x: Scale, y: Scale, s: Series, style: PlotStyle): void {
  const lw = s.lineWidth ?? style.thickLine;
  ctx.strokeStyle = s.color;
  ctx.fillStyle = s.color;
  ctx.lineWidth = lw;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'butt';
  ctx.setLineDash(s.dash === 'dashed' ? [4 * lw, 2.5 * lw] : s.dash === 'dotted' ? [lw, 1.6 * lw] : []);
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < s.x.length; i++) {
    const v = s.y[i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const X = px(area, x, s.x[i]!);
    const Y = py(area, y, v);
    if (pen) ctx.lineTo(X, Y);
    else ctx.moveTo(X, Y);
    pen = true;
  }
  ctx.stroke();
  ctx.setLineDash([]);
  const r = Math.max(1.5, lw * 0.9);
  for (let i = 0; i < s.x.length; i++) {
    const v = s.y[i]!;
    if (!Number.isFinite(v)) continue;
    ctx.beginPath();
    ctx.arc(px(area, x, s.x[i]!), py(area, y, v), r, 0, 2 * Math.PI);
    ctx.fill();
  }
}
