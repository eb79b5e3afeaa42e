/**
 * The health of a running acquisition, file by file (the monitor's view): the counts of
 * each analysed file are added to the run's totals (frame-counter sequences joined across
 * files, so a loss between two files counts too), the report and the status are computed
 * again, and every change of a FEC's or detector's level — and every newly hot channel —
 * goes into an event log with the capture time it was seen at ("FEC 2 red: silent since
 * …", "channel 1/3/17 hot"). The counts are never reset (Prometheus counters only grow;
 * the monitor's reset clears its figures, not these).
 */
import type { Geometry } from '../config/geometry.js';
import { addCounts, emptyCounts, FEC_SLOTS, type HealthCounts } from './accountant.js';
import { healthReport, type HealthReport } from './report.js';
import { healthStatus, type HealthStatus, type Level } from './status.js';
import { DEFAULT_THRESHOLDS, type HealthThresholds } from './thresholds.js';
import { compareToReference, type ReferenceComparison } from './reference.js';

export interface HealthEvent {
  /** Capture time (ISO) of the newest datagram when the change was seen. */
  time: string;
  /** The file whose analysis showed it. */
  file: string | null;
  subject: string;
  level: Level;
  message: string;
}

const MAX_EVENTS = 200;

export class HealthTracker {
  readonly thresholds: HealthThresholds;
  total: HealthCounts | null = null;
  report: HealthReport | null = null;
  status: HealthStatus = { fecs: [], detectors: [] };
  readonly events: HealthEvent[] = [];
  files = 0;
  /** Deviation of each panel from the reference run, when one was given. */
  comparison: ReferenceComparison | null = null;
  private readonly levels = new Map<string, Level>();
  private readonly hot = new Set<string>();

  constructor(
    private readonly geometry: Geometry | null,
    thresholds: HealthThresholds = DEFAULT_THRESHOLDS,
    /** A good run's health report (`analyze --health-json`) to compare each panel with. */
    private readonly reference: Pick<HealthReport, 'vmms' | 'channels'> | null = null,
  ) {
    this.thresholds = thresholds;
  }

  /** Adds the counts of one analysed file (in order) and updates report, status and events. */
  addFile(counts: HealthCounts, file: string | null = null): void {
    const total = (this.total ??= emptyCounts(counts.channelHits.length / 64));
    // `recent` = what this file added to the totals (lost frames include the join with the previous file)
    const before = total.framesLost.slice();
    addCounts(total, counts);
    const recent: HealthCounts = { ...counts, framesLost: total.framesLost.map((x, i) => x - before[i]!) };
    this.files++;
    const g = this.geometry;
    this.report = g ? healthReport(total, g, this.thresholds) : null;
    this.status = g ? healthStatus(total, recent, this.report!, g, this.thresholds) : { fecs: [], detectors: [] };
    if (this.reference && this.report) {
      this.comparison = compareToReference(this.report, this.reference, this.thresholds.referenceKsAmber);
      for (const p of this.comparison.panels.filter((x) => x.amber)) {
        const det = this.report.vmms.find((v) => v.fec === p.fec && v.vmm === p.vmm)?.detector;
        const s = this.status.detectors.find((d) => d.detector === det);
        if (!s) continue;
        if (s.level === 'green') s.level = 'amber';
        s.reasons.push(`VMM ${p.fec}/${p.vmm} ${p.panel} deviates from the reference (KS ${p.ks.toFixed(2)} > ${this.thresholds.referenceKsAmber})`);
      }
    }
    let newest = 0;
    for (let f = 0; f < FEC_SLOTS; f++) newest = Math.max(newest, total.lastTime[f]!);
    const time = new Date(newest * 1000).toISOString();
    for (const s of [...this.status.fecs, ...this.status.detectors]) {
      const was = this.levels.get(s.subject) ?? 'green';
      if (s.level !== was) this.event(time, file, s.subject, s.level, s.level === 'green' ? `${s.subject} green again: ${s.summary}` : `${s.subject} ${s.level}: ${s.reasons.join('; ')}`);
      this.levels.set(s.subject, s.level);
    }
    for (const c of this.report?.hot ?? []) {
      const k = `${c.fec}/${c.vmm}/${c.ch}`;
      if (this.hot.has(k)) continue;
      this.hot.add(k);
      this.event(time, file, `detector ${c.detector}`, 'amber', `channel ${k} hot (${c.hits} hits, median of its VMM ${c.median})`);
    }
  }

  /** The health part of the monitor's status JSON. */
  json(): unknown {
    const r = this.report;
    return {
      files: this.files,
      thresholds: this.thresholds,
      status: this.status,
      events: this.events,
      fecs: r?.fecs ?? [],
      vmms: r?.vmms.map(({ bcid: _b, tdc: _t, adc: _a, ...v }) => v) ?? [],
      dead: r?.dead ?? [],
      hot: r?.hot ?? [],
      noisy: r?.noisy ?? [],
      unmapped: r?.unmapped ?? { hits: 0, pairs: [] },
      drops: r?.drops ?? null,
      totals: r?.totals ?? null,
      reference: this.comparison,
    };
  }

  private event(time: string, file: string | null, subject: string, level: Level, message: string): void {
    this.events.push({ time, file, subject, level, message });
    if (this.events.length > MAX_EVENTS) this.events.shift();
  }
}
