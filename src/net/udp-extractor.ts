/**
 * From a captured packet to its UDP payload, with vmm-sdat's statistics.
 *
 * vmm-sdat (analysis.md §5) filters with BPF `ip and udp` and then assumes
 * Ethernet + a 20-byte IPv4 header, trusting the UDP length field and capping the
 * payload at 10000 bytes. For every frame it reads correctly (Ethernet, IPv4
 * without options, consistent lengths) this class accepts the same payloads and
 * produces the same counts. Where vmm-sdat reads garbage we decode the headers
 * from the packet (IHL, lengths, VLAN tags, Linux cooked / raw / loopback link
 * layers, fragments) and count what we did; see docs/capture-format.md.
 */
import type { PacketRef } from '../pcapng/packet.js';
import { CaptureStats } from './capture-stats.js';
import { LINK_TOO_SHORT, LINK_UNSUPPORTED, locateIpv4, type LinkInfo } from './link.js';
import { Ipv4Reassembler } from './reassembly.js';
import { LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_LOOP, LINKTYPE_NULL, LINKTYPE_RAW } from '../pcapng/constants.js';

/** vmm-sdat copies at most this many payload bytes per packet. */
export const VMMSDAT_PAYLOAD_CAP = 10000;
const IPPROTO_UDP = 17;

/**
 * One UDP payload. The extractor owns a single instance and overwrites it for
 * every packet: `bytes[offset … offset+length)` is a view into the parser's
 * buffer (or the reassembly buffer) valid only until the next packet.
 */
export interface UdpDatagram {
  bytes: Uint8Array;
  offset: number;
  length: number;
  /** IPv4 addresses as u32 (10.0.0.2 = 0x0a000002); see formatIpv4. */
  srcIp: number;
  dstIp: number;
  srcPort: number;
  dstPort: number;
  /** Time of the packet (for a reassembled datagram: of its last fragment). */
  tsSeconds: number;
  tsNanos: number;
  /** Index and file offset of that packet. */
  packetIndex: number;
  fileOffset: number;
  /** True when rebuilt from IPv4 fragments. */
  reassembled: boolean;
}

export interface UdpExtractorOptions {
  /** Largest payload handed on (bytes); longer ones are cut and counted. Default 10000 (vmm-sdat); Infinity for none. */
  payloadCap?: number;
  /** Reassemble IPv4 fragments (default true); when false they are counted as dropped. */
  reassemble?: boolean;
  /** Datagrams reassembled concurrently (default 16, 64 KiB each). */
  maxReassemblies?: number;
  /** Capture-time seconds after which an incomplete datagram is dropped (default 30). */
  fragmentTimeoutSeconds?: number;
}

export class UdpExtractor {
  readonly stats = new CaptureStats();
  /** The reused result object. */
  readonly datagram: UdpDatagram = {
    bytes: new Uint8Array(0), offset: 0, length: 0, srcIp: 0, dstIp: 0, srcPort: 0, dstPort: 0,
    tsSeconds: 0, tsNanos: 0, packetIndex: 0, fileOffset: 0, reassembled: false,
  };
  private readonly cap: number;
  private readonly reassembler: Ipv4Reassembler | undefined;
  private readonly link: LinkInfo = { vlanTags: 0 };

  constructor(options: UdpExtractorOptions = {}) {
    this.cap = options.payloadCap ?? VMMSDAT_PAYLOAD_CAP;
    if (options.reassemble ?? true) {
      this.reassembler = new Ipv4Reassembler(this.stats, options.maxReassemblies ?? 16, options.fragmentTimeoutSeconds ?? 30);
    }
  }

