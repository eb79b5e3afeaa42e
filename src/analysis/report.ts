/**
 * The statistics convertFile prints (analysis.md §15.2–§15.4), line for line:
 * cluster statistics per detector and plane, FEC statistics with the acquisition
 * time, and the analysis summary. Each function returns [section, message] pairs
 * that the caller logs at INFO level.
 */
import type { AnalysisOptions } from '../config/options.js';
import type { ClusterStatistics, StatBins } from '../cluster/cluster-stats.js';
import { PLANE_STATS } from '../cluster/cluster-stats.js';
import type { SrsParserCounters } from '../readout/srs/parser.js';
import type { FecAcquisition } from '../readout/decoder.js';
import { acquisitionMsWithOverflow } from '../readout/fec-acquisition.js';
import { fmtE, fmtF, fmtG } from '../cstd/printf.js';

export type ReportLine = readonly [section: string, message: string];

const STAR = '*'.repeat(40);

function pct(v: number, t: number): string {
  return fmtF((100 * v) / t, 1);
}

/** The bin lines of one statistic (§15.2 "Bin line"). */
function binLines(s: StatBins, T: number, c0 = 0, c1 = 0, c2 = 0): string[] {
  const { factor: f, L, unit } = s.def;
  const out: string[] = [];
  const bins = s.visible();
  for (let n = 0; n < bins.length; n++) {
    const v = bins[n]!;
    if (L > 1 && T > 0) {
      if (f !== 1) out.push(`${fmtG(n / f)}-${Math.trunc(n / f + 1 / f - 1)} ${unit}:  ${v} (${pct(v, T)} %)`);
      else out.push(`${n} ${unit}:  ${v} (${pct(v, T)} %)`);
    } else if (c0 > 0 && c1 > 0 && c2 > 0) {
      out.push(`${v} (common cluster in detector, ${pct(v, c0)} % plane 0, ${pct(v, c1)} % plane 1, ${pct(v, c2)} % plane 2)`);
    } else if (c0 > 0 && c1 > 0) {
      out.push(`${v} (common cluster in detector, ${pct(v, c0)} % plane 0, ${pct(v, c1)} % plane 1)`);
    } else out.push(`${v} (${pct(v, T)} %)`);
  }
  return out;
}

/** One printed statistic: its title and bin lines. */
interface StatBlock {
  title: string;
  lines: string[];
  /** Plane statistics of planes 1 and 2 get an extra star line before them at HEAD. */
  planeAfterFirst: boolean;
  /** HEAD closes the plane statistics of one name with an extra star line. */
  closesPlaneGroup: boolean;
}

/** The statistics of one detector, in printing order (§15.2). */
function detectorBlocks(o: AnalysisOptions, stats: ClusterStatistics, det: number): StatBlock[] {
  const g = o.geometry;
  const out: StatBlock[] = [];
  const block = (title: string, lines: string[], planeAfterFirst = false, closesPlaneGroup = false): void => {
    out.push({ title, lines, planeAfterFirst, closesPlaneGroup });
  };
  if (g.isPad[det]) {
    const total = stats.count('ClusterCntPadDetector', det);
    for (const name of ['ClusterSizePads', 'ClusterExtensionPads_0', 'ClusterExtensionPads_1', 'ClusterCntPadDetector'] as const)
      block(name, binLines(stats.detStat(name, det), total));
    return out;
  }
  const defined = [0, 1, 2].filter((p) => g.planeDefined[det * 3 + p]);
  const cp = [0, 1, 2].map((p) => stats.planeCount(det, p) || 1);
  for (const name of PLANE_STATS) {
    defined.forEach((p, k) => block(`Plane ${p}: ${name}`, binLines(stats.planeStat(name, det, p), cp[p]!), p !== 0, k === defined.length - 1));
  }
  if (defined.includes(0) && defined.includes(1)) {
    const three = defined.includes(2);
    const c = stats.count('ClusterCntDetector', det);
    const names = [
      'DeltaTimePlanes_0_1', 'DeltaTimePlanes_1_2', 'DeltaTimePlanes_0_2', 'ChargeRatio_0_1', 'ChargeRatio_1_0',
      'ChargeRatio_0_2', 'ChargeRatio_2_0', 'ChargeRatio_1_2', 'ChargeRatio_2_1', 'ClusterCntDetector',
    ] as const;
    for (const name of names) {
      if (!three && /_0_2|_1_2|_2_0|_2_1/.test(name)) continue;
      block(name, binLines(stats.detStat(name, det), c, cp[0], cp[1], three ? cp[2] : 0));
    }
  }
  return out;
}

/** Cluster statistics of the final flush (printed only with save code ≥ 10), HEAD's log layout. */
export function clusterStatisticsReport(o: AnalysisOptions, stats: ClusterStatistics): ReportLine[] {
  const lines: string[] = [];
  for (const det of o.geometry.detectorsAscending) {
    lines.push(STAR, `Stats detector ${det}`, STAR);
    for (const b of detectorBlocks(o, stats, det)) {
      if (b.planeAfterFirst) lines.push(STAR);
      lines.push(STAR, b.title, STAR);
      for (const l of b.lines) lines.push(l); // no spread: a large -dt/-mst gives 10^5 lines and more
      if (!b.title.startsWith('Plane ')) lines.push(STAR);
      if (b.closesPlaneGroup) lines.push(STAR);
    }
  }
  return lines.map((m) => ['Statistics', m] as const);
}

