/**
 * The histograms convertFile writes into its ROOT file (analysis.md §14.5–§14.6):
 * created per detector at start (save code ≥ 100), filled from every detector
 * cluster written, normalised at close with vmm-sdat's "last detector's bin counts"
 * rule (quirk §16.47); plus the per-VMM calibration histograms (`-cal` + `-cahi 1`).
 */
import { axis, Hist1D, Hist2D, type Hist } from './hist.js';
import type { AnalysisOptions } from '../config/options.js';

type Kind = '2D' | 'pad' | '1D';

interface DetHists {
  det: number;
  kind: Kind;
  h1: Record<string, Hist1D>;
  h2: Record<string, Hist2D>;
}

export class RunHistograms {
  /** All histograms in creation order (the order vmm-sdat attaches them to the file). */
  readonly all: Hist[] = [];
  private readonly byDet = new Map<number, DetHists>();
  private readonly calib = new Map<number, Hist2D[]>();
  private lastB0 = 0;
  private lastB1 = 0;

  constructor(o: AnalysisOptions) {
    const g = o.geometry;
    if (o.calibration && o.calibrationHistograms) {
      for (const v of g.vmms) {
        const p = `fec${v.fec}_vmm${v.vmm}_`;
        const hs = [
          // order: adc with/without, time with/without (indices used by the hit processor)
          new Hist2D(`${p}adc_with_calib`, `${p}adc_with_calib`, axis(64, 0, 64), axis(1023, 0, 1023)),
          new Hist2D(`${p}adc_without_calib`, `${p}adc_without_calib`, axis(64, 0, 64), axis(1023, 0, 1023)),
          new Hist2D(`${p}time_with_calib`, `${p}time_with_calib`, axis(64, 0, 64), axis(1000, -50, 50)),
          new Hist2D(`${p}time_without_calib`, `${p}time_without_calib`, axis(64, 0, 64), axis(1000, -50, 50)),
        ];
        const key = v.fec * 32 + v.vmm;
        if (!this.calib.has(key)) this.calib.set(key, hs); // filling goes to the first set
        this.all.push(...hs);
      }
    }
    if (o.save.code < 100) return;
    for (const det of g.detectorsAscending) {
      const planes = [0, 1, 2].map((p) => g.planeDefined[det * 3 + p] === 1);
      const pad = g.isPad[det] === 1;
      const kind: Kind | null = pad ? 'pad' : planes[0] && planes[1] ? '2D' : planes[0] ? '1D' : null;
      if (!kind) continue;
      const d: DetHists = { det, kind, h1: {}, h2: {} };
      const h1 = (name: string, n: number, lo: number, hi: number): void => {
        const h = new Hist1D(`${det}_${name}`, `${det}_${name}`, axis(n, lo, hi));
        d.h1[name] = h;
        this.all.push(h);
      };
      const h2 = (name: string, nx: number, ny: number, titles = false): void => {
        const h = new Hist2D(`${det}_${name}`, `${det}_${name}`, axis(nx, 0, nx, titles ? 'x' : ''), axis(ny, 0, ny, titles ? 'y' : ''));
        d.h2[name] = h;
        this.all.push(h);
      };
      if (kind === '2D') {
        const n0 = g.stripCount[det * 3]!;
        const n1 = g.stripCount[det * 3 + 1]!;
        h1('delta_time_planes', 1000, -500, 500);
        h1('delta_time_utpc_planes', 1000, -500, 500);
        h1('delta_time_charge2_planes', 1000, -500, 500);
        h1('dt0', 11000, -1000, 109000);
        h1('dt1', 11000, -1000, 109000);
        h2('cluster', n0, n1, true);
        for (const n of ['cluster_utpc', 'cluster_charge2', 'cluster_algo', 'size_plane0', 'size_plane1', 'size_plane01', 'charge_plane0', 'charge_plane1', 'charge_plane01'])
          h2(n, n0, n1);
        this.lastB0 = n0;
        this.lastB1 = n1;
      } else if (kind === 'pad') {
        const nx = g.padMaxX[det]! + 1;
        const ny = g.padMaxY[det]! + 1;
        h2('cluster', nx, ny, true);
        h2('size', nx, ny);
        h2('charge', nx, ny);
        this.lastB0 = nx;
        this.lastB1 = ny;
      } else {
        const n0 = g.stripCount[det * 3]!;
        h1('cluster', n0, 0, n0);
        h1('size', n0, 0, n0);
        h1('charge', n0, 0, n0);
        this.lastB0 = n0;
      }
      this.byDet.set(det, d);
    }
  }

  /** The calibration histograms (§14.6) in creation order. */
  calibrationHistograms(): Hist2D[] {
    return this.all.filter((h): h is Hist2D => h.kind === 'TH2D' && /^fec\d+_vmm\d+_/.test(h.name));
  }

  /** Calibration histograms of (fec, vmm), or undefined when not filled. */
  calibrationSet(fec: number, vmm: number): Hist2D[] | undefined {
    return this.calib.get(fec * 32 + vmm);
  }

