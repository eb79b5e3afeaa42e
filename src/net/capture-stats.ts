/**
 * Packet statistics of a capture: the five numbers and two dates vmm-sdat's
 * ReaderPcap prints ("UDP packet statistics", analysis.md §5, §15.4) plus our
 * own counters of what the network layer did with each packet.
 *
 * Every packet lands in exactly one of truncated / udp / others (vmm-sdat's
 * partition). Inside them (names as in {@link captureCounters}):
 *   others = link.unsupported + link.too_short + link.not_ipv4 + ipv4.too_short + ipv4.not_udp
 *   udp + ipv4.reassembled = ipv4.bad_header + ipv4.bad_length + ipv4.fragments
 *                            + udp.payloads + udp.empty_payload + udp.bad_length
 *   ipv4.fragments = ipv4.fragments_used + ipv4.fragments_dropped + ipv4.fragments_pending
 * (a reassembled datagram is one payload built from several fragment packets).
 */
import { formatPacketDate } from './packet-date.js';

export class CaptureStats {
  // --- vmm-sdat's numbers ---
  /** Packet records read. */
  totalPackets = 0;
  /** Sum of original (on-the-wire) lengths of all records, bytes. */
  totalBytes = 0;
  /** Records whose captured length ≠ original length; skipped. */
  truncatedPackets = 0;
  /** IPv4 packets with protocol 17 (vmm-sdat's "ipproto udp"), fragments included. */
  udpPackets = 0;
  /** Everything else (vmm-sdat's "others"). */
  otherPackets = 0;
  /** Integer seconds of the first / last record (NaN before the first). */
  firstSeconds = NaN;
  lastSeconds = NaN;

  // --- link layer ---
  linkUnsupported = 0;
  linkTooShort = 0;
  linkNotIpv4 = 0;
  /** Frames that carried at least one VLAN tag (not counted as "others", unlike vmm-sdat). */
  linkVlan = 0;
  /** Frames of non-Ethernet link types that were decoded. */
  linkSll = 0;
  linkSll2 = 0;
  linkRawIp = 0;
  linkLoopback = 0;

  // --- IPv4 ---
  ipv4TooShort = 0;
  ipv4NotUdp = 0;
  ipv4BadHeader = 0;
  ipv4BadLength = 0;
  /** UDP packets whose IPv4 header has options (IHL > 5); decoded correctly, unlike vmm-sdat. */
  ipv4Options = 0;
  ipv4Fragments = 0;
  ipv4Reassembled = 0;
  ipv4FragmentsUsed = 0;
  ipv4FragmentsDropped = 0;
  ipv4FragmentsPending = 0;

  // --- UDP ---
  udpBadLength = 0;
  udpEmptyPayload = 0;
  /** Payloads longer than the cap (vmm-sdat: 10000 bytes) that were cut. */
  udpPayloadCapped = 0;
  /** Payloads delivered, and their bytes (after the cap). */
  udpPayloads = 0;
  udpPayloadBytes = 0;

  /** Adds `o`'s counts to this (for runs over several files); first/last seconds span both. */
  merge(o: CaptureStats): this {
    for (const k of Object.keys(this) as (keyof CaptureStats)[]) {
      if (k === 'firstSeconds' || k === 'lastSeconds') continue;
      (this as unknown as Record<string, number>)[k]! += (o as unknown as Record<string, number>)[k]!;
    }
    if (Number.isNaN(this.firstSeconds)) this.firstSeconds = o.firstSeconds;
    if (!Number.isNaN(o.lastSeconds)) this.lastSeconds = o.lastSeconds;
    return this;
  }
}

/** All counts under dotted names (stage.reason), for printing and JSON. */
export function captureCounters(s: CaptureStats): Record<string, number> {
  return {
    'capture.packets': s.totalPackets,
    'capture.bytes': s.totalBytes,
    'capture.truncated': s.truncatedPackets,
    'capture.udp': s.udpPackets,
    'capture.others': s.otherPackets,
    'link.unsupported': s.linkUnsupported,
    'link.too_short': s.linkTooShort,
    'link.not_ipv4': s.linkNotIpv4,
    'link.vlan': s.linkVlan,
    'link.linux_sll': s.linkSll,
    'link.linux_sll2': s.linkSll2,
    'link.raw_ip': s.linkRawIp,
    'link.loopback': s.linkLoopback,
    'ipv4.too_short': s.ipv4TooShort,
    'ipv4.not_udp': s.ipv4NotUdp,
    'ipv4.bad_header': s.ipv4BadHeader,
    'ipv4.bad_length': s.ipv4BadLength,
    'ipv4.options': s.ipv4Options,
    'ipv4.fragments': s.ipv4Fragments,
    'ipv4.reassembled': s.ipv4Reassembled,
    'ipv4.fragments_used': s.ipv4FragmentsUsed,
    'ipv4.fragments_dropped': s.ipv4FragmentsDropped,
    'ipv4.fragments_pending': s.ipv4FragmentsPending,
    'udp.bad_length': s.udpBadLength,
    'udp.empty_payload': s.udpEmptyPayload,
    'udp.payload_capped': s.udpPayloadCapped,
    'udp.payloads': s.udpPayloads,
    'udp.payload_bytes': s.udpPayloadBytes,
  };
}

const STAR = '*'.repeat(40);

/**
 * The "UDP packet statistics" block exactly as vmm-sdat prints it (section
 * `ReaderPcap`, level INFO), one message per line without the log prefix.
 * Dates use `timeZone` (default: the machine's zone, as vmm-sdat). For a capture
 * without packets vmm-sdat prints undefined seconds; we print empty dates and 0.0.
 */
export function formatUdpPacketStatistics(s: CaptureStats, timeZone?: string): string[] {
  const sec = (v: number): string => (Number.isNaN(v) ? 0 : v).toFixed(1);
  return [
    STAR,
    'UDP packet statistics',
    STAR,
    `First packet date: ${formatPacketDate(s.firstSeconds, timeZone)}`,
    `First packet seconds: ${sec(s.firstSeconds)}`,
    `Last packet date: ${formatPacketDate(s.lastSeconds, timeZone)}`,
    `Last packet seconds: ${sec(s.lastSeconds)}`,
    `Total packets: ${s.totalPackets}`,
    `Truncated packets: ${s.truncatedPackets}`,
    `ipproto udp: ${s.udpPackets}`,
    `others: ${s.otherPackets}`,
    `Total bytes: ${s.totalBytes}`,
    STAR,
  ];
}
