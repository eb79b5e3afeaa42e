/**
 * The live page in headless Debian Chromium (playwright-core with
 * `executablePath`): every panel of every tab draws data pixels; a new ring
 * file updates the panels without a reload and a zoom stays; log toggles change
 * the drawing; two browser contexts see the same totals and a reset (confirmed)
 * clears both; a reload keeps tab, log and palette; PNG and CSV downloads; a
 * monitor restart on the same port is followed by a reconnect; several detectors
 * (blocks, overlaid, stacked); the Time of flight tab of an ESS capture; no console
 * error and no request to anything but the monitor. Skipped when /usr/bin/chromium
 * is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { binning } from '../../src/monitor/panels.js';
import { liveRoutes } from '../../src/web/live/routes.js';
import { startMonitorServer } from '../../src/web/server.js';
import { DATA, REFERENCE } from '../helpers/reference.js';
import { xyuConfig } from '../monitor/helpers.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureBuilt, liveMonitor, type LiveServed } from './live-helpers.js';

interface Live {
  frames: number;
  version: number;
  connects: number;
  panels: number;
  builds: number;
  scales(): Record<string, { x0: number; x1: number; y0?: number; y1?: number }>;
  sum(det: number, title: string, view: string): number;
  hist(det: number, title: string, view: string): number[];
  combined(key: string): number[];
}
declare const window: { __vmmscopeLive: Live; __marker?: number };

/** Per panel (title + row), the number of saturated pixels in its canvas: data, not axes, grid or background. */
function coloured(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const p of Array.from(document.querySelectorAll<HTMLElement>('.panel'))) {
      const c = p.querySelector<HTMLCanvasElement>('.plot canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 40) n++;
      out[`${p.dataset.title}|${p.dataset.view}`] = n;
    }
    return out;
  });
}

function canvasOf(page: Page, title: string, view: string): Promise<string> {
  return page.evaluate(([t, v]) => document.querySelector<HTMLCanvasElement>(`.panel[data-title="${t}"][data-view="${v}"] .plot canvas`)!.toDataURL(), [title, view] as const);
}

const live = (page: Page) => page.evaluate(() => ({ frames: window.__vmmscopeLive.frames, version: window.__vmmscopeLive.version, connects: window.__vmmscopeLive.connects, panels: window.__vmmscopeLive.panels }));

async function watch(ctx: BrowserContext, base: string, problems: string[], external: string[], tolerate: { on: boolean }): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // while the monitor is down on purpose, the browser reports the refused connections
    if (tolerate.on && /ERR_CONNECTION_REFUSED|WebSocket connection/.test(m.text())) return;
    // the tests' own pixel readbacks (getImageData) make Chromium suggest willReadFrequently
    if (m.type() === 'warning' && /willReadFrequently/.test(m.text())) return;
    problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => void d.accept());
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    external.push(u);
    return route.abort();
  });
  return page;
}

async function open(page: Page, url: string, frames = 1): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction((n) => window.__vmmscopeLive?.frames >= n && window.__vmmscopeLive.panels > 0, frames, { timeout: 20_000 });
}

