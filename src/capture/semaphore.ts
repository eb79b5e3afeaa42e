/**
 * The ring-buffer semaphore `STEM_semaphore.txt` (`../shared/spec/monitoring.md` §2):
 * the slot index of the newest complete file as plain decimal, no padding, no newline.
 * Written atomically (temporary file in the same folder, then rename), so a reader —
 * the legacy Python monitor or ours — sees either the previous or the new index, never
 * an empty or partial file. Read tolerantly (anything but a plain decimal is "none yet").
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { semaphoreFileName } from './naming.js';

/** Path of the semaphore of `stem` in `dir`. */
export function semaphorePath(dir: string, stem: string): string {
  return join(dir, semaphoreFileName(stem));
}

/**
 * Atomically sets the semaphore of `stem` in `dir` to `index`: writes
 * `STEM_semaphore.txt.tmp-PID` and renames it over the semaphore.
 * @param durable also fsync the temporary file before the rename (survives a power cut)
 */
export function writeSemaphore(dir: string, stem: string, index: number, durable = false): void {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`semaphore index must be an integer ≥ 0, got ${index}`);
  const target = semaphorePath(dir, stem);
  const tmp = `${target}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, String(index));
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file is already gone */
    }
    throw e;
  }
}

/**
 * Reads the semaphore of `stem` in `dir`: the index, or undefined when the file does
 * not exist or does not hold a plain decimal (e.g. written by hand, or empty because a
 * non-atomic legacy writer was caught mid-write). Other I/O errors throw.
 */
export function readSemaphore(dir: string, stem: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(semaphorePath(dir, stem), 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseSemaphoreText(text);
}

/**
 * The one reading of semaphore content, for the recorder's checks and the monitor's ring
 * follower: a plain decimal index, surrounding white space tolerated (as Python `int()`
 * in the legacy readers); anything else — empty, signed, fractional, beyond 2^53 — is
 * undefined ("no index yet").
 */
export function parseSemaphoreText(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}
