/**
 * Replay / FEC emulator: sends the UDP payloads of a capture file to one HOST:PORT,
 * in file order, with the original pacing from the packet timestamps (`speed` 1),
 * scaled (`speed` N = N times faster), or as fast as possible (`'max'`), optionally
 * capped at a payload rate (bytes/s) and looping forever.
 *
 * The file is streamed: each 1 MiB chunk is parsed (CaptureParser + UdpExtractor,
 * payloads not cut) into one arena of payloads, then sent, so memory stays bounded
 * for captures of any size. The time of a
 * packet is `start + (t − t_first) / speed`; packets due within the next millisecond
 * are sent in a burst, then the sender sleeps until the next is due. The socket is not
 * connected, so datagrams go out whether or not anything listens (like a FEC's).
 * Passes after the first continue the run (`LoopShift`); drops and reordering for
 * testing come from `FaultInjector` (replay-faults.ts).
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { open } from 'node:fs/promises';
import { CaptureFileError } from '../io/capture-file.js';
import { UdpExtractor } from '../net/udp-extractor.js';
import { CaptureParser, PcapngError } from '../pcapng/index.js';
import type { Endpoint } from './endpoint.js';
import { FaultInjector, LoopShift, type FaultOptions } from './replay-faults.js';

export interface ReplayOptions {
  file: string;
  to: Endpoint;
  /** 1 = original pacing, N = N times faster, 'max' = no pacing. */
  speed: number | 'max';
  /** Start again at the end of the file until aborted. */
  loop?: boolean;
  /** Optional cap on the payload rate, bytes per second. */
  rateBytesPerSecond?: number;
  /** Stops the replay (between two packets). */
  signal?: AbortSignal;
  /** Requested socket send buffer (default 4 MiB). */
  sendBufferBytes?: number;
  /** With `loop`: stop after this many passes (default: until aborted). */
  passes?: number;
  /** false: later passes repeat the file verbatim (default true: they continue the run, see LoopShift). */
  shiftLoops?: boolean;
  /** Drops, a silenced FEC, reordering (for testing loss detection). */
  faults?: FaultOptions;
}

/** Totals of a replay. */
export interface ReplaySummary {
  /** Datagrams handed to the socket. */
  packets: number;
  /** Payload bytes sent. */
  bytes: number;
  /** Complete passes over the file. */
  loops: number;
  /** Wall time from the first send to the last, seconds. */
  seconds: number;
  /** Packets of the file that carry no UDP payload (skipped; counted in the first pass). */
  skipped: number;
  /** Send errors by code (ECONNREFUSED = nothing listens at the destination). */
  errors: Record<string, number>;
  /** Datagrams withheld by `faults.dropEvery`, by FEC id (−1 = not SRS). */
  dropped: Record<number, number>;
  /** Datagrams withheld by `faults.dropFec`. */
  silenced: number;
}

interface Batch {
  arena: Uint8Array;
  used: number;
  offsets: number[];
  lengths: number[];
  /** Seconds since the first packet of the file. */
  times: number[];
}

