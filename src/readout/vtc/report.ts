/**
 * The `VTC <fec>` statistics blocks vmm-sdat c56141b prints at the end of a VTC run
 * (formats.md §3.5, §7.2): the parser counters of FEC 0, then the acquisition time
 * (analysis.md §15.3 formula, overflow rule included), hit rate and data rate at 64 bits
 * per hit. Plain lines (no log prefix), numbers as its `std::cout` with precision 1
 * (`%.1f` / `%.1e`). Each block starts with the blank line vmm-sdat prints before it.
 */
import type { FecAcquisition } from '../decoder.js';
import { fmtE, fmtF } from '../../cstd/printf.js';
import type { VtcCounters } from './counters.js';

const STAR = '*'.repeat(40);
/** Bits per hit in the VTC rate lines. */
export const VTC_BITS_PER_HIT = 64;

const PRINTED = [
  'ParserFrameSeqErrors', 'ParserFrameMissingErrors', 'ParserFramecounterOverflows', 'ParserTimestampSeqErrors',
  'ParserTimestampOverflows', 'ParserBadFrames', 'ParserGoodFrames', 'ParserReadouts', 'ParserMarkers', 'ParserData',
] as const;

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

/** The blocks for every FEC of `acq.fecs` (only FEC 0 carries counts). */
export function vtcStatisticsReport(c: VtcCounters, acq: FecAcquisition): string[] {
  const lines: string[] = [];
  for (const fec of acq.fecs) {
    const mine = fec === 0;
    lines.push('', STAR, `VTC ${fec}`, STAR);
    for (const name of PRINTED) lines.push(`${name}: ${mine ? c[name] : 0}`);
    const ms = acquisitionMsWithOverflow(acq, fec);
    const data = mine ? c.ParserData : 0;
    lines.push('', STAR, 'Stats (acquisition):', STAR);
    lines.push(`Acq time: ${fmtF(ms, 1)} ms`);
    lines.push(`Hit rate VTC: ${fmtE((1000 * data) / ms, 1)} hit/s`);
    lines.push(`Data rate VTC: ${fmtE((1000 * data * VTC_BITS_PER_HIT) / ms, 1)} bit/s`);
    lines.push(STAR);
  }
  return lines;
}

/** Acquisition time of the last block (0 when the FEC list is empty). */
export function vtcAcquisitionMs(_c: VtcCounters, acq: FecAcquisition): number {
  const fecs = acq.fecs;
  return fecs.length ? acquisitionMsWithOverflow(acq, fecs[fecs.length - 1]!) : 0;
}
