/**
 * The queue between the data source (UDP sockets, a growing capture file) and the
 * stream analysis, and the rule that keeps the monitor's delay bounded: a source
 * only ever *appends* (never waits, never drops: the receiver and the file writer
 * are not slowed down by the analysis), and the analysis takes datagrams from the
 * head. The analysis speed is measured (bytes per ms, a running average over the
 * slices); when the queue holds more than `maxDelayMs` of analysis work *and* its
 * oldest datagram has waited longer than `maxDelayMs`, datagrams are skipped whole
 * from the head, before any decoding, and counted, until the rest can be analysed
 * within `maxDelayMs` (the second condition keeps a speed measured on cold code, at
 * the start, from skipping data that is not late). A short stall of the thread (drawing
 * the figures) is caught up without skipping; an analysis slower than the data
 * skips the share it cannot do. A queue over `maxBytes` also skips from the head.
 */

export interface QueueCounters {
  /** Datagrams and payload bytes that arrived. */
  datagrams: number;
  bytes: number;
  /** Datagrams and bytes handed to the analysis. */
  analysedDatagrams: number;
  analysedBytes: number;
  /** Datagrams and bytes skipped (too old at their turn, or queue full). */
  skippedDatagrams: number;
  skippedBytes: number;
}

export class DatagramQueue {
  readonly counters: QueueCounters = { datagrams: 0, bytes: 0, analysedDatagrams: 0, analysedBytes: 0, skippedDatagrams: 0, skippedBytes: 0 };
  /** Arrival time (ms, `performance.now()`) of the last datagram. */
  lastArrivalMs = -Infinity;
  /** Arrival time of the datagram last handed to the analysis. */
  lastTakenArrivalMs = -Infinity;
  private items: Uint8Array[] = [];
  private times: number[] = [];
  private seconds: number[] = [];
  private head = 0;
  private queuedBytes = 0;
  /** Measured analysis speed, bytes per ms (0 = not measured yet: no skipping). */
  bytesPerMs = 0;

  constructor(
    readonly maxDelayMs: number,
    readonly maxBytes = 256 << 20,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Appends a datagram (kept by reference: pass a copy if the buffer is reused).
   * `seconds` is its data time for the run metadata (receive or packet time).
   */
  push(payload: Uint8Array, arrivalMs: number, seconds: number): void {
    const c = this.counters;
    c.datagrams++;
    c.bytes += payload.length;
    this.lastArrivalMs = arrivalMs;
    while (this.queuedBytes + payload.length > this.maxBytes && this.length > 0) this.skipHead();
    this.items.push(payload);
    this.times.push(arrivalMs);
    this.seconds.push(seconds);
    this.queuedBytes += payload.length;
  }

  private skipHead(): void {
    const p = this.items[this.head]!;
    this.counters.skippedDatagrams++;
    this.counters.skippedBytes += p.length;
    this.drop();
  }

  private drop(): void {
    this.queuedBytes -= this.items[this.head]!.length;
    this.items[this.head] = EMPTY;
    this.head++;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.times = this.times.slice(this.head);
      this.seconds = this.seconds.slice(this.head);
      this.head = 0;
    }
  }

  /** Queued bytes. */
  get bytes(): number {
    return this.queuedBytes;
  }

  /** Estimated time to analyse what is queued (ms); 0 before the speed is known. */
  backlogMs(): number {
    return this.bytesPerMs > 0 ? this.queuedBytes / this.bytesPerMs : 0;
  }

  /**
   * Hands the datagrams to `analyse` in arrival order until the queue is empty or
   * `budgetMs` have passed (checked after every datagram), first skipping from the head
   * what cannot be analysed within `maxDelayMs`. Returns the number handed on.
   */
  drain(analyse: (p: Uint8Array, seconds: number) => void, budgetMs: number, now: () => number = performance.now.bind(performance)): number {
    const c = this.counters;
    const start = now();
    let n = 0;
    let bytes = 0;
    let t = start;
    while (this.length > 0) {
      while (this.length > 1 && this.backlogMs() > this.maxDelayMs && t - this.times[this.head]! > this.maxDelayMs) this.skipHead();
      const p = this.items[this.head]!;
      const s = this.seconds[this.head]!;
      this.lastTakenArrivalMs = this.times[this.head]!;
      this.drop();
      c.analysedDatagrams++;
      c.analysedBytes += p.length;
      bytes += p.length;
      analyse(p, s);
      n++;
      t = now();
      if (t - start >= budgetMs) break;
    }
    const ms = t - start;
    if (ms >= 2 && bytes > 0) {
      const rate = bytes / ms;
      this.bytesPerMs = this.bytesPerMs > 0 ? 0.7 * this.bytesPerMs + 0.3 * rate : rate;
    }
    return n;
  }
}

const EMPTY = new Uint8Array(0);
