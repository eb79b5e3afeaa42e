/**
 * Writes plane clusters (from the arena) and detector clusters into the
 * `clusters_plane` / `clusters_detector` table builders, applying vmm-sdat's save
 * filters (analysis.md §14.1) and filling the run histograms of every written
 * detector cluster (§14.5). Column positions are resolved once from the schemas.
 */
import { TableBuilder } from '../table/builder.js';
import { columnIndex } from '../table/types.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE } from '../table/trees.js';
import type { IndexList, PlaneClusterStore } from './plane-clusters.js';
import type { RunHistograms, ClusterValues } from '../histograms/run-histograms.js';

const P = (n: string): number => columnIndex(CLUSTERS_PLANE, n);
const D = (n: string): number => columnIndex(CLUSTERS_DETECTOR, n);

const PC = {
  id: P('id'), det: P('det'), plane: P('plane'), size: P('size'), adc: P('adc'), time: P('time'),
  timeUtpc: P('time_utpc'), timeCharge2: P('time_charge2'), timeAlgo: P('time_algo'), pos: P('pos'),
  posUtpc: P('pos_utpc'), posCharge2: P('pos_charge2'), posAlgo: P('pos_algo'), coincidence: P('plane_coincidence'),
  maxDeltaTime: P('max_delta_time'), maxMissingStrip: P('max_missing_strip'), span: P('span_cluster'),
  ev: P('event_counter'), strips: P('strips'), times: P('times'), adcs: P('adcs'),
};

/** Detector-cluster column indices; per-plane columns are arrays indexed by plane 0/1/2. */
export const DC = {
  id: D('id'), ids: [D('id0'), D('id1'), D('id2')], det: D('det'),
  size: [0, 1, 2].map((p) => D(`size${p}`)), adc: [0, 1, 2].map((p) => D(`adc${p}`)),
  pos: [0, 1, 2].map((p) => D(`pos${p}`)), time: [0, 1, 2].map((p) => D(`time${p}`)),
  posUtpc: [0, 1, 2].map((p) => D(`pos${p}_utpc`)), timeUtpc: [0, 1, 2].map((p) => D(`time${p}_utpc`)),
  posCharge2: [0, 1, 2].map((p) => D(`pos${p}_charge2`)), timeCharge2: [0, 1, 2].map((p) => D(`time${p}_charge2`)),
  posAlgo: [0, 1, 2].map((p) => D(`pos${p}_algo`)), timeAlgo: [0, 1, 2].map((p) => D(`time${p}_algo`)),
  dt: [0, 1, 2].map((p) => D(`dt${p}`)),
  d01: D('delta_plane_0_1'), d12: D('delta_plane_1_2'), d02: D('delta_plane_0_2'),
  span: [0, 1, 2].map((p) => D(`span_cluster${p}`)), maxDeltaTime: [0, 1, 2].map((p) => D(`max_delta_time${p}`)),
  maxMissingStrip: [0, 1, 2].map((p) => D(`max_missing_strip${p}`)),
  strips: [0, 1, 2].map((p) => D(`strips${p}`)), times: [0, 1, 2].map((p) => D(`times${p}`)),
  adcs: [0, 1, 2].map((p) => D(`adcs${p}`)), ev: D('event_counter'),
};

/** Rows a builder may collect within one detector step before they are handed on. */
const FULL_ROWS = 1 << 16;

export class PlaneClusterOutput {
  readonly builder: TableBuilder;
  /** Called when the builder holds `FULL_ROWS` rows in the middle of a detector step (the owner flushes it). */
  onFull: (() => void) | null = null;
  private readonly saved: Uint8Array;

  constructor(
    saveCode: number,
    saveList: readonly number[],
    /** det·3 + plane → 1 if defined; clusters of undefined planes (c56141b 1D copies) are never written. */
    private readonly planeDefined: Uint8Array,
    vectors = true,
  ) {
    this.builder = new TableBuilder(CLUSTERS_PLANE, 4096, { vectors });
    this.saved = new Uint8Array(256);
    if ([10, 11, 110, 111].includes(saveCode)) for (const d of saveList) this.saved[d] = 1;
  }

