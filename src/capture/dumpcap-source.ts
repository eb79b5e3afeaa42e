/**
 * Data taking with dumpcap, in two ways:
 *
 * - gap-free (default): ONE dumpcap process with ring-buffer switching
 *   (`-b filesize:`/`-b duration:`, `-b printname:stdout`, `-a files:N` for a run)
 *   writes `STEM_NNNNN_YYYYmmddHHMMSS.pcapng` into the work folder; each name it prints
 *   is a closed file, which `FileSequence` renames to its final name (and the semaphore
 *   follows). No packet is lost between files.
 * - legacy (`restartPerFile`): one dumpcap per file with `-a filesize:`/`-a duration:`,
 *   as `storePcapngData.py`/`storeMonitoringData.py` do (gaps between files).
 *
 * dumpcap runs in its own process group and is stopped with SIGINT only by us, so it
 * closes its file properly once. Its stderr gives the packet count ("Packets: N") and,
 * at the end, the drop statistics. A full disk makes dumpcap stop with a cut last file,
 * which is repaired (truncated to its last complete block) before it is handed on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readCaptureFile } from '../io/capture-file.js';
import { join } from 'node:path';
import { classifyDumpcapFailure, CaptureSetupError, dumpcapArgs } from './dumpcap.js';
import type { FileSequence } from './file-sequence.js';
import { formatLocalTimestamp, parseDumpcapFileName } from './naming.js';
import { endsWithCompleteBlock, repairCapture } from './repair.js';
import type { Source, SourceCounters, SourceEvents, SourceResult } from './source.js';

export interface DumpcapSourceOptions {
  /** Path of the dumpcap binary (from `checkDumpcap`). */
  dumpcap: string;
  interfaces: string[];
  /** libpcap capture filter ("" = everything). */
  filter: string;
  /** Kernel capture buffer in MiB (dumpcap `-B`). */
  bufferMiB?: number;
  /** New file after this many kB (1000 bytes). */
  filesizeKB?: number;
  /** New file after this many seconds. */
  durationS?: number;
  /** Legacy: one dumpcap process per file. */
  restartPerFile: boolean;
}

const DISK_FULL = /no space left|disk full|ENOSPC|quota exceeded/i;

/** One dumpcap process and what it said. */
class DumpcapProcess {
  readonly child: ChildProcess;
  stderr = '';
  packets = 0;
  drops: number | undefined;
  received: number | undefined;
  /** Path of the file dumpcap writes now (its last "File:" line). */
  currentFile: string | undefined;
  readonly exited: Promise<number | null>;
  private started = false;
  private readonly onStarted: () => void;

  constructor(dumpcap: string, args: string[], onLine: (line: string) => void, onStarted: () => void) {
    this.onStarted = onStarted;
    this.child = spawn(dumpcap, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let i: number;
      while ((i = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, i).trim();
        out = out.slice(i + 1);
        if (line) onLine(line);
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => this.onStderr(d));
    // dumpcap has its own process group (so that only we stop it, once): if this process
    // exits early (forced exit, crash), stop dumpcap too instead of leaving it capturing.
    const onExit = (): void => this.interrupt();
    process.on('exit', onExit);
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        process.off('exit', onExit);
        resolve(code);
      });
    });
  }

  private onStderr(d: string): void {
    this.stderr += d;
    if (this.stderr.length > 65536) this.stderr = this.stderr.slice(-32768);
    for (const m of d.matchAll(/Packets(?: captured)?: (\d+)/g)) this.packets = Number(m[1]);
    for (const m of d.matchAll(/File: (.+?\.pcapng)(?=\s|$)/g)) {
      this.currentFile = m[1];
      if (!this.started) {
        this.started = true;
        this.onStarted();
      }
    }
    for (const m of d.matchAll(/Packets received\/dropped on interface '[^']*': (\d+)\/(\d+)/g)) {
      this.received = (this.received ?? 0) + Number(m[1]);
      this.drops = (this.drops ?? 0) + Number(m[2]);
    }
  }

  /** dumpcap's error lines (those after "dumpcap:"), for messages. */
  errorText(): string {
    const i = this.stderr.indexOf('dumpcap:');
    const t = i >= 0 ? this.stderr.slice(i) : this.stderr;
    return t
      .split('\n')
      .filter((l) => !/^(Packets|File:|Capturing on)/.test(l.trim()))
      .join('\n')
      .trim();
  }

  interrupt(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
  }
}

export class DumpcapSource implements Source {
  readonly finished: Promise<SourceResult>;
  private readonly opts: DumpcapSourceOptions;
  private readonly seq: FileSequence;
  private readonly events: SourceEvents;
  private proc: DumpcapProcess | undefined;
  private stopping = false;
  private packetsBefore = 0;
  private dropsBefore: number | undefined;
  private resolveStart!: () => void;
  private rejectStart!: (e: unknown) => void;
  private readonly startedPromise: Promise<void>;
  private begin!: () => void;
  private readonly notes: string[] = [];
  private received: number | undefined;
  /** Final paths of the files completed in this recording. */
  private readonly completedPaths: string[] = [];
  private packetsOnDisk: number | undefined;
  private lastError = '';

  constructor(opts: DumpcapSourceOptions, seq: FileSequence, events: SourceEvents) {
    this.opts = opts;
    this.seq = seq;
    this.events = events;
    this.startedPromise = new Promise((res, rej) => {
      this.resolveStart = res;
      this.rejectStart = rej;
    });
    const go = new Promise<void>((res) => (this.begin = res));
    this.finished = go.then(() => (opts.restartPerFile ? this.runPerFile() : this.runSwitching()));
    this.finished.then(() => this.resolveStart(), (e) => this.rejectStart(e));
  }