test('live page in headless Chromium', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async (t) => {
  let s: LiveServed = await liveMonitor();
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  const external: string[] = [];
  const tolerate = { on: false };
  const base = s.server.url;
  try {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    const page = await watch(ctx, base, problems, external, tolerate);
    await open(page, base);

    await t.test('every panel of every tab draws data', async () => {
      const seen: Record<string, number> = {};
      for (const tab of ['Hits', 'Clusters', 'Statistics']) {
        await page.click(`#tabs >> text=${tab}`);
        await page.waitForFunction(() => document.querySelectorAll('.panel').length > 0);
        Object.assign(seen, await coloured(page));
      }
      // hits and clusters: 4 panels × (latest, total); statistics: 10 histograms + 2 series
      assert.equal(Object.keys(seen).length, 8 + 8 + 12, Object.keys(seen).join(', '));
      for (const [k, n] of Object.entries(seen)) assert.ok(n > 20, `${k}: ${n} data pixels`);
      assert.ok(seen['hits adc0|latest']! > 5000, 'the strip × ADC map is filled');
    });

    await t.test('a new ring file updates the panels without a reload; the zoom stays', async () => {
      await page.click('#tabs >> text=Hits');
      await page.evaluate(() => (window.__marker = 1));
      const key = '0|hits pos0|total';
      const before = await page.evaluate((k) => window.__vmmscopeLive.scales()[k]!, key);
      const over = page.locator('.panel[data-title="hits pos0"][data-view="total"] .u-over');
      await over.hover();
      await page.mouse.wheel(0, -300);
      await page.waitForFunction(([k, x1]) => window.__vmmscopeLive.scales()[k]!.x1 < x1, [key, before.x1] as const);
      // box zoom on the total map as well
      const map = page.locator('.panel[data-title="hits adc0"][data-view="total"] canvas');
      const box = (await map.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 4 });
      await page.mouse.up();
      const zoomed = await page.evaluate(() => window.__vmmscopeLive.scales());
      assert.ok(zoomed[key]!.x1 - zoomed[key]!.x0 < 256 * 0.9, `wheel zoom ${JSON.stringify(zoomed[key])}`);
      const mz = zoomed['0|hits adc0|total']!;
      assert.ok(mz.x1 - mz.x0 < 100 && mz.y1! - mz.y0! < 600, `box zoom ${JSON.stringify(mz)}`);
      const sum1 = await page.evaluate(() => window.__vmmscopeLive.sum(0, 'hits pos0', 'total'));
      const v = (await live(page)).version;
      s.addFile(1);
      await s.analysed(2);
      await page.waitForFunction((v0) => window.__vmmscopeLive.version > v0, v, { timeout: 20_000 });
      assert.equal(await page.evaluate(() => window.__marker), 1, 'no reload');
      assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(0, 'hits pos0', 'total')), 2 * sum1, 'total of two files');
      assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(0, 'hits pos0', 'latest')), sum1, 'latest = one file');
      const after = await page.evaluate(() => window.__vmmscopeLive.scales());
      assert.deepEqual(after['0|hits adc0|total'], mz, 'box zoom kept across the update');
      assert.deepEqual([after[key]!.x0, after[key]!.x1], [zoomed[key]!.x0, zoomed[key]!.x1], 'wheel zoom (x) kept across the update');
      assert.ok(Math.abs(after[key]!.y1! - 2 * zoomed[key]!.y1!) < 1e-6, 'y follows the data when only x is zoomed');
      assert.deepEqual(after['0|hits pos0|latest'], zoomed['0|hits pos0|latest'], 'latest: same single-file contents, same ranges');
      assert.match(await page.textContent('#status') ?? '', /files analysed 2 .*total 12662 clusters in 2 files/);
      // double-click resets the zoom
      await page.dblclick('.panel[data-title="hits adc0"][data-view="total"] canvas', { position: { x: box.width * 0.5, y: box.height * 0.5 } });
      const reset = await page.evaluate(() => window.__vmmscopeLive.scales()['0|hits adc0|total']!);
      assert.deepEqual(reset, { x0: 0, x1: 256, y0: 0, y1: 1024 });
    });

    await t.test('log toggles change the drawing, globally and per panel', async () => {
      const a = await canvasOf(page, 'hits pos1', 'latest');
      await page.click('.panel[data-title="hits pos1"][data-view="latest"] [data-act="log"]');
      const b = await canvasOf(page, 'hits pos1', 'latest');
      assert.notEqual(a, b, 'per-panel log y');
      const other = await canvasOf(page, 'hits pos0', 'latest');
      const z0 = await canvasOf(page, 'hits adc1', 'latest');
      await page.click('.panel[data-title="hits adc1"][data-view="latest"] [data-act="log"]');
      assert.notEqual(await canvasOf(page, 'hits adc1', 'latest'), z0, 'per-panel log z (off)');
      await page.check('#logy');
      assert.notEqual(await canvasOf(page, 'hits pos0', 'latest'), other, 'global log y');
      await page.selectOption('#zscale', 'linear');
      const lin = await canvasOf(page, 'hits adc0', 'latest');
      await page.selectOption('#zscale', 'log');
      assert.notEqual(await canvasOf(page, 'hits adc0', 'latest'), lin, 'global log z');
    });

    await t.test('two browser contexts see the same totals; a reset clears both', async () => {
      const ctx2 = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const p2 = await watch(ctx2, base, problems, external, tolerate);
      await open(p2, base);
      const tot = (p: Page) => p.evaluate(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total'));
      assert.equal(await tot(page), 12662);
      assert.equal(await tot(p2), 12662);
      assert.match(await p2.textContent('#status') ?? '', /total 12662 clusters in 2 files/);
      await p2.click('#reset');
      for (const p of [page, p2]) await p.waitForFunction(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total') === 0, null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'latest')), 6331, 'latest survives');
      await page.waitForFunction(() => /total 0 clusters in 0 files/.test(document.getElementById('status')!.textContent ?? ''));
      assert.equal(s.monitor.state.resets, 1);
      await ctx2.close();
    });

    await t.test('a reload keeps tab, log and palette; downloads', async () => {
      await page.click('#tabs >> text=Clusters');
      await page.selectOption('#palette', 'D3');
      await page.selectOption('#colormap', 'hot');
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => window.__vmmscopeLive?.frames >= 1 && window.__vmmscopeLive.panels > 0);
      assert.equal(await page.getAttribute('#tabs .active', 'data-tab'), 'clusters');
      assert.equal(await page.isChecked('#logy'), true);
      assert.equal(await page.inputValue('#palette'), 'D3');
      assert.equal(await page.inputValue('#colormap'), 'hot');
      assert.match(page.url(), /#clusters$/);
      // plane 0 in D3's first colour #1f77b4
      const d3 = await page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.panel[data-title="clusters pos0"][data-view="latest"] .plot canvas')!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 0x1f) < 6 && Math.abs(d[i + 1]! - 0x77) < 6 && Math.abs(d[i + 2]! - 0xb4) < 6) n++;
        return n;
      });
      assert.ok(d3 > 20, `D3 colour pixels: ${d3}`);
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('.panel[data-title="clusters pos1:pos0"][data-view="latest"] [data-act="png"]')]);
      assert.equal(png.suggestedFilename(), 'det0_clusters_pos1_pos0_latest.png');
      assert.deepEqual([...readFileSync((await png.path())!).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.panel[data-title="clusters adc0+adc1"][data-view="latest"] [data-act="csv"]')]);
      const text = readFileSync((await csv.path())!, 'utf8');
      assert.equal(text.split('\n')[0], 'x_lo,x_hi,count');
      assert.equal(text.trim().split('\n').length, 1001);
    });

    await t.test('pause freezes the view while the monitor accumulates; resume shows the newest', async () => {
      const frames = (await live(page)).frames;
      const shown = await page.evaluate(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total'));
      await page.click('#pause');
      assert.match((await page.textContent('#status')) ?? '', /paused/);
      s.addFile(2);
      await s.analysed(3);
      await page.waitForFunction((f) => window.__vmmscopeLive.frames > f, frames);
      assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total')), shown, 'frozen');
      await page.click('#pause');
      assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total')), shown + 6331, 'resumed');
    });

    await t.test('a reset that is not confirmed changes nothing', async () => {
      const p3 = await ctx.newPage();
      p3.on('dialog', (d) => void d.dismiss());
      await open(p3, base);
      const resets = s.monitor.state.resets;
      await p3.click('#reset');
      await p3.waitForTimeout(300);
      assert.equal(s.monitor.state.resets, resets);
      await p3.close();
    });

    await t.test('a monitor restart is followed by a reconnect', async () => {
      const port = s.server.port;
      const before = (await live(page)).connects;
      tolerate.on = true;
      await s.stop(true);
      await page.waitForFunction(() => /reconnecting/.test(document.getElementById('status')!.textContent ?? ''), null, { timeout: 10_000 });
      s = await liveMonitor({ port, dir: s.dir });
      await page.waitForFunction((c) => window.__vmmscopeLive.connects > c, before, { timeout: 20_000 });
      await page.waitForFunction(() => /● live/.test(document.getElementById('status')!.textContent ?? ''));
      tolerate.on = false;
      // the new monitor starts from zero: its first file is the ring's newest
      await page.waitForFunction(() => window.__vmmscopeLive.sum(0, 'clusters pos0', 'total') === 6331, null, { timeout: 10_000 });
    });

    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
    await s.stop();
  }
});

