/**
 * The monitor loop: follow the ring (`RingFollower`), analyse each new complete
 * file in process into a staging sink (`FileAnalyzer` → `MonitorState`), commit
 * it (latest, total, time series), render the figures, and write PNGs, page and
 * status atomically into the output folder. Holds what the server shows: the
 * last PNGs in memory, the page and the status JSON.
 *
 * A file is read only as far as it was when chosen (`RingFile.size`). A file
 * that fails to analyse is logged and skipped (never retried unless
 * rewritten); a file rewritten while being analysed (the ring overwrote it)
 * is discarded, so totals never hold a partial or mixed file. Renders are
 * serialised, so a reset during an update cannot be overwritten by an older
 * rendering.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MonitorState } from './state.js';
import type { MonitorBinning } from './panels.js';
import { renderPage, type PageStatus } from '../web/page.js';
import type { FileAnalysisInfo, FileAnalyzer } from './analyzer.js';
import { renderAndWrite, writeFileAtomic } from './figures.js';
import { detectorStatus } from './detector-status.js';
import { RingFollower, type NextFile, type RingNaming, type RingOrder } from './ring-follower.js';
import { PanelStore } from '../web/panel-store.js';
import { statePanels } from './state-panels.js';
import { HealthTracker } from '../health/tracker.js';
import { prometheusText } from '../health/prometheus.js';
import type { HealthThresholds } from '../health/thresholds.js';
import type { HealthReport } from '../health/report.js';

export interface MonitorConfig {
  /** Ring folder and file stem. */
  dir: string;
  stem: string;
  /** Output folder of the figures, `monitorData.html` and `monitorStatus.json`. */
  out: string;
  naming: RingNaming;
  order: RingOrder;
  detectors: number[];
  binning: MonitorBinning;
  /** Points of the time series (legacy 200). */
  window: number;
  /** Page refresh period (s). */
  refreshSeconds: number;
  /** Safety-net poll period of the follower (ms). */
  pollMs?: number;
  /** Thresholds of the health status (default DEFAULT_THRESHOLDS). */
  healthThresholds?: HealthThresholds;
  /** A good run's health report to compare each panel with (`--reference FILE`). */
  healthReference?: Pick<HealthReport, 'vmms' | 'channels'> | null;
}

export interface FileReport {
  name: string;
  bytes: number;
  analysedAt: string;
  /** Analysis of the file (s). */
  analysisSeconds: number;
  /** Drawing, encoding and writing the figures (s). */
  renderSeconds: number;
  /** From "file found complete" to "figures and status written" (s). */
  delaySeconds: number;
  hits: number;
  planeClusters: number;
  detectorClusters: number;
}

export interface MonitorError {
  time: string;
  file: string | null;
  message: string;
}

const MAX_ERRORS = 20;

