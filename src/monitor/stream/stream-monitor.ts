/**
 * The stream monitor (`vmmscope monitor --listen` and `--follow stream`): datagrams
 * from a `StreamSource` go through the `DatagramQueue` (skipping whole datagrams
 * when the analysis falls behind) into one `StreamAnalysis`, analysed in slices of
 * a few milliseconds so that sockets, file writer and page stay served. On a clock
 * (`updateMs`) the rows formed so far are committed into the `MonitorState` as one
 * interval: "latest" is the last interval, the time series gets one point per
 * interval, the totals grow, and `monitorStatus.json` is rewritten. The PNG figures
 * and the page are redrawn at most once per page refresh period (drawing takes the
 * thread for a good part of a second). After `idleFlushSeconds` without data the
 * pending hits are clustered as at the end of a file (see StreamAnalysis). The live
 * page's panel store is notified at every update.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisOptions } from '../../config/options.js';
import { MonitorState } from '../state.js';
import type { MonitorFileSink } from '../file-panels.js';
import type { MonitorBinning } from '../panels.js';
import { renderPage, type PageStatus } from '../../web/page.js';
import { renderAndWrite, writeFileAtomic } from '../figures.js';
import { detectorStatus } from '../detector-status.js';
import { PanelStore } from '../../web/panel-store.js';
import { statePanels } from '../state-panels.js';
import { DatagramQueue } from './datagram-queue.js';
import { StreamAnalysis, warmUp } from './stream-analysis.js';
import { DEMO_CAPTURE } from '../demo.js';
import { IntervalClock, type IntervalReport } from './interval-clock.js';

/** Where the datagrams come from (UDP sockets, a growing ring). */
export interface StreamSource {
  /** One line for the log, e.g. "listening on 127.0.0.1:6006". */
  readonly description: string;
  /** Starts delivering datagrams to `push` (payload kept by reference; arrival `performance.now()`; data time in s). */
  start(push: (payload: Uint8Array, arrivalMs: number, seconds: number) => void): Promise<void>;
  /** Stops; resolves once no datagram will be delivered any more. */
  stop(): Promise<void>;
  /** Source-specific status (receiver counters, file being read, recording …). */
  status(): Record<string, unknown>;
}

export interface StreamMonitorConfig {
  out: string;
  detectors: number[];
  binning: MonitorBinning;
  window: number;
  refreshSeconds: number;
  /** Update period (ms), default 1000. */
  updateMs: number;
  /** Seconds without data before the pending hits are clustered (0 = never). */
  idleFlushSeconds: number;
  /** Longest a datagram may wait for the analysis before it is skipped (ms). */
  maxDelayMs: number;
  /** Analysis slice before yielding to the event loop (ms), default 20. */
  sliceMs?: number;
  /** false: no warm-up at start (tests that time nothing). */
  warmUp?: boolean;
  /** Tests: called before each datagram is analysed (to slow the analysis down). */
  throttle?: () => void;
}

const MAX_ERRORS = 20;

export class StreamMonitor {
  readonly state: MonitorState;
  readonly queue: DatagramQueue;
  readonly analysis: StreamAnalysis;
  readonly clock: IntervalClock;
  /** The live page's panels (`/api/histograms`, WebSocket push), notified at every update. */
  readonly store: PanelStore;
  readonly startedAt = new Date();
  figures = new Map<string, Buffer>();
  figuresVersion = 0;
  errors: { time: string; file: string | null; message: string }[] = [];
  private sink: MonitorFileSink;
  private draining = false;
  private ticking: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private renderChain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private lastRenderMs = -Infinity;
  /** Data committed since the last drawing of the figures. */
  private unrendered = false;

  constructor(
    readonly cfg: StreamMonitorConfig,
    private readonly options: AnalysisOptions,
    readonly source: StreamSource,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.state = new MonitorState(cfg.detectors, cfg.binning, cfg.window);
    this.queue = new DatagramQueue(cfg.maxDelayMs);
    this.sink = this.state.beginFile();
    this.analysis = new StreamAnalysis(options, this.sink);
    this.clock = new IntervalClock(this.queue.counters);
    this.store = new PanelStore(statePanels(this.state));
  }

  /**
   * Creates the output folder, warms the analysis code up (`warmUp` on the bundled
   * example), writes the empty figures and status, starts the source and the clock.
   */
  async start(): Promise<void> {
    await mkdir(this.cfg.out, { recursive: true });
    if (this.cfg.warmUp !== false) await warmUp(this.options, DEMO_CAPTURE);
    await this.render();
    await this.writeStatus();
    await this.source.start((p, at, s) => this.onDatagram(p, at, s));
    this.timer = setInterval(() => void this.tick(), this.cfg.updateMs);
  }

