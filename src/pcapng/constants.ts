/**
 * Numbers of the capture formats: pcapng block types and magics (IETF draft
 * "PCAP Next Generation (pcapng) Capture File Format", §4), classic pcap magics
 * (draft "PCAP Capture File Format", §4) and the link types this package knows
 * (tcpdump.org LINKTYPE_* list). Values only; no logic.
 */

/** Section Header Block type; a byte-order palindrome, so it reads the same in both orders. */
export const BLOCK_SHB = 0x0a0d0d0a;
/** Interface Description Block. */
export const BLOCK_IDB = 0x00000001;
/** Obsolete Packet Block (pcapng 1.0, still written by old tools). */
export const BLOCK_PB = 0x00000002;
/** Simple Packet Block: no interface id, no timestamp (belongs to the section's first IDB). */
export const BLOCK_SPB = 0x00000003;
/** Name Resolution Block (skipped). */
export const BLOCK_NRB = 0x00000004;
/** Interface Statistics Block (drop counters read into `stats.interfaceStatistics`; counted as skipped). */
export const BLOCK_ISB = 0x00000005;
/** Enhanced Packet Block: what dumpcap writes for every packet. */
export const BLOCK_EPB = 0x00000006;

/** SHB byte-order magic, read in the section's byte order. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Classic pcap magic with microsecond timestamps, as read big-endian from the first 4 bytes. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Classic pcap magic with nanosecond timestamps (big-endian reading). */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** The same two magics as seen when the file was written little-endian. */
export const PCAP_MAGIC_US_SWAPPED = 0xd4c3b2a1;
export const PCAP_MAGIC_NS_SWAPPED = 0x4d3cb2a1;
/** Classic pcap global header and record header sizes in bytes. */
export const PCAP_FILE_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;

/** Option codes used here (common ones and the IDB/SHB ones we read or write). */
export const OPT_ENDOFOPT = 0;
export const OPT_COMMENT = 1;
export const OPT_SHB_HARDWARE = 2;
export const OPT_SHB_OS = 3;
export const OPT_SHB_USERAPPL = 4;
export const OPT_IF_NAME = 2;
export const OPT_IF_TSRESOL = 9;
export const OPT_IF_TSOFFSET = 14;
/** Interface Statistics Block options (u64 counters). */
export const OPT_ISB_IFRECV = 4;
export const OPT_ISB_IFDROP = 5;
export const OPT_ISB_OSDROP = 7;

/** Link types (LINKTYPE_* values as stored in files). */
export const LINKTYPE_NULL = 0; // BSD loopback, 4-byte address family in the writer's byte order
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101; // raw IPv4 or IPv6, version nibble decides
export const LINKTYPE_LOOP = 108; // OpenBSD loopback, address family big-endian
export const LINKTYPE_LINUX_SLL = 113; // Linux cooked capture v1 (dumpcap -i any, older libpcap)
export const LINKTYPE_IPV4 = 228; // raw IPv4 only
export const LINKTYPE_LINUX_SLL2 = 276; // Linux cooked capture v2 (dumpcap -i any, libpcap ≥ 1.10)

/** Default snapshot length of dumpcap/tcpdump (bytes); also the pcap record-length sanity limit. */
export const DEFAULT_SNAPLEN = 262144;
