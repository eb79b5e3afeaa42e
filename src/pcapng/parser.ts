/**
 * Push parser for capture files: pcapng (every section, both byte orders,
 * several interfaces with their own timestamp resolution; EPB, SPB and the
 * obsolete PB) and classic pcap (µs/ns, both byte orders). The format comes
 * from the first bytes, never from a file name.
 *
 * Framing. Input arrives in chunks of any size. Complete blocks inside a chunk
 * are decoded in place (zero copy); only a block that straddles a chunk
 * boundary is copied into `pending`, which therefore never holds more than one
 * block. `measure` reads a block's length from its header without changing
 * state, so the same code frames blocks in a chunk and in `pending`.
 *
 * Errors. Damage that makes the following bytes untrustworthy (lengths, magics,
 * unknown interface) throws a `PcapngError` when the parser reaches the block,
 * i.e. after every packet before it was delivered; the parser then stays failed.
 * An incomplete last block is not an error: `end()` counts it in
 * `stats.truncatedBytes` (a capture still being written, or cut short).
 */
import * as C from './constants.js';
import { PcapngError, hex32, type PcapngErrorCode } from './errors.js';
import { decodeIdb, decodeIsb, decodeShb } from './section-blocks.js';
import type { CaptureParserStats, InterfaceInfo, InterfaceStatistics, PacketRef, SectionInfo } from './packet.js';
import { ticksToTime, tsResolution } from './timestamp.js';

/** Largest packet time a date can hold (ECMAScript's Date range, year 275760), seconds. */
const MAX_TIME_SECONDS = 8.64e12;

/** Return `false` to stop parsing after this packet. */
export type PacketCallback = (p: PacketRef) => void | false;

export interface CaptureParserOptions {
  /** Largest accepted pcapng block in bytes (default 16 MiB); a larger length field is reported as corrupt. */
  maxBlockBytes?: number;
}

const MODE_DETECT = 0;
const MODE_PCAPNG = 1;
const MODE_PCAP = 2;

/** Smallest valid total length of a block of `type` (header, fixed fields, trailer). */
function minBlockLength(type: number): number {
  switch (type) {
    case C.BLOCK_EPB:
    case C.BLOCK_PB:
      return 32;
    case C.BLOCK_SHB:
      return 28;
    case C.BLOCK_IDB:
      return 20;
    case C.BLOCK_SPB:
      return 16;
    default:
      return 12;
  }
}

export class CaptureParser {
  /** Counters; see {@link CaptureParserStats}. */
  readonly stats: CaptureParserStats = {
    format: 'unknown', bytes: 0, blocks: 0, packets: 0, sections: 0, interfaces: 0,
    skippedBlocks: 0, skippedByType: {}, truncatedBytes: 0, truncatedOffset: -1, truncatedBlockLength: -1,
  };
  /** Interfaces of the current section (index = interface id). Replaced, not mutated, at a new section. */
  interfaces: InterfaceInfo[] = [];
  /** The current section (undefined before the first SHB / pcap header). */
  section: SectionInfo | undefined;
  /** The last Interface Statistics Block of each interface that had one, keyed `section:interface`. */
  readonly interfaceStatistics: Record<string, InterfaceStatistics> = {};

  private readonly onPacket: PacketCallback;
  private readonly maxBlockBytes: number;
  private readonly packet: PacketRef = {
    bytes: new Uint8Array(0), offset: 0, capturedLength: 0, originalLength: 0, linkType: 0,
    interfaceId: 0, tsSeconds: 0, tsNanos: 0, index: 0, fileOffset: 0,
  };
  private mode = MODE_DETECT;
  private le = true;
  private pcapNanos = false;
  private pcapRecordLimit = 0;
  private pending = new Uint8Array(0);
  private pendingView = new DataView(this.pending.buffer);
  private pendingLen = 0;
  /** Absolute offset of the first byte not yet consumed as part of a complete block. */
  private offset = 0;
  private state: 'running' | 'stopped' | 'ended' | 'failed' = 'running';
  private failure: PcapngError | undefined;

