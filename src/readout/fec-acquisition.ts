/**
 * The acquisition time of one FEC from the hit handler's per-FEC bookkeeping
 * (analysis.md §15.3): (maxTS − firstTS) / 10⁶ ms on u64 values, and with
 * timestamp overflows vmm-sdat's correction (maxTS raised to 2³²−1 or 109951162777575,
 * then (max − first + (overflows − 1)·max + oldTS) / 10⁶). The one formula behind the
 * SRS `FEC <id>` blocks, the VTC blocks and the VTC `Total Cluster rate`.
 */
import type { FecAcquisition } from './decoder.js';

/** Acquisition time in ms of one FEC (analysis.md §15.3: u64 values, overflow correction). */
export function acquisitionMsWithOverflow(acq: FecAcquisition, fec: number): number {
  const first = Math.trunc(acq.firstTS[fec] ?? 0);
  let max = Math.trunc(acq.maxTS[fec] ?? 0);
  const last = Math.trunc(acq.oldTS[fec] ?? 0);
  const ov = acq.timestampOverflow[fec] ?? 0;
  if (ov >= 1) {
    if (max <= 4294967295) max = 4294967295;
    else if (max <= 109951162777575) max = 109951162777575;
    return (max - first + (ov - 1) * max + last) / 1e6;
  }
  return (max - first) / 1e6;
}
