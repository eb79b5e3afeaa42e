/**
 * Bit layout of the VTC UDP payload (formats.md §3.1, §3.3): a 12-byte big-endian
 * header (data id, frame counter, number of hits) followed by 8-byte hit words,
 * `d1` = BE u32 at +0, `d2` = BE u32 at +4. No markers: every word carries its own
 * 26-bit clock counter.
 */

export const HEADER_BYTES = 12;
export const WORD_BYTES = 8;
/** Header word 0. */
export const DATA_ID = 0xdadadada;
/** Smallest payload that decodes (header + one word). */
export const MIN_FRAME_BYTES = HEADER_BYTES + WORD_BYTES;
/**
 * vmm-sdat's receive buffer: payloads are copied into it (capped at this size) and
 * reused, so a short payload's header reads bytes of earlier payloads (§3.2 step 2).
 */
export const RECEIVE_BUFFER_BYTES = 10000;

// d1
/** Clock counter, bits 6–31 (26 bits), unit Toff. */
export const D1_CC_SHIFT = 6;
export const D1_VMM_SHIFT = 5;
export const D1_OVER_THRESHOLD_SHIFT = 4;
/** BCID high nibble, bits 0–3. */
export const D1_BCID_HIGH_MASK = 0xf;

// d2
/** BCID low byte, bits 24–31 (plain binary, no Gray code). */
export const D2_BCID_LOW_SHIFT = 24;
export const D2_TDC_SHIFT = 16;
export const D2_TDC_MASK = 0xff;
export const D2_ADC_SHIFT = 6;
export const D2_ADC_MASK = 0x3ff;
export const D2_CHANNEL_MASK = 0x3f;

/**
 * Timestamp order test: a decrease of at least this much is an overflow, smaller
 * ones are sequence errors. A 26-bit counter cannot reach it (ParserTimestampOverflows
 * stays 0), kept for fidelity.
 */
export const TS_OVERFLOW_DIFF = 0x0fffffff;
/** convertFile's frame-counter check (§3.5): a decrease larger than this is an overflow. */
export const FRAME_COUNTER_OVERFLOW_DIFF = 0x0fffffff;
