/**
 * The per-detector part of the monitor's status document (`/api/status`,
 * `monitorStatus.json`), the same for the per-file and the stream monitor: totals
 * and the latest committed measurement (file or update interval) with its rates.
 */
import type { MonitorState } from './state.js';

/** Status of detector index `i`; `count` names the committed-measurement counter (`filesInTotal`, `intervalsInTotal`). */
export function detectorStatus(state: MonitorState, i: number, count: string): Record<string, unknown> {
  const d = state.detectors[i]!;
  const l = state.latest(i);
  return {
    id: d.id,
    [count]: d.filesInTotal,
    totalHits: d.totalHits,
    totalClusters: d.totalClusters,
    latest: l
      ? {
          hits: [l.counts.hits[0], l.counts.hits[1]],
          otherPlaneHits: l.counts.otherPlaneHits,
          clusters: l.counts.clusters,
          planeClusters: [l.counts.planeClusters[0], l.counts.planeClusters[1]],
          hitRateKHz: d.lastRates?.hitRateKHz ?? null,
          clusterRateKHz: d.lastRates?.clusterRateKHz ?? null,
          commonPercent: d.lastRates ? d.lastRates.commonPercent : null,
        }
      : null,
  };
}
