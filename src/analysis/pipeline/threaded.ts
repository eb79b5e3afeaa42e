/**
 * The two-thread analysis of a capture file: a worker runs the front half (reading,
 * decoding, hits, rounds with the exact sorts; worker.ts) and this thread the back half
 * (clustering, matching, outputs, statistics; AnalysisBack), connected by an ordered
 * one-way stream of messages (protocol.ts). The results are identical to the one-thread
 * analysis: both run the same two halves, only the link between them differs.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { AnalysisOptions } from '../../config/options.js';
import type { AnalysisSink } from '../../table/sink.js';
import { AnalysisBack } from '../back.js';
import { HITS } from '../../table/trees.js';
import { CaptureStats } from '../../net/capture-stats.js';
import { CaptureFileError } from '../../io/capture-file.js';
import { PcapngError, type PcapngErrorCode } from '../../pcapng/errors.js';
import { ConfigError } from '../../config/errors.js';
import { createRunContext } from '../../hits/run-context.js';
import type { AnalyzeFileOptions, AnalyzeFileResult } from '../file-run.js';
import { unpackWork, type SerializedError, type WorkerMessage } from './protocol.js';
import type { WorkerInput } from './worker.js';
import { workerModuleUrl } from './worker-url.js';

/** Longest stretch of message handling before the event loop gets a turn (signals, timers). */
const SLICE_MS = 50;

/** The worker module (worker.js next to this file; worker.ts under tsx). */
function workerUrl(): URL {
  return workerModuleUrl(new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url));
}

/** Rebuilds the error classes the callers distinguish. */
function reviveError(e: SerializedError): Error {
  if (e.name === 'CaptureFileError') return new CaptureFileError(e.file ?? '', e.code ?? '', e.message);
  if (e.name === 'PcapngError' && e.code !== undefined)
    return new PcapngError(e.code as PcapngErrorCode, e.detail ?? e.message, { offset: e.offset ?? 0, block: e.block ?? 0, ...(e.file !== undefined ? { file: e.file } : {}) });
  if (e.name === 'ConfigError' || e.exitCode !== undefined) {
    const c = new ConfigError(e.message, (e.exitCode ?? 255) as 255 | 134, (e.kind ?? 'abort') as 'abort', e.argument);
    if (e.hint !== undefined) c.hint = e.hint;
    return c;
  }
  const x = new Error(e.message);
  x.name = e.name;
  return x;
}

export async function analyzeCaptureFileThreaded(
  path: string,
  options: AnalysisOptions,
  sink: AnalysisSink,
  o: AnalyzeFileOptions = {},
): Promise<AnalyzeFileResult> {
  const ctx = createRunContext(options, o.logger, { print: o.print, histograms: o.histograms, vectors: o.vectors });
  const { log, print } = ctx;
  const back = new AnalysisBack(ctx, sink);
  const control = new SharedArrayBuffer(8);
  const ctrl = new Int32Array(control);
  const url = workerUrl();
  const recycle = new MessageChannel();
  const input: WorkerInput = {
    path,
    options,
    logLevel: log.level,
    clustering: o.clustering ?? true,
    control,
    recycle: recycle.port2,
    ...(o.udp ? { udp: o.udp } : {}),
    ...(o.timeZone ? { timeZone: o.timeZone } : {}),
    ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
    ...(o.spill ? { spill: o.spill === true ? {} : o.spill } : {}),
    ...(o.health ? { health: true } : {}),
  };
  const worker = new Worker(url, { workerData: input, transferList: [recycle.port2] });
  const onAbort = (): void => void Atomics.store(ctrl, 1, 1);
  o.signal?.addEventListener('abort', onAbort);
  try {
    return await new Promise<AnalyzeFileResult>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown): void => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(e);
      };
      worker.on('error', fail);
      // an exit counts only after the messages posted before it were handled
      let exitCode: number | null = null;
      worker.on('exit', (code) => {
        exitCode = code;
        schedule();
      });
      // Node delivers up to ~1000 queued messages in one event-loop turn, and the worker
      // keeps the queue full, so handling them as they arrive would never let the loop run
      // a signal handler (Ctrl-C was ignored for minutes). Messages are queued instead and
      // handled in slices of at most SLICE_MS, yielding to the event loop between slices.
      const queue: WorkerMessage[] = [];
      let head = 0;
      let scheduled = false;
      const drain = (): void => {
        scheduled = false;
        const t0 = Date.now();
        while (head < queue.length && !settled) {
          handle(queue[head]!);
          queue[head++] = undefined as unknown as WorkerMessage;
          if (Date.now() - t0 >= SLICE_MS) break;
        }
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
          if (exitCode !== null) fail(new Error(`analysis worker exited with code ${exitCode} before the end of the run`));
        } else if (!settled) schedule();
      };
      const schedule = (): void => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(drain);
      };
      worker.on('message', (m: WorkerMessage) => {
        queue.push(m);
        schedule();
      });
      const handle = (m: WorkerMessage): void => {
        try {
          switch (m.type) {
            case 'work':
              unpackWork(m, back.clusterer, ctx.pulses);
              back.flushClusters(false);
              Atomics.sub(ctrl, 0, 1);
              Atomics.notify(ctrl, 0);
              break;
            case 'hits': {
              back.writeBatch(HITS, m.batch);
              // the sink has written the batch (sinks never keep one): its buffers go back for reuse
              const bufs = m.batch.columns.map((c) => (c as Uint8Array).buffer as ArrayBuffer);
              recycle.port1.postMessage(bufs, bufs);
              break;
            }
            case 'log':
              log.raw(m.line);
              break;
            case 'print':
              print(m.line);
              break;
            case 'progress':
              o.onProgress?.(m.done, m.total);
              break;
            case 'captured':
              back.metadata(m.times, m.triggers);
              break;
            case 'error':
              fail(reviveError(m.error));
              break;
            case 'end': {
              settled = true;
              const cal = back.histograms?.calibrationHistograms() ?? [];
              m.end.calibration.forEach((c, i) => {
                const h = cal[i];
                if (!h) return;
                h.contents.set(c.contents);
                h.sumw2 = c.sumw2;
                h.setStats(c.stats);
              });
              const capture = Object.assign(new CaptureStats(), m.end.capture);
              back.finish(m.summary).then(
                (result) =>
                  resolve({
                    ...result,
                    capture,
                    damage: m.end.damage ? (reviveError(m.end.damage) as PcapngError) : null,
                    triggers: m.summary.triggers,
                    truncatedTailBytes: m.end.truncatedTailBytes,
                    truncatedTailOffset: m.end.truncatedTailOffset,
                    interrupted: m.end.interrupted,
                    bytesRead: m.end.bytesRead,
                    health: m.end.health,
                  }),
                reject,
              );
              void worker.terminate();
              break;
            }
          }
        } catch (e) {
          fail(e);
        }
      };
    });
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    recycle.port1.close();
  }
}
