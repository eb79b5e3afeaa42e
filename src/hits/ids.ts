/**
 * The run's id counters: the last hit, plane-cluster and detector-cluster ids given out,
 * shared by the hit handler, the clustering and the analysis that owns them.
 */

/** Shared id counters (§14.3). */
export interface IdCounters {
  hit: number;
  planeCluster: number;
  detectorCluster: number;
}
