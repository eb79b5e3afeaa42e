/** VTC format (formats.md §3): decoder, counters and statistics printout. */
export { VtcDecoder, VTC_COUNTER_NAMES, type VtcDecoderOptions, type VtcCounters } from './decoder.js';
export { vtcStatisticsReport, vtcAcquisitionMs, acquisitionMsWithOverflow, VTC_BITS_PER_HIT } from './report.js';
