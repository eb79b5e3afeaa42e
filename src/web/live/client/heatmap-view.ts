/**
 * A 2-D map on the live page: the PNG renderer's own panel code
 * (`src/plots/hist2d.ts`: heatmap, colour bar, ticks, frame) drawn on a browser
 * canvas, so the live map and the PNG of the same histogram look alike.
 * Interaction as the uPlot panels: box zoom (drag), wheel zoom around the
 * cursor, pan (Shift + drag), double-click resets; hover shows the bin ranges
 * and content.
 */
import { axis, Hist2D } from '../../../histograms/hist.js';
import { COLORBAR_SPACE, plotArea } from '../../../plots/axes.js';
import type { Colormap } from '../../../plots/colormaps.js';
import type { PlotStyle, Rect } from '../../../plots/context.js';
import { drawHist2DPanel } from '../../../plots/hist2d.js';
import type { Zoom } from './settings.js';

export interface AxisMeta {
  bins: number;
  lo: number;
  hi: number;
}

export interface HeatmapSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  x: AxisMeta;
  y: AxisMeta;
  colormap: Colormap;
  logZ: boolean;
  width: number;
  height: number;
  style: PlotStyle;
  zoom: Zoom | null;
  onZoom(z: Zoom | null): void;
  onReadout(text: string): void;
}

export class HeatmapView {
  readonly canvas: HTMLCanvasElement;
  private readonly hist: Hist2D;
  private zoom: Zoom | null;
  private readonly band: HTMLDivElement;
  private readonly area: Rect;

  constructor(
    readonly el: HTMLElement,
    private readonly spec: HeatmapSpec,
  ) {
    this.zoom = spec.zoom;
    this.hist = new Hist2D('live', spec.title, axis(spec.x.bins, spec.x.lo, spec.x.hi), axis(spec.y.bins, spec.y.lo, spec.y.hi));
    this.canvas = document.createElement('canvas');
    this.canvas.width = spec.width;
    this.canvas.height = spec.height;
    this.band = document.createElement('div');
    this.band.className = 'band';
    this.band.hidden = true;
    el.style.position = 'relative';
    el.append(this.canvas, this.band);
    this.area = plotArea({ x: 0, y: 0, w: spec.width, h: spec.height }, undefined, COLORBAR_SPACE);
    this.interact();
  }

  /** New bin contents (in-range, x fastest); redraws with the current zoom. */
  setData(counts: Float64Array): void {
    const h = this.hist;
    const nx = h.x.nbins;
    let sum = 0;
    for (let by = 0; by < h.y.nbins; by++) {
      const row = counts.subarray(by * nx, (by + 1) * nx);
      h.contents.set(row, h.cell(1, by + 1));
      for (let i = 0; i < nx; i++) sum += row[i]!;
    }
    h.entries = sum;
    this.draw();
  }

  /** The shown ranges. */
  current(): Zoom {
    return this.view();
  }

  private view(): Zoom {
    const s = this.spec;
    return this.zoom ?? { x0: s.x.lo, x1: s.x.hi, y0: s.y.lo, y1: s.y.hi };
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d')!;
    const s = this.spec;
    const v = this.view();
    ctx.fillStyle = s.style.background;
    ctx.fillRect(0, 0, s.width, s.height);
    drawHist2DPanel(
      ctx as unknown as Parameters<typeof drawHist2DPanel>[0],
      { x: 0, y: 0, w: s.width, h: s.height },
      this.hist,
      { title: s.title, xLabel: s.xLabel, yLabel: s.yLabel, colormap: s.colormap, logZ: s.logZ, ...(this.zoom ? { view: { x0: v.x0, x1: v.x1, y0: v.y0!, y1: v.y1! } } : {}) },
      s.style,
    );
  }

  private setZoom(z: Zoom | null): void {
    this.zoom = z;
    this.draw();
    this.spec.onZoom(z);
  }

  resetZoom(): void {
    this.setZoom(null);
  }

  /** Data coordinates of a canvas pixel. */
  private toData(px: number, py: number): [number, number] {
    const a = this.area;
    const v = this.view();
    return [v.x0 + ((px - a.x) / a.w) * (v.x1 - v.x0), v.y0! + ((a.y + a.h - py) / a.h) * (v.y1! - v.y0!)];
  }

