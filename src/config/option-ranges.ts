/**
 * Sane ranges of convertFile's number options (issue 15 item 10). vmm-sdat accepts any
 * number (C conversions: `-bc abc` is 0, `-dt inf` is infinite) and then divides by zero,
 * allocates statistics bins by the billion or aborts; vmmscope parses exactly as vmm-sdat
 * does (convert-options.ts) and then refuses values outside these ranges with one line
 * that names the option, the value and the range.
 *
 * Exit status: 134 where vmm-sdat itself aborts on the value (a statistics histogram of
 * 2^31 bins or more, or of a non-finite count, throws std::length_error in its
 * constructor), 255 (a command-line error) otherwise.
 */
import type { AnalysisOptions, PerDetector } from './options.js';
import { ConfigError } from './errors.js';
import { stod } from '../cstd/numbers.js';

interface ListRange {
  key: keyof PerDetector;
  flag: string;
  what: string;
  unit: string;
  lo: number;
  hi: number;
  /** Statistics factor (bins = 1 + v·factor, analysis.md §15.2), or 0 for none. */
  statFactor: number;
  /** The list's value feeds vmm-sdat's statistics only for the first-listed detector. */
}

/** Largest statistics histogram vmmscope allocates: 10^6 + 1 bins (8 MB per plane). */
const MAX_BINS = 1e6;

export const LIST_RANGES: readonly ListRange[] = [
  { key: 'threshold', flag: '-th', what: 'the ADC threshold', unit: '', lo: -1e6, hi: 1e6, statFactor: 0 },
  { key: 'minClusterSize', flag: '-cs', what: 'the minimum cluster size', unit: ' strips', lo: -1e6, hi: 1e6, statFactor: 0 },
  { key: 'coincidentClusterSize', flag: '-ccs', what: 'the coincident cluster size', unit: ' strips', lo: -1e6, hi: 1e6, statFactor: 0 },
  { key: 'deltaTimeHits', flag: '-dt', what: 'the time gap between hits of a cluster', unit: ' ns', lo: -MAX_BINS / 0.02, hi: MAX_BINS / 0.02, statFactor: 0.02 },
  { key: 'missingStripsX', flag: '-mst', what: 'the number of missing strips', unit: ' strips', lo: -MAX_BINS, hi: MAX_BINS, statFactor: 1 },
  { key: 'missingStripsY', flag: '-mp1', what: 'the number of missing pads in y', unit: ' pads', lo: -MAX_BINS, hi: MAX_BINS, statFactor: 0 },
  { key: 'spanClusterTime', flag: '-spc', what: 'the time span of a cluster', unit: ' ns', lo: -MAX_BINS / 0.02, hi: MAX_BINS / 0.02, statFactor: 0.02 },
  { key: 'deltaTimePlanes', flag: '-dp', what: 'the time difference of matched plane clusters', unit: ' ns', lo: -MAX_BINS / 0.02, hi: MAX_BINS / 0.02, statFactor: 0.02 },
  { key: 'chargeRatioLower', flag: '-crl', what: 'the lower charge ratio', unit: '', lo: -Infinity, hi: Infinity, statFactor: 0 },
  { key: 'chargeRatioUpper', flag: '-cru', what: 'the upper charge ratio', unit: '', lo: -Infinity, hi: Infinity, statFactor: 0 },
];

export const BC_RANGE = { lo: 0, hi: 1000 } as const;
export const TAC_RANGE = { lo: -1e6, hi: 1e6 } as const;

function fmt(v: number): string {
  return Number.isFinite(v) ? String(v) : String(v).replace('Infinity', 'inf');
}

function rangeError(message: string, exitCode: 255 | 134): ConfigError {
  return new ConfigError(message, exitCode, 'range');
}

/** Whether vmm-sdat's statistics constructor throws for a bin count L (int(L) not a valid size). */
function vmmsdatAborts(L: number): boolean {
  return !Number.isFinite(L) || L >= 2 ** 31;
}

/**
 * Throws a `ConfigError` (kind 'range') for the first value out of range, in command-line
 * order of the checks: -bc, -tac, then the per-detector lists.
 */
export function checkOptionRanges(o: AnalysisOptions): void {
  if (o.bcGiven && !(o.bc > BC_RANGE.lo && o.bc <= BC_RANGE.hi))
    throw rangeError(`-bc ${fmt(o.bc)}: the BC clock must be a number of MHz above ${BC_RANGE.lo} and at most ${BC_RANGE.hi} (a value without a number reads as 0, as in vmm-sdat)`, 255);
  if (!(o.tac >= TAC_RANGE.lo && o.tac <= TAC_RANGE.hi))
    throw rangeError(`-tac ${fmt(o.tac)}: the TAC slope must be a number of ns from ${TAC_RANGE.lo} to ${TAC_RANGE.hi}`, 255);
  for (const [key, text] of o.t0) {
    let v: number;
    try {
      v = stod(text);
    } catch {
      continue; // 'run', or no number: vmm-sdat's own abort when the VMM's first hit comes (hit-processor)
    }
    if (!Number.isFinite(v))
      throw rangeError(`-t0 ${text} (FEC ${key >> 8} VMM ${key & 255}): a time correction must be a finite number of ns (or 'run')`, 255);
  }
  for (const r of LIST_RANGES) {
    const list = o.perDetector[r.key];
    for (let i = 0; i < list.length; i++) {
      const v = list[i]!;
      if (v >= r.lo && v <= r.hi) continue;
      const at = list.length > 1 ? ` (detector ${o.geometry.detectors[i] ?? i})` : '';
      const range = Number.isFinite(r.lo) ? `a number from ${fmt(r.lo)} to ${fmt(r.hi)}${r.unit}` : 'a number';
      const aborts = r.statFactor > 0 && i === 0 && vmmsdatAborts(1 + v * r.statFactor);
      const why = aborts
        ? ' (vmm-sdat aborts on it: its statistics histogram would need more than 2^31 bins)'
        : r.statFactor > 0
          ? ` (its statistics histogram would have ${fmt(Math.trunc(1 + v * r.statFactor))} bins)`
          : '';
      throw rangeError(`${r.flag} ${fmt(v)}${at}: ${r.what} must be ${range}${why}`, aborts ? 134 : 255);
    }
  }
}
