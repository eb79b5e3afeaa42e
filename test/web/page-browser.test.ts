/**
 * The monitor page in headless Debian Chromium (playwright-core with
 * `executablePath`, never a downloaded browser): three tabs, every image loads
 * as a 1700 × 900 PNG, the chosen tab survives the page's own meta refresh,
 * the reset button works, no console error and no request leaves the monitor.
 * Skipped (with a message) when /usr/bin/chromium is not installed; CI
 * installs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { servedMonitor } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

test('page in headless Chromium: tabs, images, refresh keeps the tab, reset, no errors, nothing external', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async () => {
  const s = await servedMonitor(3);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(s.server.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    await page.goto(s.server.url, { waitUntil: 'load' });
    const tabs = await page.$$eval('nav [data-tab]', (as) => as.map((a) => a.textContent));
    assert.deepEqual(tabs, ['All measurements', 'Last measurement', 'Cluster statistics']);
    const visible = () => page.$$eval('section', (ss) => ss.filter((x) => !(x as HTMLElement).hidden).map((x) => x.id));
    assert.deepEqual(await visible(), ['total'], 'default tab');
    const imgs = await page.$$eval('img', (is) => is.map((i) => [i.getAttribute('src'), (i as HTMLImageElement).complete, (i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]));
    assert.equal(imgs.length, 3);
    for (const [src, complete, w, h] of imgs) {
      assert.ok(complete, `${src} loaded`);
      assert.deepEqual([w, h], [1700, 900], String(src));
    }
    await page.click('[data-tab="stats"]');
    assert.deepEqual(await visible(), ['stats']);
    // the page's own <meta refresh> (3 s here) reloads it; the tab must survive
    await page.waitForEvent('load', { timeout: 10_000 });
    assert.deepEqual(await visible(), ['stats'], 'tab after refresh');
    await page.click('[data-tab="latest"]');
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(await visible(), ['latest'], 'tab after reload');
    await Promise.all([page.waitForURL(s.server.url), page.click('button[type="submit"]')]);
    assert.equal(s.monitor.state.resets, 1);
    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
  } finally {
    await browser.close();
    await s.close();
  }
});