  start(): Promise<void> {
    this.begin();
    return this.startedPromise;
  }

  stop(): void {
    this.stopping = true;
    this.proc?.interrupt();
  }

  counters(): SourceCounters {
    const p = this.proc;
    let bytes = this.seq.completedBytes;
    if (p?.currentFile) {
      try {
        bytes += statSync(p.currentFile).size;
      } catch {
        /* just renamed */
      }
    }
    const drops = p?.drops === undefined ? this.dropsBefore : (this.dropsBefore ?? 0) + p.drops;
    return { packets: this.packetsOnDisk ?? this.packetsBefore + (p?.packets ?? 0), bytes, drops };
  }

  private spawn(args: string[], onLine: (line: string) => void): DumpcapProcess {
    const p = new DumpcapProcess(this.opts.dumpcap, args, onLine, () => this.resolveStart());
    this.proc = p;
    if (this.stopping) p.interrupt();
    return p;
  }

  /** Turns a failed exit into a result (stopped, disk full) or an error. */
  private async judgeExit(p: DumpcapProcess, code: number | null): Promise<SourceResult['reason'] | undefined> {
    if (code === 0) return undefined;
    const text = p.errorText();
    this.lastError = text;
    if (DISK_FULL.test(text)) return 'disk-full';
    if (this.stopping && (code === null || text === '')) return 'stopped';
    const known = await classifyDumpcapFailure(this.opts.dumpcap, this.opts.interfaces.join(','), p.stderr);
    if (known) throw known;
    throw new CaptureSetupError('dumpcap-failed', `dumpcap stopped with exit status ${code}: ${text || '(no message)'}`);
  }

  /** Hands a closed dumpcap file to the sequence, repairing it if it was cut (full disk, killed dumpcap). */
  private completeFile(path: string, counter: number, timestamp: string): void {
    let size = statSync(path).size;
    let removed = 0;
    if (!endsWithCompleteBlock(path)) {
      const r = repairCapture(path);
      size = r.size;
      removed = r.removedBytes;
    }
    if (size === 0) {
      unlinkSync(path);
      this.notes.push(`${path}: nothing complete was written; removed`);
      return;
    }
    const done = this.seq.complete(path, counter, timestamp, size);
    this.completedPaths.push(done.path);
    if (removed > 0) this.notes.push(`${done.path}: cut at the last complete packet (${removed} bytes of a partial packet removed)`);
    this.events.onFile(done);
  }

  private collect(p: DumpcapProcess): void {
    this.packetsBefore += p.packets;
    if (p.drops !== undefined) this.dropsBefore = (this.dropsBefore ?? 0) + p.drops;
    if (p.received !== undefined) this.received = (this.received ?? 0) + p.received;
    this.proc = undefined;
  }

  private result(reason: SourceResult['reason']): SourceResult {
    if (reason === 'disk-full') {
      // dumpcap counted packets it could not write: count what is on disk instead.
      let n = 0;
      for (const f of new Set(this.completedPaths)) if (existsSync(f)) n += readCaptureFile(f, () => undefined).parser.stats.packets;
      this.packetsOnDisk = n;
      if (this.lastError) this.notes.unshift(`dumpcap: ${this.lastError.replace(/^dumpcap:\s*/, '').replace(/\s+/g, ' ').replace(/ You will need.*$/, '')}`);
    }
    const notes = [...this.notes];
    if (this.received !== undefined) notes.unshift(`dumpcap: ${this.received} packets received on the interface, ${this.dropsBefore ?? 0} dropped`);
    return { reason, notes };
  }

  private async runSwitching(): Promise<SourceResult> {
    const o = this.opts;
    const args = dumpcapArgs({
      interfaces: o.interfaces,
      filter: o.filter,
      output: join(this.seq.workDir, `${this.seq.stem}.pcapng`),
      bufferMiB: o.bufferMiB,
      filesizeKB: o.filesizeKB,
      durationS: o.durationS,
      switching: true,
      stopAfterFiles: this.seq.limit,
    });
    let next = 1; // dumpcap numbers files from 1
    const handle = (path: string): void => {
      const name = parseDumpcapFileName(path);
      if (!name || name.number < next) return;
      next = name.number + 1;
      this.completeFile(path, name.number - 1, name.timestamp);
    };
    const p = this.spawn(args, handle);
    const code = await p.exited;
    this.collect(p);
    // Files dumpcap closed without printing their name (it was killed): take them too.
    for (const f of readdirSync(this.seq.workDir).sort()) {
      const name = parseDumpcapFileName(f);
      if (name && name.stem === this.seq.stem && name.number >= next) handle(join(this.seq.workDir, f));
    }
    return this.result((await this.judgeExit(p, code)) ?? (this.seq.done ? 'limit' : 'stopped'));
  }

  private async runPerFile(): Promise<SourceResult> {
    const o = this.opts;
    for (let counter = this.seq.completed; !this.seq.done && !this.stopping; counter++) {
      const start = new Date();
      const path = this.seq.workPath(counter, start);
      const args = dumpcapArgs({
        interfaces: o.interfaces,
        filter: o.filter,
        output: path,
        bufferMiB: o.bufferMiB,
        filesizeKB: o.filesizeKB,
        durationS: o.durationS,
        switching: false,
      });
      const p = this.spawn(args, () => undefined);
      const code = await p.exited;
      this.collect(p);
      const reason = await this.judgeExit(p, code);
      if (existsSync(path)) this.completeFile(path, counter, formatLocalTimestamp(start));
      if (reason) return this.result(reason);
    }
    return this.result(this.seq.done ? 'limit' : 'stopped');
  }
}
