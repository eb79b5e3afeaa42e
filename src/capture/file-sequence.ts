/**
 * Where recorded files go and what happens when one is complete — the same for every
 * source (one dumpcap with ring switching, one dumpcap per file, built-in receiver).
 *
 * Files in progress are written into the hidden folder `DIR/.STEM.recording/` under
 * dumpcap's ring naming `STEM_NNNNN_YYYYmmddHHMMSS.pcapng`. When a file is complete it
 * is renamed (same file system, so atomically) to its final name:
 *
 * - run mode: `DIR/STEM_NNNNN_YYYYmmddHHMMSS.pcapng`, index from 0, start time kept;
 * - ring mode: `DIR/STEM_SSSSS.pcapng` with slot S = counter mod N, replacing the slot's
 *   previous file in one step (a reader that has it open keeps the old data), and only
 *   then the semaphore is set to S.
 *
 * So `DIR` only ever holds complete files, and the semaphore always names one.
 */
import { mkdirSync, renameSync, existsSync, rmdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocalTimestamp, ringFileName, ringSlot, runFileName, workDirName } from './naming.js';
import { writeSemaphore } from './semaphore.js';

/** Run: a fixed number of timestamped files. Ring: N slots and the semaphore. */
export type SequenceMode = { kind: 'run'; files: number } | { kind: 'ring'; slots: number; stopAfter?: number };

/** One completed file. */
export interface CompletedFile {
  /** 0-based counter of the file in this recording. */
  readonly counter: number;
  /** Final path. */
  readonly path: string;
  /** Ring slot (ring mode only). */
  readonly slot?: number;
}

export class FileSequence {
  readonly dir: string;
  readonly stem: string;
  readonly mode: SequenceMode;
  /** Folder of the files in progress. */
  readonly workDir: string;
  /** Completed files so far. */
  completed = 0;
  /** Bytes of completed files (as reported by the caller). */
  completedBytes = 0;

  constructor(dir: string, stem: string, mode: SequenceMode) {
    this.dir = dir;
    this.stem = stem;
    this.mode = mode;
    this.workDir = join(dir, workDirName(stem));
  }

  /** Creates the output and work folders. */
  prepare(): void {
    mkdirSync(this.workDir, { recursive: true });
  }

  /** The file limit: run files, or a ring's optional stop-after; undefined = no limit. */
  get limit(): number | undefined {
    return this.mode.kind === 'run' ? this.mode.files : this.mode.stopAfter;
  }

  /** True once the limit of files is complete. */
  get done(): boolean {
    const l = this.limit;
    return l !== undefined && this.completed >= l;
  }

  /** Path in the work folder for the file with this counter started at `start` (dumpcap-style name). */
  workPath(counter: number, start: Date): string {
    return join(this.workDir, runFileName(this.stem, counter, formatLocalTimestamp(start)));
  }

  /** Final path of the file with this counter (run mode needs its start timestamp). */
  finalPath(counter: number, timestamp: string): string {
    if (this.mode.kind === 'run') return join(this.dir, runFileName(this.stem, counter, timestamp));
    return join(this.dir, ringFileName(this.stem, ringSlot(counter, this.mode.slots)));
  }

  /**
   * Moves a complete file from the work folder to its final name and, in ring mode,
   * sets the semaphore to its slot. Counters must come in increasing order.
   * @param workFile path of the complete file (anywhere on the same file system)
   * @param timestamp its local start time `YYYYmmddHHMMSS`
   * @param bytes its size, for the totals
   */
  complete(workFile: string, counter: number, timestamp: string, bytes: number): CompletedFile {
    const path = this.finalPath(counter, timestamp);
    if (this.mode.kind === 'run' && existsSync(path)) {
      throw new Error(`${path} already exists; not overwriting a recorded file (use another --name or --dir)`);
    }
    renameSync(workFile, path);
    this.completed++;
    this.completedBytes += bytes;
    if (this.mode.kind === 'ring') {
      const slot = ringSlot(counter, this.mode.slots);
      writeSemaphore(this.dir, this.stem, slot);
      return { counter, path, slot };
    }
    return { counter, path };
  }

  /** Removes the work folder if it is empty (leaves it, with its files, otherwise). */
  cleanup(): void {
    try {
      if (readdirSync(this.workDir).length === 0) rmdirSync(this.workDir);
    } catch {
      /* already gone or not empty */
    }
  }
}
