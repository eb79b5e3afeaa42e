/**
 * `vmmscope monitor`: thin command over `src/monitor` and `src/web/server`.
 * Parses options, builds the analyzer (convertFile options validated before
 * waiting for data), starts the loop and the server, stops cleanly on Ctrl-C.
 */
import { basename } from 'node:path';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { binning } from '../../monitor/panels.js';
import { MonitorConfigError, type FileAnalyzer } from '../../monitor/analyzer.js';
import { DEMOS, DEMO_STEM, demoAnalysisArgs, setupDemoRing } from '../../monitor/demo.js';
import { Monitor } from '../../monitor/monitor.js';
import { createOffThreadAnalyzer } from '../../monitor/off-thread.js';
import { MONITOR_HELP, parseMonitorArgs, type MonitorCliOptions } from '../../monitor/options.js';
import { loadReference, loadThresholds } from '../../health/health-file.js';
import { startMonitorServer, type RunningServer } from '../../web/server.js';
import { liveBuilt, liveRoutes } from '../../web/live/routes.js';
import type { Command } from '../command.js';
import { splitStreamArgs, STREAM_HELP } from '../../monitor/stream/stream-options.js';
import { runStreamMonitor } from '../monitor-stream.js';
import { log, setUpAnalysis, type AnalyzerFactory } from '../monitor-setup.js';

export type { AnalyzerFactory };

/**
 * Runs the monitor command with already parsed options; resolves to the exit status.
 * The demo's temporary ring (and the figures in it, unless --out was given) is removed
 * whatever the end: normal, --once, Ctrl-C, an error, or a second Ctrl-C.
 */
export async function runMonitor(o: MonitorCliOptions, makeAnalyzer: AnalyzerFactory = createOffThreadAnalyzer, signal?: AbortSignal): Promise<number> {
  let demoRing: string | null = null;
  const removeDemo = (): void => {
    if (demoRing) rmSync(demoRing, { recursive: true, force: true });
    demoRing = null;
  };
  process.on('exit', removeDemo); // last resort: an exit that skips the finally below
  try {
    if (o.demo) {
      const demo = DEMOS[o.demo];
      demoRing = await setupDemoRing(o.demo);
      const h = demo.histograms;
      const dbin = binning({ ...o.binning, channelsX: h.channelsX, channelsY: h.channelsY, maxCharge: h.maxCharge, chargeBins: 1000 });
      // figures: --out, else the current folder with --once, else the temporary folder (served, removed at exit)
      const out = o.outGiven || o.once ? o.out : demoRing;
      o = { ...o, name: DEMO_STEM, dir: demoRing, out, detectors: [...h.detectors], binning: dbin, channelsGiven: { x: true, y: true }, analysis: [...demoAnalysisArgs(o.demo), ...o.analysis] };
      log(`demo: bundled ${basename(demo.capture)} set up as a one-file ring in ${demoRing} (${DEMO_STEM}_00000.pcapng + ${DEMO_STEM}_semaphore.txt), removed at exit`);
      if (!o.once)
        log(`demo: to see an update, copy a capture to ${demoRing}/${DEMO_STEM}_00001.pcapng, then write 1 into ${DEMO_STEM}_semaphore.txt`);
    }
    return await monitor(o, makeAnalyzer, removeDemo, o.demo !== null && o.out === o.dir, signal);
  } finally {
    process.off('exit', removeDemo);
    removeDemo();
  }
}

async function monitor(o: MonitorCliOptions, makeAnalyzer: AnalyzerFactory, removeDemo: () => void, outIsTemporary: boolean, signal?: AbortSignal): Promise<number> {
  if (!o.name) throw new MonitorConfigError('monitor: --name STEM is required (or --config FILE, or --demo); see vmmscope monitor --help');
  const stem = o.name;
  if (!existsSync(o.dir)) throw new MonitorConfigError(`monitor: ring folder ${o.dir} does not exist (--dir)`);
  if (o.keep) mkdirSync(o.keepDir, { recursive: true });
  let analyzer: FileAnalyzer;
  ({ analyzer, o } = await setUpAnalysis(o, makeAnalyzer));
  const mon = new Monitor(
    { dir: o.dir, stem, out: o.out, naming: o.naming, order: o.order, detectors: o.detectors, binning: o.binning, window: o.window, refreshSeconds: o.refreshSeconds, pollMs: o.pollMs, healthThresholds: loadThresholds(o.healthThresholds ?? undefined), healthReference: loadReference(o.reference ?? undefined) },
    analyzer,
    log,
  );
  await mon.init();
  const ac = new AbortController();
  signal?.addEventListener('abort', () => ac.abort(), { once: true });
  // first Ctrl-C: stop cleanly (the file under analysis is discarded, figures stay complete); second: exit at once
  const stop = () => {
    if (ac.signal.aborted) {
      log('second Ctrl-C: exiting now');
      removeDemo();
      process.exit(130);
    }
    log('stopping… (Ctrl-C again to exit at once)');
    ac.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let server: RunningServer | null = null;
  try {
    if (!o.once && o.server) {
      server = await startMonitorServer(
        { page: () => mon.page(true), status: () => mon.status(), figure: (n) => mon.figures.get(n) ?? null, reset: () => mon.reset(), metrics: () => mon.metrics(), ...liveRoutes(mon) },
        { port: o.port, host: o.host },
      );
    }
    log(`following ${o.dir}/${stem}_… (${o.naming} naming, ${o.order === 'all' ? 'every file' : 'newest file'}); figures and monitorData.html in ${o.out}`);
    if (server) {
      log(`open ${server.url} (live page; PNG page at ${server.url}monitorData.html, refresh every ${o.refreshSeconds} s; status at ${server.url}api/status); Ctrl-C to stop`);
      if (!liveBuilt()) log('warning: the live page is not built (npm run build); only the PNG page is served');
    }
    await mon.run(ac.signal, o.once);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server?.close();
  }
  log(`${o.once ? 'done' : 'stopped'}: ${mon.filesAnalysed} file(s) analysed, ${mon.filesSkipped} skipped, ${mon.filesFailed} failed; ${outIsTemporary ? 'the figures go with the temporary folder (--out DIR keeps them)' : `figures in ${o.out} (open ${o.out}/monitorData.html)`}`);
  return mon.filesFailed > 0 && o.once ? 1 : 0;
}

export const command: Command = {
  name: 'monitor',
  summary: 'Follow the ring buffer, analyse each new file, write figures and serve the live page',
  async run(argv) {
    try {
      const { stream, rest } = splitStreamArgs(argv);
      const o = parseMonitorArgs(rest);
      if (o.help) {
        process.stdout.write(MONITOR_HELP + STREAM_HELP);
        return 0;
      }
      return stream ? await runStreamMonitor(o, stream) : await runMonitor(o);
    } catch (e) {
      const err = e as Error & { exitCode?: number; argument?: string };
      if (e instanceof MonitorConfigError || typeof err.exitCode === 'number') {
        process.stderr.write(`${err.message}${err.argument ? `: ${err.argument}` : ''}\n`);
        return err.exitCode ?? 2;
      }
      if (err.message?.startsWith('monitor:')) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      throw e;
    }
  },
};
