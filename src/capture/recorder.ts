/**
 * `vmmscope record` as a library: picks the source (dumpcap when it is installed and
 * may capture, else the built-in receiver if --listen was given), prepares the output
 * folder (ring: clears the stale files of the stem and says so; run: refuses leftovers
 * of an interrupted recording), raises the priority when permitted, runs the source
 * and summarises. The CLI adds the status
 * line and Ctrl-C; tests and the benchmark drive this class directly or via the CLI.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import { CaptureSetupError, checkDumpcap } from './dumpcap.js';
import { DumpcapSource } from './dumpcap-source.js';
import { formatEndpoint } from './endpoint.js';
import { FileSequence, type CompletedFile } from './file-sequence.js';
import { workDirName } from './naming.js';
import { ReceiverSource } from './receiver-source.js';
import type { RecordOptions } from './record-options.js';
import type { Source, SourceCounters, SourceResult } from './source.js';
import { clearStaleRingFiles } from './stale.js';

export interface RecorderHooks {
  /** Informational lines (cleanup, source choice, buffer sizes, …). */
  onInfo?(line: string): void;
  /** Each completed file, in order. */
  onFile?(file: CompletedFile): void;
  /** Built-in receiver only: every datagram, after it was written (see ReceiverSourceOptions). */
  onDatagram?(msg: Buffer, arrivalMs: number): void;
}

/** The end of a recording. */
export interface RecordSummary {
  readonly reason: SourceResult['reason'];
  readonly source: 'dumpcap' | 'udp';
  readonly files: number;
  readonly bytes: number;
  readonly packets: number;
  readonly drops: number | undefined;
  readonly notes: string[];
}

export class Recorder {
  readonly options: RecordOptions;
  readonly sequence: FileSequence;
  /** The source in use (after `start()`). */
  sourceKind: 'dumpcap' | 'udp' | undefined;
  private source: Source | undefined;
  private readonly hooks: RecorderHooks;
  private stopRequested = false;

  constructor(options: RecordOptions, hooks: RecorderHooks = {}) {
    this.options = options;
    this.hooks = hooks;
    this.sequence = new FileSequence(options.dir, options.stem, options.mode);
  }

  private info(line: string): void {
    this.hooks.onInfo?.(line);
  }

  /** Prepares the folder, chooses and starts the source. Resolves once data is being taken. */
  async start(): Promise<void> {
    const o = this.options;
    const kind = await this.chooseSource(); // first: a setup error must not delete the old ring
    mkdirSync(o.dir, { recursive: true });
    this.prepareFolder();
    this.raisePriority();
    this.sourceKind = kind;
    this.sequence.prepare();
    const events = { onFile: (f: CompletedFile) => this.hooks.onFile?.(f), onInfo: (l: string) => this.info(l) };
    if (kind === 'udp') {
      const src = new ReceiverSource(
        {
          listen: o.listen,
          recvBufferBytes: o.bufferMiB * 1048576,
          filesizeKB: o.filesizeKB,
          durationS: o.durationS,
          ...(this.hooks.onDatagram ? { onDatagram: (m: Buffer, t: number) => this.hooks.onDatagram!(m, t) } : {}),
        },
        this.sequence,
        events,
      );
      this.source = src;
      await src.start();
      for (const b of src.bound) {
        // Linux reports twice the usable size; the request is capped by net.core.rmem_max.
        const mib = b.recvBufferBytes / 2 / 1048576;
        this.info(`listening on ${formatEndpoint(b.endpoint)} (socket receive buffer ${mib.toFixed(1)} MiB)`);
        if (b.recvBufferBytes / 2 < o.bufferMiB * 1048576 * 0.99) {
          this.info(`  the kernel limits the buffer (net.core.rmem_max); for bursts without loss raise it: sudo sysctl -w net.core.rmem_max=${o.bufferMiB * 1048576}`);
        }
      }
    } else {
      this.source = new DumpcapSource(
        { dumpcap: this.dumpcapPath!, interfaces: o.interfaces, filter: o.filter, bufferMiB: o.bufferMiB, filesizeKB: o.filesizeKB, durationS: o.durationS, restartPerFile: o.restartPerFile },
        this.sequence,
        events,
      );
      await this.source.start();
      this.info(`dumpcap capturing on ${o.interfaces.join(', ')}${o.filter ? ` (filter "${o.filter}")` : ''}${o.restartPerFile ? ', one dumpcap per file (legacy, gaps between files)' : ', one process, gap-free'}`);
    }
    if (this.stopRequested) this.source.stop();
  }

  private dumpcapPath: string | undefined;

  /**
   * Data taking must not lose packets because an analysis or monitor on the same machine
   * takes the CPU: when permitted, the recording thread (and the dumpcap it starts)
   * runs at a higher priority. Not permitted (ordinary user): silently unchanged.
   */
  private raisePriority(): void {
    const want = this.options.nice;
    if (want === 0) return;
    try {
      if (getPriority(0) <= want) return;
      setPriority(0, want);
      this.info(`scheduling priority raised (nice ${want})`);
    } catch {
      /* EACCES: not root and no CAP_SYS_NICE */
    }
  }

  private prepareFolder(): void {
    const o = this.options;
    if (o.mode.kind === 'ring') {
      const c = clearStaleRingFiles(o.dir, o.stem);
      this.info(c.removed.length === 0 ? `ring ${o.stem}: no stale files in ${o.dir}` : `ring ${o.stem}: cleared ${c.removed.length} stale file(s) in ${o.dir}: ${c.removed.join(', ')}`);
      for (const f of c.failed) this.info(`  could not remove ${f.name}: ${f.reason}`);
      return;
    }
    const work = join(o.dir, workDirName(o.stem));
    let left: string[] = [];
    try {
      left = readdirSync(work);
    } catch {
      /* no work folder: fine */
    }
    if (left.length > 0) {
      throw new Error(`${work} holds ${left.length} file(s) of an interrupted recording (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''}); move or delete them first`);
    }
  }

  private async chooseSource(): Promise<'dumpcap' | 'udp'> {
    const o = this.options;
    if (o.source === 'udp') return 'udp';
    if (o.source === 'dumpcap' || o.listen.length === 0) {
      this.dumpcapPath = await checkDumpcap(o.interfaces, o.dumpcapPath);
      return 'dumpcap';
    }
    if (o.interfaces.length === 0) return 'udp';
    try {
      this.dumpcapPath = await checkDumpcap(o.interfaces, o.dumpcapPath);
      return 'dumpcap';
    } catch (e) {
      if (!(e instanceof CaptureSetupError)) throw e;
      this.info(`dumpcap cannot be used (${e.message.split('\n')[0]}); recording with the built-in receiver instead`);
      return 'udp';
    }
  }

  /** Live counters of the running source (zeros before start). */
  counters(): SourceCounters {
    return this.source ? this.source.counters() : { packets: 0, bytes: 0, drops: undefined };
  }

  /** Finishes the current file and stops (Ctrl-C); safe to call at any time, repeatedly. */
  stop(): void {
    this.stopRequested = true;
    this.source?.stop();
  }

  /** Waits for the end of the recording. Call after `start()` resolved. */
  async finished(): Promise<RecordSummary> {
    if (!this.source) throw new Error('Recorder.finished() before start()');
    const r = await this.source.finished;
    const c = this.source.counters();
    this.sequence.cleanup();
    return {
      reason: r.reason,
      source: this.sourceKind!,
      files: this.sequence.completed,
      bytes: this.sequence.completedBytes,
      packets: c.packets,
      drops: c.drops,
      notes: r.notes,
    };
  }
}
