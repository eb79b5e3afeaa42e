/**
 * Bit layout of the SRS/VMM3a UDP payload (analysis.md §6.1–§6.2; RD51 SRS VMM3a
 * firmware). Frame header: 16 bytes big-endian; readout words: 6 bytes, `d1` = bytes
 * 0–3 (BE u32), `d2` = bytes 4–5 (BE u16).
 */

export const HEADER_BYTES = 16;
export const WORD_BYTES = 6;
/** Data id (bits 8–31 of header word 1) = ASCII "VM3". */
export const DATA_ID_VM3 = 0x564d33;
/** vmm-sdat's result capacity per packet (never reached: ≤ 1664 words in 10000 bytes). */
export const MAX_HITS_PER_PACKET = 2000;

/** d2 bit 15: 1 = data word, 0 = marker. */
export const D2_DATA_FLAG = 0x8000;

// Data word
export const D2_OVER_THRESHOLD_SHIFT = 14;
export const D2_CHANNEL_SHIFT = 8;
export const D2_CHANNEL_MASK = 0x3f;
export const D2_TDC_MASK = 0xff;
export const D1_OFFSET_SHIFT = 27; // 5 bits
export const D1_VMM_SHIFT = 22;
export const D1_VMM_MASK = 0x1f;
export const D1_ADC_SHIFT = 12;
export const D1_ADC_MASK = 0x3ff;
export const D1_BCID_MASK = 0xfff; // Gray coded

// Marker word
export const D2_MARKER_VMM_SHIFT = 10;
export const D2_MARKER_VMM_MASK = 0x1f;
export const D2_TS_LOW_MASK = 0x3ff;
/** TRG trigger-counter markers carry 0xF in d1 bits 28–31. */
export const D1_TRG_COUNTER_FLAG = 0xf;
export const D1_TRG_COUNTER_MASK = 0x3f;

/** vmm-sdat's SRS marker sequence test constant (29 bits, quirk §16.5). */
export const TS_SEQ_LIMIT = 0x1fffffff;

/** Gray → binary for the 12-bit BCID: bit k = XOR of Gray bits k…11. */
export function grayToBinary12(g: number): number {
  let b = g;
  b ^= b >> 1;
  b ^= b >> 2;
  b ^= b >> 4;
  b ^= b >> 8;
  return b & 0xfff;
}
