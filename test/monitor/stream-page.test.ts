/**
 * The stream monitor's page in headless Debian Chromium: after a throttled live run
 * (skipping exercised) the served page says where the data comes from and which share
 * was analysed, the figures load, and /api/status carries the stream counters and the
 * interval's wall-clock rates, and /api/histograms (the live page's API) answers. Skipped when /usr/bin/chromium is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ListenSource } from '../../src/monitor/stream/listen-source.js';
import { startMonitorServer } from '../../src/web/server.js';
import { liveRoutes } from '../../src/web/live/routes.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { readPayloads } from '../capture/e2e-helpers.js';
import { geometryOptions, send, streamMonitor, until } from './stream-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) ? `no ${CHROMIUM}` : !hasShared() && 'no ../shared';

test('stream page in Chromium: source and analysed share in the status line, figures, /api/status', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-stream-page-'));
  const src = new ListenSource([{ host: '127.0.0.1', port: 0 }]);
  const busy = () => {
    const t = performance.now();
    while (performance.now() - t < 15);
  };
  const mon = streamMonitor(join(dir, 'out'), await geometryOptions(), src, { maxDelayMs: 100, throttle: busy, refreshSeconds: 3600 });
  await mon.start();
  const server = await startMonitorServer({ page: () => mon.page(true), status: () => mon.status(), figure: (n) => mon.figures.get(n) ?? null, reset: () => mon.reset(), ...liveRoutes(mon) }, { port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    await send(src.bound[0]!.endpoint.port, readPayloads(join(DATA, 'example.pcapng')), 0);
    await until('all datagrams', () => mon.queue.counters.datagrams === 100);
    await until('the queue to empty', () => mon.queue.length === 0);
    await mon.tick();
    await mon.render();
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}monitorData.html`, { waitUntil: 'load' });
    const status = await page.$eval('.status', (e) => e.textContent ?? '');
    const c = mon.queue.counters;
    assert.ok(c.skippedDatagrams > 0, 'skipping exercised');
    assert.match(status, /listening on 127\.0\.0\.1:\d+/);
    assert.ok(status.includes(`analysing ${Math.round((100 * c.analysedBytes) / c.bytes)} % of the data`), status);
    const imgs = await page.$$eval('img', (is) => is.map((i) => [(i as HTMLImageElement).complete, (i as HTMLImageElement).naturalWidth]));
    assert.deepEqual(imgs, [[true, 1700], [true, 1700], [true, 1700]]);
    const api = (await (await fetch(`${server.url}api/status`)).json()) as { mode: string; stream: { analysedDatagrams: number; skippedDatagrams: number; lastInterval: { megabytesPerSecond: unknown } } };
    assert.equal(api.mode, 'stream');
    assert.equal(api.stream.analysedDatagrams + api.stream.skippedDatagrams, 100);
    assert.equal(typeof api.stream.lastInterval.megabytesPerSecond, 'number');
    assert.deepEqual(problems, []);
    // the live page's histogram API is fed by the same updates
    const h = await fetch(`${server.url}api/histograms?detector=1`);
    assert.equal(h.status, 200);
    assert.ok(JSON.stringify(await h.json()).length > 1000);
  } finally {
    await browser.close();
    await server.close();
    await mon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