  /** Writes the clusters of `list` that belong to a saved detector and a defined plane. */
  writeList(st: PlaneClusterStore, list: IndexList): void {
    // a deferred round may write millions: hand full batches on in between
    for (let k0 = 0; k0 < list.length; k0 += FULL_ROWS) {
      if (this.builder.length >= FULL_ROWS) this.onFull?.();
      this.writeSlice(st, list, k0, Math.min(list.length, k0 + FULL_ROWS));
    }
  }

  private writeSlice(st: PlaneClusterStore, list: IndexList, k0: number, n: number): void {
    const b = this.builder;
    b.reserve(n - k0);
    const id = b.u32(PC.id), det = b.u8(PC.det), plane = b.u8(PC.plane), size = b.u16(PC.size), adc = b.u16(PC.adc);
    const time = b.f64(PC.time), timeUtpc = b.f64(PC.timeUtpc), timeCharge2 = b.f64(PC.timeCharge2), timeAlgo = b.f64(PC.timeAlgo);
    const pos = b.f64(PC.pos), posUtpc = b.f64(PC.posUtpc), posCharge2 = b.f64(PC.posCharge2), posAlgo = b.f64(PC.posAlgo);
    const coinc = b.u8(PC.coincidence), mdt = b.u16(PC.maxDeltaTime), mms = b.u16(PC.maxMissingStrip), span = b.u16(PC.span), ev = b.u16(PC.ev);
    for (let k = k0; k < n; k++) {
      const c = list.items[k]!;
      const d = st.det[c]!;
      if (!this.saved[d] || !this.planeDefined[d * 3 + st.plane[c]!]) continue;
      const r = b.addRow();
      id[r] = st.id[c]!;
      det[r] = d;
      plane[r] = st.plane[c]!;
      size[r] = st.size[c]!;
      adc[r] = st.adc[c]!;
      time[r] = st.time[c]!;
      timeUtpc[r] = st.timeUtpc[c]!;
      timeCharge2[r] = st.timeCharge2[c]!;
      timeAlgo[r] = st.timeAlgo[c]!;
      pos[r] = st.pos[c]!;
      posUtpc[r] = st.posUtpc[c]!;
      posCharge2[r] = st.posCharge2[c]!;
      posAlgo[r] = st.posAlgo[c]!;
      coinc[r] = st.coincidence[c]!;
      mdt[r] = st.maxDeltaTime[c]!;
      mms[r] = st.maxMissingStrip[c]!;
      span[r] = st.spanCluster[c]!;
      ev[r] = st.eventCounter[c]!;
      const v0 = st.vecStart[c]!;
      const v1 = v0 + st.vecLen[c]!;
      b.setVec(PC.strips, st.strips, v0, v1);
      b.setVec(PC.times, st.times, v0, v1);
      b.setVec(PC.adcs, st.adcs, v0, v1);
    }
  }
}

export class DetectorClusterOutput {
  readonly builder: TableBuilder;
  /** As PlaneClusterOutput's. */
  onFull: (() => void) | null = null;
  private readonly saved: Uint8Array;
  private readonly values: ClusterValues = {
    pos0: 0, pos1: 0, time0: 0, time1: 0, pos0_utpc: 0, pos1_utpc: 0, time0_utpc: 0, time1_utpc: 0,
    pos0_charge2: 0, pos1_charge2: 0, time0_charge2: 0, time1_charge2: 0, pos0_algo: 0, pos1_algo: 0,
    dt0: 0, dt1: 0, size0: 0, size1: 0, adc0: 0, adc1: 0,
  };

  constructor(saveCode: number, saveList: readonly number[], private readonly hists: RunHistograms | null, vectors = true) {
    this.builder = new TableBuilder(CLUSTERS_DETECTOR, 4096, { vectors });
    this.saved = new Uint8Array(256);
    if (saveCode >= 100) for (const d of saveList) this.saved[d] = 1;
  }

