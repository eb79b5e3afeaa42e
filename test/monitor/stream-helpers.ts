/**
 * Helpers of the stream monitor tests: the run_geometry analysis options (the
 * reference case of example.pcapng), an offline analysis of a capture into a
 * monitor sink, a capture written from a list of payloads (the "same datagrams as
 * one capture"), a stream monitor on a given source, and waiting for a condition.
 */
import { createSocket } from 'node:dgram';
import { isAbsolute, join } from 'node:path';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import type { AnalysisOptions } from '../../src/config/options.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { binning } from '../../src/monitor/panels.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { StreamMonitor, type StreamMonitorConfig, type StreamSource } from '../../src/monitor/stream/stream-monitor.js';
import { encodeUdpFrame, resolveUdpAddressing, UDP_FRAME_OVERHEAD } from '../../src/net/build-frame.js';
import type { DetectorState } from '../../src/monitor/state.js';
import { loadCase, REFERENCE } from '../helpers/reference.js';

/** The detector of example_geometry.json. */
export const DET = 1;
export const BINNING = binning({ channelsX: 256, channelsY: 256 });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** run_geometry's convertFile options without -f, paths absolute (the monitor's analysis arguments). */
export function geometryArgs(): string[] {
  const a = [...loadCase('run_geometry').args];
  const i = a.indexOf('-f');
  a.splice(i, 2);
  return a.map((x, k) => (k > 0 && a[k - 1] === '-geo' && !isAbsolute(x) ? join(REFERENCE, x) : x));
}

export async function geometryOptions(): Promise<AnalysisOptions> {
  return (await createCaptureAnalyzer(monitorAnalysisArgs(geometryArgs(), [DET]))).options!;
}

/** `vmmscope analyze` of `path` as the monitor sees it: the monitor sink of detector 0. */
export async function offline(path: string, options: AnalysisOptions): Promise<MonitorFileSink> {
  const sink = new MonitorFileSink([DET], BINNING);
  await analyzeCaptureFile(path, { ...options, file: path }, sink);
  return sink;
}

/** A capture holding exactly `payloads` as UDP datagrams to port 6006. */
export function writeCapture(path: string, payloads: Uint8Array[]): void {
  const w = new PcapngFileWriter(path);
  const a = resolveUdpAddressing({ srcIp: '10.0.0.2', srcPort: 6006, dstIp: '10.0.0.3', dstPort: 6006 });
  const frame = new Uint8Array(UDP_FRAME_OVERHEAD + 65536);
  payloads.forEach((p, i) => w.writePacket(frame, 1000 + i, 0, encodeUdpFrame(frame, 0, p, 0, p.length, a, i & 0xffff)));
  w.close();
}

/** Sends payloads to 127.0.0.1:port, `perMs` datagrams per millisecond at most. */
export async function send(port: number, payloads: Uint8Array[], gapMs = 1): Promise<void> {
  const s = createSocket('udp4');
  try {
    for (const p of payloads) {
      await new Promise<void>((res, rej) => s.send(p, port, '127.0.0.1', (e) => (e ? rej(e) : res())));
      if (gapMs > 0) await sleep(gapMs);
    }
  } finally {
    s.close();
  }
}

export function streamMonitor(out: string, options: AnalysisOptions, source: StreamSource, cfg: Partial<StreamMonitorConfig> = {}): StreamMonitor {
  return new StreamMonitor(
    { out, detectors: [DET], binning: BINNING, window: 200, refreshSeconds: 3600, updateMs: 200, idleFlushSeconds: 0, maxDelayMs: 600_000, warmUp: false, ...cfg },
    options,
    source,
  );
}

export async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timeout waiting for ${what}`);
    await sleep(50);
  }
}

/** Totals of a detector state as plain numbers and histogram contents, to compare with an offline sink. */
export function totalsOf(d: DetectorState): unknown {
  return {
    hits: d.totalHits,
    clusters: d.totalClusters,
    image: Array.from(d.total.clustersImage.contents),
    hitsPos0: Array.from(d.total.hitsPos[0].contents),
    charge: Array.from(d.total.clustersCharge.contents),
  };
}

export function totalsOfSink(s: MonitorFileSink): unknown {
  const r = s.results[0]!;
  return {
    hits: r.counts.hits[0] + r.counts.hits[1],
    clusters: r.counts.clusters,
    image: Array.from(r.panels.clustersImage.contents),
    hitsPos0: Array.from(r.panels.hitsPos[0].contents),
    charge: Array.from(r.panels.clustersCharge.contents),
  };
}
