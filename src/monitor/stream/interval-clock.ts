/**
 * The update intervals of the stream monitor: what each interval held (datagrams,
 * bytes, analysed and skipped shares, hit and cluster rows of every detector) as
 * wall-clock rates — hits/s, clusters/s, datagrams/s, MB/s — and the delay from
 * the arrival of the oldest datagram analysed in the interval to the update that
 * shows it (figures and status written). The interval's label, with those rates,
 * is what the figures show as the name of the "latest" measurement.
 */
import type { MonitorFileSink } from '../file-panels.js';
import type { QueueCounters } from './datagram-queue.js';

export interface IntervalReport {
  /** Label shown in the figures: local end time and wall-clock rates. */
  label: string;
  /** Wall time (ms since the epoch) of the end of the interval. */
  wallTime: number;
  /** Length of the interval (s). */
  seconds: number;
  datagrams: number;
  bytes: number;
  analysedDatagrams: number;
  skippedDatagrams: number;
  /** Rows of every detector written in the interval. */
  hits: number;
  clusters: number;
  hitsPerSecond: number;
  clustersPerSecond: number;
  datagramsPerSecond: number;
  megabytesPerSecond: number;
  /** Arrival of the oldest datagram analysed in the interval → update written (ms); null without data. */
  delayMs: number | null;
  hadData: boolean;
}

function si(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : `${v.toFixed(0)} `;
}

export class IntervalClock {
  /** Updates committed. */
  updates = 0;
  last: IntervalReport | null = null;
  /** Rows of every detector over all intervals (hits, detector clusters). */
  totalHits = 0;
  totalClusters = 0;
  /** Wall time (ISO) of the first datagram, and of the first update that held data. */
  firstArrivalWall: string | null = null;
  firstUpdateWithDataWall: string | null = null;
  private start = performance.now();
  private oldest: number | null = null;
  private prev: QueueCounters;

  constructor(private readonly counters: QueueCounters) {
    this.prev = { ...counters };
  }

  /** A datagram that arrived at `arrivalMs` is being analysed in the current interval. */
  analysed(arrivalMs: number): void {
    if (this.oldest === null) this.oldest = arrivalMs;
    if (this.firstArrivalWall === null) this.firstArrivalWall = new Date(performance.timeOrigin + arrivalMs).toISOString();
  }

  /** Ends the current interval at `now` with the rows of `sink`; the next one starts. */
  close(now: number, sink: MonitorFileSink): IntervalReport {
    const c = this.counters;
    const p = this.prev;
    const seconds = Math.max(1e-3, (now - this.start) / 1000);
    const datagrams = c.datagrams - p.datagrams;
    const bytes = c.bytes - p.bytes;
    const hits = sink.rows.hits;
    const clusters = sink.rows.clusters_detector;
    const wallTime = performance.timeOrigin + now;
    const r: IntervalReport = {
      label: '',
      wallTime,
      seconds,
      datagrams,
      bytes,
      analysedDatagrams: c.analysedDatagrams - p.analysedDatagrams,
      skippedDatagrams: c.skippedDatagrams - p.skippedDatagrams,
      hits,
      clusters,
      hitsPerSecond: hits / seconds,
      clustersPerSecond: clusters / seconds,
      datagramsPerSecond: datagrams / seconds,
      megabytesPerSecond: bytes / seconds / 1e6,
      delayMs: null,
      hadData: this.oldest !== null || hits > 0 || clusters > 0,
    };
    r.label =
      `${new Date(wallTime).toTimeString().slice(0, 8)} (${seconds.toFixed(1)} s: ${si(r.hitsPerSecond)}hits/s, ${si(r.clustersPerSecond)}clusters/s, ` +
      `${si(r.datagramsPerSecond)}datagrams/s, ${r.megabytesPerSecond.toFixed(2)} MB/s)`;
    this.last = r;
    this.totalHits += hits;
    this.totalClusters += clusters;
    this.prev = { ...c };
    this.start = now;
    this.pendingOldest = this.oldest;
    this.oldest = null;
    this.updates++;
    return r;
  }

  private pendingOldest: number | null = null;

  /** The update of the interval just closed has been written at `now`. */
  updated(now: number): void {
    const r = this.last;
    if (!r || this.pendingOldest === null) return;
    r.delayMs = now - this.pendingOldest;
    if (this.firstUpdateWithDataWall === null) this.firstUpdateWithDataWall = new Date(performance.timeOrigin + now).toISOString();
    this.pendingOldest = null;
  }
}