/** Files up to this size are kept in memory between the passes of --loop. */
const CACHE_LIMIT_BYTES = 256 << 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Replayer {
  /** Live totals (read by the status line). */
  readonly summary: ReplaySummary = { packets: 0, bytes: 0, loops: 0, seconds: 0, skipped: 0, errors: {}, dropped: {}, silenced: 0 };
  /** The options as given. */
  readonly options: ReplayOptions;
  private readonly o: ReplayOptions;
  private socket: Socket | undefined;
  private cache: { batches: Batch[]; packets: number; lastTime: number } | undefined;
  private address = '';
  private startMs = 0;
  /** Offset (ms) of the current pass's capture time 0 on the wall clock, relative to `startMs`. */
  private passOffsetMs = 0;
  private t0: number | undefined;
  private readonly shifter: LoopShift | null;
  private readonly faults: FaultInjector | null;

  constructor(options: ReplayOptions) {
    if (options.speed !== 'max' && !(options.speed > 0)) throw new RangeError(`replay speed must be > 0 or 'max', got ${options.speed}`);
    if (options.passes !== undefined && !(Number.isInteger(options.passes) && options.passes >= 1)) throw new RangeError(`replay passes must be an integer ≥ 1, got ${options.passes}`);
    this.o = options;
    this.options = options;
    this.shifter = options.loop && options.shiftLoops !== false ? new LoopShift() : null;
    this.faults = options.faults ? new FaultInjector(options.faults) : null;
    if (this.faults) this.summary.dropped = this.faults.dropped;
  }

  /** Sends the file (repeatedly with `loop`) and resolves with the totals. */
  async run(): Promise<ReplaySummary> {
    const o = this.o;
    let address: string;
    try {
      address = (await lookup(o.to.host, { family: 4 })).address;
    } catch {
      throw new Error(`cannot resolve ${o.to.host} to an IPv4 address`);
    }
    const s = createSocket({ type: 'udp4', sendBufferSize: o.sendBufferBytes ?? 4 << 20 });
    this.socket = s;
    s.on('error', (e: NodeJS.ErrnoException) => this.countError(e));
    // Not connected: a connected socket reports ICMP "port unreachable" as ECONNREFUSED
    // on later sends and loses datagrams, while a FEC sends whether anyone listens or not
    // (e.g. when only dumpcap captures them).
    this.address = address;
    try {
      this.startMs = performance.now();
      let lastTime = 0;
      let meanGap = 0;
      do {
        const pass = await this.pass();
        if (pass.packets === 0 && !o.signal?.aborted) throw new Error(`${o.file} holds no UDP payload to send`);
        lastTime = pass.lastTime;
        meanGap = pass.packets > 1 ? lastTime / (pass.packets - 1) : 0;
        this.passOffsetMs += ((lastTime + meanGap) * 1000) / (o.speed === 'max' ? 1 : o.speed);
        if (!o.signal?.aborted) this.summary.loops++;
        if (this.summary.loops === 1) this.shifter?.learn();
      } while (o.loop && !o.signal?.aborted && (o.passes === undefined || this.summary.loops < o.passes));
      this.summary.seconds = (performance.now() - this.startMs) / 1000;
      return this.summary;
    } finally {
      s.close();
    }
  }

  private countError(e: NodeJS.ErrnoException): void {
    const k = e.code ?? e.message;
    this.summary.errors[k] = (this.summary.errors[k] ?? 0) + 1;
  }

  /** One pass over the file; returns its packet count and the time of its last packet. */
  private async pass(): Promise<{ packets: number; lastTime: number }> {
    const o = this.o;
    if (this.cache) {
      for (const b of this.cache.batches) {
        if (o.signal?.aborted) break;
        if (this.shifter) for (let i = 0; i < b.offsets.length; i++) this.shifter.shift(b.arena, b.offsets[i]!, b.lengths[i]!, 1);
        await this.send(b);
      }
      return this.cache;
    }
    let fh;
    try {
      fh = await open(o.file, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      throw new CaptureFileError(o.file, code, `cannot open capture file ${o.file}: ${(e as Error).message}`, { cause: e });
    }
    const extractor = new UdpExtractor({ payloadCap: Infinity });
    // With --loop, a small file is parsed once and its batches are sent again from memory.
    const keep: Batch[] | undefined = o.loop && (await fh.stat()).size <= CACHE_LIMIT_BYTES ? [] : undefined;
    let batch = this.newBatch();
    let packets = 0;
    let lastTime = 0;
    const parser = new CaptureParser((p) => {
      const d = extractor.extract(p);
      if (d === null || d.length === 0) {
        this.summary.skipped++;
        return;
      }
      const t = p.tsSeconds + p.tsNanos * 1e-9;
      if (this.t0 === undefined) this.t0 = t;
      const rel = t - this.t0;
      if (batch.used + d.length > batch.arena.length) {
        const grown = new Uint8Array(Math.max(batch.arena.length * 2, batch.used + d.length));
        grown.set(batch.arena.subarray(0, batch.used));
        batch.arena = grown;
      }
      batch.arena.set(d.bytes.subarray(d.offset, d.offset + d.length), batch.used);
      const pass = this.summary.loops;
      if (this.shifter) {
        if (pass === 0) this.shifter.observe(batch.arena, batch.used, d.length);
        else this.shifter.shift(batch.arena, batch.used, d.length, pass);
      }
      batch.offsets.push(batch.used);
      batch.lengths.push(d.length);
      batch.times.push(rel);
      batch.used += d.length;
      packets++;
      lastTime = rel;
    });
    try {
      const chunk = new Uint8Array(1 << 20);
      for (;;) {
        if (o.signal?.aborted) break;
        const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        try {
          parser.push(chunk.subarray(0, bytesRead));
        } catch (e) {
          throw e instanceof PcapngError ? e.withFile(o.file) : e;
        }
        await this.send(batch);
        if (keep && batch.offsets.length) keep.push(batch);
        batch = this.newBatch();
      }
      if (!o.signal?.aborted) {
        parser.end();
        if (keep) this.cache = { batches: keep, packets, lastTime };
      }
    } finally {
      await fh.close();
    }
    return { packets, lastTime };
  }

  private newBatch(): Batch {
    return { arena: new Uint8Array(1 << 21), used: 0, offsets: [], lengths: [], times: [] };
  }

  /** Sends a batch with pacing; resolves when the socket has handed all of it to the kernel. */
  private async send(b: Batch): Promise<void> {
    const o = this.o;
    const s = this.socket!;
    const speed = o.speed;
    const rate = o.rateBytesPerSecond;
    const n = b.offsets.length;
    const port = o.to.port;
    const address = this.address;
    const faults = this.faults;
    const order = faults ? faults.order(n) : null;
    let i = 0;
    let last: Promise<void> | undefined;
    while (i < n) {
      if (o.signal?.aborted) break;
      const now = performance.now() - this.startMs;
      let waitMs = 0;
      // Send everything due within the next millisecond, at most 1024 packets between yields.
      for (let sent = 0; i < n && sent < 1024; sent++) {
        let due = speed === 'max' ? 0 : this.passOffsetMs + (b.times[i]! * 1000) / speed;
        if (rate !== undefined) due = Math.max(due, (this.summary.bytes * 1000) / rate);
        if (due > now + 1) {
          waitMs = due - now - 0.5;
          break;
        }
        const k = order ? order[i]! : i;
        const len = b.lengths[k]!;
        const off = b.offsets[k]!;
        if (faults && !faults.keep(b.arena, off, len, now / 1000)) {
          i++;
          continue;
        }
        // with faults the last datagram may be withheld: every send then reports back
        if (i === n - 1 || faults) {
          last = new Promise<void>((res) =>
            s.send(b.arena, off, len, port, address, (e) => {
              if (e) this.countError(e);
              res();
            }),
          );
        } else s.send(b.arena, off, len, port, address);
        this.summary.packets++;
        this.summary.bytes += len;
        i++;
      }
      if (waitMs > 0) await sleep(Math.min(waitMs, 1000));
      else if (i < n) await new Promise((r) => setImmediate(r));
    }
    if (last) await last;
    if (faults) this.summary.silenced = faults.silenced;
    // The send callbacks may all run as microtasks: yield to the event loop once per
    // batch so that signals (Ctrl-C) and timers (status line) are served.
    await new Promise((r) => setImmediate(r));
  }
}

/** Convenience: one replay with these options. */
export function replayCapture(options: ReplayOptions): Promise<ReplaySummary> {
  return new Replayer(options).run();
}
