/**
 * File names of data taking, exactly as the legacy scripts and dumpcap write them
 * (`../shared/spec/monitoring.md` §2–§3):
 *
 * - physics run: `STEM_NNNNN_YYYYmmddHHMMSS.pcapng` (index from 0, local start time);
 * - monitoring ring: `STEM_NNNNN.pcapng` with NNNNN = counter mod ring length, and the
 *   semaphore `STEM_semaphore.txt` naming the newest complete slot;
 * - dumpcap's own ring naming `STEM_NNNNN_YYYYmmddHHMMSS.EXT` (running number from 1),
 *   which the gap-free recorder parses and renames.
 *
 * Both sides of the ring use these names: the recorder writes them, the monitor's ring
 * follower recognises them ({@link ringFileMatcher}).
 *
 * Also the ring index arithmetic (slot of a counter, age order of the slots) and the
 * pattern of the stale files cleared when a ring starts.
 */

/** Indices are zero-padded to this many digits (legacy `%05d`; wider numbers are not cut). */
export const INDEX_DIGITS = 5;

/** The index zero-padded to 5 digits, e.g. 7 → "00007". */
export function padIndex(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`file index must be an integer ≥ 0, got ${index}`);
  return String(index).padStart(INDEX_DIGITS, '0');
}

/** Local time as `YYYYmmddHHMMSS` (the legacy `time.strftime("%Y%m%d%H%M%S")`). */
export function formatLocalTimestamp(d: Date): string {
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return (
    String(d.getFullYear()).padStart(4, '0') +
    p2(d.getMonth() + 1) +
    p2(d.getDate()) +
    p2(d.getHours()) +
    p2(d.getMinutes()) +
    p2(d.getSeconds())
  );
}

/** Physics-run file: `STEM_NNNNN_YYYYmmddHHMMSS.pcapng`; `timestamp` as from {@link formatLocalTimestamp}. */
export function runFileName(stem: string, index: number, timestamp: string): string {
  if (!/^\d{14}$/.test(timestamp)) throw new RangeError(`run file timestamp must be YYYYmmddHHMMSS, got "${timestamp}"`);
  return `${stem}_${padIndex(index)}_${timestamp}.pcapng`;
}

/** Ring-buffer file of a slot: `STEM_NNNNN.pcapng`. */
export function ringFileName(stem: string, slot: number): string {
  return `${stem}_${padIndex(slot)}.pcapng`;
}

/** The semaphore file of a ring: `STEM_semaphore.txt`. */
export function semaphoreFileName(stem: string): string {
  return `${stem}_semaphore.txt`;
}

/**
 * Checks a file stem: non-empty, no path separator, no NUL, not "." or "..".
 * Returns an error message, or undefined when the stem is usable.
 */
export function stemProblem(stem: string): string | undefined {
  if (stem.length === 0) return 'is empty';
  if (/[/\\\0]/.test(stem)) return 'must be a file name stem without "/" (use --dir for the folder)';
  if (stem === '.' || stem === '..') return 'must not be "." or ".."';
  return undefined;
}

/** Slot of the `counter`-th file (from 0) in a ring of `ringSize` files: counter mod ringSize. */
export function ringSlot(counter: number, ringSize: number): number {
  if (!Number.isInteger(ringSize) || ringSize < 1) throw new RangeError(`ring size must be an integer ≥ 1, got ${ringSize}`);
  if (!Number.isInteger(counter) || counter < 0) throw new RangeError(`file counter must be an integer ≥ 0, got ${counter}`);
  return counter % ringSize;
}

/**
 * The slots that hold data after `filesWritten` complete files, oldest first, newest
 * (the semaphore's slot) last. Before the ring wraps this is 0 … filesWritten−1; after,
 * all slots starting with the one after the newest.
 */
export function ringSlotsOldestFirst(filesWritten: number, ringSize: number): number[] {
  if (!Number.isInteger(filesWritten) || filesWritten < 0) throw new RangeError(`files written must be an integer ≥ 0, got ${filesWritten}`);
  const n = Math.min(filesWritten, ringSize);
  const out: number[] = [];
  for (let c = filesWritten - n; c < filesWritten; c++) out.push(ringSlot(c, ringSize));
  return out;
}

