/**
 * `vmmscope monitor --listen …` and `--follow stream`: thin command over
 * `src/monitor/stream`. Builds the source (sockets, sockets + recorder, or the
 * growing ring), the stream monitor and the server; on Ctrl-C stops the source
 * (the recorder finishes its file), analyses what is queued, writes the final
 * update and exits.
 */
import { existsSync } from 'node:fs';
import { OptionError } from '../capture/options.js';
import { resolveRecordOptions } from '../capture/record-options.js';
import { MonitorConfigError } from '../monitor/analyzer.js';
import type { MonitorCliOptions } from '../monitor/options.js';
import { ListenSource, RecordingSource } from '../monitor/stream/listen-source.js';
import { RingStreamSource } from '../monitor/stream/ring-stream-source.js';
import { StreamMonitor, type StreamSource } from '../monitor/stream/stream-monitor.js';
import type { StreamCliOptions } from '../monitor/stream/stream-options.js';
import { startMonitorServer, type RunningServer } from '../web/server.js';
import { liveBuilt, liveRoutes } from '../web/live/routes.js';
import { createCaptureAnalyzer } from '../monitor/analyzer.js';
import { log, setUpAnalysis, type AnalyzerFactory } from './monitor-setup.js';

function makeSource(o: MonitorCliOptions, s: StreamCliOptions): StreamSource {
  if (s.input.kind === 'follow') {
    if (!o.name) throw new MonitorConfigError('monitor: --follow stream needs --name STEM (the ring files STEM_NNNNN_….pcapng)');
    if (!existsSync(o.dir)) throw new MonitorConfigError(`monitor: ring folder ${o.dir} does not exist (--dir)`);
    return new RingStreamSource(o.dir, o.name, Math.min(o.pollMs, 100), log, s.start);
  }
  if (!s.record) return new ListenSource(s.input.listen);
  let rec;
  try {
    rec = resolveRecordOptions({ name: o.name ?? undefined, dir: o.dir, source: 'udp', listen: s.input.listenText, ...s.record });
  } catch (e) {
    if (e instanceof OptionError) throw new MonitorConfigError(`monitor --record: ${e.message}`);
    throw e;
  }
  return new RecordingSource(rec, log);
}

/** Runs the stream monitor; resolves to the exit status. */
export async function runStreamMonitor(o: MonitorCliOptions, s: StreamCliOptions, makeAnalyzer: AnalyzerFactory = createCaptureAnalyzer, signal?: AbortSignal): Promise<number> {
  if (o.demo) throw new MonitorConfigError('monitor: --demo runs the per-file monitor; drop --listen/--follow stream');
  if (o.keep) throw new MonitorConfigError('monitor: --keep applies to the per-file monitor; with --listen use --record to keep the data');
  if (o.once) throw new MonitorConfigError('monitor: --once applies to the per-file monitor');
  const source = makeSource(o, s);
  let analyzer;
  ({ analyzer, o } = await setUpAnalysis(o, makeAnalyzer));
  if (!analyzer.options) throw new MonitorConfigError('monitor: the stream monitor needs the real analysis');
  const mon = new StreamMonitor(
    { out: o.out, detectors: o.detectors, binning: o.binning, window: o.window, refreshSeconds: o.refreshSeconds, updateMs: s.updateMs, idleFlushSeconds: s.idleFlushSeconds, maxDelayMs: s.maxDelayMs },
    analyzer.options,
    source,
    log,
  );
  let stop = (): void => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      log('stopping…');
      resolve();
    };
  });
  signal?.addEventListener('abort', stop, { once: true });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let server: RunningServer | null = null;
  try {
    await mon.start();
    if (o.server) {
      server = await startMonitorServer(
        { page: () => mon.page(true), status: () => mon.status(), figure: (n) => mon.figures.get(n) ?? null, reset: () => mon.reset(), ...liveRoutes(mon) },
        { port: o.port, host: o.host },
      );
    }
    log(`${source.description}; update every ${s.updateMs} ms, idle flush after ${s.idleFlushSeconds} s; figures and monitorData.html in ${o.out}`);
    if (server) {
      log(`open ${server.url} (live page, updated every ${s.updateMs} ms; PNG page at ${server.url}monitorData.html; status at ${server.url}api/status); Ctrl-C to stop`);
      if (!liveBuilt()) log('warning: the live page is not built (npm run build); only the PNG page is served');
    }
    await stopped;
    await mon.stop();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server?.close();
  }
  const c = mon.queue.counters;
  const share = mon.share();
  log(
    `stopped: ${c.datagrams} datagrams (${(c.bytes / 1e6).toFixed(1)} MB), ${c.analysedDatagrams} analysed, ${c.skippedDatagrams} skipped` +
      `${share ? ` (${share})` : ''}; ${mon.state.detectors.map((d) => `det ${d.id}: ${d.totalHits} hits, ${d.totalClusters} clusters`).join('; ')}`,
  );
  if (source instanceof RecordingSource && source.summary) log(`record: ${source.summary.files} file(s), ${source.summary.packets} packets written; ${source.summary.notes.join('; ')}`);
  return 0;
}