  private onDatagram(payload: Uint8Array, arrivalMs: number, seconds: number): void {
    this.queue.push(payload, arrivalMs, seconds);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drainSlice());
    }
  }

  private analyse = (p: Uint8Array, seconds: number): void => {
    this.cfg.throttle?.();
    this.clock.analysed(this.queue.lastTakenArrivalMs);
    this.analysis.push(p, 0, p.length, seconds);
  };

  private drainSlice(): void {
    try {
      this.queue.drain(this.analyse, this.cfg.sliceMs ?? 20);
    } catch (e) {
      this.error(`analysis failed: ${(e as Error).message}`);
    }
    if (this.queue.length > 0) setImmediate(() => this.drainSlice());
    else this.draining = false;
  }

  /** One update: idle flush when due, rows out, interval committed, figures and status written. */
  tick(final = false): Promise<void> {
    this.ticking = this.ticking.then(() => this.update(final)).catch((e) => this.error(`update failed: ${(e as Error).message}`));
    return this.ticking;
  }

  private async update(final: boolean): Promise<void> {
    const now = performance.now();
    const idle = this.cfg.idleFlushSeconds > 0 && now - this.queue.lastArrivalMs >= this.cfg.idleFlushSeconds * 1000;
    if (this.analysis.active && this.queue.length === 0 && (final || idle)) {
      await this.analysis.endRound();
      if (!final) this.log(`no data for ${this.cfg.idleFlushSeconds} s: pending hits clustered (round ${this.analysis.rounds}); new data continues the stream`);
    }
    this.analysis.flushRows();
    const sink = this.sink;
    const report = this.clock.close(now, sink);
    this.state.commitFile(sink, { name: report.label, t: (Date.now() - this.startedAt.getTime()) / 1000 });
    this.sink = this.state.beginFile();
    this.analysis.target = this.sink;
    this.store.notify('data');
    // the update: status (and /api/status) first, then the drawing
    this.clock.updated(performance.now());
    await this.writeStatus();
    this.store.notify('status');
    // drawing the PNGs costs the thread ~0.3–1 s: at most once per page refresh period
    const due = performance.now() - this.lastRenderMs >= this.cfg.refreshSeconds * 1000;
    if (report.hadData) this.unrendered = true;
    if (final || (this.unrendered && due)) {
      this.unrendered = false;
      this.lastRenderMs = performance.now();
      await this.render();
      if (final) await this.writeStatus();
    }
  }

  /** Stops the source, analyses what is queued, ends the round and writes the final update. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.source.stop();
    while (this.queue.length > 0) this.queue.drain(this.analyse, 1000);
    await this.tick(true);
    await this.renderChain;
  }

  async reset(): Promise<void> {
    this.state.reset();
    this.store.notify('data');
    this.log('totals and time series reset');
    await this.render();
  }

  render(): Promise<void> {
    const job = this.renderChain.then(async () => {
      await renderAndWrite(this.state, this.startedAt, this.cfg.out, (figs) => {
        this.figures = figs;
        this.figuresVersion++;
      }, () => this.page(false));
    });
    this.renderChain = job.catch((e) => this.error(`cannot write figures to ${this.cfg.out}: ${(e as Error).message}`));
    return this.renderChain as Promise<void>;
  }

  private error(message: string): void {
    this.errors.push({ time: new Date().toISOString(), file: null, message });
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
    this.log(message);
  }

  private async writeStatus(): Promise<void> {
    try {
      await writeFileAtomic(join(this.cfg.out, 'monitorStatus.json'), JSON.stringify(this.status(), null, 1) + '\n');
    } catch (e) {
      this.log(`cannot write monitorStatus.json: ${(e as Error).message}`);
    }
  }

  /** "analysing 37 % of the data" once something was skipped, else null. */
  share(): string | null {
    const c = this.queue.counters;
    if (c.skippedDatagrams === 0) return null;
    return `analysing ${Math.round((100 * c.analysedBytes) / Math.max(1, c.analysedBytes + c.skippedBytes))} % of the data`;
  }

  pageStatus(): PageStatus {
    const e = this.errors[this.errors.length - 1];
    const last = this.clock.last;
    const src = this.source.status();
    return {
      // files read while they grew (follow) or recorded (listen --record); the intervals are in the status
      filesAnalysed: Number(src.filesRead ?? src.filesComplete ?? 0),
      filesSkipped: Number(src.filesSkipped ?? 0),
      filesFailed: 0,
      lastFile: last ? last.label : null,
      lastTime: last ? new Date(last.wallTime).toTimeString().slice(0, 8) : null,
      waiting: [this.source.description, this.share()].filter(Boolean).join(' · '),
      lastError: e ? e.message : null,
    };
  }

  page(served: boolean): string {
    return renderPage({ refreshSeconds: this.cfg.refreshSeconds, detectors: this.cfg.detectors, version: this.figuresVersion, status: this.pageStatus(), served });
  }

  /** The status document (also `monitorStatus.json`): the per-file monitor's fields plus `stream`. */
  status(): Record<string, unknown> {
    const c = this.queue.counters;
    const last: IntervalReport | null = this.clock.last;
    return {
      version: 1,
      mode: 'stream',
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: (Date.now() - this.startedAt.getTime()) / 1000,
      out: this.cfg.out,
      source: this.source.status(),
      stream: {
        updateMs: this.cfg.updateMs,
        idleFlushSeconds: this.cfg.idleFlushSeconds,
        maxDelayMs: this.cfg.maxDelayMs,
        ...c,
        queuedDatagrams: this.queue.length,
        analysedPercent: c.datagrams ? (100 * c.analysedBytes) / Math.max(1, c.analysedBytes + c.skippedBytes) : 100,
        share: this.share(),
        updates: this.clock.updates,
        rounds: this.analysis.rounds,
        rowsHits: this.clock.totalHits,
        rowsDetectorClusters: this.clock.totalClusters,
        firstDatagramAt: this.clock.firstArrivalWall,
        firstUpdateWithDataAt: this.clock.firstUpdateWithDataWall,
        lastInterval: last,
      },
      resets: this.state.resets,
      figuresVersion: this.figuresVersion,
      figures: [...this.figures.keys()],
      detectors: this.state.detectors.map((_, i) => {
        const st = detectorStatus(this.state, i, 'intervalsInTotal');
        const l = this.state.latest(i);
        // wall-clock rates of the last interval next to the data-time ones
        if (st.latest && l && last) Object.assign(st.latest, { hitsPerSecond: (l.counts.hits[0] + l.counts.hits[1]) / last.seconds, clustersPerSecond: l.counts.clusters / last.seconds });
        return st;
      }),
      errors: this.errors,
    };
  }
}