test('several detectors: one block each, or overlaid and stacked statistics', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async () => {
  const s = await liveMonitor({ detectors: [0, 2] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  const external: string[] = [];
  try {
    const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await watch(ctx, s.server.url, problems, external, { on: false });
    await open(page, s.server.url);
    assert.deepEqual(await page.$$eval('section.detector h2', (hs) => hs.map((h) => h.textContent)), ['Detector 0', 'Detector 2']);
    assert.equal(await page.evaluate(() => window.__vmmscopeLive.sum(2, 'hits adc1', 'total')), await page.evaluate(() => window.__vmmscopeLive.sum(0, 'hits adc1', 'total')));
    await page.click('#tabs >> text=Statistics');
    assert.equal(await page.locator('.panel').count(), 24);
    /** Pixels of a colour in a panel's canvas. */
    const pixels = (title: string, hex: string) =>
      page.evaluate(([t, h]) => {
        const c = document.querySelector<HTMLCanvasElement>(`.panel[data-title="${t}"] .plot canvas`)!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - r!) < 8 && Math.abs(d[i + 1]! - g!) < 8 && Math.abs(d[i + 2]! - b!) < 8) n++;
        return n;
      }, [title, hex] as const);
    for (const mode of ['overlaid', 'stacked']) {
      await page.selectOption('#detlayout', mode);
      assert.equal(await page.locator('.panel').count(), 12, mode);
      assert.match((await page.textContent('section.detector h2')) ?? '', new RegExp(`Detectors 0, 2 \\(${mode}\\)`));
      // D3 colours 0 (detector 0) and 1 (detector 2) for plane-0 quantities
      const a = await pixels('clusters size0', '#1f77b4');
      const b = await pixels('clusters size0', '#ff7f0e');
      // overlaid, equal data: detector 2's line lies on detector 0's; stacked: it is twice as high
      if (mode === 'overlaid') assert.ok(b > 20 && a < b, `${mode}: ${a} and ${b} pixels`);
      else assert.ok(a > 20 && b > 20, `${mode}: ${a} and ${b} pixels`);
    }
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.panel[data-title="clusters size0"] [data-act="csv"]')]);
    const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    assert.equal(rows[0], 'x_lo,x_hi,det 0,det 2');
    assert.equal(rows.length, 33);
    for (const r of rows.slice(1)) {
      const c = r.split(',');
      assert.equal(c[2], c[3]);
    }
    // NMX tiling of the Clusters tab: detector index 1 (id 2) shifted in x (set here) and in y (default)
    await page.click('#tabs >> text=Clusters');
    await page.selectOption('#cluslayout', 'nmx');
    await page.fill('#tileshiftx', '1');
    await page.press('#tileshiftx', 'Enter');
    assert.equal(await page.locator('.panel').count(), 8);
    assert.match((await page.textContent('section.detector h2')) ?? '', /NMX tiling: x \+ 1280 for 1, y \+ 1280 for 1, 3/);
    for (const [title, view] of [['clusters pos0', 'total'], ['clusters pos1', 'latest']] as const) {
      const [a, b, tiled] = await page.evaluate(([t, v]) => [window.__vmmscopeLive.hist(0, t, v), window.__vmmscopeLive.hist(2, t, v), window.__vmmscopeLive.combined(`nmx|${t}|${v}`)], [title, view] as const);
      const k = tiled.length - a.length;
      assert.ok(a.length > 0 && k > 0 && a.reduce((x, y) => x + y, 0) > 0, `${title}: ${a.length} bins, tiled ${tiled.length}`);
      assert.deepEqual(tiled, tiled.map((_, i) => (a[i] ?? 0) + (i >= k ? b[i - k]! : 0)), title);
      // data pixels (saturated colour) in both tiles: left and right of the middle of the canvas
      const [left, right] = await page.evaluate(([t, v]) => {
        const c = document.querySelector<HTMLCanvasElement>(`.panel[data-det="0,2"][data-title="${t}"][data-view="${v}"] .plot canvas`)!;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const n = [0, 0];
        for (let i = 0; i < d.length; i += 4) {
          const x = (i / 4) % c.width;
          if (Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 80 && (x < 0.45 * c.width || x > 0.55 * c.width)) n[x < c.width / 2 ? 0 : 1]!++;
        }
        return n;
      }, [title, view] as const);
      assert.ok(left! > 20 && right! > 20, `${title}: ${left} and ${right} data pixels in the two tiles`);
    }
    // the summed untiled map: the sum of the detectors' maps; its CSV as the server's
    const [m0, m2, sum] = await page.evaluate(() => [window.__vmmscopeLive.hist(0, 'clusters pos1:pos0', 'total'), window.__vmmscopeLive.hist(2, 'clusters pos1:pos0', 'total'), window.__vmmscopeLive.combined('nmx|clusters pos1:pos0|total')]);
    assert.deepEqual(sum, m0.map((v, i) => v + m2[i]!));
    const [tcsv] = await Promise.all([page.waitForEvent('download'), page.click('.panel[data-title="clusters pos0"][data-view="total"] [data-act="csv"]')]);
    const trows = readFileSync((await tcsv.path())!, 'utf8').trim().split('\n');
    const tiled0 = await page.evaluate(() => window.__vmmscopeLive.combined('nmx|clusters pos0|total'));
    assert.equal(trows[0], 'x_lo,x_hi,count');
    assert.deepEqual(trows.slice(1).map((r) => Number(r.split(',')[2])), tiled0);
    // kept over a reload
    await page.reload();
    await page.waitForSelector('section.detector[data-tiling="nmx"] .panel');
    assert.equal(await page.inputValue('#tileshiftx'), '1');
    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
    await s.stop();
  }
});

