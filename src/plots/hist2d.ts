/**
 * A 2-D histogram panel: a heatmap (origin lower left, one colour per bin, sharp
 * bin edges) with a linear or logarithmic colour scale and a vertical colour bar
 * with its own ticks. The heatmap is written as pixels (`putImageData`) into the
 * integer-aligned plot area, nearest-bin sampling, so it is crisp at any size and
 * needs no offscreen canvas. With a log scale, empty bins stay white (matplotlib
 * LogNorm masks them); with a linear scale they get the lowest colour.
 * Platform-neutral.
 */
import type { Hist2D } from '../histograms/hist.js';
import { COLORBAR_SPACE, drawAxes, drawEmpty, plotArea, py } from './axes.js';
import type { Colormap } from './colormaps.js';
import { font, type Ctx2D, type PlotStyle, type Rect } from './context.js';
import { entriesNote } from './hist1d.js';
import { ticksFor, type Scale } from './ticks.js';

export interface Hist2DPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  zLabel?: string;
  colormap: Colormap;
  logZ: boolean;
  /** Visible data window (a zoom of the live page); default the full axes. */
  view?: View2D;
}

/** A data window [x0, x1) × [y0, y1). */
export interface View2D {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Colour scale of a histogram: range of the in-range bin contents. */
export function zScale(h: Hist2D, logZ: boolean): Scale | null {
  const nx = h.x.nbins;
  const ny = h.y.nbins;
  let max = -Infinity;
  let min = Infinity;
  let minPos = Infinity;
  for (let by = 1; by <= ny; by++)
    for (let bx = 1, c = h.cell(1, by); bx <= nx; bx++, c++) {
      const v = h.contents[c]!;
      if (v > max) max = v;
      if (v < min) min = v;
      if (v > 0 && v < minPos) minPos = v;
    }
  if (!(max > 0)) return null;
  if (logZ) return { kind: 'log', min: minPos, max: max > minPos ? max : minPos * 10 };
  return { kind: 'linear', min: Math.min(0, min), max };
}

export function drawHist2DPanel(ctx: Ctx2D, cell: Rect, h: Hist2D, p: Hist2DPanel, style: PlotStyle): void {
  const area = plotArea(cell, undefined, COLORBAR_SPACE);
  const v = p.view ?? { x0: h.x.min, x1: h.x.max, y0: h.y.min, y1: h.y.max };
  const x: Scale = { kind: 'linear', min: v.x0, max: v.x1 };
  const y: Scale = { kind: 'linear', min: v.y0, max: v.y1 };
  const z = zScale(h, p.logZ);
  let inRange = 0;
  for (let by = 1; by <= h.y.nbins; by++) for (let bx = 1, c = h.cell(1, by); bx <= h.x.nbins; bx++, c++) inRange += h.contents[c]!;
  let total = 0;
  for (let i = 0; i < h.contents.length; i++) total += h.contents[i]!;
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(area.x, area.y, area.w, area.h);
  ctx.restore();
  if (z) {
    drawHeatmap(ctx, area, h, z, p.colormap, v);
    drawColorbar(ctx, area, z, p.colormap, p.zLabel ?? 'counts', style);
  } else drawEmpty(ctx, area, h.entries > 0 ? 'all entries out of range' : 'no entries', style);
  drawAxes(ctx, area, { title: p.title, xLabel: p.xLabel, yLabel: p.yLabel, x, y, note: entriesNote(h.entries, total - inRange) }, style);
}

/** Colour level 0..255 of a value, or −1 for "not drawn" (≤ 0 on a log scale). */
function level(z: Scale, v: number): number {
  let t: number;
  if (z.kind === 'log') {
    if (!(v > 0)) return -1;
    const a = Math.log10(z.min);
    t = (Math.log10(v) - a) / (Math.log10(z.max) - a);
  } else t = (v - z.min) / (z.max - z.min);
  return Math.max(0, Math.min(255, Math.floor(t * 255.999)));
}

/** Bin (0-based, −1 outside) of every pixel centre along one axis of `n` bins over [lo, hi), pixels spanning [v0, v1). */
function pixelBins(pixels: number, n: number, lo: number, hi: number, v0: number, v1: number): Int32Array {
  const out = new Int32Array(pixels);
  const full = v0 === lo && v1 === hi;
  for (let i = 0; i < pixels; i++) {
    if (full) out[i] = Math.min(n - 1, Math.floor(((i + 0.5) * n) / pixels));
    else {
      const x = v0 + ((i + 0.5) / pixels) * (v1 - v0);
      out[i] = x < lo || !(x < hi) ? -1 : Math.min(n - 1, Math.floor(((x - lo) * n) / (hi - lo)));
    }
  }
  return out;
}

function drawHeatmap(ctx: Ctx2D, area: Rect, h: Hist2D, z: Scale, cm: Colormap, v: View2D): void {
  const nx = h.x.nbins;
  const ny = h.y.nbins;
  const levels = new Int16Array(nx * ny);
  for (let by = 1; by <= ny; by++)
    for (let bx = 1, c = h.cell(1, by); bx <= nx; bx++, c++) levels[(by - 1) * nx + bx - 1] = level(z, h.contents[c]!);
  const w = area.w;
  const hh = area.h;
  const colOf = pixelBins(w, nx, h.x.min, h.x.max, v.x0, v.x1);
  // rows from the bottom of the area up (origin lower left)
  const rowOf = pixelBins(hh, ny, h.y.min, h.y.max, v.y0, v.y1);
  const img = ctx.createImageData(w, hh);
  const d = img.data;
  const lut = cm.lut;
  for (let j = 0; j < hh; j++) {
    const r = rowOf[hh - 1 - j]!;
    const row = r * nx;
    let o = j * w * 4;
    for (let i = 0; i < w; i++, o += 4) {
      const c = colOf[i]!;
      const l = r < 0 || c < 0 ? -1 : levels[row + c]!;
      if (l < 0) {
        d[o] = d[o + 1] = d[o + 2] = 255;
      } else {
        d[o] = lut[l * 3]!;
        d[o + 1] = lut[l * 3 + 1]!;
        d[o + 2] = lut[l * 3 + 2]!;
      }
      d[o + 3] = 255;
    }
  }
  ctx.putImageData(img, area.x, area.y);
}

function drawColorbar(ctx: Ctx2D, area: Rect, z: Scale, cm: Colormap, label: string, style: PlotStyle): void {
  const bar: Rect = { x: area.x + area.w + 10, y: area.y, w: 14, h: area.h };
  const img = ctx.createImageData(bar.w, bar.h);
  for (let j = 0; j < bar.h; j++) {
    const l = Math.max(0, Math.min(255, Math.floor(((bar.h - 1 - j) / Math.max(1, bar.h - 1)) * 255.999)));
    for (let i = 0; i < bar.w; i++) {
      const o = (j * bar.w + i) * 4;
      img.data[o] = cm.lut[l * 3]!;
      img.data[o + 1] = cm.lut[l * 3 + 1]!;
      img.data[o + 2] = cm.lut[l * 3 + 2]!;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, bar.x, bar.y);
  ctx.save();
  ctx.strokeStyle = style.frameColor;
  ctx.lineWidth = 1;
  ctx.strokeRect(bar.x + 0.5, bar.y + 0.5, bar.w - 1, bar.h - 1);
  const t = ticksFor(z, Math.max(3, Math.round(bar.h / 50)));
  ctx.beginPath();
  for (const v of t.major) {
    const y = Math.round(py(bar, z, v)) + 0.5;
    ctx.moveTo(bar.x + bar.w - 4, y);
    ctx.lineTo(bar.x + bar.w, y);
  }
  for (const v of t.minor) {
    const y = Math.round(py(bar, z, v)) + 0.5;
    ctx.moveTo(bar.x + bar.w - 2, y);
    ctx.lineTo(bar.x + bar.w, y);
  }
  ctx.stroke();
  ctx.fillStyle = style.textColor;
  ctx.font = font(style, style.tickSize - 1);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let lastTop = Infinity;
  let widest = 0;
  t.major.forEach((v, i) => {
    const y = py(bar, z, v);
    if (y + style.tickSize / 2 > lastTop - 1) return;
    const s = t.labels[i]!;
    ctx.fillText(s, bar.x + bar.w + 3, y);
    widest = Math.max(widest, ctx.measureText(s).width);
    lastTop = y - style.tickSize / 2;
  });
  if (t.factor) {
    ctx.textBaseline = 'bottom';
    ctx.fillText(t.factor, bar.x, bar.y - 2);
  }
  ctx.font = font(style, style.tickSize);
  ctx.translate(bar.x + bar.w + 3 + widest + 6, bar.y + bar.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(label, 0, 0);
  ctx.restore();
}
