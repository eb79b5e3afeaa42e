/**
 * The monitor's analysis off the event loop: each ring file is analysed in a worker
 * thread (analysis-worker.ts, started with the first file and kept; the real analysis, two threads for large files as
 * `vmmscope analyze`, `--keep` outputs written there), which sends back only the
 * columns the monitor's histograms read. This thread merely fills histograms from
 * those batches, so the HTTP server answers at once during any analysis or final
 * flush, and Ctrl-C ends an analysis at once: the worker is asked to stop and, if it
 * is inside a long computation, terminated (its partial result is discarded anyway).
 *
 * The sink given to the analyzer must read only `MONITOR_COLUMNS` (`MonitorFileSink`).
 */
import { Worker } from 'node:worker_threads';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../table/trees.js';
import type { TableSchema, ScalarArray } from '../table/types.js';
import { workerModuleUrl } from '../analysis/pipeline/worker-url.js';
import { createCaptureAnalyzer, type FileAnalysisInfo, type FileAnalyzer, type KeepOutput } from './analyzer.js';
import type { AnalysisWorkerInput, AnalysisWorkerMessage, AnalysisWorkerRequest } from './analysis-worker.js';

const TREES: Record<string, TableSchema> = { hits: HITS, clusters_plane: CLUSTERS_PLANE, clusters_detector: CLUSTERS_DETECTOR };
/** With `--keep`, a stopped worker gets this long to remove its partial outputs before it is terminated (ms). */
const KEEP_GRACE_MS = 500;

function workerUrl(): URL {
  return workerModuleUrl(new URL(import.meta.url.endsWith('.ts') ? './analysis-worker.ts' : './analysis-worker.js', import.meta.url));
}

/** A schema holding only `names` of `tree` (cached per tree). */
const subsets = new Map<string, TableSchema>();
function subset(tree: string, names: string[]): TableSchema {
  let s = subsets.get(tree);
  if (!s) {
    const full = TREES[tree]!;
    s = { ...full, columns: names.map((n) => full.columns.find((c) => c.name === n)!) };
    subsets.set(tree, s);
  }
  return s;
}

/**
 * Like `createCaptureAnalyzer` (options validated here, at start, with vmm-sdat's
 * messages), but every file is analysed in a worker thread.
 */
export async function createOffThreadAnalyzer(analysisArgs: readonly string[], keep: KeepOutput | null = null): Promise<FileAnalyzer> {
  const checked = await createCaptureAnalyzer(analysisArgs, keep);
  const control = new SharedArrayBuffer(8);
  const ctrl = new Int32Array(control);
  let worker: Worker | null = null;
  /** The job of the file under analysis: where the worker's messages go. */
  let job: ((m: AnalysisWorkerMessage | Error) => void) | null = null;
  const startWorker = (): Worker => {
    const input: AnalysisWorkerInput = { args: [...analysisArgs], keep, control };
    const w = new Worker(workerUrl(), { workerData: input });
    // a terminated worker's last events never reach the job of its successor
    w.on('message', (m: AnalysisWorkerMessage) => worker === w && job?.(m));
    w.on('error', (e) => worker === w && job?.(e));
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      job?.(new Error(`analysis worker exited with code ${code}`));
    });
    w.unref(); // an idle worker does not keep the process alive (after the listeners, which would ref it again)
    return w;
  };
  const analyze = (path: string, sink: Parameters<FileAnalyzer>[1], signal: AbortSignal, onProgress?: (done: number, total: number) => void, maxBytes?: number) =>
    new Promise<FileAnalysisInfo>((resolve, reject) => {
      if (job) return reject(new Error('monitor: one file at a time'));
      Atomics.store(ctrl, 0, 0);
      Atomics.store(ctrl, 1, 0);
      const w = (worker ??= startWorker());
      w.ref(); // busy: keeps the process alive until the file is done
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (f: () => void): void => {
        if (!job) return;
        job = null;
        w.unref();
        clearTimeout(graceTimer);
        signal.removeEventListener('abort', onAbort);
        f();
      };
      const stopWorker = (): void => {
        if (worker === w) worker = null;
        void w.terminate();
      };
      const onAbort = (): void => {
        Atomics.store(ctrl, 1, 1);
        Atomics.notify(ctrl, 0);
        const end = () => settle(() => (stopWorker(), resolve({ warnings: [] })));
        if (!keep) end();
        else graceTimer = setTimeout(end, KEEP_GRACE_MS);
      };
      job = (m) => {
        try {
          if (m instanceof Error) settle(() => (signal.aborted ? resolve({ warnings: [] }) : reject(m)));
          else if (m.type === 'batch') {
            const schema = subset(m.tree, m.names);
            sink.write(schema, { schema, length: m.length, columns: m.columns as ScalarArray[] });
            Atomics.sub(ctrl, 0, 1);
            Atomics.notify(ctrl, 0);
          } else if (m.type === 'progress') onProgress?.(m.done, m.total);
          else if (m.type === 'done') settle(() => resolve({ warnings: m.warnings, health: m.health }));
          else settle(() => reject(new Error(m.message)));
        } catch (e) {
          settle(() => (stopWorker(), reject(e)));
        }
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      w.postMessage({ path, ...(maxBytes !== undefined ? { maxBytes } : {}) } satisfies AnalysisWorkerRequest);
    });
  return Object.assign(analyze, checked.options ? { options: checked.options } : {});
}
