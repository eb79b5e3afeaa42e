/**
 * Start-of-ring cleanup: like the legacy `storeMonitoringData.py`, a new ring first
 * deletes what an earlier ring of the same stem left in the folder (slots, their ROOT
 * outputs, the semaphore) and the files a killed recording left in progress, so a
 * monitor never mistakes old data for new. The caller prints the returned names.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { staleRingFilePattern, workDirName } from './naming.js';

/** What {@link clearStaleRingFiles} removed (file names relative to the folder). */
export interface StaleCleanup {
  readonly removed: string[];
  /** Files that matched but could not be removed, with the reason (the legacy script only printed these too). */
  readonly failed: { name: string; reason: string }[];
}

/**
 * Deletes, in `dir`, the stale files of the ring `stem` (see `staleRingFilePattern`)
 * and the in-progress folder of `stem`. A missing `dir` is not an error (nothing to clear).
 */
export function clearStaleRingFiles(dir: string, stem: string): StaleCleanup {
  const pattern = staleRingFilePattern(stem);
  const work = workDirName(stem);
  const removed: string[] = [];
  const failed: { name: string; reason: string }[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { removed, failed };
    throw e;
  }
  for (const name of names.sort()) {
    if (name === work) {
      for (const inner of readdirSync(join(dir, name)).sort()) {
        const rel = `${name}/${inner}`;
        try {
          rmSync(join(dir, rel), { force: true });
          removed.push(rel);
        } catch (e) {
          failed.push({ name: rel, reason: (e as Error).message });
        }
      }
      continue;
    }
    if (!pattern.test(name)) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed.push(name);
    } catch (e) {
      failed.push({ name, reason: (e as Error).message });
    }
  }
  return { removed, failed };
}
