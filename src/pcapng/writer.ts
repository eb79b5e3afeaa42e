/**
 * Platform-neutral pcapng writer: one little-endian section (SHB with
 * `shb_userappl`), one interface (IDB with link type, snaplen, `if_tsresol`,
 * optional `if_name`) and Enhanced Packet Blocks. Bytes leave through a callback
 * in chunks of about `chunkBytes`; the node `PcapngFileWriter` (src/io) and tests
 * consume them. Files written here are read back by Wireshark/tshark and by
 * our own `CaptureParser` (round-trip tested).
 */
import {
  BLOCK_EPB,
  BLOCK_IDB,
  BLOCK_ISB,
  BLOCK_SHB,
  BYTE_ORDER_MAGIC,
  DEFAULT_SNAPLEN,
  LINKTYPE_ETHERNET,
  OPT_IF_NAME,
  OPT_IF_TSRESOL,
  OPT_ISB_IFDROP,
  OPT_ISB_IFRECV,
  OPT_ISB_OSDROP,
  OPT_SHB_USERAPPL,
} from './constants.js';
import { timeToTicks, type Ticks } from './timestamp.js';

export interface PcapngWriterOptions {
  /** LINKTYPE_* of the single interface (default 1, Ethernet). */
  linkType?: number;
  /** Snapshot length written in the IDB; longer frames are cut to it (default 262144; 0 = no limit). */
  snaplen?: number;
  /** Timestamp resolution as a power of ten: 9 = nanoseconds (default), 6 = microseconds; 0…9. */
  tsExponent?: number;
  /** `if_name` option of the IDB (e.g. the capture interface or "udp:6006"); omitted when undefined. */
  ifName?: string;
  /** `shb_userappl` option (default "vmmscope"). */
  userAppl?: string;
  /** Approximate size of emitted chunks in bytes (default 65536). A larger block is emitted alone. */
  chunkBytes?: number;
}

const EPB_OVERHEAD = 32; // type, length, interface id, ts hi, ts lo, captured, original, trailing length
const encoder = new TextEncoder();

const pad4 = (n: number): number => (n + 3) & ~3;

/**
 * Streams a pcapng file. The section and interface headers are buffered at
 * construction; every `writePacket` appends one EPB. Chunks handed to `onChunk`
 * are freshly allocated and owned by the callback (the writer never touches
 * them again), so they may be queued for asynchronous I/O.
 */
export class PcapngWriter {
  /** Bytes produced so far (emitted plus buffered). */
  bytesWritten = 0;
  /** Packets written so far. */
  packets = 0;
  readonly snaplen: number;
  readonly linkType: number;
  readonly tsExponent: number;

  private readonly onChunk: (chunk: Uint8Array) => void;
  private readonly chunkBytes: number;
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly ticks: Ticks = { hi: 0, lo: 0 };

  constructor(onChunk: (chunk: Uint8Array) => void, options: PcapngWriterOptions = {}) {
    this.onChunk = onChunk;
    this.linkType = options.linkType ?? LINKTYPE_ETHERNET;
    this.snaplen = options.snaplen ?? DEFAULT_SNAPLEN;
    this.tsExponent = options.tsExponent ?? 9;
    if (!Number.isInteger(this.tsExponent) || this.tsExponent < 0 || this.tsExponent > 9) {
      throw new RangeError(`pcapng writer: tsExponent ${this.tsExponent} outside 0…9`);
    }
    if (!Number.isInteger(this.linkType) || this.linkType < 0 || this.linkType > 0xffff) {
      throw new RangeError(`pcapng writer: linkType ${this.linkType} is not a u16`);
    }
    this.chunkBytes = Math.max(1024, options.chunkBytes ?? 65536);
    this.buf = new Uint8Array(this.chunkBytes);
    this.view = new DataView(this.buf.buffer);
    this.writeHeaders(options.userAppl ?? 'vmmscope', options.ifName);
  }

  /**
   * Appends one packet: `frame[0 … length)` (cut to the snaplen) with the given time.
   * `tsNanos` finer than the resolution is truncated. Copies the bytes; `frame` may be
   * reused as soon as this returns.
   * @param tsSeconds integer seconds since 1970 (0 ≤ s < 2^53)
   * @param tsNanos 0…999999999
   * @param length bytes of `frame` that were on the wire and are captured (default all)
   * @param originalLength length on the wire (default `length`; must be ≥ the captured length)
   */
  writePacket(frame: Uint8Array, tsSeconds: number, tsNanos: number, length = frame.length, originalLength = length): void {
    if (length > frame.length || length < 0) throw new RangeError(`pcapng writer: length ${length} outside the frame (${frame.length} bytes)`);
    const captured = this.snaplen > 0 && length > this.snaplen ? this.snaplen : length;
    if (originalLength < captured || originalLength > 0xffffffff) {
      throw new RangeError(`pcapng writer: original length ${originalLength} < captured length ${captured}`);
    }
    const t = timeToTicks(tsSeconds, tsNanos, this.tsExponent, this.ticks);
    const total = EPB_OVERHEAD + pad4(captured);
    this.reserve(total);
    const v = this.view;
    let o = this.pos;
    v.setUint32(o, BLOCK_EPB, true);
    v.setUint32(o + 4, total, true);
    v.setUint32(o + 8, 0, true); // interface id
    v.setUint32(o + 12, t.hi, true);
    v.setUint32(o + 16, t.lo, true);
    v.setUint32(o + 20, captured, true);
    v.setUint32(o + 24, originalLength, true);
    o += 28;
    this.buf.set(captured === frame.length ? frame : frame.subarray(0, captured), o);
    o += captured;
    const end = this.pos + total - 4;
    while (o < end) this.buf[o++] = 0; // padding to 32 bits
    v.setUint32(end, total, true);
    this.pos += total;
    this.bytesWritten += total;
    this.packets++;
    if (this.pos >= this.chunkBytes) this.flush();
  }

