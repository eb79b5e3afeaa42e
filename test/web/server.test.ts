/**
 * The monitor's HTTP server over real HTTP: the page (three tabs, refresh, no
 * external URL), the PNG figures (decoded), the status JSON, the reset, errors
 * for unknown paths and methods, and a clear error for a taken port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadImage } from '@napi-rs/canvas';
import { startMonitorServer } from '../../src/web/server.js';
import { renderPage } from '../../src/web/page.js';
import { servedMonitor } from './helpers.js';

test('page, figures, status and reset over HTTP', async () => {
  const s = await servedMonitor(7);
  try {
    const base = s.server.url;
    assert.match(base, /^http:\/\/localhost:\d+\/$/);
    const page = await fetch(base);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    const html = await page.text();
    for (const t of ['All measurements', 'Last measurement', 'Cluster statistics']) assert.ok(html.includes(`>${t}</a>`), t);
    assert.match(html, /<meta http-equiv="refresh" content="7">/);
    assert.ok(!/(?:src|href|action)="(?:https?:)?\/\//i.test(html), 'no external resource');
    assert.ok(!/https?:\/\//i.test(html), 'no absolute URL at all');
    const imgs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(imgs.map((u) => u.replace(/\?.*/, '')).sort(), ['det_0.png', 'det_stats_0.png', 'det_total_0.png']);
    for (const u of imgs) {
      const r = await fetch(new URL(u, base));
      assert.equal(r.status, 200, u);
      assert.equal(r.headers.get('content-type'), 'image/png');
      const img = await loadImage(Buffer.from(await r.arrayBuffer()));
      assert.deepEqual([img.width, img.height], [1700, 900], u);
    }
    const st = await (await fetch(new URL('api/status', base))).json();
    assert.equal(st.filesAnalysed, 1);
    assert.equal(st.detectors[0].totalClusters, 6331);
    assert.equal(st.lastFile.name, 'example_00000.pcapng');
    assert.equal(st.ring.naming, 'semaphore');
    // reset: POST only, then the totals are empty and the figures re-rendered
    assert.equal((await fetch(new URL('api/reset', base))).status, 405);
    const v = st.figuresVersion;
    const rr = await fetch(new URL('api/reset', base), { method: 'POST', redirect: 'manual' });
    assert.equal(rr.status, 303);
    assert.equal(rr.headers.get('location'), '/');
    const st2 = await (await fetch(new URL('api/status', base))).json();
    assert.equal(st2.detectors[0].totalClusters, 0);
    assert.equal(st2.detectors[0].latest.clusters, 6331, 'latest survives the reset');
    assert.equal(st2.resets, 1);
    assert.ok(st2.figuresVersion > v);
    assert.equal((await fetch(new URL('det_7.png', base))).status, 404);
    assert.equal((await fetch(new URL('../etc/passwd', base))).status, 404);
    assert.equal((await fetch(base, { method: 'DELETE' })).status, 405);
  } finally {
    await s.close();
  }
});

test('a taken port gives a clear error', async () => {
  const s = await servedMonitor();
  try {
    const h = { page: () => '', status: () => ({}), figure: () => null, reset: async () => {} };
    await assert.rejects(startMonitorServer(h, { port: s.server.port }), /port \d+ on 127\.0\.0\.1 is already in use.*--port/);
  } finally {
    await s.close();
  }
});

test('the file version of the page (no server) has plain image names and no reset button', () => {
  const html = renderPage({ refreshSeconds: 10, detectors: [0, 3], served: false, version: 5 });
  assert.ok(html.includes('src="det_total_3.png"'));
  assert.ok(!html.includes('?v='));
  assert.ok(!html.includes('api/reset'));
  assert.match(html, /content="10"/);
});
