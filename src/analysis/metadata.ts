/**
 * The TNamed metadata strings of convertFile's ROOT file (analysis.md §14.4),
 * including its accidents: every parameter string is built from one growing buffer
 * of the `-crl` values, and `charge_ratio_lower` appears twice.
 */
import type { AnalysisOptions } from '../config/options.js';
import { fmtF, fmtG } from '../cstd/printf.js';

export interface CaptureTimes {
  firstSeconds: number | null;
  lastSeconds: number | null;
  firstDate: string;
  lastDate: string;
}

/** @param triggers the ESS trigger count (c56141b writes it; HEAD always "0") */
export function metadataStrings(o: AnalysisOptions, t: CaptureTimes, triggers = 0): [string, string][] {
  const first = t.firstSeconds ?? 0;
  const last = t.lastSeconds ?? 0;
  const crl = Array.from(o.perDetector.chargeRatioLower.subarray(0, o.geometry.detectors.length));
  let buf = '';
  const step = (kind: 'g' | 'i'): string => {
    for (const v of crl) buf += `${kind === 'g' ? fmtG(v) : Math.trunc(v)}, `;
    return buf;
  };
  const out: [string, string][] = [
    ['unixtime', fmtF(first)],
    ['date', t.firstDate],
    ['unixtime_end', fmtF(last)],
    ['date_end', t.lastDate],
    ['duration', fmtF(last - first)],
    ['triggers', String(triggers)],
    ['channel mapping', o.channelMapping],
  ];
  out.push(['charge_ratio_lower', step('g')]);
  out.push(['charge_ratio_lower', step('g')]);
  out.push(['bc', fmtF(o.bc)]);
  out.push(['tac', fmtF(o.tac)]);
  out.push(['min_cluster_size', step('i')]);
  out.push(['coincident_cluster_size', step('i')]);
  out.push(['delta_time_hits', step('g')]);
  out.push(['missing_strips', step('i')]);
  out.push(['span_cluster_time', step('g')]);
  out.push(['delta_time_planes', step('g')]);
  return out;
}
