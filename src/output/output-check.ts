/**
 * Where `vmmscope analyze --out` may not write (issue 15 item 10): never over one of the
 * run's inputs (the capture, geometry or calibration file), never over an existing capture,
 * never a CSV folder where a file is. Checked before anything is created.
 */
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { OutputFormat } from './file-sink.js';

/** pcapng Section Header Block, classic pcap (µs/ns, both byte orders). */
const CAPTURE_MAGICS = [0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1];

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    // not there (yet): the real folder plus the name
    try {
      return resolve(realpathSync(dirname(p)), p.slice(dirname(p).length + 1));
    } catch {
      return resolve(p);
    }
  }
}

export function isCaptureFile(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    if (readSync(fd, b, 0, 4, 0) !== 4) return false;
    return CAPTURE_MAGICS.includes(b.readUInt32LE(0)) || CAPTURE_MAGICS.includes(b.readUInt32BE(0));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Why the output may not go to `path`, or null when it may. */
export function outputProblem(path: string, format: OutputFormat, inputs: readonly (string | null)[]): string | null {
  const out = realpath(path);
  for (const input of inputs) if (input !== null && realpath(input) === out) return `is the input ${input}; choose another output name`;
  let st;
  try {
    st = statSync(path);
  } catch {
    return null;
  }
  if (st.isFile() && isCaptureFile(path)) return 'is an existing capture file; the output never replaces a capture';
  if (format === 'csv' && !st.isDirectory()) return 'exists and is not a folder (CSV output is a folder of <tree>.csv files)';
  if (format === 'root' && st.isDirectory()) return 'is a folder (the ROOT output is one file)';
  return null;
}
