/**
 * Worker thread of the monitor's off-thread analysis (off-thread.ts), one for the
 * monitor's lifetime (options parsed once): analyses each requested ring file with the real analyzer (`createCaptureAnalyzer`, `--keep` outputs
 * included) and posts, in order, the columns of the analysis batches that the
 * monitor's histograms read (`MONITOR_COLUMNS`, copied and transferred), progress,
 * and the end. `control[0]` counts batches in flight (the worker waits while the main
 * thread is more than `MAX_IN_FLIGHT` behind); `control[1]` = 1 asks it to stop.
 */
import type { HealthCounts } from '../health/accountant.js';
import { parentPort, workerData } from 'node:worker_threads';
import { MONITOR_COLUMNS } from './file-panels.js';
import type { AnalysisSink } from '../table/sink.js';
import { isJagged } from '../table/types.js';
import { createCaptureAnalyzer, type KeepOutput } from './analyzer.js';

export interface AnalysisWorkerInput {
  args: string[];
  keep: KeepOutput | null;
  control: SharedArrayBuffer;
}

/** Main thread → worker: analyse one file (one at a time; `control[1]` is cleared before). */
export interface AnalysisWorkerRequest {
  path: string;
  maxBytes?: number;
}

export type AnalysisWorkerMessage =
  | { type: 'batch'; tree: string; names: string[]; length: number; columns: ArrayBufferView[] }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; warnings: string[]; health: HealthCounts | null }
  | { type: 'error'; message: string };

const MAX_IN_FLIGHT = 32;
const ROWS = 1 << 14;
const port = parentPort!;
const input = workerData as AnalysisWorkerInput;
const ctrl = new Int32Array(input.control);
let ac = new AbortController();
const stopRequested = (): boolean => {
  if (Atomics.load(ctrl, 1) === 1) ac.abort();
  return ac.signal.aborted;
};

const sink: AnalysisSink = {
  write(tree, batch) {
    const names = MONITOR_COLUMNS[tree.name];
    if (!names) return;
    const cols = names.map((n) => {
      const c = batch.columns[tree.columns.findIndex((s) => s.name === n)]!;
      if (isJagged(c)) throw new Error(`monitor: column ${n} of ${tree.name} is not a scalar column`);
      return c;
    });
    // at most ROWS rows a message, so that filling one message never holds the main thread long
    for (let from = 0; from < batch.length && !stopRequested(); from += ROWS) {
      const to = Math.min(batch.length, from + ROWS);
      const columns = cols.map((c) => c.slice(from, to));
      port.postMessage({ type: 'batch', tree: tree.name, names: [...names], length: to - from, columns } satisfies AnalysisWorkerMessage, columns.map((c) => c.buffer as ArrayBuffer));
      Atomics.add(ctrl, 0, 1);
      for (let n = Atomics.load(ctrl, 0); n > MAX_IN_FLIGHT && !stopRequested(); n = Atomics.load(ctrl, 0)) Atomics.wait(ctrl, 0, n, 50);
    }
  },
};

const analyzer = createCaptureAnalyzer(input.args, input.keep);

async function analyse(req: AnalysisWorkerRequest): Promise<void> {
  try {
    const analyze = await analyzer;
    let last = 0;
    const info = await analyze(
      req.path,
      sink,
      ac.signal,
      (done, total) => {
        stopRequested();
        const now = Date.now();
        if (now - last >= 100 || done === total) {
          last = now;
          port.postMessage({ type: 'progress', done, total } satisfies AnalysisWorkerMessage);
        }
      },
      req.maxBytes,
    );
    port.postMessage({ type: 'done', warnings: info?.warnings ?? [], health: info?.health ?? null } satisfies AnalysisWorkerMessage);
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message ?? String(e) } satisfies AnalysisWorkerMessage);
  }
}

port.on('message', (req: AnalysisWorkerRequest) => {
  ac = new AbortController();
  void analyse(req);
});
