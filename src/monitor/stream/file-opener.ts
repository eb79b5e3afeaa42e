/**
 * Opens the files of a ring as soon as they appear, in a small worker thread of its
 * own, so that a busy analysis thread cannot miss a short file: `vmmscope record`
 * moves a complete file from its work folder to a ring slot, after which its running
 * number is gone from the name. The worker lists the folders every `pollMs` (20 ms),
 * opens each file newer than the last one (at the start: all present, or only the
 * newest with `start` 'newest') and hands
 * the open file descriptor (process-wide) with its number and path to the caller. A
 * file that vanished before it could be opened is reported with `fd` −1.
 *
 * By default Node closes the descriptors a worker opened when the worker ends — even
 * numbers the main thread has since closed and reused for other files. The worker is
 * therefore started with `trackUnmanagedFds: false`: the descriptors belong to the
 * readers, and `close()` ends the thread (one left idle until the process exits can
 * abort the exit).
 */
import { Worker } from 'node:worker_threads';
import { DUMPCAP_NAME } from '../../capture/naming.js';

export interface OpenedFile {
  number: number;
  path: string;
  /** Open descriptor (read only), or −1 when the file was gone before it could be opened. */
  fd: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { dirs, stem, re, pollMs, start } = workerData;
const rx = new RegExp(re);
let last = -1;
function list() {
  const found = new Map();
  for (const d of dirs) {
    let names;
    try { names = fs.readdirSync(d); } catch { continue; }
    for (const n of names) {
      const m = rx.exec(n);
      if (!m || m[1] !== stem || (m[4] !== 'pcapng' && m[4] !== 'pcap')) continue;
      const k = Number(m[2]);
      if (!found.has(k)) found.set(k, path.join(d, n));
    }
  }
  return found;
}
function scan() {
  let found = list();
  let ks = [...found.keys()].filter((k) => k > last).sort((a, b) => a - b);
  if (last < 0 && start === 'newest') ks = ks.slice(-1);
  for (const k of ks) {
    let fd = -1;
    try { fd = fs.openSync(found.get(k), 'r'); } catch {
      found = list(); // moved between listing and opening: maybe under the same name elsewhere
      try { if (found.has(k)) fd = fs.openSync(found.get(k), 'r'); } catch {}
    }
    last = k;
    parentPort.postMessage({ number: k, path: found.get(k) ?? '', fd });
  }
}
const timer = setInterval(scan, pollMs);
scan();
parentPort.on('message', () => clearInterval(timer));
`;

export class FileOpener {
  private readonly worker: Worker;

  constructor(dirs: string[], stem: string, onFile: (f: OpenedFile) => void, start: 'oldest' | 'newest' = 'oldest', pollMs = 20) {
    this.worker = new Worker(WORKER, { eval: true, trackUnmanagedFds: false, workerData: { dirs, stem, re: DUMPCAP_NAME.source, pollMs, start } });
    this.worker.on('message', onFile);
    this.worker.unref();
  }

  /** Stops listing and opening, and ends the thread. */
  close(): void {
    this.worker.postMessage('stop');
    void this.worker.terminate();
  }
}
