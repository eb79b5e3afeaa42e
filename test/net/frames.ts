/**
 * Test-side frame construction: PacketRefs around hand-built frames, and the
 * link-layer wrappings (VLAN, Linux cooked v1/v2, loopback, raw) of an IPv4
 * packet, each with its header fields annotated. IPv4 packets come from
 * buildUdpFrame (whose bytes are checked in build-frame.test.ts) minus Ethernet.
 */
import type { PacketRef } from '../../src/pcapng/packet.js';
import { buildUdpFrame, type UdpFrameAddressing } from '../../src/net/build-frame.js';
import { ipv4HeaderChecksum } from '../../src/net/ipv4-address.js';

export const ADDR: UdpFrameAddressing = { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6007 };

export function ref(frame: Uint8Array, linkType = 1, originalLength = frame.length, ts = 100): PacketRef {
  // place the frame at an offset inside a larger buffer, as the parser does
  const bytes = new Uint8Array(frame.length + 37).fill(0xcc);
  bytes.set(frame, 29);
  return { bytes, offset: 29, capturedLength: frame.length, originalLength, linkType, interfaceId: 0, tsSeconds: ts, tsNanos: 5, index: 0, fileOffset: 0 };
}

export const payload = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

/** An Ethernet/IPv4/UDP frame around `p`. */
export const ether = (p: Uint8Array, a: Partial<UdpFrameAddressing> = {}): Uint8Array => buildUdpFrame(p, { ...ADDR, ...a });

/** The IPv4 packet (no link header) carrying `p`. */
export const ipv4 = (p: Uint8Array, a: Partial<UdpFrameAddressing> = {}): Uint8Array => ether(p, a).subarray(14);

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/** Ethernet header with the given EtherType sequence (VLAN tags between MACs and the final type). */
export function etherWithTags(ip: Uint8Array, tags: number[][]): Uint8Array {
  const head = [
    0x02, 0, 0, 0, 0, 0x02, // destination MAC
    0x02, 0, 0, 0, 0, 0x01, // source MAC
  ];
  const t: number[] = [];
  for (const [tpid, vid] of tags) t.push(tpid! >> 8, tpid! & 255, vid! >> 8, vid! & 255); // TPID, TCI (PCP/DEI/VID)
  return concat(head, t, [0x08, 0x00], ip); // EtherType IPv4
}

/** Linux cooked capture v1 header (16 bytes) + packet. */
export function sll(ip: Uint8Array, protocol = 0x0800): Uint8Array {
  return concat(
    [
      0x00, 0x00, // packet type 0: to us
      0x00, 0x01, // ARPHRD_ETHER
      0x00, 0x06, // link-layer address length 6
      0x00, 0x50, 0xc2, 0xf2, 0x52, 0x2d, 0x00, 0x00, // address, padded to 8
      protocol >> 8, protocol & 255, // protocol (EtherType)
    ],
    ip,
  );
}

/** Linux cooked capture v2 header (20 bytes) + packet. */
export function sll2(ip: Uint8Array, protocol = 0x0800): Uint8Array {
  return concat(
    [
      protocol >> 8, protocol & 255, // protocol (EtherType)
      0x00, 0x00, // reserved
      0x00, 0x00, 0x00, 0x03, // interface index 3
      0x00, 0x01, // ARPHRD_ETHER
      0x00, // packet type: to us
      0x06, // address length
      0x00, 0x50, 0xc2, 0xf2, 0x52, 0x2d, 0x00, 0x00, // address, padded to 8
    ],
    ip,
  );
}

/** Rewrites IPv4 header fields of an Ethernet frame (offset 14) and fixes the checksum. */
export function patchIp(frame: Uint8Array, at: number, bytes: number[], l3 = 14): Uint8Array {
  const f = frame.slice();
  f.set(bytes, l3 + at);
  f[l3 + 10] = 0;
  f[l3 + 11] = 0;
  const ihl = (f[l3]! & 15) * 4;
  const c = ipv4HeaderChecksum(f, l3, ihl);
  f[l3 + 10] = c >> 8;
  f[l3 + 11] = c & 255;
  return f;
}

/** The IPv4 packet `ip` with `optWords` 4-byte words of options (NOP…, EOL) inserted after the header. */
export function withOptions(ip: Uint8Array, optWords: number): Uint8Array {
  const opts = new Array(optWords * 4).fill(1); // NOP
  opts[opts.length - 1] = 0; // EOL
  const out = concat(ip.subarray(0, 20), opts, ip.subarray(20));
  out[0] = 0x40 | (5 + optWords); // IHL
  const total = out.length;
  out[2] = total >> 8;
  out[3] = total & 255;
  out[10] = out[11] = 0;
  const c = ipv4HeaderChecksum(out, 0, 20 + optWords * 4);
  out[10] = c >> 8;
  out[11] = c & 255;
  return out;
}

/**
 * Splits the IPv4 packet `ip` (20-byte header) into fragments carrying at most
 * `maxData` bytes (a multiple of 8) each; returns IPv4 packets.
 */
export function fragment(ip: Uint8Array, maxData: number, id: number): Uint8Array[] {
  const data = ip.subarray(20);
  const out: Uint8Array[] = [];
  for (let o = 0; o < data.length; o += maxData) {
    const part = data.subarray(o, Math.min(o + maxData, data.length));
    const f = concat(ip.subarray(0, 20), part);
    const more = o + maxData < data.length;
    const total = f.length;
    f[2] = total >> 8;
    f[3] = total & 255;
    f[4] = id >> 8;
    f[5] = id & 255;
    const fo = (more ? 0x2000 : 0) | (o / 8); // MF flag, offset in 8-byte units
    f[6] = fo >> 8;
    f[7] = fo & 255;
    f[10] = f[11] = 0;
    const c = ipv4HeaderChecksum(f, 0, 20);
    f[10] = c >> 8;
    f[11] = c & 255;
    out.push(f);
  }
  return out;
}

export const ETH_HEAD = Uint8Array.of(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00);
