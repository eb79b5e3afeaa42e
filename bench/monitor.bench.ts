/**
 * Monitor latency (issue 5): a live monitor follows a legacy ring; for a 20 MB
 * ring file (the legacy default size: example_xyu.pcapng replayed with shifted
 * times, demo parameters, detector 0, 256 × 256 strips) it measures the delay
 * from "file complete" (the semaphore naming it is written) to "figures and
 * status written", split into detection, analysis + histogram filling, and
 * drawing + PNG encoding + atomic writes. Also the cost of filling alone
 * (analysis into the monitor sink vs into a null sink), peak RSS, and the latency of
 * /api/status during an analysis in this thread and off the event loop.
 * Prints figures; asserts nothing. Target: < 1 s per 20 MB file. Measures the compiled
 * package (dist/, built by the bench runner), as `vmmscope monitor` runs.
 */
import { copyBatch } from '../dist/table/copy.js';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReplayedCapture } from './lib/replayed-capture.js';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../dist/monitor/analyzer.js';
import { createOffThreadAnalyzer } from '../dist/monitor/off-thread.js';
import { startMonitorServer } from '../dist/web/server.js';
import { DEMO_CAPTURE, demoAnalysisArgs } from '../dist/monitor/demo.js';
import { Monitor } from '../dist/monitor/monitor.js';
import { binning } from '../dist/monitor/panels.js';
import { MonitorState } from '../dist/monitor/state.js';
import { renderFigures, writeFigures } from '../dist/monitor/figures.js';
import type { TableBatch, TableSchema } from '../dist/table/types.js';

const dir = mkdtempSync(join(tmpdir(), 'vmmscope-monbench-'));
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
try {
  const src = join(dir, 'source.pcapng');
  const g = writeReplayedCapture(DEMO_CAPTURE, src, 20e6);
  const mb = statSync(src).size / 1e6;
  console.log(`input: ${mb.toFixed(1)} MB ring file (example_xyu.pcapng replayed ${g.replays} times), demo parameters, detector 0, 256 × 256 strips`);
  const bin = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });
  const analyze = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));

  // live: a running monitor, files completed one after the other
  const ring = join(dir, 'ring');
  const out = join(dir, 'out');
  mkdirSync(ring);
  const m = new Monitor(
    { dir: ring, stem: 'monitoring', out, naming: 'semaphore', order: 'newest', detectors: [0], binning: bin, window: 200, refreshSeconds: 10 },
    analyze,
  );
  await m.init();
  const ac = new AbortController();
  const running = m.run(ac.signal);
  const bytes = readFileSync(src);
  const rows: string[] = [];
  for (let i = 0; i < 4; i++) {
    const name = `monitoring_${String(i).padStart(5, '0')}.pcapng`;
    writeFileSync(join(ring, `.${name}.part`), bytes);
    renameSync(join(ring, `.${name}.part`), join(ring, name));
    writeFileSync(join(ring, '.sem.tmp'), String(i));
    const t0 = performance.now();
    renameSync(join(ring, '.sem.tmp'), join(ring, 'monitoring_semaphore.txt')); // file complete
    while (m.lastFile?.name !== name) await new Promise((r) => setTimeout(r, 2));
    const t1 = performance.now();
    const f = m.lastFile!;
    const detect = t1 - t0 - f.delaySeconds * 1000;
    rows.push(
      `file ${i}${i === 0 ? ' (warm-up)' : ''}: complete → figures and status written ${ms(t0, t1)} ` +
        `(detection ${detect.toFixed(0)} ms, analysis + filling ${(f.analysisSeconds * 1000).toFixed(0)} ms, ` +
        `figures ${(f.renderSeconds * 1000).toFixed(0)} ms)`,
    );
    await new Promise((r) => setTimeout(r, 50));
  }
  ac.abort();
  await running;
  for (const r of rows) console.log(r);
  console.log(`peak RSS of the live monitor ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  // the three parts alone (best of 3; the machine is shared): analysis, histogram filling, figures
  const never = new AbortController().signal;
  const batches: [TableSchema, TableBatch][] = [];
  let tAnalysis = Infinity;
  for (let k = 0; k < 3; k++) {
    batches.length = 0;
    const t0 = performance.now();
    await analyze(src, { write: (t, b) => void batches.push([t, copyBatch(b)]) }, never);
    tAnalysis = Math.min(tAnalysis, performance.now() - t0);
  }
  const st = new MonitorState([0], bin);
  let tFill = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const sink = st.beginFile();
    for (const [t, b] of batches) sink.write(t, b);
    st.commitFile(sink, { name: 'x', t: k });
    tFill = Math.min(tFill, performance.now() - t0);
  }
  const f = st.latest(0)!;
  let tFig = Infinity;
  const figDir = join(dir, 'figs');
  mkdirSync(figDir);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await writeFigures(figDir, await renderFigures(st, new Date()));
    tFig = Math.min(tFig, performance.now() - t0);
  }
  console.log(
    `analysis (read, decode, hits, clusters, matching) ${tAnalysis.toFixed(0)} ms = ${(mb / (tAnalysis / 1000)).toFixed(0)} MB/s; ` +
      `histogram filling ${tFill.toFixed(0)} ms (${f.counts.hits[0] + f.counts.hits[1]} hits, ${f.counts.clusters} clusters of detector 0); ` +
      `3 figures drawn, PNG-encoded and written ${tFig.toFixed(0)} ms`,
  );

  // responsiveness: /api/status polled while a live monitor analyses and renders one file,
  // with the analysis in this thread (in process) and off the event loop (the command's default)
  for (const [label, analyzer] of [
    ['in this thread', analyze],
    ['off-thread (default)', await createOffThreadAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]))],
  ] as const) {
    const r2 = join(dir, `ring-${label.length}`);
    mkdirSync(r2);
    writeFileSync(join(r2, 'monitoring_00000.pcapng'), bytes);
    const m2 = new Monitor(
      { dir: r2, stem: 'monitoring', out: join(dir, `out-${label.length}`), naming: 'semaphore', order: 'newest', detectors: [0], binning: bin, window: 200, refreshSeconds: 10, pollMs: 50 },
      analyzer,
    );
    await m2.init();
    const server = await startMonitorServer({ page: () => m2.page(true), status: () => m2.status(), figure: () => null, reset: () => m2.reset() }, { port: 0 });
    const ac2 = new AbortController();
    const run2 = m2.run(ac2.signal);
    writeFileSync(join(r2, 'monitoring_semaphore.txt'), '0');
    const lat: { analysing: number[]; after: number[] } = { analysing: [], after: [] };
    while (m2.lastFile === null) {
      const t0 = performance.now();
      const st = (await (await fetch(`${server.url}api/status`)).json()) as { analysing: unknown };
      (st.analysing ? lat.analysing : lat.after).push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
    ac2.abort();
    await run2;
    await server.close();
    const q = (xs: number[]) => {
      const v = [...xs].sort((a, b) => a - b);
      return v.length ? `median ${v[v.length >> 1]!.toFixed(1)} ms, p99 ${v[Math.floor(v.length * 0.99)]!.toFixed(0)} ms, max ${v[v.length - 1]!.toFixed(0)} ms (${v.length} requests)` : 'no requests';
    };
    console.log(`/api/status latency, analysis ${label}: during the analysis ${q(lat.analysing)}; after it (commit, figures) ${q(lat.after)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
