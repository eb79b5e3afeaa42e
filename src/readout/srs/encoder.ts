/**
 * The inverse of the SRS/VMM3a parser: builds UDP payloads (frame header + 6-byte
 * words, analysis.md §6) from hits and markers. Used by the property tests
 * (encode → capture → decode), by the benchmark's capture generator and by the
 * replay emulator. Platform-neutral; the bit layout comes from ./words.ts.
 */
import {
  D1_ADC_SHIFT, D1_OFFSET_SHIFT, D1_VMM_SHIFT, D2_CHANNEL_SHIFT, D2_DATA_FLAG, D2_MARKER_VMM_SHIFT,
  D2_OVER_THRESHOLD_SHIFT, D2_TS_LOW_MASK, DATA_ID_VM3, HEADER_BYTES, WORD_BYTES,
} from './words.js';

/** One data word (a VMM hit). `bcid` is binary; it is Gray-coded on encoding. */
export interface SrsHitWord {
  readonly kind: 'hit';
  readonly vmm: number; // 0…31
  readonly channel: number; // 0…63
  readonly tdc: number; // 0…255
  readonly adc: number; // 0…1023
  readonly bcid: number; // 0…4095
  readonly offset: number; // 0…31 (5-bit timestamp offset field)
  readonly overThreshold: boolean;
}

/** One marker word: VMM 0…15 carries the 42-bit BC timestamp; 16…31 are TRG trigger markers. */
export interface SrsMarkerWord {
  readonly kind: 'marker';
  readonly vmm: number; // 0…31
  /** 42-bit value: d1 = ⌊ts / 1024⌋, low 10 bits in d2. */
  readonly timestamp: number;
}

export type SrsWord = SrsHitWord | SrsMarkerWord;

/** Binary → Gray code (12 bits). */
export function binaryToGray12(b: number): number {
  return (b ^ (b >> 1)) & 0xfff;
}

function check(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`srs encoder: ${name} ${v} outside 0…${max}`);
}

/** Writes one word at `pos` of `dv`. */
export function encodeWord(dv: DataView, pos: number, w: SrsWord): void {
  if (w.kind === 'hit') {
    check('vmm', w.vmm, 31);
    check('channel', w.channel, 63);
    check('tdc', w.tdc, 255);
    check('adc', w.adc, 1023);
    check('bcid', w.bcid, 4095);
    check('offset', w.offset, 31);
    const d1 = ((w.offset << D1_OFFSET_SHIFT) | (w.vmm << D1_VMM_SHIFT) | (w.adc << D1_ADC_SHIFT) | binaryToGray12(w.bcid)) >>> 0;
    const d2 = D2_DATA_FLAG | ((w.overThreshold ? 1 : 0) << D2_OVER_THRESHOLD_SHIFT) | (w.channel << D2_CHANNEL_SHIFT) | w.tdc;
    dv.setUint32(pos, d1, false);
    dv.setUint16(pos + 4, d2, false);
  } else {
    check('vmm', w.vmm, 31);
    check('timestamp', w.timestamp, 2 ** 42 - 1);
    dv.setUint32(pos, Math.floor(w.timestamp / 1024), false);
    dv.setUint16(pos + 4, (w.vmm << D2_MARKER_VMM_SHIFT) | (w.timestamp % 1024), false);
  }
}

/**
 * One UDP payload: 16-byte header (frame counter, "VM3" + FEC id, UDP timestamp,
 * offset overflow) followed by the words. Returns a new buffer.
 */
export function encodeSrsPayload(frameCounter: number, fec: number, words: readonly SrsWord[], udpTimestamp = 0): Uint8Array {
  check('fec', fec, 15);
  const out = new Uint8Array(HEADER_BYTES + WORD_BYTES * words.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, frameCounter >>> 0, false);
  dv.setUint32(4, ((DATA_ID_VM3 << 8) | (fec << 4)) >>> 0, false);
  dv.setUint32(8, udpTimestamp >>> 0, false);
  dv.setUint32(12, 0, false);
  words.forEach((w, i) => encodeWord(dv, HEADER_BYTES + i * WORD_BYTES, w));
  return out;
}

/**
 * Rewrites an SRS payload in place for replaying a capture as a later one: adds
 * `deltaBc` to every marker timestamp of VMM 0…15 (42-bit wrap) and sets the frame
 * counter. Data words are untouched (their BCIDs are relative to the markers).
 */
export function shiftSrsPayload(bytes: Uint8Array, offset: number, length: number, deltaBc: number, frameCounter: number): void {
  if (length < HEADER_BYTES || (length - HEADER_BYTES) % WORD_BYTES !== 0) return;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  dv.setUint32(0, frameCounter >>> 0, false);
  for (let p = HEADER_BYTES; p < length; p += WORD_BYTES) {
    const d2 = dv.getUint16(p + 4, false);
    if (d2 & D2_DATA_FLAG) continue;
    if (((d2 >> D2_MARKER_VMM_SHIFT) & 0x1f) >= 16) continue;
    const ts = (dv.getUint32(p, false) * 1024 + (d2 & D2_TS_LOW_MASK) + deltaBc) % 2 ** 42;
    dv.setUint32(p, Math.floor(ts / 1024), false);
    dv.setUint16(p + 4, (d2 & ~D2_TS_LOW_MASK) | (ts % 1024), false);
  }
}
