/**
 * Thresholds of the health status and channel flags, with their defaults, and the
 * reader of a thresholds JSON file (`--health-thresholds FILE.json`: an object with any
 * of these keys; an unknown key or a wrong value is an error naming file, key and the
 * expected value).
 */

export interface HealthThresholds {
  /** A FEC is red when its last datagram is older than this (s, capture time) than the newest of any FEC. */
  silentSeconds: number;
  /** Amber when at least this many frames of a FEC were lost in the latest interval. */
  lostFramesAmber: number;
  /** Red when more than this fraction of a FEC's frames was lost in the latest interval. */
  lostFractionRed: number;
  /** Amber when at least this many parser errors, duplicates or reordered frames came in the latest interval. */
  errorsAmber: number;
  /** A channel is hot above hotFactor × the median of its VMM's channels. */
  hotFactor: number;
  /** … noisy above noisyFactor × that median (and not hot). */
  noisyFactor: number;
  /** Hot/noisy need at least this many hits (small counts are not flagged). */
  minChannelHits: number;
  /** A detector is amber with at least this many dead channels (red when all are dead). */
  deadChannelsAmber: number;
  /** A detector is amber with at least this many hot channels. */
  hotChannelsAmber: number;
  /** With a reference run: a panel (VMM occupancy, BCID, TDC, ADC) is amber beyond this Kolmogorov–Smirnov distance (0…1). */
  referenceKsAmber: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = Object.freeze({
  silentSeconds: 5,
  lostFramesAmber: 1,
  lostFractionRed: 0.05,
  errorsAmber: 1,
  hotFactor: 10,
  noisyFactor: 3,
  minChannelHits: 20,
  deadChannelsAmber: 1,
  hotChannelsAmber: 1,
  referenceKsAmber: 0.1,
});

/** A bad thresholds file: the message names file, key and the expected value. */
export class ThresholdsError extends Error {
  override readonly name = 'ThresholdsError';
  /** Exit status of a command refusing the file (the monitor's configuration-error status). */
  readonly exitCode = 2;
}

/** Thresholds from parsed JSON (`file` names it in errors); missing keys keep their defaults. */
export function parseThresholds(json: unknown, file: string): HealthThresholds {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ThresholdsError(`${file}: expected a JSON object of health thresholds`);
  const out: Record<string, number> = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(json)) {
    if (!(k in DEFAULT_THRESHOLDS)) throw new ThresholdsError(`${file}: unknown key "${k}" (expected one of ${Object.keys(DEFAULT_THRESHOLDS).join(', ')})`);
    const fraction = k === 'lostFractionRed' || k === 'referenceKsAmber';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (fraction && v > 1)) throw new ThresholdsError(`${file}: "${k}" must be a number ${fraction ? 'in 0…1' : '≥ 0'}, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out as unknown as HealthThresholds;
}