  constructor(onPacket: PacketCallback, options: CaptureParserOptions = {}) {
    this.onPacket = onPacket;
    this.maxBlockBytes = options.maxBlockBytes ?? 16 * 1024 * 1024;
  }

  /** True once the callback returned false; later input is ignored. */
  get stopped(): boolean {
    return this.state === 'stopped';
  }

  /**
   * Parses `chunk`, delivering every packet completed by it. The chunk is not
   * retained (an incomplete tail is copied), so the caller may reuse it at once.
   * Throws the `PcapngError` of the first corrupt block (and again on later calls).
   */
  push(chunk: Uint8Array): void {
    if (this.state !== 'running') {
      if (this.state === 'failed') throw this.failure;
      if (this.state === 'ended') throw new Error('CaptureParser: push() after end()');
      return;
    }
    try {
      this.pushInner(chunk);
    } catch (e) {
      if (e instanceof PcapngError) {
        this.state = 'failed';
        this.failure = e;
      }
      throw e;
    }
  }

  /**
   * Signals the end of input. An incomplete last block is counted
   * (`stats.truncatedBytes/Offset`), not thrown; input too short for the file
   * header throws `truncated_header`.
   */
  end(): void {
    if (this.state === 'failed') throw this.failure;
    if (this.state !== 'running') return;
    if (this.mode === MODE_DETECT) {
      this.state = 'failed';
      const n = this.pendingLen;
      this.failure = this.error('truncated_header', n === 0 ? 'empty input: no capture file header' : `input ended after ${n} bytes, inside the file header`, { actual: n });
      throw this.failure;
    }
    this.state = 'ended';
    if (this.pendingLen > 0) {
      const s = this.stats;
      s.truncatedBytes = this.pendingLen;
      s.truncatedOffset = this.offset;
      const m = this.measure(this.pending, this.pendingView, 0, this.pendingLen);
      s.truncatedBlockLength = m > 0 ? m : -1;
      this.pendingLen = 0;
    }
  }

