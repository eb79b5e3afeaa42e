/**
 * Per-hit calibration arithmetic (analysis.md §7.4; formats.md §3.4, §4.5), with the
 * exact precision steps of each vmm-sdat code path. `block` holds the eight f32
 * parameters of one channel (adc offset, adc slope, time offset, time slope, time-walk
 * a, b, c, d) as read by `calibrationOffset`; a negative offset means the defaults.
 */
import type { Calibration } from '../config/calibration.js';
import { calibrationOffset } from '../config/calibration.js';
import { u16d } from '../cstd/cast.js';

/** Scratch for one hit's calibrated values (reused; no allocation per hit). */
export interface Calibrated {
  /** Chip time after the time-walk correction (ns). */
  chip: number;
  /** Calibrated ADC (0…1023). */
  adc: number;
  /** `1.5·Tbc − TDC·TAC/255` (ns), for the calibration histograms. */
  tdcPart: number;
  /** `(tdcPart − time_offset)·time_slope` (ns). */
  tdcPartCal: number;
}

/**
 * SRS/TRG (A§7.4) and VTC (formats §3.4): chip time with the BCID term, ADC in f64 then
 * u16 (negative values wrap, hence 1023), time walk with a single-precision division.
 * `withBcid` false gives ESS's chip time (formats §4.5), whose ADC rule is `essAdc`.
 */
export function calibrateHit(
  cal: Calibration | null, fec: number, vmm: number, ch: number, bcid: number, tdc: number, adc: number,
  tbc: number, tac: number, ess: boolean, out: Calibrated,
): void {
  const tdcTime = (tdc * tac) / 255;
  const tdcPart = 1.5 * tbc - tdcTime;
  const k = cal ? calibrationOffset(cal, fec, vmm, ch) : -1;
  if (k < 0) {
    // Identity calibration: every correction is exact (x − 0, x·1, time walk 0).
    out.tdcPart = tdcPart;
    out.tdcPartCal = tdcPart;
    out.chip = ess ? tdcPart : bcid * tbc + tdcPart;
    out.adc = adc;
    return;
  }
  const p = cal!.params;
  const ao = p[k]!, as = p[k + 1]!, to = p[k + 2]!, ts = p[k + 3]!;
  const a = p[k + 4]!, b = p[k + 5]!, c = p[k + 6]!, d = p[k + 7]!;
  const tdcCal = (tdcPart - to) * ts;
  let adcCal: number;
  if (ess) {
    // single precision, truncated, clamped to 0…1023 (formats §4.5)
    adcCal = Math.trunc(Math.fround(Math.fround(adc - ao) * as));
    if (adcCal > 1023) adcCal = 1023;
    else if (adcCal < 0) adcCal = 0;
  } else {
    adcCal = u16d((adc - ao) * as);
    if (adcCal > 1023) adcCal = 1023;
  }
  const q = Math.fround(adcCal / c);
  const tw = d + Math.fround(a - d) / (1 + Math.pow(q, b));
  out.tdcPart = tdcPart;
  out.tdcPartCal = tdcCal;
  out.chip = (ess ? tdcCal : bcid * tbc + tdcCal) - tw;
  out.adc = adcCal;
}
