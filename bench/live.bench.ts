/**
 * The live page (issue 10): 4 detectors with every panel (the demo capture's
 * trees analysed for detector 0 and copied to detectors 1–3), a 20 MB ring file
 * per update. Prints the bytes pushed per update (one binary frame per
 * subscription), the server's time per update (encoding + sending to every
 * client), the analysis time per file with 0 and with 20 connected WebSocket
 * clients (in a separate process), and the browser's main-thread time to redraw
 * the whole page and one panel, measured in headless Chromium. Asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildWeb } from '../scripts/build-web.mjs';
import { writeReplayedCapture } from './lib/replayed-capture.js';
import { createCaptureAnalyzer, monitorAnalysisArgs, type FileAnalyzer } from '../dist/monitor/analyzer.js';
import { DEMO_CAPTURE, demoAnalysisArgs } from '../dist/monitor/demo.js';
import { Monitor } from '../dist/monitor/monitor.js';
import { binning } from '../dist/monitor/panels.js';
import { copyBatch } from '../dist/table/copy.js';
import { columnIndex } from '../dist/table/types.js';
import { liveRoutes } from '../dist/web/live/routes.js';
import { startMonitorServer } from '../dist/web/server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const dir = mkdtempSync(join(tmpdir(), 'vmmscope-livebench-'));
try {
  await buildWeb();
  const src = join(dir, 'source.pcapng');
  writeReplayedCapture(DEMO_CAPTURE, src, 20e6);
  const mb = statSync(src).size / 1e6;
  const base = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
  // detector 0's rows, and copies of them as detectors 1, 2, 3
  const four: FileAnalyzer = (path, sink, signal, progress) =>
    base(path, {
      write(t, b) {
        sink.write(t, b);
        for (const d of [1, 2, 3]) {
          const c = copyBatch(b);
          (c.columns[columnIndex(c.schema, 'det')] as Uint8Array).fill(d);
          sink.write(t, c);
        }
      },
    }, signal, progress);
  const ring = join(dir, 'ring');
  mkdirSync(ring);
  const m = new Monitor(
    { dir: ring, stem: 'monitoring', out: join(dir, 'out'), naming: 'semaphore', order: 'newest', detectors: [0, 1, 2, 3], binning: binning({ channelsX: 256, channelsY: 256, maxCharge: 10000, chargeBins: 1000 }), window: 200, refreshSeconds: 10 },
    four,
  );
  await m.init();
  const live = liveRoutes(m);
  const server = await startMonitorServer({ page: () => m.page(true), status: () => m.status(), figure: () => null, reset: () => m.reset(), ...live }, { port: 0 });
  const notifyMs: number[] = [];
  const notify = m.store.notify.bind(m.store);
  m.store.notify = (c) => {
    const t0 = performance.now();
    notify(c);
    if (c === 'data') notifyMs.push(performance.now() - t0);
  };
  const ac = new AbortController();
  const running = m.run(ac.signal);
  const bytes = readFileSync(src);
  let n = 0;
  const file = async () => {
    const name = `monitoring_${String(n).padStart(5, '0')}.pcapng`;
    writeFileSync(join(ring, `.${name}.part`), bytes);
    renameSync(join(ring, `.${name}.part`), join(ring, name));
    writeFileSync(join(ring, '.sem'), String(n++));
    renameSync(join(ring, '.sem'), join(ring, 'monitoring_semaphore.txt'));
    while (m.lastFile?.name !== name) await new Promise((r) => setTimeout(r, 5));
    return m.lastFile.analysisSeconds * 1000;
  };
  await file(); // warm-up
  const alone: number[] = [];
  for (let i = 0; i < 3; i++) alone.push(await file());
  const pushAlone = notifyMs.slice(-3);
  // 20 WebSocket clients in another process, each decoding nothing but counting bytes
  const clientScript = `import WebSocket from 'ws'; let open = 0; const n = 20;
    for (let i = 0; i < n; i++) { const ws = new WebSocket(process.argv[1]); ws.on('open', () => { if (++open === n) console.log('open'); }); ws.on('message', () => {}); }`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', clientScript, `${server.url.replace('http', 'ws')}live`], { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(import.meta.dirname, '..') });
  await new Promise<void>((r) => child.stdout.on('data', (d) => String(d).includes('open') && r()));
  while (live.push.clientCount < 20) await new Promise((r) => setTimeout(r, 10));
  const crowd: number[] = [];
  for (let i = 0; i < 3; i++) crowd.push(await file());
  const pushCrowd = notifyMs.slice(-3);
  const st = live.push.stats;
  console.log(`input: ${mb.toFixed(1)} MB ring file per update, 4 detectors × 27 histogram panels (latest + total) + 2 series panels; machine shared and loaded`);
  console.log(`bytes pushed per update and client: ${(st.lastBytes / 1024).toFixed(0)} kB (one binary frame, plain position branch; encoded once per update, ${st.lastEncodeMs.toFixed(1)} ms)`);
  console.log(`server time per update (encode + send): ${median(pushAlone).toFixed(1)} ms with 0 clients, ${median(pushCrowd).toFixed(1)} ms with 20 clients`);
  const slow = (100 * (median(crowd) - median(alone))) / median(alone);
  console.log(`analysis per file: ${median(alone).toFixed(0)} ms with 0 clients (${alone.map((v) => v.toFixed(0)).join(', ')}), ${median(crowd).toFixed(0)} ms with 20 clients (${crowd.map((v) => v.toFixed(0)).join(', ')}): ${slow >= 0 ? '+' : ''}${slow.toFixed(1)} %`);
  child.kill();
  if (existsSync(CHROMIUM)) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __vmmscopeLive: { frames: number } }).__vmmscopeLive?.frames > 0);
    for (const tab of ['Hits', 'Clusters', 'Statistics']) {
      await page.click(`#tabs >> text=${tab}`);
      const r = await page.evaluate(() => (window as unknown as { __vmmscopeLive: { bench(n: number): Promise<{ pageMs: number; panels: number; panelMedianMs: number; panelMaxMs: number }> } }).__vmmscopeLive.bench(5));
      console.log(`browser redraw, ${tab} tab (${r.panels} panels, 4 detectors): whole page ${r.pageMs.toFixed(0)} ms; one panel median ${r.panelMedianMs.toFixed(1)} ms, slowest ${r.panelMaxMs.toFixed(1)} ms`);
    }
    await browser.close();
  } else console.log(`(no ${CHROMIUM}: browser redraw not measured)`);
  ac.abort();
  await server.close();
  await running;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
