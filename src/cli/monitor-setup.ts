/**
 * What the per-file and the stream monitor commands share: the log line format and
 * the analysis set-up (analyzer built and options checked before waiting for data,
 * detectors missing from the geometry, strips per plane from the geometry, statistics
 * binning tied to the cuts, fonts).
 */
import { statsRangesFromCuts } from '../monitor/panels.js';
import { detectorCuts, geometryChannels, monitorAnalysisArgs, type FileAnalyzer, type KeepOutput } from '../monitor/analyzer.js';
import type { MonitorCliOptions } from '../monitor/options.js';
import { ensureFonts } from '../plots/png.js';

export function log(line: string): void {
  process.stderr.write(`[${new Date().toTimeString().slice(0, 8)}] ${line}\n`);
}

/** Builds the analyzer; tests and the benchmark inject their own through `runMonitor`. */
export type AnalyzerFactory = (analysisArgs: string[], keep: KeepOutput | null) => Promise<FileAnalyzer>;

/**
 * Builds the analyzer (options checked before waiting for data), warns about detectors
 * missing from the geometry, ties the statistics binning to the cuts when asked, and
 * checks the fonts; shared by the per-file and the stream monitor.
 */
export async function setUpAnalysis(o: MonitorCliOptions, makeAnalyzer: AnalyzerFactory): Promise<{ analyzer: FileAnalyzer; o: MonitorCliOptions }> {
  const analyzer = await makeAnalyzer(monitorAnalysisArgs(o.analysis, o.detectors), o.keep ? { format: o.keep, dir: o.keepDir } : null);
  if (analyzer.options) {
    const cuts = o.detectors.map((d) => [d, detectorCuts(analyzer.options!, d)] as const);
    for (const [d, c] of cuts) if (!c) log(`warning: detector ${d} is not in the geometry file ${analyzer.options.geometryFile}; its figures will stay empty`);
    const ch = geometryChannels(analyzer.options, o.detectors);
    const x = o.channelsGiven.x ? o.binning.channelsX : (ch.x ?? o.binning.channelsX);
    const y = o.channelsGiven.y ? o.binning.channelsY : (ch.y ?? o.binning.channelsY);
    if (x !== o.binning.channelsX || y !== o.binning.channelsY) {
      o = { ...o, binning: { ...o.binning, channelsX: x, channelsY: y } };
      log(`strips per plane from the geometry: ${x} × ${y} (--channels-x/--channels-y to change)`);
    }
    if (o.statsRange === 'analysis') {
      const known = cuts.flatMap(([, c]) => (c ? [c] : []));
      const max = (k: 'dtNs' | 'spcNs' | 'dpNs') => Math.max(0, ...known.map((c) => c[k]));
      o = { ...o, binning: { ...o.binning, stats: statsRangesFromCuts(max('dtNs'), max('spcNs'), max('dpNs')) } };
    }
  }
  if (o.tof.mode === 'on' || (o.tof.mode === 'auto' && analyzer.options?.dataFormat === 'ESS')) o = { ...o, binning: { ...o.binning, tof: o.tof.options } };
  const fonts = ensureFonts();
  if (fonts.source === 'none') log('warning: no font found; figure text will not render (bundled examples/fonts/DejaVuSans.ttf missing?)');
  return { analyzer, o };
}

