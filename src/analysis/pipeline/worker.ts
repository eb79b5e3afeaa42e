/**
 * Worker thread of the two-thread analysis: reads the capture file and runs the front
 * half (decoding, hits, rounds with their exact sorts and chunk choice), posting the
 * rounds' work, hits batches, log lines and a final summary to the main thread in order
 * (see protocol.ts). `control[0]` counts work messages in flight (the worker waits when
 * the main thread falls behind); `control[1]` set to 1 asks it to stop reading (Ctrl-C).
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { AnalysisOptions, LogLevel } from '../../config/options.js';
import type { UdpExtractorOptions } from '../../net/udp-extractor.js';
import { readCaptureFile, type CaptureReadResult } from '../../io/capture-file.js';
import { CapturePayloads } from '../capture-payloads.js';
import { RoundPlanner } from '../../cluster/round-planner.js';
import { FileSpillStore } from '../spill-file.js';
import { isJagged, type TableBatch } from '../../table/types.js';
import { AnalysisFront } from '../front.js';
import { RunHistograms } from '../../histograms/run-histograms.js';
import { Logger } from '../../config/log.js';
import { attachHealth } from '../../health/accountant.js';
import { createRunContext } from '../../hits/run-context.js';
import { WorkPacker, serializeError, type WorkerMessage } from './protocol.js';

export interface WorkerInput {
  path: string;
  options: AnalysisOptions;
  logLevel: LogLevel | 'NONE';
  clustering: boolean;
  udp?: UdpExtractorOptions;
  timeZone?: string;
  /** Read at most this many bytes of the file. */
  maxBytes?: number;
  control: SharedArrayBuffer;
  /** Returns the buffers of hits batches the main thread has written, for reuse. */
  recycle: MessagePort;
  /** Spill pending hits beyond this many to a temporary file (absent: never). */
  spill?: { maxPendingHits?: number; dir?: string };
  /** Count health figures (src/health); sent back with the end message. */
  health?: boolean;
}

/** Work messages the worker may be ahead of the main thread. */
const MAX_IN_FLIGHT = 4;
/** Work is posted once this many hits are packed (or at the end). */
const WORK_HITS = 1 << 14;
const HIT_BATCH = 1 << 16;

const port = parentPort!;
const input = workerData as WorkerInput;
const ctrl = new Int32Array(input.control);
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

function batchBuffers(b: TableBatch): ArrayBuffer[] {
  return b.columns.flatMap((c) => (isJagged(c) ? [c.offsets.buffer, c.values.buffer] : [c.buffer])) as ArrayBuffer[];
}

function run(): void {
  const o = input.options;
  const log = new Logger((line) => post({ type: 'log', line }));
  log.level = input.logLevel;
  const ctx = createRunContext(o, log, { print: (line) => post({ type: 'print', line }), clustering: input.clustering });
  const packer = new WorkPacker(ctx.pulses);
  const planner = new RoundPlanner(o, packer, spillStore && { store: spillStore, maxPendingHits: input.spill?.maxPendingHits });
  const calHists = o.calibration !== null && o.calibrationHistograms ? new RunHistograms(o) : null;
  const front = new AnalysisFront(ctx, planner, calHists);
  const records = front.hits.records?.builder ?? null;

  const sendWork = (): void => {
    if (!packer.pending) return;
    const { message, transfer } = packer.take();
    Atomics.add(ctrl, 0, 1);
    post(message, transfer);
    for (let n = Atomics.load(ctrl, 0); n > MAX_IN_FLIGHT; n = Atomics.load(ctrl, 0)) Atomics.wait(ctrl, 0, n, 100);
  };
  packer.onFull = sendWork;
  const sendHits = (min: number): void => {
    if (!records || records.length < min || records.length === 0) return;
    const back = receiveMessageOnPort(input.recycle)?.message as ArrayBuffer[] | undefined;
    const batch = records.detach(back); // zero-copy: the arrays are transferred, then come back

    post({ type: 'hits', batch }, batchBuffers(batch));
  };

  const payloads = new CapturePayloads(input.udp, (b, off, len) => {
    const more = front.pushPayload(b, off, len);
    sendHits(HIT_BATCH);
    if (packer.hits >= WORK_HITS) sendWork();
    return more;
  }, input.health ? attachHealth(front.hits, front.decoder === null) : null);
  const ac = new AbortController();
  let read: CaptureReadResult | null = null;
  let lastProgress = 0;
  try {
    read = readCaptureFile(input.path, payloads.onPacket, {
        signal: ac.signal,
        ...(input.maxBytes !== undefined ? { maxBytes: input.maxBytes } : {}),
        onProgress: (done, total) => {
          if (Atomics.load(ctrl, 1) === 1) ac.abort();
          const now = Date.now();
          if (now - lastProgress > 100 || done === total) {
            lastProgress = now;
            post({ type: 'progress', done, total });
          }
      },
    });
  } catch (e) {
    payloads.damaged(e);
  }
  const { times, capture, damage, ...end } = payloads.end(read, input.timeZone);
  sendWork();
  post({ type: 'captured', times, triggers: front.decoder ? front.decoder.triggers : 0 });
  front.finalFlush();
  sendWork();
  sendHits(1);
  const summary = front.summary();
  const calibration = (calHists?.calibrationHistograms() ?? []).map((h) => ({
    contents: h.contents,
    sumw2: h.sumw2,
    stats: h.stats(),
  }));
  post({
    type: 'end',
    summary,
    end: {
      ...end,
      capture: { ...capture } as unknown as Record<string, number>,
      damage: damage ? serializeError(damage) : null,
      calibration,
    },
  });
}

const spillStore = input.spill ? new FileSpillStore(input.spill.dir) : null;
try {
  run();
} catch (e) {
  post({ type: 'error', error: serializeError(e) });
} finally {
  spillStore?.close();
}
