/**
 * Follows a capture ring buffer and says which complete file to analyse next
 * (monitoring.md §2). Two namings:
 *
 * - **semaphore** (legacy `storeMonitoringData.py`, `vmmscope record --ring`):
 *   files `<stem>_NNNNN.pcapng` (index mod ring length, 5 digits) and
 *   `<stem>_semaphore.txt` holding the index of the newest *complete* file;
 * - **dumpcap** (dumpcap's own ring `-b files:N`, and `vmmscope record` runs):
 *   `<stem>_NNNNN_YYYYmmddHHMMSS.pcapng` (or `-b nametimenum:2`'s
 *   `<stem>_YYYYmmddHHMMSS_NNNNN.pcapng`), running number always increasing; the
 *   newest file is still being written, so a file is complete once a newer one
 *   exists (or, with `final`, when the capture has ended). `vmmscope record`
 *   writes its files in progress into `.<stem>.recording/` and moves only
 *   complete files into the folder: once that work folder has been seen, every
 *   file of the folder counts as complete.
 *
 * Identity of a file is (inode, size, mtime), never just its ring index, so a
 * file is never analysed twice and a rewritten ring slot is seen as new
 * (§11.1, §11.6). A file is analysed only as far as it was when chosen (its
 * `size` then); should it grow afterwards (a producer that names a file before
 * it is complete), the grown file — same inode, same first bytes (`head`) — is
 * still the file already analysed, never a new one, so no data is counted twice. Order `newest` samples (analyse the newest complete file,
 * report how many complete files were skipped); `all` analyses every complete
 * file in order. A semaphore that is missing, empty, partial or names a missing
 * file is a reason to wait, never an error (§11.2, §11.3). Waiting uses
 * `fs.watch` on the folder (semaphore rewrites and new files only, not the
 * writes into the growing file) plus a slow poll as a safety net: no busy loop.
 */
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ringFileMatcher, ringFileName, semaphoreFileName, type RingFileName } from '../capture/naming.js';
import { parseSemaphoreText } from '../capture/semaphore.js';

export type RingNaming = 'auto' | 'semaphore' | 'dumpcap';
export type RingOrder = 'newest' | 'all';

export interface RingOptions {
  /** Folder of the ring files. */
  dir: string;
  /** File stem (`monitoring`, `example`, …). */
  stem: string;
  /** `auto` (default): the semaphore protocol when `<stem>_semaphore.txt` exists, else dumpcap naming. */
  naming?: RingNaming;
  /** `newest` (default, legacy sampling) or `all` (every complete file in order). */
  order?: RingOrder;
  /** Safety-net poll period (ms) when no file-system event arrives; default 1000. */
  pollMs?: number;
}

export interface RingFile {
  path: string;
  name: string;
  naming: 'semaphore' | 'dumpcap';
  /** Ring index (semaphore naming) or dumpcap's running number. */
  index: number;
  size: number;
  mtimeMs: number;
  /** Identity: inode, size and mtime. */
  key: string;
  ino: number;
  /** Hash of the first bytes, set on the file `next()` returns (tells a grown file from a rewritten one). */
  head?: FileHead;
}

/** A fingerprint of a file's first `bytes` bytes. */
export interface FileHead {
  bytes: number;
  hash: string;
}

/** Bytes of a file's head that are fingerprinted (the section header, interfaces and first packets). */
const HEAD_BYTES = 65536;

/** Fingerprint of the first `bytes` bytes of `path`, or null if it has fewer (or cannot be read). */
export async function fileHead(path: string, bytes: number): Promise<FileHead | null> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      if (bytesRead < bytes) return null;
      return { bytes, hash: createHash('sha1').update(buf).digest('hex') };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

interface DoneEntry {
  key: string;
  ino: number;
  /** Bytes analysed (the size when chosen). */
  size: number;
  head: FileHead | null;
}

export interface NextFile {
  file: RingFile;
  /** Complete files that were not and will not be analysed since the previous one (monitor behind the ring). */
  skipped: number;
  /** `performance.now()` when the follower found the file complete. */
  foundAt: number;
}