  /** Fills the histograms of one written detector cluster (values as in the tree row). */
  fillCluster(det: number, r: ClusterValues): void {
    const d = this.byDet.get(det);
    if (!d) return;
    const { h1, h2 } = d;
    if (d.kind === '2D') {
      h1['delta_time_planes']!.fill(r.time0 - r.time1);
      h1['delta_time_utpc_planes']!.fill(r.time0_utpc - r.time1_utpc);
      h1['delta_time_charge2_planes']!.fill(r.time0_charge2 - r.time1_charge2);
      h1['dt0']!.fill(r.dt0);
      h1['dt1']!.fill(r.dt1);
      h2['cluster']!.fill(r.pos0, r.pos1);
      h2['cluster_utpc']!.fill(r.pos0_utpc, r.pos1_utpc);
      h2['cluster_charge2']!.fill(r.pos0_charge2, r.pos1_charge2);
      h2['cluster_algo']!.fill(r.pos0_algo, r.pos1_algo);
      h2['size_plane0']!.fill(r.pos0, r.pos1, r.size0);
      h2['size_plane1']!.fill(r.pos0, r.pos1, r.size1);
      h2['size_plane01']!.fill(r.pos0, r.pos1, r.size0 + r.size1);
      h2['charge_plane0']!.fill(r.pos0, r.pos1, r.adc0);
      h2['charge_plane1']!.fill(r.pos0, r.pos1, r.adc1);
      h2['charge_plane01']!.fill(r.pos0, r.pos1, r.adc0 + r.adc1);
    } else if (d.kind === 'pad') {
      h2['cluster']!.fill(r.pos0, r.pos1);
      h2['size']!.fill(r.pos0, r.pos1, r.size0);
      h2['charge']!.fill(r.pos0, r.pos1, r.adc0);
    } else {
      h1['cluster']!.fill(r.pos0);
      h1['size']!.fill(r.pos0, r.size0);
      h1['charge']!.fill(r.pos0, r.adc0);
    }
  }

  /** The `cluster*` histograms of each detector before normalisation (for -json images, §14.7). */
  clusterImages(): { det: number; kind: Kind; name: string; hist: Hist }[] {
    const out: { det: number; kind: Kind; name: string; hist: Hist }[] = [];
    for (const d of [...this.byDet.values()]) {
      const names = d.kind === '2D' ? ['cluster', 'cluster_utpc', 'cluster_charge2', 'cluster_algo'] : ['cluster'];
      for (const n of names) out.push({ det: d.det, kind: d.kind, name: n, hist: (d.h2[n] ?? d.h1[n])! });
    }
    return out;
  }

  /** Close-time normalisation (§14.5), using the last detector's bin counts for every detector. */
  normalise(): void {
    const B0 = this.lastB0;
    const B1 = this.lastB1;
    for (const d of this.byDet.values()) {
      let k = 0;
      if (d.kind === '1D') {
        const c = d.h1['cluster']!;
        const targets = [d.h1['size']!, d.h1['charge']!];
        for (let bx = 1; bx <= B0; bx++) {
          const cx = Math.min(bx, c.x.nbins + 1);
          const cnt = Math.trunc(c.contents[cx]!);
          if (cnt > 0) {
            k++;
            for (const t of targets) setBinContent(t, cx, t.contents[cx]! / cnt);
          }
        }
        for (const t of targets) {
          t.entries = k;
          t.sumw2 = null;
        }
      } else {
        const c = d.h2['cluster']!;
        const names = d.kind === '2D' ? ['size_plane0', 'size_plane1', 'size_plane01', 'charge_plane0', 'charge_plane1', 'charge_plane01'] : ['size', 'charge'];
        const targets = names.map((n) => d.h2[n]!);
        for (let bx = 1; bx <= B0; bx++) {
          for (let by = 1; by <= B1; by++) {
            const cell = c.cell(Math.min(bx, c.x.nbins + 1), Math.min(by, c.y.nbins + 1));
            const cnt = Math.trunc(c.contents[cell]!);
            if (cnt > 0) {
              k++;
              for (const t of targets) setBinContent(t, cell, t.contents[cell]! / cnt);
            }
          }
        }
        for (const t of targets) t.entries = k;
      }
    }
  }
}

/** ROOT TH1::SetBinContent side effects: fEntries++ and fTsumw = 0. */
function setBinContent(h: Hist, cell: number, v: number): void {
  h.entries++;
  h.tsumw = 0;
  h.contents[cell] = v;
}

export interface ClusterValues {
  pos0: number; pos1: number; time0: number; time1: number;
  pos0_utpc: number; pos1_utpc: number; time0_utpc: number; time1_utpc: number;
  pos0_charge2: number; pos1_charge2: number; time0_charge2: number; time1_charge2: number;
  pos0_algo: number; pos1_algo: number; dt0: number; dt1: number;
  size0: number; size1: number; adc0: number; adc1: number;
}
