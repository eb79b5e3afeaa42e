/**
 * The built-in receiver as a data source: datagrams from the `UdpReceiver` sockets
 * are framed as Ethernet/IPv4/UDP (source = the sender's address and port, destination
 * = the listen address and port, IP id = a running counter) with the receive time, and
 * written as pcapng through `PcapngFileWriter` (1 MiB buffer, synchronous writes).
 * Files switch like dumpcap's ring buffer: after `filesizeKB` kB and/or `durationS` s
 * (checked on every packet and by a timer, so idle files close on time too).
 *
 * Stopping drains what is already queued in the sockets (until 50 ms of quiet, at most
 * 500 ms), then closes the current file as a valid pcapng. A write error (full disk)
 * stops the recording at once: the current file is cut back to its last complete packet
 * and handed on like any complete file, so every file in the folder stays valid.
 */
import type { RemoteInfo } from 'node:dgram';
import { existsSync, unlinkSync } from 'node:fs';
import { CaptureFileError } from '../io/capture-file.js';
import { PcapngFileWriter } from '../io/pcapng-file-writer.js';
import { encodeUdpFrame, MAX_UDP_PAYLOAD, resolveUdpAddressing, UDP_FRAME_OVERHEAD, type ResolvedUdpAddressing } from '../net/build-frame.js';
import { formatEndpoint, type Endpoint } from './endpoint.js';
import type { FileSequence } from './file-sequence.js';
import { formatLocalTimestamp } from './naming.js';
import { repairCapture } from './repair.js';
import type { Source, SourceCounters, SourceEvents, SourceResult } from './source.js';
import { UdpReceiver, type BoundSocket } from './udp-receiver.js';

export interface ReceiverSourceOptions {
  listen: Endpoint[];
  /** Requested socket receive buffer per socket, bytes. */
  recvBufferBytes: number;
  filesizeKB?: number;
  durationS?: number;
  /**
   * Called with every datagram after it was written (a live analysis reading the same
   * stream, `vmmscope monitor --listen --record`); must not keep the thread long.
   */
  onDatagram?: (msg: Buffer, arrivalMs: number) => void;
}

/** Source addresses remembered per socket before framing falls back to resolving each packet. */
const MAX_CACHED_SENDERS = 4096;
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

interface OpenFile {
  writer: PcapngFileWriter;
  counter: number;
  timestamp: string;
  startMs: number;
}

export class ReceiverSource implements Source {
  readonly finished: Promise<SourceResult>;
  /** The sockets as bound (after `start()`), with their effective buffer sizes. */
  bound: BoundSocket[] = [];
  private readonly opts: ReceiverSourceOptions;
  private readonly seq: FileSequence;
  private readonly events: SourceEvents;
  private readonly receiver: UdpReceiver;
  private readonly frame = new Uint8Array(UDP_FRAME_OVERHEAD + MAX_UDP_PAYLOAD);
  private readonly senders: Map<string, ResolvedUdpAddressing>[];
  private readonly limitBytes: number;
  private readonly durationMs: number;
  private file: OpenFile | undefined;
  private ipId = 0;
  private packetsWritten = 0;
  private lastDatagramMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private state: 'idle' | 'running' | 'draining' | 'done' = 'idle';
  private resolveFinished!: (r: SourceResult) => void;
  private rejectFinished!: (e: unknown) => void;
  private readonly notes: string[] = [];
  private failed = false;

  constructor(opts: ReceiverSourceOptions, seq: FileSequence, events: SourceEvents) {
    this.opts = opts;
    this.seq = seq;
    this.events = events;
    this.limitBytes = opts.filesizeKB !== undefined ? opts.filesizeKB * 1000 : Infinity;
    this.durationMs = opts.durationS !== undefined ? opts.durationS * 1000 : Infinity;
    this.senders = opts.listen.map(() => new Map());
    this.receiver = new UdpReceiver(opts.listen, (m, r, i) => this.onDatagram(m, r, i), opts.recvBufferBytes);
    this.finished = new Promise((res, rej) => {
      this.resolveFinished = res;
      this.rejectFinished = rej;
    });
  }

  async start(): Promise<void> {
    this.bound = await this.receiver.open();
    try {
      this.openFile(this.seq.completed);
    } catch (e) {
      this.receiver.close();
      throw e;
    }
    this.state = 'running';
    if (Number.isFinite(this.durationMs)) {
      this.timer = setInterval(() => this.checkDuration(), Math.max(5, Math.min(100, this.durationMs / 20)));
    }
  }

  stop(): void {
    if (this.state !== 'running') {
      if (this.state === 'idle') this.finish('stopped');
      return;
    }
    this.state = 'draining';
    const t0 = Date.now();
    this.lastDatagramMs = t0;
    const poll = setInterval(() => {
      const now = Date.now();
      if (this.state !== 'draining') return clearInterval(poll);
      if (now - this.lastDatagramMs >= 50 || now - t0 >= 500) {
        clearInterval(poll);
        this.finish('stopped');
      }
    }, 10);
  }

  counters(): SourceCounters {
    const inProgress = this.file ? this.file.writer.bytesWritten : 0;
    return { packets: this.packetsWritten, bytes: this.seq.completedBytes + inProgress, drops: this.receiver.drops() };
  }

  private openFile(counter: number): void {
    const start = new Date();
    const path = this.seq.workPath(counter, start);
    const writer = new PcapngFileWriter(path, {
      exclusive: true,
      tsExponent: 6,
      ifName: `vmmscope udp ${this.bound.map((b) => formatEndpoint(b.endpoint)).join(' ')}`,
    });
    this.file = { writer, counter, timestamp: formatLocalTimestamp(start), startMs: start.getTime() };
  }

