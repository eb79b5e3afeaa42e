/**
 * The messages of the two-thread analysis pipeline (worker → main thread, in order).
 * Work messages carry the chunks and detector steps of the rounds (the RoundPlanner →
 * ChunkClusterer interface) packed into typed arrays that are transferred, not copied.
 */
import type { FrontSummary } from '../front.js';
import type { CaptureTimes } from '../metadata.js';
import type { ChunkConsumer } from '../../cluster/round-planner.js';
import type { HitColumns } from '../../cluster/pending-hits.js';
import type { HealthCounts } from '../../health/accountant.js';
import type { TableBatch } from '../../table/types.js';

/** One event record in `WorkMessage.events`: kind, det, plane, start, n, boundary, P0, P1, P2. */
export const EVENT_FIELDS = 9;
export const EV_CHUNK = 1;
export const EV_DETECTOR_STEP = 2;

export interface WorkMessage {
  type: 'work';
  events: Float64Array;
  time: Float64Array;
  pos0: Uint16Array;
  adc: Uint16Array;
  pos1: Uint16Array;
  ev: Uint16Array;
}

export type WorkerMessage =
  | WorkMessage
  | { type: 'hits'; batch: TableBatch }
  | { type: 'log'; line: string }
  | { type: 'print'; line: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'captured'; times: CaptureTimes; triggers: number }
  | { type: 'end'; summary: FrontSummary; end: WorkerEnd }
  | { type: 'error'; error: SerializedError };

/** What the reading produced, besides the front summary. */
export interface WorkerEnd {
  capture: Record<string, number>;
  damage: SerializedError | null;
  truncatedTailBytes: number;
  truncatedTailOffset: number;
  interrupted: boolean;
  bytesRead: number;
  /** Contents of the calibration histograms filled in the worker (§14.6), in creation order. */
  calibration: { contents: Float64Array; sumw2: Float64Array | null; stats: number[] }[];
  /** Health counts (src/health) when asked for. */
  health: HealthCounts | null;
}

export interface SerializedError {
  name: string;
  message: string;
  /** CaptureFileError / PcapngError / ConfigError fields. */
  code?: string;
  file?: string;
  offset?: number;
  block?: number;
  detail?: string;
  exitCode?: number;
  kind?: string;
  hint?: string;
  argument?: string;
}

/** Hits packed in one message beyond which the worker posts it even in the middle of a round. */
const FULL_HITS = 1 << 20;

/** Packs the planner's work into one message until `take` is called (worker side). */
export class WorkPacker implements ChunkConsumer {
  private events = new Float64Array(64 * EVENT_FIELDS);
  private nEvents = 0;
  private time = new Float64Array(1 << 14);
  private pos0 = new Uint16Array(1 << 14);
  private adc = new Uint16Array(1 << 14);
  private pos1 = new Uint16Array(1 << 14);
  private ev = new Uint16Array(1 << 14);
  private nHits = 0;
  /** Called when a round packs more than `FULL_HITS` hits (a deferred round streamed from the spill store). */
  onFull: (() => void) | null = null;

  constructor(private readonly pulses: Float64Array) {}

  get pending(): boolean {
    return this.nEvents > 0;
  }

  /** Hits packed so far. */
  get hits(): number {
    return this.nHits;
  }

  chunk(det: number, plane: number, h: HitColumns): void {
    const n = h.length;
    this.ensureHits(n);
    const at = this.nHits;
    this.time.set(h.time.subarray(0, n), at);
    this.pos0.set(h.pos0.subarray(0, n), at);
    this.adc.set(h.adc.subarray(0, n), at);
    this.pos1.set(h.pos1.subarray(0, n), at);
    this.ev.set(h.ev.subarray(0, n), at);
    this.nHits += n;
    this.event(EV_CHUNK, det, plane, at, n, 0);
    if (this.nHits >= FULL_HITS) this.onFull?.();
  }

  detectorStep(det: number, boundary: number): void {
    this.event(EV_DETECTOR_STEP, det, 0, 0, 0, boundary);
  }

  /** The packed work (right-sized copies, transferable) and a reset. */
  take(): { message: WorkMessage; transfer: ArrayBuffer[] } {
    const n = this.nHits;
    const message: WorkMessage = {
      type: 'work',
      events: this.events.slice(0, this.nEvents * EVENT_FIELDS),
      time: this.time.slice(0, n),
      pos0: this.pos0.slice(0, n),
      adc: this.adc.slice(0, n),
      pos1: this.pos1.slice(0, n),
      ev: this.ev.slice(0, n),
    };
    this.nEvents = 0;
    this.nHits = 0;
    const transfer = [message.events, message.time, message.pos0, message.adc, message.pos1, message.ev].map((a) => a.buffer as ArrayBuffer);
    return { message, transfer };
  }

  private event(kind: number, det: number, plane: number, start: number, n: number, boundary: number): void {
    if ((this.nEvents + 1) * EVENT_FIELDS > this.events.length) {
      const e = new Float64Array(this.events.length * 2);
      e.set(this.events);
      this.events = e;
    }
    const e = this.events;
    const o = this.nEvents++ * EVENT_FIELDS;
    e[o] = kind;
    e[o + 1] = det;
    e[o + 2] = plane;
    e[o + 3] = start;
    e[o + 4] = n;
    e[o + 5] = boundary;
    e[o + 6] = this.pulses[0]!;
    e[o + 7] = this.pulses[1]!;
    e[o + 8] = this.pulses[2]!;
  }

  private ensureHits(n: number): void {
    const need = this.nHits + n;
    if (need <= this.time.length) return;
    const cap = Math.max(need, this.time.length * 2);
    const grow = <T extends Float64Array | Uint16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a.subarray(0, this.nHits) as never);
      return b;
    };
    this.time = grow(this.time);
    this.pos0 = grow(this.pos0);
    this.adc = grow(this.adc);
    this.pos1 = grow(this.pos1);
    this.ev = grow(this.ev);
  }
}

/** Replays a work message into the back half (main side); `pulses` is the back half's pulse array. */
export function unpackWork(m: WorkMessage, consumer: ChunkConsumer, pulses: Float64Array): void {
  const e = m.events;
  for (let o = 0; o < e.length; o += EVENT_FIELDS) {
    pulses[0] = e[o + 6]!;
    pulses[1] = e[o + 7]!;
    pulses[2] = e[o + 8]!;
    const det = e[o + 1]!;
    if (e[o] === EV_CHUNK) {
      const a = e[o + 3]!;
      const b = a + e[o + 4]!;
      consumer.chunk(det, e[o + 2]!, {
        length: b - a,
        time: m.time.subarray(a, b),
        pos0: m.pos0.subarray(a, b),
        adc: m.adc.subarray(a, b),
        pos1: m.pos1.subarray(a, b),
        ev: m.ev.subarray(a, b),
      });
    } else consumer.detectorStep(det, e[o + 5]!);
  }
}

/** An error as plain data (errors do not cross threads with their class). */
export function serializeError(e: unknown): SerializedError {
  const x = e as Record<string, unknown> & Error;
  const out: SerializedError = { name: x?.name ?? 'Error', message: x?.message ?? String(e) };
  for (const k of ['code', 'file', 'detail', 'kind', 'hint', 'argument'] as const) if (typeof x?.[k] === 'string') out[k] = x[k] as string;
  for (const k of ['offset', 'block', 'exitCode'] as const) if (typeof x?.[k] === 'number') out[k] = x[k] as number;
  return out;
}