test('the Time of flight tab of an ESS monitor draws its six panels per detector', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async () => {
  await ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-live-tof-'));
  const c = JSON.parse(readFileSync(join(REFERENCE, 'ess_LET', 'case.json'), 'utf8')) as { args: string[] };
  const args = c.args.slice(2).map((a) => (a.startsWith('../data/') ? join(DATA, a.slice(8)) : a));
  args[args.indexOf('-algo') + 1] = '7'; // c56141b's -algo 0
  copyFileSync(join(DATA, 'example_LET.pcapng'), join(dir, 'let_00000.pcapng'));
  writeFileSync(join(dir, 'let_semaphore.txt'), '0');
  // this capture's cluster ToFs lie between 0.1 and 8 s: a window there fills the thermal image
  const tof = { flightPathM: 19.4, windowS: [0.1, 8] as const };
  const mon = new Monitor(xyuConfig(dir, { stem: 'let', detectors: [0, 1], binning: { ...binning({ channelsX: 256, channelsY: 256 }), tof } }), await createCaptureAnalyzer(monitorAnalysisArgs(args, [0, 1])));
  await mon.init();
  await mon.run(new AbortController().signal, true);
  const server = await startMonitorServer({ page: () => mon.page(true), status: () => mon.status(), figure: () => null, reset: () => mon.reset(), ...liveRoutes(mon) }, { port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems: string[] = [];
  const external: string[] = [];
  try {
    const page = await watch(await browser.newContext({ viewport: { width: 1600, height: 1000 } }), server.url, problems, external, { on: false });
    await open(page, server.url);
    assert.equal(await page.isHidden('#tabs [data-tab="tof"]'), false, 'ToF tab shown');
    await page.click('#tabs >> text=Time of flight');
    const drawn = await coloured(page);
    assert.equal(Object.keys(drawn).length, 6, Object.keys(drawn).join(', '));
    assert.equal(await page.locator('.panel').count(), 12);
    for (const [k, n] of Object.entries(drawn)) assert.ok(n > 20, `${k}: ${n} data pixels`);
    assert.ok((await page.evaluate(() => window.__vmmscopeLive.sum(1, 'thermal image', 'total'))) > 100);
    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