  private addressing(rinfo: RemoteInfo, index: number): ResolvedUdpAddressing {
    const cache = this.senders[index]!;
    const key = rinfo.address + ':' + rinfo.port;
    let a = cache.get(key);
    if (a === undefined) {
      const ep = this.bound[index]?.endpoint ?? this.opts.listen[index]!;
      a = resolveUdpAddressing({ srcIp: rinfo.address, srcPort: rinfo.port, dstIp: ep.host, dstPort: ep.port });
      if (cache.size < MAX_CACHED_SENDERS) cache.set(key, a);
    }
    return a;
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo, index: number): void {
    const f = this.file;
    if (f === undefined || this.state === 'done' || this.state === 'idle') return;
    const ms = performance.timeOrigin + performance.now();
    this.lastDatagramMs = ms;
    const sec = Math.floor(ms / 1000);
    const ns = Math.min(999999999, Math.floor((ms - sec * 1000) * 1e6));
    const len = encodeUdpFrame(this.frame, 0, msg, 0, msg.length, this.addressing(rinfo, index), this.ipId);
    this.ipId = (this.ipId + 1) & 0xffff;
    try {
      f.writer.writePacket(this.frame, sec, ns, len);
    } catch (e) {
      this.writeFailed(e);
      return;
    }
    this.packetsWritten++;
    this.opts.onDatagram?.(msg, performance.now());
    if (f.writer.bytesWritten >= this.limitBytes || ms - f.startMs >= this.durationMs) this.rotate();
  }

  private checkDuration(): void {
    const f = this.file;
    if (f && this.state === 'running' && Date.now() - f.startMs >= this.durationMs) this.rotate();
  }

  /** Completes the current file and opens the next one (or finishes at the file limit). */
  private rotate(): void {
    try {
      this.closeCurrent();
      if (this.seq.done) return this.finish('limit');
      this.openFile(this.seq.completed);
    } catch (e) {
      this.writeFailed(e);
    }
  }

  private closeCurrent(): void {
    const f = this.file;
    if (!f) return;
    // as dumpcap: an Interface Statistics Block with the counters since the start (datagrams
    // received, kernel drops) ends the file, so a reader of the file sees the receiver's losses
    const now = Date.now();
    const drops = this.receiver.drops();
    f.writer.writeStatistics(Math.floor(now / 1000), (now % 1000) * 1e6, { ifRecv: this.receiver.packets, ...(drops !== undefined ? { osDrop: drops } : {}) });
    f.writer.close(); // on failure the file stays current, for writeFailed to cut and save
    this.file = undefined;
    this.events.onFile(this.seq.complete(f.writer.path, f.counter, f.timestamp, f.writer.bytesWritten));
  }

  private finish(reason: SourceResult['reason']): void {
    if (this.state === 'done') return;
    this.state = 'done';
    if (this.timer) clearInterval(this.timer);
    this.receiver.close();
    try {
      this.closeCurrent();
    } catch (e) {
      return this.writeFailed(e);
    }
    this.resolveFinished({ reason, notes: this.summaryNotes() });
  }

  private summaryNotes(): string[] {
    const out = [...this.notes];
    out.unshift(`receiver: ${this.receiver.packets} datagrams received, ${this.packetsWritten} written, ${this.receiver.finalDrops} dropped by the kernel (socket buffer full)`);
    return out;
  }

  /**
   * A write failed (full disk, I/O error): stop receiving, cut the current file back
   * to its last complete packet and hand it on, then end with reason disk-full, or
   * reject for other errors (after the same cleanup).
   */
  private writeFailed(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.state = 'done';
    if (this.timer) clearInterval(this.timer);
    this.receiver.close();
    const f = this.file;
    this.file = undefined;
    const code = e instanceof CaptureFileError ? e.code : (e as NodeJS.ErrnoException).code ?? '';
    const full = DISK_FULL_CODES.has(code);
    this.notes.push(`${full ? 'disk full' : 'write error'}: ${(e as Error).message}; recording stopped`);
    if (f) {
      try {
        f.writer.close();
      } catch {
        /* the failure is already recorded */
      }
      try {
        this.saveCut(f);
      } catch (e2) {
        this.notes.push(`could not save ${f.writer.path}: ${(e2 as Error).message}`);
      }
    }
    if (full) this.resolveFinished({ reason: 'disk-full', notes: this.summaryNotes() });
    else this.rejectFinished(Object.assign(new Error(this.summaryNotes().join('\n')), { cause: e }));
  }

  private saveCut(f: OpenFile): void {
    const path = f.writer.path;
    if (!existsSync(path)) return;
    const r = repairCapture(path);
    const lost = f.writer.packets - r.packets;
    this.packetsWritten -= Math.max(0, lost);
    if (r.size === 0) {
      unlinkSync(path);
      this.notes.push(`the file in progress had no complete block and was removed (${lost} packets not written)`);
      return;
    }
    try {
      const done = this.seq.complete(path, f.counter, f.timestamp, r.size);
      this.events.onFile(done);
      this.notes.push(`${done.path}: kept ${r.packets} packets up to the cut; ${lost} received packets could not be written`);
    } catch (e) {
      this.notes.push(`${path}: kept ${r.packets} packets but ${(e as Error).message}`);
    }
  }
}
