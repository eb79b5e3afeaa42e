/**
 * The drawing surface the plotting module needs: the subset of the Canvas 2D API
 * that both a browser `CanvasRenderingContext2D` and `@napi-rs/canvas`'s context
 * provide. Plot code only talks to this interface, so the same figure code draws
 * PNGs on the server and, later, live canvases in the browser.
 *
 * Also the figure style: fonts, sizes and the named colours of the legacy
 * matplotlib monitor (monitoring.md §4).
 */

export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export interface Ctx2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: unknown;
  lineCap: unknown;
  font: string;
  textAlign: unknown;
  textBaseline: unknown;
  save(): void;
  restore(): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, r: number, a0: number, a1: number): void;
  fill(): void;
  stroke(): void;
  clip(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  setLineDash(segments: number[]): void;
  translate(x: number, y: number): void;
  rotate(a: number): void;
  createImageData(w: number, h: number): ImageDataLike;
  putImageData(img: ImageDataLike, x: number, y: number): void;
}

/** Fonts and sizes (px) of the figures. `family` is a CSS font-family list. */
export interface PlotStyle {
  family: string;
  titleSize: number;
  labelSize: number;
  tickSize: number;
  /** Line width of step histograms drawn "thick" (stats page; matplotlib linewidth 3 ≈ 3 px at 100 dpi). */
  thickLine: number;
  thinLine: number;
  frameColor: string;
  textColor: string;
  background: string;
}

export const DEFAULT_STYLE: PlotStyle = {
  family: '"DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif',
  titleSize: 15,
  labelSize: 13,
  tickSize: 12,
  thickLine: 2.5,
  thinLine: 1.5,
  frameColor: '#000000',
  textColor: '#000000',
  background: '#ffffff',
};

/** The monitor's colours (matplotlib named colours used by monitorData.py). */
export const COLORS = {
  plane0: '#00008b', // darkblue
  plane1: '#006400', // darkgreen
  combined: '#663399', // rebeccapurple
  rate: '#ff0000', // red
} as const;

export function font(style: PlotStyle, size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px ${style.family}`;
}

/** Pixel rectangle; x, y = top-left corner. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