  /**
   * Appends an Interface Statistics Block for the interface, as dumpcap does when it
   * closes a file: isb_ifrecv / isb_ifdrop / isb_osdrop (u64; omitted when undefined).
   */
  writeStatistics(tsSeconds: number, tsNanos: number, counters: { ifRecv?: number; ifDrop?: number; osDrop?: number }): void {
    const opts = ([[OPT_ISB_IFRECV, counters.ifRecv], [OPT_ISB_IFDROP, counters.ifDrop], [OPT_ISB_OSDROP, counters.osDrop]] as const).filter(([, x]) => x !== undefined);
    const total = 20 + opts.length * 12 + 4 + 4;
    this.reserve(total);
    const v = this.view;
    const t = timeToTicks(tsSeconds, tsNanos, this.tsExponent, this.ticks);
    const start = this.pos;
    v.setUint32(start, BLOCK_ISB, true);
    v.setUint32(start + 4, total, true);
    v.setUint32(start + 8, 0, true); // interface id
    v.setUint32(start + 12, t.hi, true);
    v.setUint32(start + 16, t.lo, true);
    let o = start + 20;
    for (const [code, x] of opts) {
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigUint64(0, BigInt(x!), true);
      o = this.putOption(o, code, value);
    }
    v.setUint32(o, 0, true); // opt_endofopt
    v.setUint32(o + 4, total, true);
    this.pos += total;
    this.bytesWritten += total;
    if (this.pos >= this.chunkBytes) this.flush();
  }

  /** Emits the buffered bytes (if any) as one chunk. */
  flush(): void {
    if (this.pos === 0) return;
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(this.chunkBytes);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
    this.onChunk(out);
  }

  /** Makes room for `n` contiguous bytes, flushing first or growing for an oversized block. */
  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  private writeHeaders(userAppl: string, ifName: string | undefined): void {
    const appl = encoder.encode(userAppl);
    const shbLen = 28 + 4 + pad4(appl.length) + 4;
    const name = ifName !== undefined ? encoder.encode(ifName) : undefined;
    const idbLen = 16 + (name ? 4 + pad4(name.length) : 0) + 8 + 4 + 4;
    this.reserve(shbLen + idbLen);
    const v = this.view;
    let o = 0;
    v.setUint32(o, BLOCK_SHB, true);
    v.setUint32(o + 4, shbLen, true);
    v.setUint32(o + 8, BYTE_ORDER_MAGIC, true);
    v.setUint16(o + 12, 1, true); // major version
    v.setUint16(o + 14, 0, true); // minor version
    v.setInt32(o + 16, -1, true); // section length: -1 = not given (64 bits, all ones)
    v.setInt32(o + 20, -1, true);
    o = this.putOption(24, OPT_SHB_USERAPPL, appl);
    v.setUint32(o, 0, true); // opt_endofopt
    v.setUint32(o + 4, shbLen, true);
    o += 8;

    const start = o;
    v.setUint32(o, BLOCK_IDB, true);
    v.setUint32(o + 4, idbLen, true);
    v.setUint16(o + 8, this.linkType, true);
    v.setUint16(o + 10, 0, true); // reserved
    v.setUint32(o + 12, this.snaplen, true);
    o += 16;
    if (name) o = this.putOption(o, OPT_IF_NAME, name);
    o = this.putOption(o, OPT_IF_TSRESOL, Uint8Array.of(this.tsExponent));
    v.setUint32(o, 0, true); // opt_endofopt
    v.setUint32(o + 4, idbLen, true);
    o += 8;
    if (o - start !== idbLen) throw new Error('pcapng writer: IDB size miscomputed');
    this.pos = o;
    this.bytesWritten = o;
  }

  /** Writes one option (code, length, value, zero padding) at `o`; returns the next offset. */
  private putOption(o: number, code: number, value: Uint8Array): number {
    if (value.length > 0xffff) throw new RangeError(`pcapng writer: option ${code} longer than 65535 bytes`);
    this.view.setUint16(o, code, true);
    this.view.setUint16(o + 2, value.length, true);
    this.buf.set(value, o + 4);
    const end = o + 4 + pad4(value.length);
    for (let i = o + 4 + value.length; i < end; i++) this.buf[i] = 0;
    return end;
  }
}
