/**
 * Builds Ethernet II / IPv4 / UDP frames around a payload — what an SRS FEC sends
 * and what `vmmscope record`'s built-in receiver stores (it receives payloads from
 * a socket and must write frames that vmm-sdat and Wireshark read). The IPv4
 * header has no options, a correct header checksum, DF set and TTL 64; the UDP
 * checksum is 0 ("not computed", valid for IPv4, RFC 768).
 */
import { ipv4HeaderChecksum, parseIpv4 } from './ipv4-address.js';

export interface UdpFrameAddressing {
  /** Source IPv4 address: dotted text or u32 (e.g. "10.0.0.2"). */
  srcIp: string | number;
  dstIp: string | number;
  srcPort: number;
  dstPort: number;
  /** 6 bytes, or "aa:bb:cc:dd:ee:ff"; default 02:00:00:00:00:01 (locally administered). */
  srcMac?: Uint8Array | string;
  /** Default 02:00:00:00:00:02. */
  dstMac?: Uint8Array | string;
  /** IPv4 identification field (default 0). */
  ipId?: number;
}

/** Ethernet (14) + IPv4 without options (20) + UDP (8) header bytes. */
export const UDP_FRAME_OVERHEAD = 42;
/** Largest UDP payload one IPv4 datagram can carry (65535 − 20 − 8). */
export const MAX_UDP_PAYLOAD = 65507;

const DEFAULT_SRC_MAC = Uint8Array.of(2, 0, 0, 0, 0, 1);
const DEFAULT_DST_MAC = Uint8Array.of(2, 0, 0, 0, 0, 2);

function mac(m: Uint8Array | string | undefined, dflt: Uint8Array, field: string): Uint8Array {
  if (m === undefined) return dflt;
  if (typeof m !== 'string') {
    if (m.length !== 6) throw new RangeError(`${field}: a MAC address has 6 bytes, got ${m.length}`);
    return m;
  }
  const parts = m.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new RangeError(`${field}: not a MAC address: "${m}"`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

function ip(v: string | number, field: string): number {
  if (typeof v === 'string') return parseIpv4(v);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${field}: ${v} is not a u32 IPv4 address`);
  return v;
}

function port(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`${field}: ${v} is not a UDP port (0…65535)`);
  return v;
}

/** Addressing resolved once (parsed addresses), for writing many frames without re-parsing. */
export interface ResolvedUdpAddressing {
  readonly srcIp: number;
  readonly dstIp: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly srcMac: Uint8Array;
  readonly dstMac: Uint8Array;
  readonly ipId: number;
}

/** Validates and parses addressing; throws a RangeError naming the bad field. */
export function resolveUdpAddressing(a: UdpFrameAddressing): ResolvedUdpAddressing {
  return {
    srcIp: ip(a.srcIp, 'srcIp'),
    dstIp: ip(a.dstIp, 'dstIp'),
    srcPort: port(a.srcPort, 'srcPort'),
    dstPort: port(a.dstPort, 'dstPort'),
    srcMac: mac(a.srcMac, DEFAULT_SRC_MAC, 'srcMac'),
    dstMac: mac(a.dstMac, DEFAULT_DST_MAC, 'dstMac'),
    ipId: a.ipId === undefined ? 0 : port(a.ipId, 'ipId'),
  };
}

/**
 * Writes an Ethernet/IPv4/UDP frame carrying `payload[payloadOffset … +payloadLength)`
 * into `target` at `targetOffset`; returns the frame length (42 + payloadLength).
 * No allocation. `ipId` overrides the addressing's identification field (e.g. a counter).
 */
export function encodeUdpFrame(
  target: Uint8Array,
  targetOffset: number,
  payload: Uint8Array,
  payloadOffset: number,
  payloadLength: number,
  a: ResolvedUdpAddressing,
  ipId = a.ipId,
): number {
  if (payloadLength > MAX_UDP_PAYLOAD) throw new RangeError(`UDP payload of ${payloadLength} bytes exceeds the IPv4 maximum ${MAX_UDP_PAYLOAD}`);
  const total = UDP_FRAME_OVERHEAD + payloadLength;
  if (targetOffset + total > target.length) throw new RangeError(`frame of ${total} bytes does not fit the target at offset ${targetOffset}`);
  const t = target;
  let o = targetOffset;
  t.set(a.dstMac, o); // destination MAC
  t.set(a.srcMac, o + 6); // source MAC
  t[o + 12] = 0x08; // EtherType 0x0800 = IPv4
  t[o + 13] = 0x00;
  o += 14;
  const ipLen = 20 + 8 + payloadLength;
  t[o] = 0x45; // version 4, IHL 5 (20 bytes)
  t[o + 1] = 0; // DSCP/ECN
  t[o + 2] = ipLen >>> 8; // total length
  t[o + 3] = ipLen & 255;
  t[o + 4] = (ipId >>> 8) & 255; // identification
  t[o + 5] = ipId & 255;
  t[o + 6] = 0x40; // flags: DF; fragment offset 0
  t[o + 7] = 0;
  t[o + 8] = 64; // TTL
  t[o + 9] = 17; // protocol UDP
  t[o + 10] = 0; // header checksum, computed below
  t[o + 11] = 0;
  writeU32(t, o + 12, a.srcIp);
  writeU32(t, o + 16, a.dstIp);
  const sum = ipv4HeaderChecksum(t, o, 20);
  t[o + 10] = sum >>> 8;
  t[o + 11] = sum & 255;
  o += 20;
  const udpLen = 8 + payloadLength;
  t[o] = a.srcPort >>> 8;
  t[o + 1] = a.srcPort & 255;
  t[o + 2] = a.dstPort >>> 8;
  t[o + 3] = a.dstPort & 255;
  t[o + 4] = udpLen >>> 8; // UDP length (header + payload)
  t[o + 5] = udpLen & 255;
  t[o + 6] = 0; // UDP checksum 0 = not computed
  t[o + 7] = 0;
  t.set(payloadOffset === 0 && payloadLength === payload.length ? payload : payload.subarray(payloadOffset, payloadOffset + payloadLength), o + 8);
  return total;
}

/**
 * A new Ethernet/IPv4/UDP frame around `payload` (copied). Convenience form of
 * {@link encodeUdpFrame} for tests, generators and fixtures.
 */
export function buildUdpFrame(payload: Uint8Array, addressing: UdpFrameAddressing): Uint8Array {
  const a = resolveUdpAddressing(addressing);
  const frame = new Uint8Array(UDP_FRAME_OVERHEAD + payload.length);
  encodeUdpFrame(frame, 0, payload, 0, payload.length, a);
  return frame;
}

function writeU32(t: Uint8Array, o: number, v: number): void {
  t[o] = v >>> 24;
  t[o + 1] = (v >>> 16) & 255;
  t[o + 2] = (v >>> 8) & 255;
  t[o + 3] = v & 255;
}
