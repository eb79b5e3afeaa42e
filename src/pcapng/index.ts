/**
 * Platform-neutral capture file API: push parser (pcapng + classic pcap),
 * pcapng writer, typed errors, constants and exact timestamp conversion.
 */
export { CaptureParser, parseCapture, type PacketCallback, type CaptureParserOptions } from './parser.js';
export { PcapngWriter, type PcapngWriterOptions } from './writer.js';
export { PcapngError, type PcapngErrorCode, type PcapngErrorDetails } from './errors.js';
export { parserCounters, type PacketRef, type InterfaceInfo, type InterfaceStatistics, type SectionInfo, type CaptureParserStats } from './packet.js';
export { ticksToTime, timeToTicks, tsResolution, TS_MICRO, type TsResolution, type TimeTarget, type Ticks } from './timestamp.js';
export * from './constants.js';
