/** VTC format (formats.md §3): decoder, counters and statistics printout. */
export { VtcDecoder, type VtcDecoderOptions } from './decoder.js';
export { VTC_COUNTER_NAMES, type VtcCounters } from './counters.js';
export { vtcStatisticsReport, vtcAcquisitionMs, VTC_BITS_PER_HIT } from './report.js';
