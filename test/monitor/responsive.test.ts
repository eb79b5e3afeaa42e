/**
 * The monitor stays responsive while it analyses: a live monitor with its HTTP server
 * and the off-thread analyzer (the `vmmscope monitor` default) analyses an 8 MB ring
 * file (example_xyu.pcapng replayed with shifted times, the SRS encoder's shift); a
 * client polls /api/status throughout. Asserts correctness only: every answer is a
 * valid status, answers arrive *during* the analysis (with its progress), and the
 * committed histograms equal those of the same analysis in this thread. Latencies are
 * printed as diagnostics; `npm run bench -- monitor` reports them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReplayedCapture } from '../../bench/lib/replayed-capture.js';
import { binning } from '../../src/monitor/panels.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { demoAnalysisArgs } from '../../src/monitor/demo.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { createOffThreadAnalyzer } from '../../src/monitor/off-thread.js';
import { startMonitorServer } from '../../src/web/server.js';
import { XYU_CAPTURE } from './helpers.js';

const BIN = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });

test('/api/status answers during the analysis of a large ring file; the off-thread result equals the in-thread one', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-resp-'));
  try {
    const ring = join(dir, 'ring');
    mkdirSync(ring);
    const file = join(ring, 'monitoring_00000.pcapng');
    writeReplayedCapture(XYU_CAPTURE, file, 8e6);
    const args = monitorAnalysisArgs(demoAnalysisArgs(), [0]);
    const inThread = new MonitorFileSink([0], BIN);
    await (await createCaptureAnalyzer(args))(file, inThread, new AbortController().signal);

    const m = new Monitor(
      { dir: ring, stem: 'monitoring', out: join(dir, 'out'), naming: 'semaphore', order: 'newest', detectors: [0], binning: BIN, window: 200, refreshSeconds: 10, pollMs: 50 },
      await createOffThreadAnalyzer(args),
    );
    await m.init();
    const server = await startMonitorServer({ page: () => m.page(true), status: () => m.status(), figure: () => null, reset: () => m.reset() }, { port: 0 });
    const ac = new AbortController();
    const running = m.run(ac.signal);
    const answers: { ms: number; analysing: { bytesDone: number; bytesTotal: number } | null; files: number }[] = [];
    try {
      writeFileSync(join(ring, 'monitoring_semaphore.txt'), '0');
      while (m.lastFile === null) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}api/status`);
        assert.equal(r.status, 200);
        const st = (await r.json()) as { analysing: { bytesDone: number; bytesTotal: number } | null; filesAnalysed: number };
        answers.push({ ms: performance.now() - t0, analysing: st.analysing, files: st.filesAnalysed });
        await new Promise((res) => setTimeout(res, 10));
      }
    } finally {
      ac.abort();
      await running;
      await server.close();
    }
    const during = answers.filter((a) => a.analysing !== null);
    assert.ok(during.length >= 3, `${during.length} of ${answers.length} answers during the analysis`);
    const size = statSync(file).size;
    for (const a of during) assert.ok(a.analysing!.bytesDone <= size && a.analysing!.bytesTotal === size, JSON.stringify(a));
    assert.ok(new Set(during.map((a) => a.analysing!.bytesDone)).size >= 2, 'progress advances while the server answers');
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    t.diagnostic(`slowest: ${JSON.stringify(answers.map((a, i) => [i, Math.round(a.ms), a.analysing?.bytesDone ?? null]).sort((x, y) => y[1]! - x[1]!).slice(0, 6))}`);
    t.diagnostic(`${answers.length} status answers, ${during.length} during the analysis; latency median ${ms[ms.length >> 1]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`);
    // the committed file equals the analysis in this thread
    const latest = m.state.latest(0)!;
    const ref = inThread.results[0]!;
    assert.deepEqual(latest.counts, ref.counts);
    const a = [...latest.panels.all(), ...latest.stats.all()];
    const b = [...ref.panels.all(), ...ref.stats.all()];
    a.forEach((h, i) => assert.deepEqual(h.contents, b[i]!.contents, h.name));
    assert.equal(m.lastFile!.hits, inThread.rows.hits);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abort during an off-thread analysis: run() ends, nothing committed, no worker left', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-resp-'));
  try {
    const ring = join(dir, 'ring');
    mkdirSync(ring);
    writeReplayedCapture(XYU_CAPTURE, join(ring, 'monitoring_00000.pcapng'), 8e6);
    writeFileSync(join(ring, 'monitoring_semaphore.txt'), '0');
    const m = new Monitor(
      { dir: ring, stem: 'monitoring', out: join(dir, 'out'), naming: 'semaphore', order: 'newest', detectors: [0], binning: BIN, window: 200, refreshSeconds: 10, pollMs: 50 },
      await createOffThreadAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0])),
    );
    await m.init();
    const ac = new AbortController();
    const running = m.run(ac.signal);
    while (!m.current || m.current.bytesDone === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await running;
    assert.equal(m.filesAnalysed, 0);
    assert.equal(m.lastFile, null);
    assert.equal(m.state.detectors[0]!.filesInTotal, 0);
    assert.equal(m.current, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
