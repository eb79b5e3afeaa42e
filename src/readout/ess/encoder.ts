/**
 * ESS readout packet generator (the inverse of ./decoder.ts, formats.md §4.1, §4.3):
 * packet headers v0 (30 bytes) or v1 (32 bytes) and 20-byte VMM3a readouts, little-endian.
 * Fields are checked against their byte widths only, not against the decoder's valid
 * ranges, so tests can build readouts that fail every check. `encodeEssStream` turns a
 * list of readouts and pulse times into the packet sequence an RMM would send: one pulse
 * per packet, sequence numbers per output queue, optional heartbeats. Platform-neutral.
 */
import {
  COOKIE_0, COOKIE_1, COOKIE_2, H_COOKIE, H_OUTPUT_QUEUE, H_PADDING, H_PREV_PULSE_HIGH, H_PREV_PULSE_LOW, H_PULSE_HIGH,
  H_PULSE_LOW, H_SEQUENCE, H_TIME_SOURCE, H_TOTAL_LENGTH, H_TYPE, H_VERSION, HEADER_V0_BYTES, HEADER_V1_BYTES,
  MAX_PAYLOAD_BYTES, OTADC_OVER_THRESHOLD, R_BC, R_CHANNEL, R_DATA_LENGTH, R_FEN, R_GEO, R_OTADC, R_RING, R_TDC,
  R_TIME_HIGH, R_TIME_LOW, R_VMM, READOUT_BYTES,
} from './layout.js';

/** One VMM3a readout. */
export interface EssReadout {
  readonly ring: number; // u8 (valid ≤ 23)
  readonly fen: number; // u8 (valid ≤ 23)
  /** Seconds (u32). */
  readonly timeHigh: number;
  /** Ticks of Tbc / 2 (u32, valid ≤ 88052499). */
  readonly timeLow: number;
  readonly bc: number; // u16 (valid ≤ 4095)
  readonly adc: number; // 0…32767 with the flag in bit 15 (valid ≤ 1023)
  readonly overThreshold: boolean;
  readonly geo: number; // u8, bit 7 = calibration readout
  readonly tdc: number; // u8
  readonly vmm: number; // u8 (valid ≤ 15)
  readonly channel: number; // u8 (valid ≤ 63)
  /** The readout's data-length field (default 20, the only valid value). */
  readonly dataLength?: number;
}

/** The header fields of one packet. */
export interface EssHeader {
  readonly version: 0 | 1;
  readonly outputQueue: number; // u8 (valid < 24)
  readonly sequenceNumber: number; // u32
  readonly pulseHigh: number; // u32 seconds
  readonly pulseLow: number; // u32 ticks
  readonly prevPulseHigh: number;
  readonly prevPulseLow: number;
  /** Default 0x30 (as in example_LET.pcapng; not checked by the decoder). */
  readonly detectorType?: number;
  /** Default 11 (as in example_LET.pcapng; ignored by the decoder). */
  readonly timeSource?: number;
}

export const headerBytes = (version: 0 | 1): number => (version === 0 ? HEADER_V0_BYTES : HEADER_V1_BYTES);

/** Most readouts a packet can carry within the 8972-byte limit. */
export const maxReadoutsPerPacket = (version: 0 | 1): number => Math.floor((MAX_PAYLOAD_BYTES - headerBytes(version)) / READOUT_BYTES);

function check(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`ess encoder: ${name} ${v} outside 0…${max}`);
}

/** Writes one readout at `pos` of `dv` (little-endian). */
export function encodeEssReadout(dv: DataView, pos: number, r: EssReadout): void {
  check('ring', r.ring, 0xff);
  check('fen', r.fen, 0xff);
  check('timeHigh', r.timeHigh, 0xffffffff);
  check('timeLow', r.timeLow, 0xffffffff);
  check('bc', r.bc, 0xffff);
  check('adc', r.adc, 0x7fff);
  check('geo', r.geo, 0xff);
  check('tdc', r.tdc, 0xff);
  check('vmm', r.vmm, 0xff);
  check('channel', r.channel, 0xff);
  const dataLength = r.dataLength ?? READOUT_BYTES;
  check('dataLength', dataLength, 0xffff);
  dv.setUint8(pos + R_RING, r.ring);
  dv.setUint8(pos + R_FEN, r.fen);
  dv.setUint16(pos + R_DATA_LENGTH, dataLength, true);
  dv.setUint32(pos + R_TIME_HIGH, r.timeHigh, true);
  dv.setUint32(pos + R_TIME_LOW, r.timeLow, true);
  dv.setUint16(pos + R_BC, r.bc, true);
  dv.setUint16(pos + R_OTADC, (r.overThreshold ? OTADC_OVER_THRESHOLD : 0) | r.adc, true);
  dv.setUint8(pos + R_GEO, r.geo);
  dv.setUint8(pos + R_TDC, r.tdc);
  dv.setUint8(pos + R_VMM, r.vmm);
  dv.setUint8(pos + R_CHANNEL, r.channel);
}

