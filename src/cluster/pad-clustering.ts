/**
 * Pad clustering of one time cluster of a pad detector (analysis.md §12): seed (latest
 * element, or largest ADC with `-algo 10`), breadth-first growth over the pool with
 * vmm-sdat's reference-pad rules (tmin/tmax follow the reference pad's time; dx, dy and
 * the event counter carry over within the call), emitted directly as detector clusters.
 * Fields vmm-sdat leaves uninitialised are written as 0 (§16.40).
 */
import type { HitColumns } from './pending-hits.js';
import type { ClusterStatistics } from './cluster-stats.js';
import { DC, type DetectorClusterOutput } from './cluster-output.js';
import type { IdCounters } from '../hits/ids.js';
import { u16d } from '../cstd/cast.js';

export interface PadParams {
  det: number;
  minClusterSize: number;
  missingPadsX: number;
  missingPadsY: number;
  spanClusterTime: number;
}

export class PadClusterer {
  private cap = 256;
  private pool = new Int32Array(this.cap); // chunk indices still in the pool, in order
  private members = new Int32Array(this.cap);

  constructor(
    private readonly out: DetectorClusterOutput,
    private readonly stats: ClusterStatistics,
    private readonly ids: IdCounters,
    private readonly algo: number,
    private readonly writeClusters: boolean,
  ) {}

  run(chunk: HitColumns, a: number, b: number, maxDeltaTime: number, p: PadParams): void {
    const m = b - a;
    if (m > this.cap) {
      this.cap = Math.max(m, this.cap * 2);
      this.pool = new Int32Array(this.cap);
      this.members = new Int32Array(this.cap);
    }
    const pool = this.pool;
    const mem = this.members;
    let poolLen = m;
    for (let i = 0; i < m; i++) pool[i] = a + i;
    const X = chunk.pos0;
    const Y = chunk.pos1;
    const T = chunk.time;
    const ADC = chunk.adc;
    const EV = chunk.ev;
    let dx = -1;
    let dy = -1;
    let evLast = 0;
    const maxSeed = this.algo === 10;
    const save = this.writeClusters && this.out.enabled(p.det);

    while (poolLen > 0) {
      // 1. seed
      let si = poolLen - 1;
      if (maxSeed) {
        si = 0;
        for (let i = 1; i < poolLen; i++) if ((ADC[pool[i]!]! & 0x3ff) > (ADC[pool[si]!]! & 0x3ff)) si = i;
      }
      const seed = pool[si]!;
      pool.copyWithin(si, si + 1, poolLen);
      poolLen--;
      let n = 1;
      mem[0] = seed;
      let tmin = T[seed]!;
      let tmax = tmin;
      const sa0 = ADC[seed]! & 0x3ff;
      let sA = sa0;
      let sAX = Math.imul(sa0, X[seed]!);
      let sAY = Math.imul(sa0, Y[seed]!);
      let sAT = sa0 * T[seed]!;
      // 3. grow
      for (let k = 0; k < n; k++) {
        if (maxSeed && k > 0) break;
        const r = mem[k]!;
        const rx = X[r]!;
        const ry = Y[r]!;
        const rt = T[r]!;
        const rev = EV[r]!;
        let w = 0; // compacting write index over the pool
        for (let i = 0; i < poolLen; i++) {
          const c = pool[i]!;
          evLast = EV[c]!;
          const ct = T[c]!;
          const timeOK = rev === EV[c]! && ct - tmin <= p.spanClusterTime && tmax - ct <= p.spanClusterTime;
          const ax = Math.abs(rx - X[c]!);
          const ay = Math.abs(ry - Y[c]!);
          const match = maxSeed
            ? Math.abs(X[seed]! - X[c]!) <= 1 && Math.abs(Y[seed]! - Y[c]!) <= 1 && timeOK
            : ax - 1 <= p.missingPadsX && ay - 1 <= p.missingPadsY && timeOK;
          if (match) {
            mem[n++] = c;
            if (rt < tmin) tmin = rt;
            if (rt > tmax) tmax = rt;
            if (ax > dx) dx = ax - 1;
            if (ay > dy) dy = ay - 1;
            const ca = ADC[c]! & 0x3ff;
            sA += ca;
            sAX += Math.imul(ca, X[c]!);
            sAY += Math.imul(ca, Y[c]!);
            sAT += ca * ct;
          } else pool[w++] = c;
        }
        poolLen = w;
      }
      if (n < p.minClusterSize) continue;
      // 4. emit
      let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      for (let k = 0; k < n; k++) {
        const x = X[mem[k]!]!;
        const y = Y[mem[k]!]!;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      const id = this.ids.detectorCluster++;
      const size0 = maxX - minX + 1;
      const size1 = maxY - minY + 1;
      this.stats.detStat('ClusterSizePads', p.det).record(n);
      this.stats.detStat('ClusterExtensionPads_0', p.det).record(size0);
      this.stats.detStat('ClusterExtensionPads_1', p.det).record(size1);
      this.stats.detStat('ClusterCntPadDetector', p.det).record(0);
      if (!save) continue;
      const o = this.out;
      const bd = o.builder;
      const row = o.newRow();
      bd.u32(DC.id)[row] = id;
      bd.u8(DC.det)[row] = p.det;
      bd.u16(DC.ev)[row] = evLast & 0xffff;
      bd.u16(DC.size[0]!)[row] = size0 & 0xffff;
      bd.u16(DC.size[1]!)[row] = size1 & 0xffff;
      bd.u16(DC.size[2]!)[row] = n & 0xffff;
      bd.u16(DC.adc[0]!)[row] = sA & 0xffff;
      bd.u16(DC.adc[1]!)[row] = sA & 0xffff;
      bd.f64(DC.pos[0]!)[row] = sAX / sA;
      bd.f64(DC.pos[1]!)[row] = sAY / sA;
      bd.f64(DC.time[0]!)[row] = sAT / sA;
      bd.f64(DC.time[1]!)[row] = sAT / sA;
      const mdt = u16d(maxDeltaTime);
      bd.u16(DC.maxDeltaTime[0]!)[row] = mdt;
      bd.u16(DC.maxDeltaTime[1]!)[row] = mdt;
      bd.u16(DC.maxMissingStrip[0]!)[row] = dx & 0xffff;
      bd.u16(DC.maxMissingStrip[1]!)[row] = dy & 0xffff;
      const span = u16d(tmax - tmin);
      bd.u16(DC.span[0]!)[row] = span;
      bd.u16(DC.span[1]!)[row] = span;
      const xs = this.vec;
      this.fillVec(n, (k) => X[mem[k]!]!);
      bd.setVec(DC.strips[0]!, xs, 0, n);
      this.fillVec(n, (k) => Y[mem[k]!]!);
      bd.setVec(DC.strips[1]!, xs, 0, n);
      this.fillVec(n, (k) => T[mem[k]!]!);
      bd.setVec(DC.times[0]!, xs, 0, n);
      bd.setVec(DC.times[1]!, xs, 0, n);
      this.fillVec(n, (k) => ADC[mem[k]!]! & 0x3ff);
      bd.setVec(DC.adcs[0]!, xs, 0, n);
      bd.setVec(DC.adcs[1]!, xs, 0, n);
      o.finishRow(p.det, row);
    }
  }

  private vec = new Float64Array(256);
  private fillVec(n: number, f: (k: number) => number): void {
    if (this.vec.length < n) this.vec = new Float64Array(n * 2);
    for (let k = 0; k < n; k++) this.vec[k] = f(k);
  }
}