  /**
   * Counts `p` and returns its UDP payload, or null when the packet has none
   * (the reason is counted). Allocation-free except for the first use of a
   * reassembly slot.
   */
  extract(p: PacketRef): UdpDatagram | null {
    const s = this.stats;
    // vmm-sdat's bookkeeping happens for every record, before any check (§5.1–5.3).
    if (s.totalPackets === 0) s.firstSeconds = p.tsSeconds;
    s.lastSeconds = p.tsSeconds;
    s.totalPackets++;
    s.totalBytes += p.originalLength;
    if (p.capturedLength !== p.originalLength) {
      s.truncatedPackets++;
      return null;
    }
    const b = p.bytes;
    const end = p.offset + p.capturedLength;
    const lt = p.linkType;
    const l3 = locateIpv4(b, p.offset, end, lt, this.link);
    if (l3 < 0) {
      s.otherPackets++;
      if (l3 === LINK_UNSUPPORTED) s.linkUnsupported++;
      else if (l3 === LINK_TOO_SHORT) s.linkTooShort++;
      else s.linkNotIpv4++;
      return null;
    }
    if (lt !== LINKTYPE_ETHERNET) this.countLink(lt);
    if (this.link.vlanTags > 0) s.linkVlan++;
    // vmm-sdat's filter reads the protocol byte only (BPF `ip[9] = 17`): that decides udp vs others.
    if (end - l3 < 10) {
      s.otherPackets++;
      s.ipv4TooShort++;
      return null;
    }
    if (b[l3 + 9] !== IPPROTO_UDP) {
      s.otherPackets++;
      s.ipv4NotUdp++;
      return null;
    }
    s.udpPackets++;
    const vihl = b[l3]!;
    const ihl = (vihl & 15) * 4;
    if (vihl >> 4 !== 4 || ihl < 20 || l3 + ihl > end) {
      s.ipv4BadHeader++;
      return null;
    }
    if (ihl > 20) s.ipv4Options++;
    const ipLen = (b[l3 + 2]! << 8) | b[l3 + 3]!;
    if (ipLen < ihl || l3 + ipLen > end) {
      s.ipv4BadLength++;
      return null;
    }
    const srcIp = ((b[l3 + 12]! << 24) | (b[l3 + 13]! << 16) | (b[l3 + 14]! << 8) | b[l3 + 15]!) >>> 0;
    const dstIp = ((b[l3 + 16]! << 24) | (b[l3 + 17]! << 16) | (b[l3 + 18]! << 8) | b[l3 + 19]!) >>> 0;
    const frag = (b[l3 + 6]! << 8) | b[l3 + 7]!;
    if ((frag & 0x3fff) !== 0) {
      // MF set or a non-zero offset: a fragment
      s.ipv4Fragments++;
      const r = this.reassembler;
      if (!r) {
        s.ipv4FragmentsDropped++;
        return null;
      }
      const ipId = (b[l3 + 4]! << 8) | b[l3 + 5]!;
      const slot = r.add(b, l3 + ihl, ipLen - ihl, (frag & 0x1fff) * 8, (frag & 0x2000) !== 0, srcIp, dstIp, ipId, p.tsSeconds);
      if (slot < 0) return null;
      return this.udp(r.payload(slot), 0, r.length(slot), srcIp, dstIp, p, true);
    }
    return this.udp(b, l3 + ihl, ipLen - ihl, srcIp, dstIp, p, false);
  }

  /** Call at the end of input: counts fragments of datagrams still incomplete. */
  finish(): void {
    this.reassembler?.finish();
  }

  private udp(b: Uint8Array, u: number, avail: number, srcIp: number, dstIp: number, p: PacketRef, reassembled: boolean): UdpDatagram | null {
    const s = this.stats;
    const udpLen = avail >= 8 ? (b[u + 4]! << 8) | b[u + 5]! : 0;
    if (udpLen < 8 || udpLen > avail) {
      s.udpBadLength++; // includes vmm-sdat's "UDP length 0 → skipped"
      return null;
    }
    let n = udpLen - 8;
    if (n === 0) {
      s.udpEmptyPayload++;
      return null;
    }
    if (n > this.cap) {
      n = this.cap;
      s.udpPayloadCapped++;
    }
    s.udpPayloads++;
    s.udpPayloadBytes += n;
    const d = this.datagram;
    d.bytes = b;
    d.offset = u + 8;
    d.length = n;
    d.srcIp = srcIp;
    d.dstIp = dstIp;
    d.srcPort = (b[u]! << 8) | b[u + 1]!;
    d.dstPort = (b[u + 2]! << 8) | b[u + 3]!;
    d.tsSeconds = p.tsSeconds;
    d.tsNanos = p.tsNanos;
    d.packetIndex = p.index;
    d.fileOffset = p.fileOffset;
    d.reassembled = reassembled;
    return d;
  }

  private countLink(lt: number): void {
    const s = this.stats;
    if (lt === LINKTYPE_LINUX_SLL) s.linkSll++;
    else if (lt === LINKTYPE_LINUX_SLL2) s.linkSll2++;
    else if (lt === LINKTYPE_RAW || lt === LINKTYPE_IPV4) s.linkRawIp++;
    else if (lt === LINKTYPE_NULL || lt === LINKTYPE_LOOP) s.linkLoopback++;
  }
}
