/**
 * Makes a capture file that was cut mid-write (full disk, killed writer) valid again:
 * the file is parsed to its end and truncated to the end of its last complete block,
 * so every packet before the cut stays and readers see a well-formed pcapng.
 */
import { closeSync, fstatSync, openSync, readSync, truncateSync } from 'node:fs';
import { readCaptureFile } from '../io/capture-file.js';
import { PcapngError } from '../pcapng/index.js';

/** What {@link repairCapture} found. */
export interface RepairResult {
  /** Complete packets in the file (after repair). */
  readonly packets: number;
  /** Bytes removed from the end (0 = the file was already complete). */
  readonly removedBytes: number;
  /** File size after repair. */
  readonly size: number;
}

/**
 * O(1) check that a pcapng file ends at a block boundary: the trailing length of the
 * last block equals its leading length, read `L` bytes before the end. A file cut
 * inside a block practically never passes; one that passes may still be checked fully
 * with {@link repairCapture}. Files under 12 bytes, or not pcapng, fail.
 */
export function endsWithCompleteBlock(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < 12) return false;
    const b = new Uint8Array(4);
    const dv = new DataView(b.buffer);
    readSync(fd, b, 0, 4, 0);
    if (dv.getUint32(0, true) !== 0x0a0d0d0a) return false; // not pcapng (SHB type is a palindrome)
    readSync(fd, b, 0, 4, 8);
    const le = dv.getUint32(0, true) === 0x1a2b3c4d;
    readSync(fd, b, 0, 4, size - 4);
    const len = dv.getUint32(0, le);
    if (len < 12 || len % 4 !== 0 || len > size) return false;
    readSync(fd, b, 0, 4, size - len + 4);
    return dv.getUint32(0, le) === len;
  } finally {
    closeSync(fd);
  }
}

/**
 * Truncates `path` after its last complete pcapng/pcap block. A file too short to
 * hold the format header is truncated to 0 bytes (nothing was captured in it).
 * A corrupt block (not a cut) throws the reader's `PcapngError` and leaves the file as is.
 */
export function repairCapture(path: string): RepairResult {
  let r;
  try {
    r = readCaptureFile(path, () => undefined);
  } catch (e) {
    // Only the file header itself is incomplete: no packet can be in the file.
    if (e instanceof PcapngError && e.code === 'truncated_header') {
      const removed = typeof e.actual === 'number' ? e.actual : 0;
      truncateSync(path, 0);
      return { packets: 0, removedBytes: removed, size: 0 };
    }
    throw e;
  }
  const s = r.parser.stats;
  if (s.truncatedOffset < 0) return { packets: s.packets, removedBytes: 0, size: r.bytesRead };
  truncateSync(path, s.truncatedOffset);
  return { packets: s.packets, removedBytes: r.bytesRead - s.truncatedOffset, size: s.truncatedOffset };
}
