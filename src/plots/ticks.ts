/**
 * Axis scales and tick placement for the figures: "nice" linear ticks (1, 2, 5 ×
 * 10ⁿ steps) with minor ticks, decade ticks for log axes, and tick-label
 * formatting (a common ×10ⁿ factor for very large or small values, superscript
 * exponents in Unicode so that no font tricks are needed). Platform-neutral.
 */

export interface Scale {
  readonly kind: 'linear' | 'log';
  /** Data range shown (for log: both > 0). */
  readonly min: number;
  readonly max: number;
}

export interface Ticks {
  /** Major tick positions in data units, ascending, inside [min, max]. */
  readonly major: number[];
  /** Minor tick positions in data units. */
  readonly minor: number[];
  /** Label per major tick (same length as `major`). */
  readonly labels: string[];
  /** Common factor shown once at the end of the axis (e.g. `×10⁵`), or ''. */
  readonly factor: string;
}

const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** `10ⁿ` with a Unicode superscript exponent. */
export function powerOfTen(n: number): string {
  return '10' + String(n).replace(/[-0-9]/g, (c) => SUP[c]!);
}

/** Step of about `span / target` rounded to 1, 2 or 5 × 10ⁿ (labels then need no extra digit). */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  const nice = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
  return nice * p;
}

/** Rounds a tick value so that 0.1 + 0.2 style noise does not reach the labels. */
function clean(v: number, step: number): number {
  const d = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, d)));
}

/** Linear ticks for [min, max] aiming at `target` major intervals. */
export function linearTicks(min: number, max: number, target = 5): Ticks {
  if (!(max > min)) return { major: [min], minor: [], labels: [formatPlain(min)], factor: '' };
  const step = niceStep(max - min, target);
  const mantissa = Math.round(step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9)));
  const minorStep = step / (mantissa === 2 ? 4 : 5);
  const major: number[] = [];
  const minor: number[] = [];
  const eps = step * 1e-9;
  for (let v = Math.ceil((min - eps) / step) * step; v <= max + eps; v += step) major.push(clean(v, step));
  for (let v = Math.ceil((min - eps) / minorStep) * minorStep; v <= max + eps; v += minorStep) {
    const c = clean(v, minorStep);
    if (!major.some((m) => Math.abs(m - c) < eps)) minor.push(c);
  }
  const biggest = Math.max(Math.abs(min), Math.abs(max));
  let factor = '';
  let scale = 1;
  if (biggest >= 1e5 || (biggest < 1e-3 && biggest > 0)) {
    const e = Math.floor(Math.log10(biggest));
    scale = Math.pow(10, e);
    factor = '×' + powerOfTen(e);
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(step / scale) + 1e-9));
  const labels = major.map((v) => formatFixed(v / scale, decimals));
  return { major, minor, labels, factor };
}

/** Decade ticks (labels 10ⁿ) with minor ticks at 2…9 × 10ⁿ for a log axis over [min, max], min > 0. */
export function logTicks(min: number, max: number): Ticks {
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const major: number[] = [];
  const labels: string[] = [];
  const minor: number[] = [];
  const every = Math.max(1, Math.ceil((hi - lo) / 8));
  for (let e = lo; e <= hi; e++) {
    const v = Math.pow(10, e);
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) {
      if ((e - lo) % every === 0) {
        major.push(v);
        labels.push(e === 0 ? '1' : e === 1 ? '10' : powerOfTen(e));
      } else minor.push(v);
    }
    if (hi - lo <= 6)
      for (let k = 2; k <= 9; k++) {
        const m = k * v;
        if (m >= min && m <= max) minor.push(m);
      }
  }
  if (major.length < 2) {
    // Less than two labelled decades: label 2 × and 5 × 10ⁿ too (as matplotlib does).
    const extra = minor.filter((v) => {
      const m = Math.round(v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)));
      return m === 2 || m === 5;
    });
    for (const v of extra) {
      minor.splice(minor.indexOf(v), 1);
      major.push(v);
    }
    major.sort((a, b) => a - b);
    labels.length = 0;
    for (const v of major) labels.push(formatPlain(v));
  }
  return { major, minor, labels, factor: '' };
}

export function ticksFor(s: Scale, target = 5): Ticks {
  return s.kind === 'log' ? logTicks(s.min, s.max) : linearTicks(s.min, s.max, target);
}

/** Maps a data value to a fraction 0..1 of the axis (may be outside for out-of-range values). */
export function fraction(s: Scale, v: number): number {
  if (s.kind === 'log') {
    const a = Math.log10(s.min);
    return (Math.log10(v) - a) / (Math.log10(s.max) - a);
  }
  return (v - s.min) / (s.max - s.min);
}

function formatFixed(v: number, decimals: number): string {
  const s = v.toFixed(Math.min(decimals, 10));
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/** Short human label for a value (no exponent factor), used for single values. */
export function formatPlain(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace(/e\+?(-?)(\d+)/, (_m, s, d) => '×' + powerOfTen(Number(s + d)));
  return String(Number(v.toPrecision(4)));
}

/** A count with thin-space thousands separators (e.g. `66 908`). */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
