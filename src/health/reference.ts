/**
 * Comparison with a reference run (issue 12 item 3, file form): the health report of a
 * good run (`analyze --health-json`) is the reference; each panel of the current report —
 * per VMM the channel occupancy and the BCID, TDC and ADC distributions — is normalised
 * and compared with the same panel of the reference by the Kolmogorov–Smirnov distance
 * (the largest difference of the two cumulative distributions, 0 = same shape, 1 =
 * disjoint). A panel beyond `ksAmber` is amber; a VMM with data in only one of the two
 * runs is listed as missing. Shapes only: rates and totals may differ.
 */
import type { HealthReport } from './report.js';

export type Panel = 'occupancy' | 'bcid' | 'tdc' | 'adc';

export interface PanelDeviation {
  fec: number;
  vmm: number;
  panel: Panel;
  /** Kolmogorov–Smirnov distance of the normalised distributions, 0…1. */
  ks: number;
  entries: number;
  referenceEntries: number;
  amber: boolean;
}

export interface ReferenceComparison {
  ksAmber: number;
  panels: PanelDeviation[];
  /** VMMs with data in the current run but not in the reference, and the reverse. */
  notInReference: { fec: number; vmm: number }[];
  missingNow: { fec: number; vmm: number }[];
}

/** Kolmogorov–Smirnov distance of two histograms with the same binning (0 when either is empty). */
export function ksDistance(a: readonly number[], b: readonly number[]): number {
  const na = a.reduce((s, x) => s + x, 0);
  const nb = b.reduce((s, x) => s + x, 0);
  if (na === 0 || nb === 0) return 0;
  let ca = 0;
  let cb = 0;
  let d = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    ca += (a[i] ?? 0) / na;
    cb += (b[i] ?? 0) / nb;
    d = Math.max(d, Math.abs(ca - cb));
  }
  return d;
}

type Shapes = Map<string, Record<Panel, number[]>>;

function shapes(r: Pick<HealthReport, 'vmms' | 'channels'>): Shapes {
  const m: Shapes = new Map();
  for (const v of r.vmms) if (v.hits > 0) m.set(`${v.fec}/${v.vmm}`, { occupancy: new Array<number>(64).fill(0), bcid: v.bcid, tdc: v.tdc, adc: v.adc });
  for (const c of r.channels) {
    const s = m.get(`${c.fec}/${c.vmm}`);
    if (s) s.occupancy[c.ch] = c.hits;
  }
  return m;
}

/** A reference read from a `--health-json` file (validated enough to compare; `file` names it in errors). */
export function parseReference(json: unknown, file: string): Pick<HealthReport, 'vmms' | 'channels'> {
  const r = json as Partial<HealthReport> | null;
  if (!r || !Array.isArray(r.vmms) || !Array.isArray(r.channels) || r.vmms.some((v) => !Array.isArray(v.bcid) || !Array.isArray(v.tdc) || !Array.isArray(v.adc)))
    throw new Error(`${file}: not a health report (expected the output of vmmscope analyze --health-json, with "vmms" and "channels")`);
  return r as Pick<HealthReport, 'vmms' | 'channels'>;
}

export function compareToReference(now: Pick<HealthReport, 'vmms' | 'channels'>, ref: Pick<HealthReport, 'vmms' | 'channels'>, ksAmber: number): ReferenceComparison {
  const a = shapes(now);
  const b = shapes(ref);
  const panels: PanelDeviation[] = [];
  const key = (k: string): { fec: number; vmm: number } => {
    const [fec, vmm] = k.split('/').map(Number);
    return { fec: fec!, vmm: vmm! };
  };
  for (const [k, s] of a) {
    const r = b.get(k);
    if (!r) continue;
    for (const p of ['occupancy', 'bcid', 'tdc', 'adc'] as const) {
      const ks = ksDistance(s[p], r[p]);
      panels.push({ ...key(k), panel: p, ks, entries: s[p].reduce((t, x) => t + x, 0), referenceEntries: r[p].reduce((t, x) => t + x, 0), amber: ks > ksAmber });
    }
  }
  return {
    ksAmber,
    panels,
    notInReference: [...a.keys()].filter((k) => !b.has(k)).map(key),
    missingNow: [...b.keys()].filter((k) => !a.has(k)).map(key),
  };
}
