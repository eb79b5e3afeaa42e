/**
 * Node glue: a capture file → UDP payloads → the streaming analysis. Reads with
 * bounded memory (src/io), extracts payloads with vmm-sdat's packet statistics
 * (src/net), and ends the run with the capture's first/last packet times.
 *
 * A capture damaged part-way (corrupt block, truncated tail) is analysed up to
 * the damage and reported in `damage`; a file that is not a capture at all throws.
 */
import { readCaptureFile, readCaptureFileAsync } from '../io/capture-file.js';
import type { PacketRef } from '../pcapng/packet.js';
import { PcapngError } from '../pcapng/errors.js';
import { UdpExtractor } from '../net/udp-extractor.js';
import { formatPacketDate } from '../net/packet-date.js';
import { Analysis } from './analysis.js';
import type { AnalyzeFileOptions, AnalyzeFileResult } from './file-run.js';
import { analyzeCaptureFileThreaded } from './pipeline/threaded.js';
import type { AnalysisOptions } from '../config/options.js';
import type { AnalysisSink } from '../table/sink.js';

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
  const analysis = new Analysis(options, sink, o.logger, { clustering: o.clustering ?? true, print: o.print, histograms: o.histograms ?? true, vectors: o.vectors ?? true });
  const ex = new UdpExtractor(o.udp);
  let damage: PcapngError | null = null;
  let read: Awaited<ReturnType<typeof readCaptureFileAsync>> | null = null;
  try {
    const onPacket = (p: PacketRef): false | undefined => {
      const d = ex.extract(p);
      if (d !== null && d.length > 0 && !analysis.pushPayload(d.bytes, d.offset, d.length)) return false;
      return undefined;
    };
    const ro = { signal: o.signal, onProgress: o.onProgress };
    read = o.sync ? readCaptureFile(path, onPacket, ro) : await readCaptureFileAsync(path, onPacket, ro);
  } catch (e) {
    if (!(e instanceof PcapngError) || ex.stats.totalPackets === 0) throw e;
    damage = e;
  }
  ex.finish();
  const s = ex.stats;
  const has = s.totalPackets > 0;
  const result = await analysis.finish({
    firstSeconds: has ? s.firstSeconds : null,
    lastSeconds: has ? s.lastSeconds : null,
    firstDate: has ? formatPacketDate(s.firstSeconds, o.timeZone) : '',
    lastDate: has ? formatPacketDate(s.lastSeconds, o.timeZone) : '',
  });
  const ps = read?.parser.stats;
  return {
    ...result,
    capture: s,
    damage,
    triggers: analysis.decoder?.triggers ?? 0,
    truncatedTailBytes: ps?.truncatedBytes ?? 0,
    truncatedTailOffset: ps?.truncatedOffset ?? -1,
    interrupted: read?.aborted ?? false,
    bytesRead: read?.bytesRead ?? damage?.offset ?? 0,
  };
}