  private pushInner(chunk: Uint8Array): void {
    let pos = 0;
    const n = chunk.length;
    if (this.pendingLen > 0) {
      pos = this.fillPending(chunk);
      if (pos < 0 || this.state !== 'running') return;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (pos < n) {
      const len = this.measure(chunk, view, pos, n - pos);
      if (len < 0 || len > n - pos) break;
      this.process(chunk, view, pos, len);
      pos += len;
      this.offset += len;
      if (this.state !== 'running') return;
    }
    if (pos < n) this.stash(chunk, pos);
  }

  /** Completes the pending block from `chunk`; returns the chunk position after it, or −1 if the chunk ran out. */
  private fillPending(chunk: Uint8Array): number {
    let pos = 0;
    for (;;) {
      const m = this.measure(this.pending, this.pendingView, 0, this.pendingLen);
      if (m > 0 && this.pendingLen >= m) {
        this.process(this.pending, this.pendingView, 0, m);
        this.offset += m;
        this.pendingLen = 0;
        return pos;
      }
      const need = m < 0 ? -m : m;
      const take = Math.min(need - this.pendingLen, chunk.length - pos);
      this.ensurePending(need);
      this.pending.set(chunk.subarray(pos, pos + take), this.pendingLen);
      this.pendingLen += take;
      pos += take;
      if (this.pendingLen < need) return -1;
    }
  }

  private stash(chunk: Uint8Array, pos: number): void {
    const rest = chunk.length - pos;
    this.ensurePending(Math.max(rest, 64));
    this.pending.set(chunk.subarray(pos), 0);
    this.pendingLen = rest;
  }

  private ensurePending(n: number): void {
    if (this.pending.length >= n) return;
    const next = new Uint8Array(Math.max(n, Math.min(2 * this.pending.length, this.maxBlockBytes), 4096));
    next.set(this.pending.subarray(0, this.pendingLen));
    this.pending = next;
    this.pendingView = new DataView(next.buffer);
  }

  /**
   * Length of the block/record starting at `pos` if its header is readable
   * (validated), else −(bytes needed to read it). Pure: changes no state.
   */
  private measure(b: Uint8Array, v: DataView, pos: number, avail: number): number {
    if (this.mode === MODE_PCAP) {
      if (avail < C.PCAP_RECORD_HEADER_BYTES) return -C.PCAP_RECORD_HEADER_BYTES;
      const incl = v.getUint32(pos + 8, this.le);
      if (incl > this.pcapRecordLimit) {
        throw this.error('bad_captured_length', `record captured length ${incl} > limit ${this.pcapRecordLimit}`, { expected: `<= ${this.pcapRecordLimit}`, actual: incl });
      }
      return C.PCAP_RECORD_HEADER_BYTES + incl;
    }
    if (avail < 4) return -4;
    if (this.mode === MODE_DETECT) {
      const magic = v.getUint32(pos, false);
      if (magic === C.PCAP_MAGIC_US || magic === C.PCAP_MAGIC_NS || magic === C.PCAP_MAGIC_US_SWAPPED || magic === C.PCAP_MAGIC_NS_SWAPPED) {
        return C.PCAP_FILE_HEADER_BYTES;
      }
      if (magic !== C.BLOCK_SHB) throw this.notCapture(b, pos, avail);
    }
    if (avail < 8) return -8;
    const type = v.getUint32(pos, this.le);
    let le = this.le;
    if (type === C.BLOCK_SHB) {
      if (avail < 12) return -12;
      const shbLe = shbLittleEndian(v, pos);
      if (shbLe === undefined) {
        throw this.error('bad_byte_order_magic', `section header byte-order magic ${hex32(v.getUint32(pos + 8, false))}`, { expected: '1a2b3c4d (either byte order)', actual: hex32(v.getUint32(pos + 8, false)) });
      }
      le = shbLe;
    }
    const len = v.getUint32(pos + 4, le);
    const min = minBlockLength(type);
    if (len < min || len % 4 !== 0 || len > this.maxBlockBytes) {
      const why = len < min ? `< minimum ${min}` : len % 4 !== 0 ? 'not a multiple of 4' : `> limit ${this.maxBlockBytes}`;
      throw this.error('bad_block_length', `block type 0x${hex32(type)} total length ${len} ${why}`, { expected: `multiple of 4 in ${min}…${this.maxBlockBytes}`, actual: len });
    }
    return len;
  }

  /** Decodes one complete block/record, then counts it (so errors name its index). */
  private process(b: Uint8Array, v: DataView, pos: number, len: number): void {
    const header = this.mode === MODE_DETECT && v.getUint32(pos, false) !== C.BLOCK_SHB;
    this.decode(b, v, pos, len);
    this.stats.bytes += len;
    if (!header) this.stats.blocks++;
  }

  private decode(b: Uint8Array, v: DataView, pos: number, len: number): void {
    if (this.mode === MODE_PCAP) return this.pcapRecord(b, v, pos, len);
    if (this.mode === MODE_DETECT) {
      if (v.getUint32(pos, false) !== C.BLOCK_SHB) return this.pcapHeader(v, pos);
      this.mode = MODE_PCAPNG;
      this.stats.format = 'pcapng';
    }
    const s = this.stats;
    let type = v.getUint32(pos, this.le);
    if (type === C.BLOCK_SHB) this.le = shbLittleEndian(v, pos)!;
    type = v.getUint32(pos, this.le);
    const le = this.le;
    const trailing = v.getUint32(pos + len - 4, le);
    if (trailing !== len) {
      throw this.error('trailing_length_mismatch', `block type 0x${hex32(type)} trailing length ${trailing} ≠ leading length ${len}`, { expected: len, actual: trailing });
    }
    switch (type) {
      case C.BLOCK_EPB:
      case C.BLOCK_PB: {
        const epb = type === C.BLOCK_EPB;
        const ifId = epb ? v.getUint32(pos + 8, le) : v.getUint16(pos + 8, le);
        const itf = this.interfaces[ifId];
        if (itf === undefined) throw this.unknownInterface(ifId);
        const cap = v.getUint32(pos + 20, le);
        if (cap > len - 32) {
          throw this.error('bad_captured_length', `packet captured length ${cap} > ${len - 32} bytes available in its ${len}-byte block`, { expected: `<= ${len - 32}`, actual: cap });
        }
        const p = this.packet;
        ticksToTime(v.getUint32(pos + 12, le), v.getUint32(pos + 16, le), itf.tsResolution, p);
        if (!(Math.abs(p.tsSeconds) <= MAX_TIME_SECONDS)) throw this.impossibleTime(itf.tsResolution.code, itf.tsResolution.offsetSeconds);
        this.deliver(b, pos + 28, cap, v.getUint32(pos + 24, le), itf.linkType, ifId);
        return;
      }
      case C.BLOCK_SPB: {
        const itf = this.interfaces[0];
        if (itf === undefined) throw this.unknownInterface(0);
        const orig = v.getUint32(pos + 8, le);
        let cap = Math.min(orig, len - 16);
        if (itf.snaplen > 0 && cap > itf.snaplen) cap = itf.snaplen;
        this.packet.tsSeconds = 0; // an SPB has no timestamp (libpcap reports 0 too)
        this.packet.tsNanos = 0;
        this.deliver(b, pos + 12, cap, orig, itf.linkType, 0);
        return;
      }
      case C.BLOCK_IDB: {
        const itf = decodeIdb(b, v, pos, len, le, s.sections - 1, (code, detail, d) => this.error(code, detail, d));
        this.interfaces.push(itf);
        s.interfaces++;
        return;
      }
      case C.BLOCK_SHB: {
        const major = v.getUint16(pos + 12, le);
        if (major !== 1) {
          throw this.error('unsupported_version', `section header version ${major}.${v.getUint16(pos + 14, le)}`, { expected: '1.x', actual: major });
        }
        this.section = decodeShb(b, v, pos, len, le, (code, detail, d) => this.error(code, detail, d));
        this.interfaces = [];
        s.sections++;
        return;
      }
      default: {
        if (type === C.BLOCK_ISB && len >= 24) {
          const st = decodeIsb(v, pos, len, le, s.sections - 1, (code, detail, d) => this.error(code, detail, d));
          this.interfaceStatistics[`${st.section}:${st.interfaceId}`] = st;
        }
        s.skippedBlocks++;
        const key = `0x${hex32(type)}`;
        s.skippedByType[key] = (s.skippedByType[key] ?? 0) + 1;
      }
    }
  }

  private deliver(b: Uint8Array, at: number, cap: number, orig: number, linkType: number, ifId: number): void {
    const p = this.packet;
    p.bytes = b;
    p.offset = at;
    p.capturedLength = cap;
    p.originalLength = orig;
    p.linkType = linkType;
    p.interfaceId = ifId;
    p.index = this.stats.packets++;
    p.fileOffset = this.offset; // start of the block being processed
    if (this.onPacket(p) === false) this.state = 'stopped';
  }

  private pcapHeader(v: DataView, pos: number): void {
    const magic = v.getUint32(pos, false);
    this.le = magic === C.PCAP_MAGIC_US_SWAPPED || magic === C.PCAP_MAGIC_NS_SWAPPED;
    this.pcapNanos = magic === C.PCAP_MAGIC_NS || magic === C.PCAP_MAGIC_NS_SWAPPED;
    const major = v.getUint16(pos + 4, this.le);
    const minor = v.getUint16(pos + 6, this.le);
    if (major !== 2) throw this.error('unsupported_version', `pcap file version ${major}.${minor}`, { expected: '2.x', actual: major });
    const snaplen = v.getUint32(pos + 16, this.le);
    const linkType = v.getUint32(pos + 20, this.le) & 0xffff; // upper bits: FCS length flags
    this.pcapRecordLimit = Math.max(snaplen, C.DEFAULT_SNAPLEN);
    this.mode = MODE_PCAP;
    this.stats.format = 'pcap';
    this.stats.sections = 1;
    this.stats.interfaces = 1;
    this.section = { littleEndian: this.le, majorVersion: major, minorVersion: minor, hardware: undefined, os: undefined, userAppl: undefined };
    this.interfaces = [{ linkType, snaplen, tsResolution: tsResolution(this.pcapNanos ? 9 : 6), name: undefined, section: 0 }];
  }

  private pcapRecord(b: Uint8Array, v: DataView, pos: number, len: number): void {
    // ts_sec, ts_usec|ts_nsec, incl_len, orig_len (4 bytes each), then the frame
    const le = this.le;
    const p = this.packet;
    const frac = v.getUint32(pos + 4, le);
    let nanos = this.pcapNanos ? frac : frac * 1000;
    let sec = v.getUint32(pos, le);
    if (nanos >= 1e9) {
      sec += Math.floor(nanos / 1e9);
      nanos %= 1e9;
    }
    p.tsSeconds = sec;
    p.tsNanos = nanos;
    this.deliver(b, pos + 16, len - 16, v.getUint32(pos + 12, le), this.interfaces[0]!.linkType, 0);
  }

  private notCapture(b: Uint8Array, pos: number, avail: number): PcapngError {
    const head = Array.from(b.subarray(pos, pos + Math.min(avail, 8)), (x) => x.toString(16).padStart(2, '0')).join(' ');
    const gz = b[pos] === 0x1f && b[pos + 1] === 0x8b ? ' (gzip-compressed: decompress it first)' : '';
    return this.error('not_capture', `not a pcapng or pcap file: first bytes ${head}${gz}`, {
      expected: '0a0d0d0a (pcapng) or a1b2c3d4 / a1b23c4d (pcap, either byte order)',
      actual: head,
    });
  }

  private unknownInterface(id: number): PcapngError {
    return this.error('unknown_interface', `packet refers to interface ${id} but the section has ${this.interfaces.length} interface(s)`, { expected: `< ${this.interfaces.length}`, actual: id });
  }

  private error(code: PcapngErrorCode, detail: string, d: { expected?: string | number; actual?: string | number }): PcapngError {
    return new PcapngError(code, detail, { offset: this.offset, block: this.stats.blocks, ...d });
  }

  /** A packet time no calendar holds: the interface's if_tsresol / if_tsoffset cannot be right. */
  private impossibleTime(resCode: number, offsetSeconds: number): PcapngError {
    const res = `if_tsresol 0x${resCode.toString(16).padStart(2, '0')}${offsetSeconds ? `, if_tsoffset ${offsetSeconds} s` : ''}`;
    return this.error('bad_timestamp', `packet time ${this.packet.tsSeconds} s is beyond any date (interface with ${res})`, { expected: `|seconds| <= ${MAX_TIME_SECONDS}`, actual: this.packet.tsSeconds });
  }
}

/** Byte order announced by the SHB at `pos`: true = little-endian, undefined = bad magic. */
function shbLittleEndian(v: DataView, pos: number): boolean | undefined {
  const m = v.getUint32(pos + 8, true);
  if (m === C.BYTE_ORDER_MAGIC) return true;
  if (m === 0x4d3c2b1a) return false;
  return undefined;
}

/**
 * Parses a whole capture held in memory; returns the parser (for `stats`,
 * `interfaces`). Convenience for tests and small files.
 */
export function parseCapture(bytes: Uint8Array, onPacket: PacketCallback, options?: CaptureParserOptions): CaptureParser {
  const p = new CaptureParser(onPacket, options);
  p.push(bytes);
  p.end();
  return p;
}
