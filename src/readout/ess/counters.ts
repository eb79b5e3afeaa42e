/**
 * The system-wide ESS counters of vmm-sdat c56141b (formats.md §4.2, §4.3, §4.7), kept
 * under its pseudo-FEC 384 and printed in this order in `System wide stats`.
 */

export const ESS_COUNTER_NAMES = [
  // header validation (§4.2)
  'ErrorBuffer', 'ErrorPad', 'ErrorVersion', 'ErrorCookie', 'ErrorSize', 'ErrorTypeSubType', 'ErrorOutputQueue',
  'ErrorSeqNum', 'ErrorTimeFrac', 'HeartBeats',
  // convertFile's packet counts
  'TotalFrames', 'BadFrames', 'GoodFrames',
  // readouts (§4.3)
  'ParserErrorSize', 'ParserErrorRing', 'ParserErrorFEN', 'ParserErrorDataLength', 'ParserErrorTimeFrac',
  'ParserErrorBC', 'ParserErrorADC', 'ParserErrorVMM', 'ParserErrorChannel', 'ParserReadouts', 'ParserCalibReadouts',
  'ParserDataReadouts', 'ParserOverThreshold',
] as const;

export type EssCounterName = (typeof ESS_COUNTER_NAMES)[number];

/**
 * One number per counter. ErrorTypeSubType never moves (the type check is disabled at
 * c56141b) but is printed. ErrorSeqNum does not reject a packet; all other Error* do,
 * together with BadFrames.
 */
export type EssCounters = Record<EssCounterName, number>;

export function newEssCounters(): EssCounters {
  const c = {} as EssCounters;
  for (const n of ESS_COUNTER_NAMES) c[n] = 0;
  return c;
}