  private inside(px: number, py: number): boolean {
    const a = this.area;
    return px >= a.x && px < a.x + a.w && py >= a.y && py < a.y + a.h;
  }

  private interact(): void {
    const c = this.canvas;
    const pos = (e: MouseEvent): [number, number] => {
      const r = c.getBoundingClientRect();
      return [((e.clientX - r.left) * c.width) / r.width, ((e.clientY - r.top) * c.height) / r.height];
    };
    c.addEventListener(
      'wheel',
      (e) => {
        const [px, py] = pos(e);
        if (!this.inside(px, py)) return;
        e.preventDefault();
        const f = e.deltaY < 0 ? 0.8 : 1.25;
        const [x, y] = this.toData(px, py);
        const v = this.view();
        this.setZoom({ x0: x - (x - v.x0) * f, x1: x + (v.x1 - x) * f, y0: y - (y - v.y0!) * f, y1: y + (v.y1! - y) * f });
      },
      { passive: false },
    );
    c.addEventListener('dblclick', () => this.resetZoom());
    c.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      const [sx, sy] = pos(e);
      if (!this.inside(sx, sy)) return;
      e.preventDefault();
      const start = this.view();
      const [dx0, dy0] = this.toData(sx, sy);
      const pan = e.shiftKey;
      const a = this.area;
      let last: [number, number] = [sx, sy];
      const move = (m: MouseEvent) => {
        last = pos(m);
        if (pan) {
          const ddx = ((last[0] - sx) / a.w) * (start.x1 - start.x0);
          const ddy = ((last[1] - sy) / a.h) * (start.y1! - start.y0!);
          this.setZoom({ x0: start.x0 - ddx, x1: start.x1 - ddx, y0: start.y0! + ddy, y1: start.y1! + ddy });
        } else {
          const r = c.getBoundingClientRect();
          const k = r.width / c.width;
          const x = Math.max(a.x, Math.min(sx, last[0]));
          const y = Math.max(a.y, Math.min(sy, last[1]));
          const b = this.band;
          b.hidden = false;
          b.style.left = `${x * k}px`;
          b.style.top = `${y * k}px`;
          b.style.width = `${Math.abs(Math.min(a.x + a.w, last[0]) - sx) * k}px`;
          b.style.height = `${Math.abs(Math.min(a.y + a.h, last[1]) - sy) * k}px`;
        }
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        this.band.hidden = true;
        if (pan) return;
        if (Math.abs(last[0] - sx) < 5 || Math.abs(last[1] - sy) < 5) return;
        const [dx1, dy1] = this.toData(last[0], last[1]);
        this.setZoom({ x0: Math.min(dx0, dx1), x1: Math.max(dx0, dx1), y0: Math.min(dy0, dy1), y1: Math.max(dy0, dy1) });
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
    c.addEventListener('mousemove', (e) => {
      const [px, py] = pos(e);
      if (!this.inside(px, py)) return this.spec.onReadout('');
      const [x, y] = this.toData(px, py);
      const h = this.hist;
      const bx = Math.floor(((x - h.x.min) * h.x.nbins) / (h.x.max - h.x.min));
      const by = Math.floor(((y - h.y.min) * h.y.nbins) / (h.y.max - h.y.min));
      if (bx < 0 || bx >= h.x.nbins || by < 0 || by >= h.y.nbins) return this.spec.onReadout('');
      const e0 = (a: { min: number; max: number; nbins: number }, b: number) => Number((a.min + ((a.max - a.min) * b) / a.nbins).toPrecision(6));
      this.spec.onReadout(`x [${e0(h.x, bx)}, ${e0(h.x, bx + 1)}) y [${e0(h.y, by)}, ${e0(h.y, by + 1)}): ${h.get(bx + 1, by + 1)}`);
    });
    c.addEventListener('mouseleave', () => this.spec.onReadout(''));
  }

  toCanvas(): HTMLCanvasElement {
    return this.canvas;
  }

  destroy(): void {
    this.el.replaceChildren();
  }
}
