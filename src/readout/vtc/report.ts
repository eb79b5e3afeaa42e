/**
 * The `VTC <fec>` statistics blocks vmm-sdat c56141b prints at the end of a VTC run
 * (formats.md §3.5, §7.2): the parser counters of FEC 0, then the acquisition time
 * (analysis.md §15.3 formula, overflow rule included), hit rate and data rate at 64 bits
 * per hit. Plain lines (no log prefix), numbers as its `std::cout` with precision 1
 * (`%.1f` / `%.1e`). Each block starts with the blank line vmm-sdat prints before it.
 */
import type { FecAcquisition } from '../decoder.js';
import { acquisitionMsWithOverflow } from '../fec-acquisition.js';
import { fmtE, fmtF } from '../../cstd/printf.js';
import type { VtcCounters } from './counters.js';

const STAR = '*'.repeat(40);
/** Bits per hit in the VTC rate lines. */
export const VTC_BITS_PER_HIT = 64;

const PRINTED = [
  'ParserFrameSeqErrors', 'ParserFrameMissingErrors', 'ParserFramecounterOverflows', 'ParserTimestampSeqErrors',
  'ParserTimestampOverflows', 'ParserBadFrames', 'ParserGoodFrames', 'ParserReadouts', 'ParserMarkers', 'ParserData',
] as const;

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
export function vtcAcquisitionMs(acq: FecAcquisition): number {
  const fecs = acq.fecs;
  return fecs.length ? acquisitionMsWithOverflow(acq, fecs[fecs.length - 1]!) : 0;
}
