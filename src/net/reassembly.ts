/**
 * IPv4 fragment reassembly for UDP with bounded memory. SRS front ends can send
 * 9000-byte datagrams; on a path with a 1500-byte MTU they arrive as fragments,
 * which vmm-sdat reads as garbage. Here each datagram in progress occupies one of
 * `maxDatagrams` slots (a 65535-byte buffer allocated on first use, so at most
 * ~1 MiB for the default 16 slots) and is keyed by (source, destination, IP id).
 *
 * A datagram is dropped — all its fragments counted in `ipv4.fragments_dropped` —
 * when a fragment overlaps or duplicates bytes already received (RFC 5722
 * treats overlaps as an attack; Linux drops them too), when its sizes are
 * inconsistent (a non-final fragment whose length is not a multiple of 8, a
 * second "last" fragment with another end, data beyond 65515 bytes), when it
 * is older than `timeoutSeconds` of capture time (Linux ipfrag_time: 30 s), or
 * when a new datagram needs the slot of the least recently started one.
 */
import type { CaptureStats } from './capture-stats.js';

const MAX_IP_PAYLOAD = 65515; // 65535 − 20-byte minimal header
const UNIT_WORDS = 256; // bitmap of 8-byte units: 8192 units / 32 bits

/** Result of {@link Ipv4Reassembler.add} when the datagram is not complete yet or was dropped. */
export const FRAGMENT_PENDING = -1;
export const FRAGMENT_DROPPED = -2;

export class Ipv4Reassembler {
  private readonly src: Float64Array;
  private readonly dst: Float64Array;
  private readonly id: Int32Array; // −1 = free slot
  private readonly started: Float64Array; // capture seconds of the first fragment
  private readonly order: Float64Array; // sequence number of the first fragment (eviction order)
  private readonly received: Int32Array; // payload bytes received
  private readonly total: Int32Array; // payload length once the last fragment is seen, else −1
  private readonly count: Int32Array; // fragments held
  private readonly units: Uint32Array; // per-slot bitmap of received 8-byte units
  private readonly data: (Uint8Array | undefined)[];
  private seq = 0;

  constructor(
    private readonly stats: CaptureStats,
    readonly maxDatagrams = 16,
    readonly timeoutSeconds = 30,
  ) {
    this.src = new Float64Array(maxDatagrams);
    this.dst = new Float64Array(maxDatagrams);
    this.id = new Int32Array(maxDatagrams).fill(-1);
    this.started = new Float64Array(maxDatagrams);
    this.order = new Float64Array(maxDatagrams);
    this.received = new Int32Array(maxDatagrams);
    this.total = new Int32Array(maxDatagrams);
    this.count = new Int32Array(maxDatagrams);
    this.units = new Uint32Array(maxDatagrams * UNIT_WORDS);
    this.data = new Array(maxDatagrams).fill(undefined);
  }

  /**
   * Adds the fragment whose IP payload is `b[at … at+len)` at byte offset `fragOffset`
   * of the datagram. Returns the slot holding the complete IP payload (read it with
   * {@link payload}/{@link length}, valid until the next call), or FRAGMENT_PENDING /
   * FRAGMENT_DROPPED. Copies the fragment bytes.
   */
  add(b: Uint8Array, at: number, len: number, fragOffset: number, more: boolean, srcIp: number, dstIp: number, ipId: number, tsSeconds: number): number {
    this.expire(tsSeconds);
    let slot = this.find(srcIp, dstIp, ipId);
    if (slot < 0) slot = this.open(srcIp, dstIp, ipId, tsSeconds);
    const end = fragOffset + len;
    const t = this.total[slot]!;
    const bad =
      len === 0 ||
      end > MAX_IP_PAYLOAD ||
      (more && len % 8 !== 0) ||
      (more ? t >= 0 && end > t : t >= 0 && t !== end) ||
      !this.mark(slot, fragOffset, end);
    if (bad) {
      this.count[slot]!++;
      this.drop(slot);
      return FRAGMENT_DROPPED;
    }
    let buf = this.data[slot];
    if (!buf) buf = this.data[slot] = new Uint8Array(MAX_IP_PAYLOAD);
    buf.set(b.subarray(at, at + len), fragOffset);
    this.received[slot]! += len;
    this.count[slot]!++;
    if (!more) this.total[slot] = end;
    if (this.total[slot]! >= 0 && this.received[slot] === this.total[slot]) {
      this.stats.ipv4Reassembled++;
      this.stats.ipv4FragmentsUsed += this.count[slot]!;
      this.id[slot] = -1; // free; the buffer stays readable until the slot is reused
      return slot;
    }
    return FRAGMENT_PENDING;
  }

  /** Buffer of a completed slot (IP payload, i.e. UDP header first). */
  payload(slot: number): Uint8Array {
    return this.data[slot]!;
  }

  /** Length of a completed slot's IP payload in bytes. */
  length(slot: number): number {
    return this.total[slot]!;
  }

  /** Counts fragments of unfinished datagrams as pending (end of input); idempotent. */
  finish(): void {
    let n = 0;
    for (let s = 0; s < this.maxDatagrams; s++) if (this.id[s]! >= 0) n += this.count[s]!;
    this.stats.ipv4FragmentsPending = n;
  }

  private find(srcIp: number, dstIp: number, ipId: number): number {
    for (let s = 0; s < this.maxDatagrams; s++) {
      if (this.id[s] === ipId && this.src[s] === srcIp && this.dst[s] === dstIp) return s;
    }
    return -1;
  }

  private open(srcIp: number, dstIp: number, ipId: number, tsSeconds: number): number {
    let slot = -1;
    let oldest = Infinity;
    for (let s = 0; s < this.maxDatagrams; s++) {
      if (this.id[s]! < 0) {
        slot = s;
        break;
      }
      if (this.order[s]! < oldest) ((oldest = this.order[s]!), (slot = s));
    }
    if (this.id[slot]! >= 0) this.drop(slot);
    this.id[slot] = ipId;
    this.src[slot] = srcIp;
    this.dst[slot] = dstIp;
    this.started[slot] = tsSeconds;
    this.order[slot] = this.seq++;
    this.received[slot] = 0;
    this.total[slot] = -1;
    this.count[slot] = 0;
    this.units.fill(0, slot * UNIT_WORDS, (slot + 1) * UNIT_WORDS);
    return slot;
  }

  /** Marks the 8-byte units of [from, to) as received; false if any was already set. */
  private mark(slot: number, from: number, to: number): boolean {
    const base = slot * UNIT_WORDS;
    const u0 = from >>> 3;
    const u1 = (to + 7) >>> 3;
    for (let u = u0; u < u1; u++) if (this.units[base + (u >>> 5)]! & (1 << (u & 31))) return false;
    for (let u = u0; u < u1; u++) this.units[base + (u >>> 5)]! |= 1 << (u & 31);
    return true;
  }

  private drop(slot: number): void {
    this.stats.ipv4FragmentsDropped += this.count[slot]!;
    this.id[slot] = -1;
  }

  private expire(now: number): void {
    for (let s = 0; s < this.maxDatagrams; s++) {
      if (this.id[s]! >= 0 && now - this.started[s]! > this.timeoutSeconds) this.drop(s);
    }
  }
}
