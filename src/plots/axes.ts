/**
 * One panel's frame: plot-area layout inside a grid cell, the frame with ticks on
 * all four sides pointing inwards (ROOT/physics style, minor ticks included),
 * tick labels, axis titles with units, the panel title and a small statistics
 * note. Data drawing (histograms, heatmaps, series) happens inside the area this
 * module computes; `px`/`py` map data values to pixels. Platform-neutral.
 */
import { font, type Ctx2D, type PlotStyle, type Rect } from './context.js';
import { fraction, ticksFor, type Scale } from './ticks.js';

export interface AxesSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  x: Scale;
  y: Scale;
  /** Small grey text at the right end of the title line (entries, out-of-range counts). */
  note?: string;
}

/** Margins (px) between a grid cell and its plot area. */
export interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const PANEL_MARGINS: Margins = { left: 66, right: 16, top: 36, bottom: 46 };
/** Extra right margin of a panel with a vertical colour bar. */
export const COLORBAR_SPACE = 74;

/** The integer-aligned plot area of a cell (integer so that heatmap pixels are exact). */
export function plotArea(cell: Rect, m: Margins = PANEL_MARGINS, extraRight = 0): Rect {
  const x = Math.round(cell.x + m.left);
  const y = Math.round(cell.y + m.top);
  return { x, y, w: Math.max(10, Math.round(cell.x + cell.w - m.right - extraRight) - x), h: Math.max(10, Math.round(cell.y + cell.h - m.bottom) - y) };
}

/** Pixel x of a data value. */
export function px(area: Rect, s: Scale, v: number): number {
  return area.x + fraction(s, v) * area.w;
}

/** Pixel y of a data value (y grows downwards on the canvas). */
export function py(area: Rect, s: Scale, v: number): number {
  return area.y + area.h - fraction(s, v) * area.h;
}

/** Draws frame, ticks, labels and titles of a panel whose plot area is `area`. */
export function drawAxes(ctx: Ctx2D, area: Rect, spec: AxesSpec, style: PlotStyle): void {
  const { x: ax, y: ay, w, h } = area;
  ctx.save();
  ctx.strokeStyle = style.frameColor;
  ctx.fillStyle = style.textColor;
  ctx.lineWidth = 1;
  ctx.strokeRect(ax + 0.5, ay + 0.5, w - 1, h - 1);

  const xt = ticksFor(spec.x, Math.max(3, Math.round(w / 80)));
  const yt = ticksFor(spec.y, Math.max(3, Math.round(h / 50)));
  const major = 7;
  const minor = 4;
  ctx.beginPath();
  for (const v of xt.major) tickX(ctx, Math.round(px(area, spec.x, v)) + 0.5, ay, h, major);
  for (const v of xt.minor) tickX(ctx, Math.round(px(area, spec.x, v)) + 0.5, ay, h, minor);
  for (const v of yt.major) tickY(ctx, Math.round(py(area, spec.y, v)) + 0.5, ax, w, major);
  for (const v of yt.minor) tickY(ctx, Math.round(py(area, spec.y, v)) + 0.5, ax, w, minor);
  ctx.stroke();

  ctx.font = font(style, style.tickSize);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  let lastRight = -Infinity;
  xt.major.forEach((v, i) => {
    const x = px(area, spec.x, v);
    const label = xt.labels[i]!;
    const half = ctx.measureText(label).width / 2;
    if (x - half < lastRight + 4) return; // never overprint labels
    ctx.fillText(label, x, ay + h + 4);
    lastRight = x + half;
  });
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  let lastTop = Infinity;
  yt.major.forEach((v, i) => {
    const y = py(area, spec.y, v);
    if (y + style.tickSize / 2 > lastTop - 2) return;
    ctx.fillText(yt.labels[i]!, ax - 4, y);
    lastTop = y - style.tickSize / 2;
  });
  if (xt.factor) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(xt.factor, ax + w, ay + h + 4 + style.tickSize + 2);
  }
  if (yt.factor) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(yt.factor, ax, ay - 2);
  }

  ctx.font = font(style, style.labelSize);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(spec.xLabel, ax + w / 2, ay + h + 6 + style.tickSize + 4);
  ctx.save();
  ctx.translate(ax - 50, ay + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'bottom';
  ctx.fillText(spec.yLabel, 0, 0);
  ctx.restore();

  ctx.font = font(style, style.titleSize);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(spec.title, ax + w / 2, ay - 7);
  if (spec.note) {
    ctx.font = font(style, style.tickSize - 1);
    ctx.fillStyle = '#555555';
    ctx.textAlign = 'right';
    ctx.fillText(spec.note, ax + w, ay - 8 - style.titleSize);
  }
  ctx.restore();
}

function tickX(ctx: Ctx2D, x: number, top: number, h: number, len: number): void {
  ctx.moveTo(x, top + h);
  ctx.lineTo(x, top + h - len);
  ctx.moveTo(x, top);
  ctx.lineTo(x, top + len);
}

function tickY(ctx: Ctx2D, y: number, left: number, w: number, len: number): void {
  ctx.moveTo(left, y);
  ctx.lineTo(left + len, y);
  ctx.moveTo(left + w, y);
  ctx.lineTo(left + w - len, y);
}

/** Writes a grey centred message in an empty plot area (e.g. "no entries"). */
export function drawEmpty(ctx: Ctx2D, area: Rect, text: string, style: PlotStyle): void {
  ctx.save();
  ctx.fillStyle = '#888888';
  ctx.font = font(style, style.labelSize);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, area.x + area.w / 2, area.y + area.h / 2);
  ctx.restore();
}

/** Clips subsequent drawing to the plot area (call inside save/restore). */
export function clipTo(ctx: Ctx2D, area: Rect): void {
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.w, area.h);
  ctx.clip();
}
