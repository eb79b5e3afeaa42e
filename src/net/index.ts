/**
 * Platform-neutral network layer: link layers → IPv4 → UDP payloads with
 * vmm-sdat-compatible statistics, fragment reassembly, and a frame builder.
 */
export { UdpExtractor, VMMSDAT_PAYLOAD_CAP, type UdpDatagram, type UdpExtractorOptions } from './udp-extractor.js';
export { CaptureStats, captureCounters, formatUdpPacketStatistics } from './capture-stats.js';
export { formatPacketDate } from './packet-date.js';
export { locateIpv4, LINK_UNSUPPORTED, LINK_TOO_SHORT, LINK_NOT_IPV4, ETHERTYPE_IPV4, type LinkInfo } from './link.js';
export { Ipv4Reassembler, FRAGMENT_PENDING, FRAGMENT_DROPPED } from './reassembly.js';
export {
  buildUdpFrame,
  encodeUdpFrame,
  resolveUdpAddressing,
  UDP_FRAME_OVERHEAD,
  MAX_UDP_PAYLOAD,
  type UdpFrameAddressing,
  type ResolvedUdpAddressing,
} from './build-frame.js';
export { parseIpv4, formatIpv4, ipv4HeaderChecksum } from './ipv4-address.js';
