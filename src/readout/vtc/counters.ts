/**
 * The FEC-0 counters of vmm-sdat c56141b's VTC path (formats.md §3.5), shared by the
 * decoder that counts them and the report that prints them.
 */

/**
 * The counters of FEC 0 as convertFile holds them (parser counts transferred after every
 * payload, plus its frame-counter check). Names as vmm-sdat prints them; `ParserErrorBytes`
 * is kept but never printed.
 */
export interface VtcCounters {
  ParserFrameSeqErrors: number;
  ParserFrameMissingErrors: number;
  ParserFramecounterOverflows: number;
  ParserTimestampSeqErrors: number;
  ParserTimestampOverflows: number;
  ParserBadFrames: number;
  ParserGoodFrames: number;
  ParserReadouts: number;
  ParserMarkers: number;
  ParserData: number;
  ParserErrorBytes: number;
}

/** The counters in the order of the `VTC 0` block (§3.5), ParserErrorBytes last (not printed). */
export const VTC_COUNTER_NAMES = [
  'ParserFrameSeqErrors', 'ParserFrameMissingErrors', 'ParserFramecounterOverflows', 'ParserTimestampSeqErrors',
  'ParserTimestampOverflows', 'ParserBadFrames', 'ParserGoodFrames', 'ParserReadouts', 'ParserMarkers', 'ParserData',
  'ParserErrorBytes',
] as const satisfies readonly (keyof VtcCounters)[];