/** The parts of a dumpcap ring-buffer file name. */
export interface DumpcapFileName {
  /** Prefix before `_NNNNN_`: the stem of dumpcap's `-w` name. */
  readonly stem: string;
  /** dumpcap's running file number (counts from 1). */
  readonly number: number;
  /** Local start time `YYYYmmddHHMMSS`. */
  readonly timestamp: string;
  /** Extension without the dot, e.g. "pcapng". */
  readonly extension: string;
}

/** dumpcap ring file name: stem, running number, local start time, extension. */
export const DUMPCAP_NAME = /^(.*)_(\d{5,})_(\d{14})\.([A-Za-z0-9]+)$/;

/**
 * Parses dumpcap's ring naming `STEM_NNNNN_YYYYmmddHHMMSS.EXT` (default
 * `nametimenum:1`); accepts a bare file name or a path. Undefined when it does not match.
 */
export function parseDumpcapFileName(path: string): DumpcapFileName | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = DUMPCAP_NAME.exec(base);
  if (!m) return undefined;
  return { stem: m[1]!, number: Number(m[2]), timestamp: m[3]!, extension: m[4]! };
}

/** A folder entry recognised as a ring file of one stem. */
export interface RingFileName {
  /** `semaphore`: a slot `STEM_NNNNN.pcapng`; `dumpcap`: dumpcap's ring naming (.pcapng or .pcap). */
  readonly naming: 'semaphore' | 'dumpcap';
  /** Slot index (semaphore ring) or dumpcap's running number. */
  readonly index: number;
}

/**
 * Recogniser of the ring files of `stem`, for a reader of the folder: slots
 * `STEM_NNNNN.pcapng`, and dumpcap's `STEM_NNNNN_YYYYmmddHHMMSS.EXT` or, with
 * `-b nametimenum:2`, `STEM_YYYYmmddHHMMSS_NNNNN.EXT` (EXT pcapng or pcap).
 * Undefined for any other name (other stems, physics runs of another stem, ROOT files).
 */
export function ringFileMatcher(stem: string): (name: string) => RingFileName | undefined {
  const s = escapeRegExp(stem);
  const slot = new RegExp(`^${s}_(\\d{5,})\\.pcapng$`);
  const numberFirst = new RegExp(`^${s}_(\\d{5,})_(\\d{14})\\.(pcapng|pcap)$`);
  const timeFirst = new RegExp(`^${s}_(\\d{14})_(\\d{5,})\\.(pcapng|pcap)$`);
  return (name) => {
    let m = slot.exec(name);
    if (m) return { naming: 'semaphore', index: Number(m[1]) };
    m = numberFirst.exec(name);
    if (m) return { naming: 'dumpcap', index: Number(m[1]) };
    m = timeFirst.exec(name);
    if (m) return { naming: 'dumpcap', index: Number(m[2]) };
    return undefined;
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matches the files a previous ring of `stem` left behind: its slots `STEM_NNNNN.pcapng`,
 * the ROOT outputs convertFile made of them `STEM_NNNNN_….root`, the semaphore and our
 * temporary semaphore. Narrower than the legacy `STEM*.pcapng`/`STEM*.root` glob on
 * purpose: physics runs `STEM_NNNNN_YYYYmmddHHMMSS.pcapng` and other stems that merely
 * start with the same letters are never deleted.
 */
export function staleRingFilePattern(stem: string): RegExp {
  const s = escapeRegExp(stem);
  return new RegExp(`^(?:${s}_\\d{5,}\\.pcapng|${s}_\\d{5,}_.*\\.root|${s}_semaphore\\.txt(?:\\.tmp[-.\\w]*)?)$`);
}

/** Name of the folder (inside the output folder) where files in progress are written. */
export function workDirName(stem: string): string {
  return `.${stem}.recording`;
}
