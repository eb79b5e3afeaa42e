/** ESS readout format (formats.md §4): decoder, counters, statistics printout and packet generator. */
export { EssDecoder, type EssDecoderOptions } from './decoder.js';
export { ESS_COUNTER_NAMES, newEssCounters, type EssCounterName, type EssCounters } from './counters.js';
export { essStatisticsReport, essAcquisitionMs, fenAcquisitionMs, ESS_BITS_PER_READOUT } from './report.js';
export {
  encodeEssPacket, encodeEssStream, encodeEssHeader, encodeEssReadout, headerBytes, maxReadoutsPerPacket,
  type EssHeader, type EssReadout, type EssPulse, type EssStreamOptions, type EssStreamPacket,
} from './encoder.js';
export { assisterId, SYSTEM_FEC, MAX_TIME_FRAC } from './layout.js';
