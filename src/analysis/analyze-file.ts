/**
 * Node glue: a capture file → UDP payloads → the streaming analysis. Reads with
 * bounded memory (src/io), extracts payloads with vmm-sdat's packet statistics
 * (src/net), and ends the run with the capture's first/last packet times.
 *
 * A capture damaged part-way (corrupt block, truncated tail) is analysed up to
 * the damage and reported in `damage`; a file that is not a capture at all throws.
 */
import { readCaptureFile, readCaptureFileAsync, type CaptureReadResult } from '../io/capture-file.js';
import { CapturePayloads } from './capture-payloads.js';
import { Analysis } from './analysis.js';
import { attachHealth } from '../health/accountant.js';
import type { AnalyzeFileOptions, AnalyzeFileResult } from './file-run.js';
import { analyzeCaptureFileThreaded } from './pipeline/threaded.js';
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from '../table/sink.js';
import type { SpillOptions } from '../cluster/spill-store.js';
import { FileSpillStore } from './spill-file.js';

/**
 * Analyses one capture file. `-n` stops the reading at the packet where the limit
 * is reached (as vmm-sdat). Throws CaptureFileError (unreadable) or PcapngError
 * (not a capture / damaged before the first packet); the sink is not closed then.
 */
export async function analyzeCaptureFile(
  path: string,
  options: AnalysisOptions,
  sink: AnalysisSink,
  o: AnalyzeFileOptions = {},
): Promise<AnalyzeFileResult> {
  if ((o.threads ?? 1) >= 2) return analyzeCaptureFileThreaded(path, options, sink, o);
  const sp = o.spill === true ? {} : o.spill || null;
  const store = sp ? new FileSpillStore(sp.dir) : null;
  try {
    return await analyzeInThisThread(path, options, sink, o, store && { store, maxPendingHits: sp!.maxPendingHits });
  } finally {
    store?.close();
  }
}

async function analyzeInThisThread(
  path: string,
  options: AnalysisOptions,
  sink: AnalysisSink,
  o: AnalyzeFileOptions,
  spill: SpillOptions | null,
): Promise<AnalyzeFileResult> {
  const analysis = new Analysis(options, sink, o.logger, { clustering: o.clustering, print: o.print, histograms: o.histograms, vectors: o.vectors, spill });
  const health = o.health ? attachHealth(analysis.hits, analysis.decoder === null) : null;
  const payloads = new CapturePayloads(o.udp, (b, off, len) => analysis.pushPayload(b, off, len), health);
  let read: CaptureReadResult | null = null;
  try {
    const ro = { signal: o.signal, onProgress: o.onProgress, maxBytes: o.maxBytes };
    read = o.sync ? readCaptureFile(path, payloads.onPacket, ro) : await readCaptureFileAsync(path, payloads.onPacket, ro);
  } catch (e) {
    payloads.damaged(e);
  }
  const { times, ...end } = payloads.end(read, o.timeZone);
  const result = await analysis.finish(times);
  return { ...result, ...end, triggers: analysis.decoder?.triggers ?? 0 };
}
