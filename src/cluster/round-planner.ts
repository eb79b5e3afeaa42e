/**
 * The front half of vmm-sdat's clustering (analysis.md §9.1, §9.4): hits pending per
 * (detector, plane), the round boundaries, the exact libstdc++ sort of each pending list
 * and the choice of the chunk to cluster (upper bound + dt chain). Each chunk and each
 * detector step goes to a `ChunkConsumer` in vmm-sdat's order — directly in one thread,
 * or through the pipeline to the main thread (the consumer never answers back, so the
 * two halves can run concurrently).
 */
import type { AnalysisOptions } from '../config/options.js';
import { HitList, MIN_RUN, PendingHits, type HitColumns, type SpillContext } from './pending-hits.js';
import { DEFAULT_MAX_PENDING_HITS, type SpillOptions } from './spill-store.js';
import type { HitConsumer } from '../hits/hit-consumer.js';

/** Receives the work of the rounds, in order. */
export interface ChunkConsumer {
  /** §9.1 step 6: cluster the chosen hits of (det, plane); valid during the call only. */
  chunk(det: number, plane: number, hits: HitColumns): void;
  /** §9.2: the detector step of `det`, whose planes' boundary (`lowest`) is `boundary`. */
  detectorStep(det: number, boundary: number): void;
}

export class RoundPlanner implements HitConsumer {
  private readonly o: AnalysisOptions;
  private readonly pending: PendingHits[] = [];
  private readonly lowestDet = new Float64Array(256);
  private readonly chunkList = new HitList(4096);
  /** The spill store and budget (null: pending hits stay in memory, as vmm-sdat's). */
  readonly spill: SpillContext | null;

  /** @param spill pending hits beyond the budget go to this store (same results, bounded memory) */
  constructor(
    o: AnalysisOptions,
    private readonly consumer: ChunkConsumer,
    spill: SpillOptions | null = null,
  ) {
    this.o = o;
    const limit = spill?.maxPendingHits ?? DEFAULT_MAX_PENDING_HITS;
    this.spill = spill && { store: spill.store, limit, minRun: Math.max(1, Math.min(MIN_RUN, limit >> 2)), inMemory: 0, runs: 0, hits: 0, reloads: 0 };
    for (let i = 0; i < 256 * 3; i++) this.pending.push(new PendingHits(o.geometry.isPad[(i / 3) | 0] === 1, this.spill));
  }

  /** The pending list of (det, plane), for the hit handler (§8.5). */
  pendingList(det: number, plane: number): PendingHits {
    return this.pending[det * 3 + plane]!;
  }

  /** Round of §8.3 step 2 with boundary `ts`: every detector whose `lowest` is below it. */
  runRound(ts: number): void {
    for (const det of this.o.geometry.detectorsAscending) {
      if (this.lowestDet[det]! < ts) this.detectorRound(det, ts);
    }
  }

  /** Final flush (§9.4) with tsEnd = largest maxTS over the geometry FECs. */
  finalFlush(tsEnd: number): void {
    for (const det of this.o.geometry.detectorsAscending) this.detectorRound(det, tsEnd, true);
  }

  /** `lowest` of the detector and its planes := ts; plane steps 0, 1, 2; detector step. */
  private detectorRound(det: number, ts: number, final = false): void {
    this.lowestDet[det] = ts;
    for (let p = 0; p < 3; p++) this.planeStep(det, p, ts, final);
    this.consumer.detectorStep(det, ts);
  }

  /** §9.1: choose the hits of (det, plane) up to the boundary B (+ dt chain). */
  private planeStep(det: number, plane: number, B: number, final: boolean): void {
    const P = this.pending[det * 3 + plane]!;
    if (P.length === 0 || P.minTime() > B) return;
    const dt = this.o.perDetector.deltaTimeHits[this.o.geometry.detIndex[det]!]!;
    if (P.hasRuns && P.streamFront(B, dt, final, this.chunkList, (piece) => this.consumer.chunk(det, plane, piece))) return;
    P.sortByTime();
    const n = chainEnd(P.times, P.start + P.length, B, dt, P.start) - P.start;
    P.takeFront(n, this.chunkList);
    this.consumer.chunk(det, plane, this.chunkList);
  }
}

/**
 * Index of the first element not taken: upper_bound(B) on the sorted keys [from, n), then the
 * chain of §9.1 step 4 (each further key within dt of the previously taken one).
 */
export function chainEnd(keys: ArrayLike<number>, n: number, B: number, dt: number, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (B < keys[mid]!) hi = mid;
    else lo = mid + 1;
  }
  let i = lo;
  let b = B;
  while (i < n && keys[i]! - b <= dt) {
    b = keys[i]!;
    i++;
  }
  return i;
}