  /** Whether detector clusters of `det` are written. */
  enabled(det: number): boolean {
    return this.saved[det] === 1;
  }

  /** Starts a row (all fields 0, vectors empty). */
  newRow(): number {
    if (this.builder.length >= FULL_ROWS) this.onFull?.();
    return this.builder.addRow();
  }

  /** Copies the plane-N fields of arena cluster `c` into row `r` (must be the last row). */
  copyPlane(r: number, N: number, st: PlaneClusterStore, c: number): void {
    const b = this.builder;
    b.u32(DC.ids[N]!)[r] = st.id[c]!;
    b.u16(DC.size[N]!)[r] = st.size[c]!;
    b.u16(DC.adc[N]!)[r] = st.adc[c]!;
    b.f64(DC.pos[N]!)[r] = st.pos[c]!;
    b.f64(DC.time[N]!)[r] = st.time[c]!;
    b.f64(DC.posUtpc[N]!)[r] = st.posUtpc[c]!;
    b.f64(DC.timeUtpc[N]!)[r] = st.timeUtpc[c]!;
    b.f64(DC.posCharge2[N]!)[r] = st.posCharge2[c]!;
    b.f64(DC.timeCharge2[N]!)[r] = st.timeCharge2[c]!;
    b.f64(DC.posAlgo[N]!)[r] = st.posAlgo[c]!;
    b.f64(DC.timeAlgo[N]!)[r] = st.timeAlgo[c]!;
    b.u16(DC.maxDeltaTime[N]!)[r] = st.maxDeltaTime[c]!;
    b.u16(DC.maxMissingStrip[N]!)[r] = st.maxMissingStrip[c]!;
    b.u16(DC.span[N]!)[r] = st.spanCluster[c]!;
    const v0 = st.vecStart[c]!;
    const v1 = v0 + st.vecLen[c]!;
    b.setVec(DC.strips[N]!, st.strips, v0, v1);
    b.setVec(DC.times[N]!, st.times, v0, v1);
    b.setVec(DC.adcs[N]!, st.adcs, v0, v1);
  }

  /** Fills the run histograms from the values of finished row `r` of detector `det`. */
  finishRow(det: number, r: number): void {
    if (!this.hists) return;
    const b = this.builder;
    const v = this.values;
    v.pos0 = b.f64(DC.pos[0]!)[r]!; v.pos1 = b.f64(DC.pos[1]!)[r]!; v.time0 = b.f64(DC.time[0]!)[r]!; v.time1 = b.f64(DC.time[1]!)[r]!;
    v.pos0_utpc = b.f64(DC.posUtpc[0]!)[r]!; v.pos1_utpc = b.f64(DC.posUtpc[1]!)[r]!;
    v.time0_utpc = b.f64(DC.timeUtpc[0]!)[r]!; v.time1_utpc = b.f64(DC.timeUtpc[1]!)[r]!;
    v.pos0_charge2 = b.f64(DC.posCharge2[0]!)[r]!; v.pos1_charge2 = b.f64(DC.posCharge2[1]!)[r]!;
    v.time0_charge2 = b.f64(DC.timeCharge2[0]!)[r]!; v.time1_charge2 = b.f64(DC.timeCharge2[1]!)[r]!;
    v.pos0_algo = b.f64(DC.posAlgo[0]!)[r]!; v.pos1_algo = b.f64(DC.posAlgo[1]!)[r]!;
    v.dt0 = b.f64(DC.dt[0]!)[r]!; v.dt1 = b.f64(DC.dt[1]!)[r]!;
    v.size0 = b.u16(DC.size[0]!)[r]!; v.size1 = b.u16(DC.size[1]!)[r]!;
    v.adc0 = b.u16(DC.adc[0]!)[r]!; v.adc1 = b.u16(DC.adc[1]!)[r]!;
    this.hists.fillCluster(det, v);
  }
}
