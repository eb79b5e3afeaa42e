/**
 * 1-D histograms and time series drawn with uPlot: histograms as steps over
 * their bin edges (filled for a latest view, outlines for a total, as the PNG
 * figures), series as lines with point markers (NaN = gap). Interaction: box
 * zoom (drag), wheel zoom around the cursor (x; with Shift also y), pan
 * (Shift + drag), double-click resets; the zoom is kept across data updates and
 * reported to `onZoom` so that it survives a reload. Hover shows the bin range
 * and content (or the point's values).
 */
import uPlot from 'uplot';
import type { Zoom } from './settings.js';

export interface XYData {
  /** Histogram: n + 1 bin edges; series: the x values. */
  x: ArrayLike<number>;
  /** One array per line (histogram: the n contents). */
  y: ArrayLike<number>[];
}

export interface UplotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  kind: 'hist' | 'series';
  /** Line colours and styles, one per y array. */
  lines: { color: string; dash?: boolean; label: string }[];
  fill: boolean;
  logY: boolean;
  width: number;
  height: number;
  font: string;
  /** Full x range of a histogram (the axis), null = from the data. */
  xRange: [number, number] | null;
  zoom: Zoom | null;
  onZoom(z: Zoom | null): void;
  onReadout(text: string): void;
}

export class UplotView {
  readonly u: uPlot;
  private zoom: Zoom | null;
  private applying = false;
  private data: XYData = { x: [], y: [] };

  constructor(
    readonly el: HTMLElement,
    private readonly spec: UplotSpec,
  ) {
    this.zoom = spec.zoom;
    const s = spec;
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const axis = (label: string): uPlot.Axis => ({ label, font: s.font, labelFont: s.font, size: 52, labelSize: 18, stroke: '#000', grid: { stroke: '#e6e6e6', width: 1 }, ticks: { stroke: '#000', width: 1, size: 5 } });
    const opts: uPlot.Options = {
      title: s.title,
      width: s.width,
      height: s.height,
      legend: { show: false },
      scales: { x: { time: false, auto: false }, y: { auto: false, distr: s.logY ? 3 : 1, log: 10 } },
      axes: [axis(s.xLabel), axis(s.yLabel)],
      series: [
        {},
        ...s.lines.map((l): uPlot.Series => ({
          label: l.label,
          stroke: l.color,
          width: s.kind === 'hist' ? (s.fill ? 1 : 1.5) : 2,
          ...(s.fill ? { fill: l.color + '99' } : {}),
          ...(l.dash ? { dash: [8, 5] } : {}),
          ...(s.kind === 'hist' ? { paths: stepped, points: { show: false } } : { points: { show: true, size: 7, fill: l.color } }),
          spanGaps: false,
        })),
      ],
      cursor: {
        drag: { x: true, y: true, uni: 40, setScale: true },
        bind: { dblclick: () => () => (this.resetZoom(), null) },
      },
      hooks: {
        setScale: [() => this.userScale()],
        setCursor: [(u) => this.readout(u)],
      },
    };
    this.u = new uPlot(opts, [[], ...s.lines.map(() => [])], el);
    this.interact();
  }

  /** Replaces the data; the zoom stays. */
  setData(d: XYData): void {
    this.data = d;
    const n = d.x.length;
    const log = this.spec.logY;
    const hist = this.spec.kind === 'hist';
    // a histogram's steps need one y value per edge (the last repeats the last bin)
    const ys = d.y.map((y) => {
      const out = new Array<number | null>(n);
      for (let i = 0; i < n; i++) {
        const v = hist ? y[Math.min(i, y.length - 1)]! : y[i]!;
        out[i] = !Number.isFinite(v) || (log && v <= 0) ? null : v;
      }
      return out;
    });
    this.applying = true;
    this.u.setData([Array.from(d.x), ...ys] as uPlot.AlignedData, false);
    this.applying = false;
    this.applyScales();
  }

  private fullX(): [number, number] {
    if (this.spec.xRange) return this.spec.xRange;
    const x = this.data.x;
    if (!x.length) return [0, 1];
    const a = x[0]!;
    const b = x[x.length - 1]!;
    const pad = b > a ? (b - a) * 0.03 : 1;
    return [a - pad, b + pad];
  }

  private autoY(): [number, number] {
    let max = 0;
    let minPos = Infinity;
    for (const y of this.data.y)
      for (let i = 0; i < y.length; i++) {
        const v = y[i]!;
        if (!Number.isFinite(v)) continue;
        if (v > max) max = v;
        if (v > 0 && v < minPos) minPos = v;
      }
    if (this.spec.logY) return max > 0 ? [Math.max(0.1, minPos * 0.5), max * 2] : [0.5, 10];
    return [0, max > 0 ? max * (this.spec.kind === 'hist' ? 1.08 : 1.1) : 1];
  }