/**
 * The same statistics in vmm-sdat c56141b's plain layout (ESS/VTC; formats.md §7.2):
 * every detector and every statistic starts after blank lines, no extra star lines.
 */
export function clusterStatisticsReportLegacy(o: AnalysisOptions, stats: ClusterStatistics): string[] {
  const lines: string[] = [];
  for (const det of o.geometry.detectorsAscending) {
    lines.push('', '', STAR, `Stats detector ${det}`, STAR);
    for (const b of detectorBlocks(o, stats, det)) {
      lines.push('', STAR, b.title, STAR);
      for (const l of b.lines) lines.push(l);
      lines.push(STAR);
    }
  }
  return lines;
}

/** c56141b: the block after the FEC statistics (%.1e, acquisition time of the last FEC block). */
export function totalClusterRateLegacy(o: AnalysisOptions, stats: ClusterStatistics, acqMs: number): string[] {
  let clusters = 0;
  for (const det of o.geometry.detectors) clusters += stats.count('ClusterCntDetector', det);
  return ['', STAR, `Total Cluster rate: ${fmtE((1000 * clusters) / acqMs, 1)} particles/s`, STAR];
}

/** c56141b: the analysis block (48/64/160 bits per hit for SRS/VTC/ESS) with the trigger count. */
export function analysisSummaryLegacy(hits: number, ms: number, bitsPerHit: number, triggers: number): string[] {
  const d = Math.max(1, ms);
  return [
    '', STAR, 'Stats (analysis):', STAR, `Analysis time: ${ms} ms`,
    `Hit rate: ${fmtE(Math.trunc((1000 * hits) / d), 1)} hit/s`,
    `Data rate: ${fmtE(Math.trunc((1000 * hits * bitsPerHit) / d), 1)} bit/s`,
    `Trigger rate: ${fmtE(Math.trunc(triggers / d), 1)} trigger/s (total triggers: ${triggers})`, STAR,
  ];
}

export interface FecReportInput {
  parser: SrsParserCounters;
  /** FEC that receives all parser counts (the parser's current FEC). */
  parserFec: number;
  lastFrameCounter: number;
  /** The hit handler's per-FEC bookkeeping. */
  acquisition: FecAcquisition;
}

const PARSER_NAMES = [
  'ParserTimestampSeqErrors', 'ParserTimestampOverflows', 'ParserBadFrames', 'ParserGoodFrames', 'ParserReadouts',
  'ParserMarkers', 'ParserData',
] as const;

/** FEC statistics (§15.3), always printed at the final flush. */
export function fecStatisticsReport(o: AnalysisOptions, stats: ClusterStatistics, r: FecReportInput): ReportLine[] {
  const lines: string[] = [];
  let acq = 0;
  for (const fec of o.geometry.fecs) {
    const mine = fec === r.parserFec;
    const get = (n: (typeof PARSER_NAMES)[number]): number => (mine ? r.parser[n] : 0);
    const a = r.acquisition;
    lines.push(STAR, `FEC ${fec}`, STAR);
    lines.push(`TimestampTooLarge: ${a.timestampTooLarge[fec] ?? 0}`);
    lines.push(`TimestampOverflow: ${a.timestampOverflow[fec] ?? 0}`);
    lines.push(`ParserFrameSeqErrors: ${mine && r.lastFrameCounter === 0 ? 1 : 0}`);
    lines.push('ParserFrameMissingErrors: 0', 'ParserFramecounterOverflows: 0');
    for (const n of PARSER_NAMES) lines.push(`${n}: ${get(n)}`);
    acq = acquisitionMsWithOverflow(a, fec);
    const data = get('ParserData');
    lines.push(STAR, 'Stats (acquisition):', STAR);
    lines.push(`Acq time: ${fmtF(acq, 1)} ms`);
    lines.push(`Hit rate FEC: ${fmtE((1000 * data) / acq)} hit/s`);
    lines.push(`Data rate FEC: ${fmtE((1000 * data * 48) / acq)} bit/s`);
    lines.push(STAR);
  }
  let clusters = 0;
  for (const det of o.geometry.detectors) clusters += stats.count('ClusterCntDetector', det);
  lines.push(STAR, `Total Cluster rate: ${fmtE((1000 * clusters) / acq)} particles/s`, STAR);
  return lines.map((m) => ['Statistics', m] as const);
}

/** §15.4 first block: analysis time and rates (volatile figures). */
export function analysisSummaryReport(hits: number, ms: number): ReportLine[] {
  const d = Math.max(1, ms);
  return [
    STAR, 'Stats (analysis):', STAR, `Analysis time: ${ms} ms`,
    `Hit rate: ${fmtE(Math.trunc((1000 * hits) / d))} hit/s`,
    `Data rate: ${fmtE(Math.trunc((1000 * hits * 48) / d))} bit/s`,
    'Trigger rate: 0.000000e+00 trigger/s (total triggers: 0)', STAR,
  ].map((m) => ['convertFile', m] as const);
}
