/**
 * The ESS statistics blocks vmm-sdat c56141b prints at the end of a run (formats.md
 * §4.7, §7.2), walking the geometry FEC list (384 appended): `FEN <id>` with the
 * acquisition time, hit rate and data rate (160 bits per readout) from the per-assister
 * ParserDataReadouts, and `System wide stats` for the pseudo-FEC 384. Plain lines, numbers
 * as its `std::cout` with precision 1 (`%.1f` / `%.1e`); each block starts with the blank
 * line vmm-sdat prints before it.
 */
import type { FecAcquisition } from '../decoder.js';
import { fmtE, fmtF } from '../../cstd/printf.js';
import { ESS_COUNTER_NAMES, type EssCounters } from './counters.js';
import { SYSTEM_FEC } from './layout.js';

const STAR = '*'.repeat(40);
/** Bits per readout in the ESS rate lines. */
export const ESS_BITS_PER_READOUT = 160;
const TWO64 = 2n ** 64n;

/** C++ `(uint64_t)x` of a double (x86-64: truncation, negative values wrap). */
function u64(x: number): bigint {
  if (!Number.isFinite(x)) return 0n;
  const t = BigInt(Math.trunc(x));
  return ((t % TWO64) + TWO64) % TWO64;
}

/** Acquisition time in ms of one FEN: (u64(maxTS) − u64(firstTS)) / 10⁶, the subtraction in u64. */
export function fenAcquisitionMs(acq: FecAcquisition, fec: number): number {
  const d = (u64(acq.maxTS[fec] ?? 0) - u64(acq.firstTS[fec] ?? 0) + TWO64) % TWO64;
  return Number(d) / 1e6;
}

export function essStatisticsReport(c: EssCounters, perFen: Float64Array, acq: FecAcquisition): string[] {
  const lines: string[] = [];
  for (const fec of acq.fecs) {
    if (fec === SYSTEM_FEC) {
      lines.push('', STAR, 'System wide stats', STAR);
      for (const name of ESS_COUNTER_NAMES) lines.push(`${name}: ${c[name]}`);
      lines.push(STAR);
      continue;
    }
    const ms = fenAcquisitionMs(acq, fec);
    const data = perFen[fec] ?? 0;
    lines.push('', STAR, `FEN ${fec}`, 'Stats (acquisition):', STAR);
    lines.push(`Acq time: ${fmtF(ms, 1)} ms`);
    lines.push(`Hit rate FEN: ${fmtE((1000 * data) / ms, 1)} hit/s`);
    lines.push(`Data rate FEN: ${fmtE((1000 * data * ESS_BITS_PER_READOUT) / ms, 1)} bit/s`);
    lines.push(STAR);
  }
  return lines;
}

/** Acquisition time of the last `FEN` block in the list (0 if there is none). */
export function essAcquisitionMs(acq: FecAcquisition): number {
  let ms = 0;
  for (const fec of acq.fecs) if (fec !== SYSTEM_FEC) ms = fenAcquisitionMs(acq, fec);
  return ms;
}