export class Monitor {
  readonly state: MonitorState;
  readonly follower: RingFollower;
  /** The panels of `state` for the live page and the histogram API, with change notifications. */
  readonly store: PanelStore;
  readonly startedAt = new Date();
  /** Last rendered figures, name → PNG. */
  figures = new Map<string, Buffer>();
  figuresVersion = 0;
  filesAnalysed = 0;
  filesSkipped = 0;
  filesFailed = 0;
  filesDiscarded = 0;
  lastFile: FileReport | null = null;
  /** The file being analysed and how far (bytes), or null. */
  current: { name: string; bytesDone: number; bytesTotal: number } | null = null;
  errors: MonitorError[] = [];
  /** Data-integrity and channel health over the files analysed (src/health). */
  readonly health: HealthTracker;
  private renderChain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly cfg: MonitorConfig,
    private readonly analyzer: FileAnalyzer,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.state = new MonitorState(cfg.detectors, cfg.binning, cfg.window);
    this.store = new PanelStore(statePanels(this.state));
    this.health = new HealthTracker(analyzer.options?.geometry ?? null, cfg.healthThresholds, cfg.healthReference ?? null);
    this.follower = new RingFollower({ dir: cfg.dir, stem: cfg.stem, naming: cfg.naming, order: cfg.order, ...(cfg.pollMs ? { pollMs: cfg.pollMs } : {}) });
  }

  /** Creates the output folder and writes the (empty) figures, page and status. */
  async init(): Promise<void> {
    await mkdir(this.cfg.out, { recursive: true });
    await this.render();
    await this.writeStatus();
  }

  /**
   * Runs until `signal` aborts; with `once`, stops when no complete file is
   * left (dumpcap's newest file then counts as complete). Resolves after the
   * last update is written.
   */
  async run(signal: AbortSignal, once = false): Promise<void> {
    let lastWaiting = '';
    while (!signal.aborted) {
      const next = await this.follower.next(once);
      if (!next) {
        if (once) break;
        if (this.follower.waiting !== lastWaiting) {
          lastWaiting = this.follower.waiting;
          this.log(lastWaiting);
          await this.writeStatus();
        }
        await this.follower.wait(signal);
        continue;
      }
      lastWaiting = '';
      await this.processFile(next, signal);
    }
    this.follower.close();
    await this.renderChain;
  }

  /** Analyses one file, commits it and updates every output. */
  async processFile(next: NextFile, signal: AbortSignal): Promise<void> {
    const f = next.file;
    if (next.skipped > 0) {
      this.filesSkipped += next.skipped;
      this.log(`behind the ring: skipped ${next.skipped} complete file${next.skipped === 1 ? '' : 's'} before ${f.name} (${this.filesSkipped} in total)`);
    }
    const sink = this.state.beginFile();
    const t0 = performance.now();
    let info: FileAnalysisInfo | void;
    const current = { name: f.name, bytesDone: 0, bytesTotal: f.size };
    this.current = current;
    this.store.notify('status');
    let shown = performance.now();
    try {
      info = await this.analyzer(f.path, sink, signal, (done, total) => {
        current.bytesDone = done;
        current.bytesTotal = total;
        const now = performance.now();
        if (now - shown > 250) {
          shown = now;
          this.store.notify('status');
        }
      }, f.size);
    } catch (e) {
      this.current = null;
      if (signal.aborted) return;
      this.filesFailed++;
      this.follower.markDone(f);
      this.error(f.name, `analysis failed: ${(e as Error).message}`);
      await this.writeStatus();
      return;
    }
    this.current = null;
    if (signal.aborted) return;
    if (!(await this.follower.unchanged(f))) {
      this.filesDiscarded++;
      this.error(f.name, 'file changed while it was analysed (overwritten by the ring?); its data was discarded');
      return;
    }
    for (const w of info?.warnings ?? []) this.error(f.name, w);
    const t1 = performance.now();
    this.state.commitFile(sink, { name: f.name, t: (Date.now() - this.startedAt.getTime()) / 1000 });
    if (info?.health) this.health.addFile(info.health, f.name);
    this.follower.markDone(f);
    this.filesAnalysed++;
    this.store.notify('data');
    await this.render();
    const t2 = performance.now();
    const r0 = sink.results[0]!;
    this.lastFile = {
      name: f.name,
      bytes: f.size,
      analysedAt: new Date().toISOString(),
      analysisSeconds: (t1 - t0) / 1000,
      renderSeconds: (t2 - t1) / 1000,
      delaySeconds: (t2 - next.foundAt) / 1000,
      hits: sink.rows.hits,
      planeClusters: sink.rows.clusters_plane,
      detectorClusters: sink.rows.clusters_detector,
    };
    await this.writeStatus();
    this.store.notify('status');
    const rates = this.state.detectors
      .map((d) => (d.lastRates ? `det ${d.id}: ${d.lastRates.hitRateKHz.toFixed(2)} kHz hits, ${d.lastRates.clusterRateKHz.toFixed(2)} kHz clusters` : ''))
      .join('; ');
    this.log(
      `${f.name}: ${r0.counts.hits[0] + r0.counts.hits[1]} hits, ${r0.counts.clusters} clusters of detector ${r0.detector} (${rates}); ` +
        `analysed in ${this.lastFile.analysisSeconds.toFixed(2)} s, figures in ${this.lastFile.renderSeconds.toFixed(2)} s`,
    );
  }

  /** Clears totals and time series, then re-renders. */
  async reset(): Promise<void> {
    this.state.reset();
    this.store.notify('data');
    this.log('totals and time series reset');
    await this.render();
  }

  /** Renders figures, then writes PNGs, page and status (serialised). */
  render(): Promise<void> {
    const job = this.renderChain.then(async () => {
      await renderAndWrite(this.state, this.startedAt, this.cfg.out, (figs) => {
        this.figures = figs;
        this.figuresVersion++;
      }, () => this.page(false));
    });
    this.renderChain = job.catch((e) => this.error(null, `cannot write figures to ${this.cfg.out}: ${(e as Error).message}`));
    return this.renderChain as Promise<void>;
  }

  private error(file: string | null, message: string): void {
    this.errors.push({ time: new Date().toISOString(), file, message });
    if (this.errors.length > MAX_ERRORS) this.errors.shift();
    this.store.notify('status');
    this.log(`${file ? file + ': ' : ''}${message}`);
  }

  private async writeStatus(): Promise<void> {
    try {
      await writeFileAtomic(join(this.cfg.out, 'monitorStatus.json'), JSON.stringify(this.status(), null, 1) + '\n');
    } catch (e) {
      this.log(`cannot write monitorStatus.json: ${(e as Error).message}`);
    }
  }

  pageStatus(): PageStatus {
    const e = this.errors[this.errors.length - 1];
    return {
      filesAnalysed: this.filesAnalysed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed + this.filesDiscarded,
      lastFile: this.lastFile?.name ?? null,
      lastTime: this.lastFile ? new Date(this.lastFile.analysedAt).toTimeString().slice(0, 8) : null,
      waiting: this.current
        ? `analysing ${this.current.name} (${Math.round((100 * this.current.bytesDone) / Math.max(1, this.current.bytesTotal))} %)`
        : this.lastFile
          ? null
          : this.follower.waiting,
      lastError: e ? `${e.file ? e.file + ': ' : ''}${e.message}` : null,
      health: [...this.health.status.fecs, ...this.health.status.detectors].map((s) => ({ subject: s.subject, level: s.level, reason: s.reasons.join('; ') || s.summary })),
    };
  }

  /** The page; `served` adds the reset button and cache-busting image URLs. */
  page(served: boolean): string {
    return renderPage({
      refreshSeconds: this.cfg.refreshSeconds,
      detectors: this.cfg.detectors,
      version: this.figuresVersion,
      status: this.pageStatus(),
      served,
      tof: !!this.cfg.binning.tof,
    });
  }

  /** The status document (also `monitorStatus.json`); NaN values become null in JSON. */
  status(): Record<string, unknown> {
    return {
      version: 1,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: (Date.now() - this.startedAt.getTime()) / 1000,
      ring: { dir: this.cfg.dir, stem: this.cfg.stem, naming: this.follower.active ?? this.cfg.naming, order: this.cfg.order },
      out: this.cfg.out,
      filesAnalysed: this.filesAnalysed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed,
      filesDiscarded: this.filesDiscarded,
      waiting: this.current ? null : this.follower.waiting,
      analysing: this.current,
      lastFile: this.lastFile,
      resets: this.state.resets,
      figuresVersion: this.figuresVersion,
      figures: [...this.figures.keys()],
      detectors: this.state.detectors.map((_, i) => detectorStatus(this.state, i, 'filesInTotal')),
      errors: this.errors,
      health: this.health.json(),
    };
  }

  /** `GET /metrics`: the Prometheus exposition of the health figures and the totals. */
  metrics(): string {
    const h = this.health;
    return prometheusText(h.total, h.report, h.status, {
      filesAnalysed: this.filesAnalysed,
      filesSkipped: this.filesSkipped,
      filesFailed: this.filesFailed + this.filesDiscarded,
      detectors: this.state.detectors.map((d) => ({ id: d.id, hits: d.totalHits, clusters: d.totalClusters })),
    });
  }
}