export function fileKey(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

export class RingFollower {
  readonly dir: string;
  readonly stem: string;
  readonly naming: RingNaming;
  readonly order: RingOrder;
  readonly pollMs: number;
  /** Why `next()` returned null the last time (for the status page). */
  waiting = 'starting';
  /** Naming in effect after the last `next()` (resolves `auto`). */
  active: 'semaphore' | 'dumpcap' | null = null;
  private readonly done = new Map<string, DoneEntry>();
  private lastDoneMtime = -Infinity;
  private lastDoneSeq = -1;
  /** Names of this stem's ring files (capture/naming.ts, shared with the recorder). */
  private readonly match: (name: string) => RingFileName | undefined;
  /** `vmmscope record`'s work folder was seen: the folder only holds complete files. */
  private recorderSeen = false;
  private watcher: FSWatcher | null = null;
  private wake: (() => void) | null = null;
  private dirty = false;

  constructor(o: RingOptions) {
    this.dir = o.dir;
    this.stem = o.stem;
    this.naming = o.naming ?? 'auto';
    this.order = o.order ?? 'newest';
    this.pollMs = o.pollMs ?? 1000;
    this.match = ringFileMatcher(o.stem);
  }

  /**
   * The next complete file to analyse, or null (see `waiting`). `final`: the
   * capture has ended, so dumpcap's newest file counts as complete too.
   */
  async next(final = false): Promise<NextFile | null> {
    // Watch before looking, so that a change between this check and wait() is not missed.
    this.ensureWatcher();
    this.dirty = false;
    let naming = this.naming;
    if (naming === 'auto') naming = (await exists(join(this.dir, semaphoreFileName(this.stem)))) ? 'semaphore' : 'dumpcap';
    this.active = naming;
    const n = naming === 'semaphore' ? await this.nextSemaphore() : await this.nextDumpcap(final);
    if (!n) return null;
    if (n.file.size === 0) return this.wait_(`${n.file.name} is empty (still being written?)`);
    n.file.head = (await fileHead(n.file.path, Math.min(HEAD_BYTES, n.file.size))) ?? { bytes: 0, hash: '' };
    return n;
  }

  /**
   * Records that `f` has been analysed (or given up on), as far as `f.size`: it is never
   * returned again unless rewritten — growing does not make it new.
   */
  markDone(f: RingFile): void {
    this.done.set(f.path, { key: f.key, ino: f.ino, size: f.size, head: f.head ?? null });
    if (f.mtimeMs > this.lastDoneMtime) this.lastDoneMtime = f.mtimeMs;
    if (f.naming === 'dumpcap' && f.index > this.lastDoneSeq) this.lastDoneSeq = f.index;
  }

  /**
   * True if the first `f.size` bytes of `f` are still what they were when it was chosen:
   * the same identity, or the same inode and head and a larger size (grown, not rewritten;
   * a changed file of the same size counts as rewritten).
   */
  async unchanged(f: RingFile): Promise<boolean> {
    try {
      const st = await stat(f.path);
      if (fileKey(st) === f.key) return true;
      return st.ino === f.ino && st.size > f.size && f.head !== undefined && (await sameHead(f.path, f.head));
    } catch {
      return false;
    }
  }

  /** `f` (as listed now) was analysed: the same identity, or the analysed file grown since. */
  private async isDone(f: RingFile): Promise<boolean> {
    const d = this.done.get(f.path);
    if (!d) return false;
    if (d.key === f.key) return true;
    if (d.head === null || d.ino !== f.ino || f.size <= d.size || !(await sameHead(f.path, d.head))) return false;
    d.key = f.key; // grown, not rewritten: remember the new identity
    return true;
  }

  private async nextSemaphore(): Promise<NextFile | null> {
    const semPath = join(this.dir, semaphoreFileName(this.stem));
    let text: string;
    try {
      const before = await stat(semPath);
      text = await readFile(semPath, 'utf8');
      const after = await stat(semPath);
      if (before.mtimeMs !== after.mtimeMs || before.size !== after.size) return this.wait_('semaphore is being rewritten');
    } catch {
      return this.wait_(`waiting for ${semaphoreFileName(this.stem)} in ${this.dir}`);
    }
    const idx = parseSemaphoreText(text);
    if (idx === undefined) return this.wait_(`semaphore content ${JSON.stringify(text.slice(0, 20))} is not a file index (being rewritten?)`);
    const target = await this.ringFile(ringFileName(this.stem, idx), idx, 'semaphore');
    if (!target) return this.wait_(`${ringFileName(this.stem, idx)} (named by the semaphore) not found`);
    const files = await this.listSemaphoreRing();
    // Complete files not analysed yet, up to the target, oldest first. File times are
    // coarse (a kernel tick), so equal times are possible: ties are broken by ring
    // order (distance back from the target), and the slot after the target — the one
    // the producer is writing — is not a candidate unless it is older than the target.
    // (Should a growing file still slip through, it changes while analysed and is discarded.)
    const n = Math.max(target.index + 2, ...files.map((f) => f.index + 1));
    const back = (f: RingFile) => (target.index - f.index + n) % n;
    const growing = (f: RingFile) => back(f) === n - 1 && f.mtimeMs >= target.mtimeMs;
    const first = this.done.size === 0;
    const pending: RingFile[] = [];
    for (const f of files)
      if (!growing(f) && f.mtimeMs <= target.mtimeMs && (first || f.mtimeMs >= this.lastDoneMtime) && !(await this.isDone(f))) pending.push(f);
    pending.sort((a, b) => a.mtimeMs - b.mtimeMs || back(b) - back(a));
    const targetDone = await this.isDone(target);
    if (this.order === 'all') {
      if (!targetDone && !pending.some((f) => f.path === target.path)) pending.push(target);
      if (!pending.length) return this.wait_(`${target.name} already analysed; waiting for new data`);
      return { file: pending[0]!, skipped: 0, foundAt: performance.now() };
    }
    if (targetDone) return this.wait_(`${target.name} already analysed; waiting for new data`);
    const skipped = first ? 0 : pending.filter((f) => f.path !== target.path).length;
    return { file: target, skipped, foundAt: performance.now() };
  }

  private async nextDumpcap(final: boolean): Promise<NextFile | null> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      return this.wait_(`cannot list ${this.dir}: ${(e as Error).message}`);
    }
    const seqs: { name: string; seq: number }[] = [];
    for (const n of names) {
      const m = this.match(n);
      if (m?.naming === 'dumpcap') seqs.push({ name: n, seq: m.index });
    }
    if (!seqs.length) return this.wait_(`waiting for ${semaphoreFileName(this.stem)} or dumpcap ring files ${this.stem}_NNNNN_YYYYmmddHHMMSS.pcapng in ${this.dir}`);
    seqs.sort((a, b) => a.seq - b.seq);
    if (!this.recorderSeen && names.includes(`.${this.stem}.recording`)) this.recorderSeen = true;
    const complete = final || this.recorderSeen ? seqs : seqs.slice(0, -1);
    const fresh = complete.filter((s) => s.seq > this.lastDoneSeq);
    if (!fresh.length)
      return this.wait_(complete.length ? 'no new complete file; waiting for new data' : `${seqs[seqs.length - 1]!.name} is still being written`);
    const pick = this.order === 'all' ? fresh[0]! : fresh[fresh.length - 1]!;
    const file = await this.ringFile(pick.name, pick.seq, 'dumpcap');
    if (!file) return this.wait_(`${pick.name} disappeared (removed by the ring?)`);
    if (await this.isDone(file)) return this.wait_(`${file.name} already analysed`);
    const skipped = this.lastDoneSeq < 0 ? 0 : pick.seq - this.lastDoneSeq - 1;
    return { file, skipped, foundAt: performance.now() };
  }

  private async listSemaphoreRing(): Promise<RingFile[]> {
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: RingFile[] = [];
    for (const n of names) {
      const m = this.match(n);
      if (m?.naming !== 'semaphore') continue;
      const f = await this.ringFile(n, m.index, 'semaphore');
      if (f) out.push(f);
    }
    return out;
  }

  private async ringFile(name: string, index: number, naming: 'semaphore' | 'dumpcap'): Promise<RingFile | null> {
    const path = join(this.dir, name);
    try {
      const st = await stat(path);
      if (!st.isFile()) return null;
      return { path, name, naming, index, size: st.size, mtimeMs: st.mtimeMs, key: fileKey(st), ino: st.ino };
    } catch {
      return null;
    }
  }

  private wait_(reason: string): null {
    this.waiting = reason;
    return null;
  }

  /**
   * Resolves when something relevant happens in the folder (semaphore rewritten,
   * ring file created/removed), after `pollMs` at the latest, or on abort.
   */
  wait(signal?: AbortSignal): Promise<void> {
    this.ensureWatcher();
    if (this.dirty) {
      this.dirty = false;
      return sleep(30, signal); // let the writer finish (semaphore: truncate, then write)
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      if (signal?.aborted) return done();
      signal?.addEventListener('abort', done, { once: true });
      this.wake = () => {
        clearTimeout(timer);
        setTimeout(done, 30);
      };
    });
  }

  private ensureWatcher(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, (event, filename) => {
        const name = filename ? String(filename) : '';
        const relevant =
          name === '' ||
          name.startsWith(semaphoreFileName(this.stem)) ||
          (event === 'rename' && this.match(name) !== undefined);
        if (!relevant) return;
        if (this.wake) this.wake();
        else this.dirty = true;
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      this.watcher = null; // folder missing or not watchable: the poll still works
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.wake?.();
  }
}

async function sameHead(path: string, head: FileHead): Promise<boolean> {
  return (await fileHead(path, head.bytes))?.hash === head.hash;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
