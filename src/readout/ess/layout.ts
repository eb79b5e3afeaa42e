/**
 * Byte layout and limits of the ESS readout format as vmm-sdat c56141b reads it
 * (formats.md §4.1, §4.3). All multi-byte fields are little-endian. A packet is a
 * 30-byte (version 0) or 32-byte (version 1) header followed by 20-byte VMM3a readouts.
 */

// Packet header (offsets in bytes)
export const H_PADDING = 0;
export const H_VERSION = 1;
/** Three bytes "ESS". */
export const H_COOKIE = 2;
export const COOKIE_0 = 0x45;
export const COOKIE_1 = 0x53;
export const COOKIE_2 = 0x53;
export const H_TYPE = 5;
export const H_TOTAL_LENGTH = 6; // u16
export const H_OUTPUT_QUEUE = 8;
export const H_TIME_SOURCE = 9;
export const H_PULSE_HIGH = 10; // u32 seconds
export const H_PULSE_LOW = 14; // u32 ticks
export const H_PREV_PULSE_HIGH = 18;
export const H_PREV_PULSE_LOW = 22;
export const H_SEQUENCE = 26; // u32
/** Header sizes by version. */
export const HEADER_V0_BYTES = 30;
export const HEADER_V1_BYTES = 32;
export const MAX_VERSION = 1;

/** Payload length limits of the validation (§4.2 step 2). */
export const MIN_PAYLOAD_BYTES = 5;
export const MAX_PAYLOAD_BYTES = 8972;
/** Output queues 0…23. */
export const MAX_OUTPUT_QUEUES = 24;
/** Largest tick count of a second (88.0525 MHz clock). */
export const MAX_TIME_FRAC = 88052499;

// Readout (offsets in bytes)
export const READOUT_BYTES = 20;
export const R_RING = 0;
export const R_FEN = 1;
export const R_DATA_LENGTH = 2; // u16
export const R_TIME_HIGH = 4; // u32
export const R_TIME_LOW = 8; // u32
export const R_BC = 12; // u16
export const R_OTADC = 14; // u16
export const R_GEO = 16;
export const R_TDC = 17;
export const R_VMM = 18;
export const R_CHANNEL = 19;

export const MAX_RING = 23;
export const MAX_FEN = 23;
export const MAX_BC = 4095;
export const MAX_ADC = 1023;
export const MAX_VMM = 15;
export const MAX_CHANNEL = 63;
/** OTADC bit 15: over threshold; bits 0–9: ADC. */
export const OTADC_OVER_THRESHOLD = 0x8000;
export const OTADC_VALUE_MASK = 0x7fff;
export const OTADC_ADC_MASK = 0x3ff;
/** GEO bit 7: calibration readout. */
export const GEO_CALIBRATION = 0x80;

/** Assister (FEC) id = (ring div 2) × 32 + FEN: 0…375. */
export const ASSISTERS = (MAX_RING >> 1) * 32 + MAX_FEN + 1;
export function assisterId(ring: number, fen: number): number {
  return (ring >> 1) * 32 + fen;
}

/** Pulse filter: a header pulse counts as a new trigger only if it is more than 1 ms after the last one (ns). */
export const PULSE_MIN_GAP_NS = 1e6;
/** The pseudo-FEC under which vmm-sdat keeps (and prints) the system-wide counters. */
export const SYSTEM_FEC = 384;
