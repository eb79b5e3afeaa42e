/**
 * The server's request guard over raw sockets and from a real browser: malformed
 * request targets (400, never 500), a foreign Host (421: DNS rebinding), slow-drip
 * headers and idle connections timed out, no framing, and a state-changing request
 * from a page of another origin (another localhost port) in headless Chromium
 * refused without resetting anything, while the monitor's own page still resets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { startMonitorServer, type MonitorHandlers } from '../../src/web/server.js';
import { servedMonitor } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function fakeHandlers(): MonitorHandlers & { resets: number } {
  const h = {
    resets: 0,
    page: () => '<p>monitor</p>',
    status: () => ({ ok: true }),
    figure: () => null,
    reset: async () => void h.resets++,
  };
  return h;
}

/** Sends `chunks` (with `gapMs` between them) on a raw socket; resolves with what came back and when the socket closed. */
function raw(port: number, chunks: string[], gapMs = 0): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = connect(port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    s.setEncoding('latin1');
    s.on('data', (d) => (text += d));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedAfterMs: performance.now() - t0 });
    });
    let i = 0;
    const next = () => {
      if (s.destroyed) return;
      if (i < chunks.length) s.write(chunks[i++]!);
      if (i < chunks.length) timer = setTimeout(next, gapMs);
    };
    s.once('connect', next);
    setTimeout(() => {
      s.destroy();
      reject(new Error(`socket still open after 20 s; got ${JSON.stringify(text)}`));
    }, 20_000).unref();
  });
}

const status = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

test('request targets, Host header, origins of state changes and anti-framing headers', async () => {
  const h = fakeHandlers();
  const srv = await startMonitorServer(h, { port: 0 });
  const p = srv.port;
  const req = (line: string, headers: string[] = [`Host: localhost:${p}`]) => raw(p, [`${line}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`]);
  try {
    const ok = await req('GET /api/status HTTP/1.1');
    assert.equal(status(ok.text), 200, ok.text);
    assert.match(ok.text, /\r\nX-Frame-Options: DENY\r\n/i);
    assert.match(ok.text, /frame-ancestors 'none'/);
    for (const host of [`127.0.0.1:${p}`, `[::1]:${p}`, `LOCALHOST:${p}`]) assert.equal(status((await req('GET / HTTP/1.1', [`Host: ${host}`])).text), 200, host);
    // malformed targets: 400, never 500
    for (const target of ['http://[::1', 'http://exa mple/', 'http://', '*', 'nonsense', '//evil.example/x', 'http://%zz/'])
      assert.equal(status((await req(`GET ${target} HTTP/1.1`)).text), 400, target);
    // a well-formed absolute-form target is served when its authority is the server's
    assert.equal(status((await req(`GET http://localhost:${p}/api/status HTTP/1.1`)).text), 200);
    assert.equal(status((await req('GET http://evil.example/api/status HTTP/1.1')).text), 421);
    // DNS rebinding: a foreign name, the wrong port, no Host at all
    for (const hdrs of [['Host: evil.example'], [`Host: evil.example:${p}`], [`Host: localhost:${p + 1}`], []]) {
      const r = await req('GET /api/status HTTP/1.1', hdrs);
      assert.equal(status(r.text), hdrs.length === 0 ? 400 : 421, `${hdrs.join()}: ${r.text}`);
    }
    // state changes: from another origin or site refused, same origin and non-browser clients served
    const post = (hdrs: string[]) => req('POST /api/reset HTTP/1.1', [`Host: localhost:${p}`, 'Content-Length: 0', 'Accept: application/json', ...hdrs]);
    for (const hdrs of [['Origin: http://localhost:9999'], ['Sec-Fetch-Site: same-site'], ['Sec-Fetch-Site: cross-site', `Origin: http://localhost:${p}`], ['Origin: null']])
      assert.equal(status((await post(hdrs)).text), 403, hdrs.join());
    assert.equal(h.resets, 0, 'no refused request reset anything');
    assert.equal(status((await post([`Origin: http://localhost:${p}`, 'Sec-Fetch-Site: same-origin'])).text), 200);
    assert.equal(status((await post([])).text), 200, 'curl-like client');
    assert.equal(h.resets, 2);
  } finally {
    await srv.close();
  }
});

test('a loopback server opened with --host 0.0.0.0 accepts any Host name, still refuses foreign origins', async () => {
  const h = fakeHandlers();
  const srv = await startMonitorServer(h, { port: 0, host: '0.0.0.0' });
  try {
    const r = await raw(srv.port, [`GET /api/status HTTP/1.1\r\nHost: daq-pc.example:${srv.port}\r\nConnection: close\r\n\r\n`]);
    assert.equal(status(r.text), 200);
    const f = await raw(srv.port, [`POST /api/reset HTTP/1.1\r\nHost: daq-pc.example:${srv.port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`]);
    assert.equal(status(f.text), 403);
    assert.equal(h.resets, 0);
  } finally {
    await srv.close();
  }
});

test('slow-drip headers and idle connections are closed by the server', async () => {
  const srv = await startMonitorServer(fakeHandlers(), { port: 0, timeouts: { headersTimeout: 1000, requestTimeout: 2000, idleTimeout: 1500, checkInterval: 200 } });
  try {
    // one header line every 200 ms, for ever: the connection must be cut with 408
    const drip = ['GET / HTTP/1.1\r\n', `Host: localhost:${srv.port}\r\n`, ...Array.from({ length: 200 }, (_, i) => `X-Drip-${i}: x\r\n`)];
    const d = await raw(srv.port, drip, 200);
    assert.equal(status(d.text), 408, d.text);
    assert.ok(d.closedAfterMs < 10_000, `closed after ${d.closedAfterMs} ms`);
    // a connection that never sends anything is closed too
    const idle = await raw(srv.port, []);
    assert.ok(idle.text === '' || status(idle.text) === 408, idle.text);
    assert.ok(idle.closedAfterMs < 10_000, `idle closed after ${idle.closedAfterMs} ms`);
  } finally {
    await srv.close();
  }
});

test('in Chromium, a page on another localhost port cannot reset the monitor; its own page can', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, async () => {
  const s = await servedMonitor();
  // the attacker's page: a form posting to the monitor, and a no-cors fetch
  const target = `${s.server.url}api/reset`;
  const evil: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><form id="f" method="post" action="${target}"><input name="x" value="1"></form>
<script>fetch(${JSON.stringify(target)}, {method: 'POST', mode: 'no-cors'}).finally(() => document.getElementById('f').submit());</script>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const before = s.monitor.state.detectors[0]!.totalClusters;
    assert.equal(before, 6331);
    const page = await browser.newPage();
    const answers: number[] = [];
    page.on('response', (r) => {
      if (r.url() === target) answers.push(r.status());
    });
    await Promise.all([page.waitForURL(target), page.goto(evilUrl)]);
    await page.waitForLoadState('load');
    assert.match(await page.textContent('body') ?? '', /refused/);
    assert.deepEqual(answers, [403, 403], 'the fetch and the form post were both refused');
    assert.equal(s.monitor.state.resets, 0, 'no reset');
    assert.equal(s.monitor.state.detectors[0]!.totalClusters, before, 'totals intact');
    // the monitor's own page still resets
    await page.goto(s.server.url, { waitUntil: 'load' });
    await Promise.all([page.waitForURL(s.server.url), page.click('button[type="submit"]')]);
    assert.equal(s.monitor.state.resets, 1);
    assert.equal(s.monitor.state.detectors[0]!.totalClusters, 0);
  } finally {
    await browser.close();
    evil.close();
    await s.close();
  }
});
