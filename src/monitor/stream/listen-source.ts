/**
 * `vmmscope monitor --listen HOST:PORT`: the FECs' datagrams received by the monitor
 * itself. Without `--record` the sockets are the recorder's `UdpReceiver`; with
 * `--record` the whole `Recorder` runs in this process (built-in receiver, its ring or
 * run files, the semaphore, its stale-file cleanup), exactly as `vmmscope record
 * --source udp` with the same options, and hands every datagram on after writing it.
 * Either way a datagram reaches the analysis queue as vmm-sdat reads a captured one:
 * its UDP payload, cut at 10000 bytes; empty ones are not analysed.
 */
import type { Endpoint } from '../../capture/endpoint.js';
import { formatEndpoint } from '../../capture/endpoint.js';
import { Recorder, type RecordSummary } from '../../capture/recorder.js';
import type { RecordOptions } from '../../capture/record-options.js';
import { UdpReceiver, type BoundSocket } from '../../capture/udp-receiver.js';
import { VMMSDAT_PAYLOAD_CAP } from '../../net/udp-extractor.js';
import type { StreamSource } from './stream-monitor.js';

type Push = (payload: Uint8Array, arrivalMs: number, seconds: number) => void;

function forward(push: Push, msg: Buffer, arrivalMs: number): void {
  if (msg.length === 0) return;
  const p = msg.length > VMMSDAT_PAYLOAD_CAP ? msg.subarray(0, VMMSDAT_PAYLOAD_CAP) : msg;
  push(p, arrivalMs, (performance.timeOrigin + arrivalMs) / 1000);
}

/** Receive only: the sockets, no files. */
export class ListenSource implements StreamSource {
  bound: BoundSocket[] = [];
  private receiver: UdpReceiver | null = null;

  constructor(
    private readonly listen: Endpoint[],
    private readonly recvBufferBytes = 64 << 20,
  ) {}

  get description(): string {
    return `listening on ${(this.bound.length ? this.bound.map((b) => b.endpoint) : this.listen).map(formatEndpoint).join(', ')}`;
  }

  async start(push: Push): Promise<void> {
    this.receiver = new UdpReceiver(this.listen, (msg) => forward(push, msg, performance.now()), this.recvBufferBytes);
    this.bound = await this.receiver.open();
  }

  async stop(): Promise<void> {
    this.receiver?.close();
  }

  status(): Record<string, unknown> {
    const r = this.receiver;
    return { kind: 'listen', listen: this.bound.map((b) => formatEndpoint(b.endpoint)), datagrams: r?.packets ?? 0, bytes: r?.bytes ?? 0, kernelDrops: r?.drops() ?? null };
  }
}

/** Receive and record: the recorder with the built-in receiver. */
export class RecordingSource implements StreamSource {
  readonly recorder: Recorder;
  summary: RecordSummary | null = null;
  private push: Push | null = null;
  private lastFile: string | null = null;
  private done: Promise<void> = Promise.resolve();
  /** Why the recording failed, if it did. */
  error: string | null = null;

  constructor(
    options: RecordOptions,
    private readonly info: (line: string) => void = () => {},
  ) {
    this.recorder = new Recorder(
      { ...options, source: 'udp' },
      {
        onInfo: (l) => this.info(`record: ${l}`),
        onFile: (f) => {
          this.lastFile = f.path;
          if (!options.quiet) this.info(`record: ${f.path} complete`);
        },
        onDatagram: (m, t) => this.push && forward(this.push, m, t),
      },
    );
  }

  get description(): string {
    const o = this.recorder.options;
    return `listening on ${o.listen.map(formatEndpoint).join(', ')} and recording ${o.mode.kind === 'ring' ? `a ring of ${o.mode.slots} files` : `${o.mode.files} files`} into ${o.dir}`;
  }

  async start(push: Push): Promise<void> {
    this.push = push;
    await this.recorder.start();
    // the recording may end by itself (--files N, full disk, write error): say so, keep monitoring
    this.done = this.recorder.finished().then(
      (s) => {
        this.summary = s;
        if (s.reason !== 'stopped') this.info(`record: recording ended (${s.reason}); ${s.notes.join('; ')}`);
      },
      (e: Error) => {
        this.error = e.message;
        this.info(`record: recording failed: ${e.message}`);
      },
    );
  }

  /** Finishes the current file (valid pcapng, semaphore set) and stops receiving. */
  async stop(): Promise<void> {
    this.recorder.stop();
    await this.done;
    this.push = null;
  }

  status(): Record<string, unknown> {
    const c = this.recorder.counters();
    const o = this.recorder.options;
    return {
      kind: 'record',
      listen: o.listen.map(formatEndpoint),
      dir: o.dir,
      stem: o.stem,
      filesComplete: this.recorder.sequence.completed,
      lastFile: this.lastFile,
      packetsWritten: c.packets,
      bytesWritten: c.bytes,
      kernelDrops: c.drops ?? null,
      ended: this.summary && this.summary.reason !== 'stopped' ? this.summary.reason : null,
      error: this.error,
    };
  }
}
