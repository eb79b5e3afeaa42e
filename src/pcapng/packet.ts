/**
 * The shapes the capture parser hands out: one reused `PacketRef` per packet,
 * interface and section descriptions, and the parser's own counters. All are
 * plain data; the parser (parser.ts) fills them.
 */
import type { TsResolution } from './timestamp.js';

/**
 * One packet record. The parser owns a single instance and overwrites it for
 * every packet: copy what you need before returning from the callback. `bytes`
 * is the parser's current chunk or its internal block buffer (zero-copy view);
 * the frame is `bytes[offset … offset + capturedLength)`.
 */
export interface PacketRef {
  bytes: Uint8Array;
  /** Offset of the first frame byte in `bytes`. */
  offset: number;
  /** Bytes present in the capture. */
  capturedLength: number;
  /** Bytes on the wire (≥ captured when the snapshot length cut the frame). */
  originalLength: number;
  /** LINKTYPE_* of the packet's interface (constants.ts). */
  linkType: number;
  /** Interface index within its pcapng section (0 for SPB and classic pcap). */
  interfaceId: number;
  /** Integer seconds since 1970 (UTC), exact. 0 for Simple Packet Blocks, which carry no time. */
  tsSeconds: number;
  /** Nanoseconds within the second, 0…999999999, truncated from the file's resolution. */
  tsNanos: number;
  /** 0-based index of the packet in the input (all packet blocks / records, in file order). */
  index: number;
  /** Absolute byte offset of the packet's block (pcapng) or record header (pcap) in the input. */
  fileOffset: number;
}

/** One interface (pcapng IDB, or the single implicit interface of a classic pcap file). */
export interface InterfaceInfo {
  readonly linkType: number;
  /** Snapshot length in bytes (0 = unlimited). */
  readonly snaplen: number;
  readonly tsResolution: TsResolution;
  /** `if_name` option, when present. */
  readonly name: string | undefined;
  /** 0-based section index the interface belongs to. */
  readonly section: number;
}

/** One pcapng section (SHB), or the classic pcap file header. */
export interface SectionInfo {
  readonly littleEndian: boolean;
  readonly majorVersion: number;
  readonly minorVersion: number;
  /** `shb_hardware`, `shb_os`, `shb_userappl` options when present. */
  readonly hardware: string | undefined;
  readonly os: string | undefined;
  readonly userAppl: string | undefined;
}

/**
 * The last Interface Statistics Block of one interface (dumpcap writes one per interface
 * when it closes a file; its counters run from the start of the capture). A counter the
 * block does not carry is −1.
 */
export interface InterfaceStatistics {
  /** Section and interface index the block refers to. */
  readonly section: number;
  readonly interfaceId: number;
  /** isb_ifrecv: packets received by the interface. */
  readonly ifRecv: number;
  /** isb_ifdrop: packets dropped by the interface (NIC, driver) for lack of resources. */
  readonly ifDrop: number;
  /** isb_osdrop: packets dropped by the operating system (e.g. a full capture buffer). */
  readonly osDrop: number;
}

/** What the parser has seen; counters only grow. */
export interface CaptureParserStats {
  /** Detected from the first bytes; 'unknown' until then. */
  format: 'pcapng' | 'pcap' | 'unknown';
  /** Bytes of complete blocks/records (and the pcap file header) processed. */
  bytes: number;
  /** pcapng blocks of any type, or classic pcap records. */
  blocks: number;
  /** Packets delivered to the callback (EPB + SPB + PB, or pcap records). */
  packets: number;
  sections: number;
  interfaces: number;
  /** Blocks of other types (NRB, ISB, DSB, custom …), skipped. */
  skippedBlocks: number;
  /** Skipped blocks per type, keyed by the type as 0x%08x. */
  skippedByType: Record<string, number>;
  /** Bytes of an incomplete final block/record left at `end()` (0 = none). */
  truncatedBytes: number;
  /** Offset of that incomplete block, −1 if none. */
  truncatedOffset: number;
  /** Its length as announced by its header when it was readable, else −1. */
  truncatedBlockLength: number;
}

/** Dotted counter names of the parser (stage `pcapng`, for both file formats). */
export function parserCounters(s: CaptureParserStats): Record<string, number> {
  const out: Record<string, number> = {
    'pcapng.bytes': s.bytes,
    'pcapng.blocks': s.blocks,
    'pcapng.packets': s.packets,
    'pcapng.sections': s.sections,
    'pcapng.interfaces': s.interfaces,
    'pcapng.skipped_blocks': s.skippedBlocks,
    'pcapng.truncated_bytes': s.truncatedBytes,
  };
  for (const [t, n] of Object.entries(s.skippedByType)) out[`pcapng.skipped_block.${t}`] = n;
  return out;
}
