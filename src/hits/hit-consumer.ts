/**
 * What the hit handler hands its hits to (analysis.md §8.3, §8.5): a pending list per
 * (detector, plane) and the round trigger. Declared here, on the hits side, and implemented
 * by the clustering's RoundPlanner, so hits/ never imports cluster/ (the same shape as the
 * planner's own ChunkConsumer one step further down).
 */

/** One pending list of (detector, plane): appends a hit tuple. */
export interface PendingHitList {
  push(time: number, pos0: number, adc: number, pos1: number, ev: number): void;
}

export interface HitConsumer {
  /** The pending list of (det, plane) (§8.5). */
  pendingList(det: number, plane: number): PendingHitList;
  /** Runs the round of §8.3 step 2 with boundary `ts`. */
  runRound(ts: number): void;
}