  private applyScales(): void {
    const [fx0, fx1] = this.fullX();
    const [ay0, ay1] = this.autoY();
    const z = this.zoom;
    this.applying = true;
    this.u.batch(() => {
      this.u.setScale('x', { min: z ? z.x0 : fx0, max: z ? z.x1 : fx1 });
      this.u.setScale('y', { min: z?.y0 ?? ay0, max: z?.y1 ?? ay1 });
    });
    this.applying = false;
  }

  private userScale(): void {
    if (this.applying) return;
    const x = this.u.scales.x;
    const y = this.u.scales.y;
    if (x.min == null || x.max == null) return;
    this.zoom = { x0: x.min, x1: x.max, ...(y.min != null && y.max != null ? { y0: y.min, y1: y.max } : {}) };
    this.spec.onZoom(this.zoom);
  }

  private setZoom(z: Zoom | null): void {
    this.zoom = z;
    this.applyScales();
    this.spec.onZoom(z);
  }

  resetZoom(): void {
    this.setZoom(null);
  }

  /** The shown ranges. */
  current(): Zoom {
    const x = this.u.scales.x;
    const y = this.u.scales.y;
    return { x0: x.min!, x1: x.max!, y0: y.min!, y1: y.max! };
  }

  private interact(): void {
    const over = this.u.over;
    const log = this.spec.logY;
    const toL = (v: number) => (log ? Math.log10(v) : v);
    const fromL = (v: number) => (log ? Math.pow(10, v) : v);
    over.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const f = e.deltaY < 0 ? 0.8 : 1.25;
        const c = this.current();
        const xv = this.u.posToVal(e.offsetX, 'x');
        // x only keeps y automatic (it follows the data); with Shift both axes
        const z: Zoom = { ...(this.zoom?.y0 !== undefined ? { y0: this.zoom.y0, y1: this.zoom.y1! } : {}), x0: xv - (xv - c.x0) * f, x1: xv + (c.x1 - xv) * f };
        if (e.shiftKey) {
          const yv = toL(this.u.posToVal(e.offsetY, 'y'));
          z.y0 = fromL(yv - (yv - toL(c.y0!)) * f);
          z.y1 = fromL(yv + (toL(c.y1!) - yv) * f);
        }
        this.setZoom(z);
      },
      { passive: false },
    );
    over.addEventListener(
      'mousedown',
      (e) => {
        if (!e.shiftKey || e.button !== 0) return;
        e.stopPropagation();
        e.preventDefault();
        const start = this.current();
        const sx = e.clientX;
        const sy = e.clientY;
        const w = over.clientWidth;
        const h = over.clientHeight;
        const move = (m: MouseEvent) => {
          const dx = ((m.clientX - sx) / w) * (start.x1 - start.x0);
          const dy = ((m.clientY - sy) / h) * (toL(start.y1!) - toL(start.y0!));
          this.setZoom({ x0: start.x0 - dx, x1: start.x1 - dx, y0: fromL(toL(start.y0!) + dy), y1: fromL(toL(start.y1!) + dy) });
        };
        const up = () => {
          window.removeEventListener('mousemove', move);
          window.removeEventListener('mouseup', up);
        };
        window.addEventListener('mousemove', move);
        window.addEventListener('mouseup', up);
      },
      true,
    );
  }

  private readout(u: uPlot): void {
    const i = u.cursor.idx;
    if (i == null || !this.data.x.length) return this.spec.onReadout('');
    const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '—');
    if (this.spec.kind === 'hist') {
      const b = Math.min(i, this.data.y[0]!.length - 1);
      const v = this.data.y.length === 1 ? fmt(this.data.y[0]![b]!) : this.spec.lines.map((l, k) => `${l.label} ${fmt(this.data.y[k]![b]!)}`).join(', ');
      this.spec.onReadout(`[${fmt(this.data.x[b]!)}, ${fmt(this.data.x[b + 1]!)}): ${v}`);
    } else {
      const parts = this.spec.lines.map((l, k) => `${l.label} ${fmt(this.data.y[k]![i]!)}`);
      this.spec.onReadout(`t = ${fmt(this.data.x[i]!)} s: ${parts.join(', ')}`);
    }
  }

  /** The panel as an image: title above the plot canvas, white background. */
  toCanvas(): HTMLCanvasElement {
    const src = this.u.ctx.canvas;
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height + 28;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.fillStyle = '#000';
    ctx.font = this.spec.font.replace(/\d+px/, '15px');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(this.spec.title, c.width / 2, 14);
    ctx.drawImage(src, 0, 28);
    return c;
  }

  destroy(): void {
    this.u.destroy();
  }
}