/** Writes a header at `pos` of `dv` for a packet of `totalLength` bytes. */
export function encodeEssHeader(dv: DataView, pos: number, h: EssHeader, totalLength: number): void {
  check('outputQueue', h.outputQueue, 0xff);
  check('sequenceNumber', h.sequenceNumber, 0xffffffff);
  for (const k of ['pulseHigh', 'pulseLow', 'prevPulseHigh', 'prevPulseLow'] as const) check(k, h[k], 0xffffffff);
  check('totalLength', totalLength, 0xffff);
  dv.setUint8(pos + H_PADDING, 0);
  dv.setUint8(pos + H_VERSION, h.version);
  dv.setUint8(pos + H_COOKIE, COOKIE_0);
  dv.setUint8(pos + H_COOKIE + 1, COOKIE_1);
  dv.setUint8(pos + H_COOKIE + 2, COOKIE_2);
  dv.setUint8(pos + H_TYPE, h.detectorType ?? 0x30);
  dv.setUint16(pos + H_TOTAL_LENGTH, totalLength, true);
  dv.setUint8(pos + H_OUTPUT_QUEUE, h.outputQueue);
  dv.setUint8(pos + H_TIME_SOURCE, h.timeSource ?? 11);
  dv.setUint32(pos + H_PULSE_HIGH, h.pulseHigh, true);
  dv.setUint32(pos + H_PULSE_LOW, h.pulseLow, true);
  dv.setUint32(pos + H_PREV_PULSE_HIGH, h.prevPulseHigh, true);
  dv.setUint32(pos + H_PREV_PULSE_LOW, h.prevPulseLow, true);
  dv.setUint32(pos + H_SEQUENCE, h.sequenceNumber, true);
  if (h.version === 1) dv.setUint16(pos + HEADER_V0_BYTES, 0, true); // v1 padding
}

/** One packet: header + readouts (a new array; total length = its size). */
export function encodeEssPacket(h: EssHeader, readouts: readonly EssReadout[]): Uint8Array {
  const hb = headerBytes(h.version);
  const out = new Uint8Array(hb + readouts.length * READOUT_BYTES);
  const dv = new DataView(out.buffer);
  encodeEssHeader(dv, 0, h, out.length);
  readouts.forEach((r, i) => encodeEssReadout(dv, hb + i * READOUT_BYTES, r));
  return out;
}

/** A neutron pulse time: seconds + ticks of Tbc / 2. */
export interface EssPulse {
  readonly high: number;
  readonly low: number;
}

export interface EssStreamOptions {
  readonly version?: 0 | 1;
  /** Output queues used round-robin per packet (default 1). */
  readonly queues?: number;
  /** Readouts per packet (default: the most that fit). */
  readonly readoutsPerPacket?: number;
  /** First sequence number of every queue (default 0, which the decoder expects). */
  readonly firstSequence?: number;
  /** A heartbeat (header only) for every pulse without readouts (default false). */
  readonly heartbeats?: boolean;
}

/** One generated packet and the pulse index it carries. */
export interface EssStreamPacket {
  readonly bytes: Uint8Array;
  readonly pulse: number;
  readonly readouts: number;
}

const before = (aHigh: number, aLow: number, b: EssPulse): boolean => aHigh < b.high || (aHigh === b.high && aLow < b.low);

/**
 * Packs `readouts` (in the given order) into packets. Each readout belongs to the last
 * pulse not after its time (pulses ascending; readouts before the first pulse go with it);
 * a packet holds readouts of one pulse and names the pulse before as previous pulse
 * (the first pulse names itself).
 */
export function encodeEssStream(readouts: readonly EssReadout[], pulses: readonly EssPulse[], options: EssStreamOptions = {}): EssStreamPacket[] {
  if (pulses.length === 0) throw new RangeError('ess encoder: at least one pulse is needed');
  const version = options.version ?? 0;
  const queues = options.queues ?? 1;
  check('queues − 1', queues - 1, 0xff);
  const per = options.readoutsPerPacket ?? maxReadoutsPerPacket(version);
  if (!Number.isInteger(per) || per < 1 || per > maxReadoutsPerPacket(version)) {
    throw new RangeError(`ess encoder: readoutsPerPacket ${per} outside 1…${maxReadoutsPerPacket(version)}`);
  }
  const seq = new Array<number>(queues).fill(options.firstSequence ?? 0);
  const packets: EssStreamPacket[] = [];
  let nextQueue = 0;
  const emit = (p: number, list: readonly EssReadout[]): void => {
    const q = nextQueue;
    nextQueue = (nextQueue + 1) % queues;
    const prev = pulses[Math.max(0, p - 1)]!;
    const h: EssHeader = {
      version, outputQueue: q, sequenceNumber: seq[q]!, pulseHigh: pulses[p]!.high, pulseLow: pulses[p]!.low,
      prevPulseHigh: prev.high, prevPulseLow: prev.low,
    };
    seq[q] = (seq[q]! + 1) >>> 0;
    packets.push({ bytes: encodeEssPacket(h, list), pulse: p, readouts: list.length });
  };
  let pulse = -1; // pulse of the current batch
  let batch: EssReadout[] = [];
  const flush = (): void => {
    if (batch.length) emit(pulse, batch);
    batch = [];
  };
  for (const r of readouts) {
    let p = Math.max(pulse, 0);
    while (p + 1 < pulses.length && !before(r.timeHigh, r.timeLow, pulses[p + 1]!)) p++;
    if (p !== pulse) {
      flush();
      if (options.heartbeats) for (let k = pulse + 1; k < p; k++) emit(k, []);
      pulse = p;
    }
    if (batch.length === per) flush();
    batch.push(r);
  }
  flush();
  if (options.heartbeats) for (let k = pulse + 1; k < pulses.length; k++) emit(k, []);
  return packets;
}
