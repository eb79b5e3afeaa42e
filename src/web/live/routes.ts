/**
 * The live page's routes on the monitor's server, registered through the
 * server's `route` / `upgrade` / `closing` hooks:
 *
 *   GET /  (and /index.html)      the live page (the legacy PNG page stays at /monitorData.html)
 *   GET /live.js, /live.css, /uPlot.min.css, /fonts/DejaVuSans.ttf   its assets, from the package
 *   GET /api/histograms, /api/histograms.csv, /api/layout             the histogram API
 *   WebSocket /live               the push channel (`push.ts`)
 *
 * The assets are built by `npm run build` (`scripts/build-web.mjs`: esbuild bundles
 * `client/` with uPlot) into `dist/web/static/`; nothing is fetched from anywhere else.
 */
import { readFileSync, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MonitorHandlers } from '../server.js';
import { handleHistogramApi } from '../api/histograms.js';
import { livePage } from './page.js';
import { LivePush, type LiveSource } from './push.js';

/** Folder of the built browser assets (same relative location from src/web/live and dist/web/live). */
export const STATIC_DIR = new URL('../../../dist/web/static/', import.meta.url);
const FONT = new URL('../../../examples/fonts/DejaVuSans.ttf', import.meta.url);

const ASSETS: Record<string, [URL, string]> = {
  '/live.js': [new URL('live.js', STATIC_DIR), 'text/javascript; charset=utf-8'],
  '/live.css': [new URL('live.css', STATIC_DIR), 'text/css; charset=utf-8'],
  '/uPlot.min.css': [new URL('uPlot.min.css', STATIC_DIR), 'text/css; charset=utf-8'],
  '/fonts/DejaVuSans.ttf': [FONT, 'font/ttf'],
};

/** The live page's policy: only the monitor itself (scripts, styles, fonts, its WebSocket). */
export const LIVE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'";

export interface LiveRoutes extends Required<Pick<MonitorHandlers, 'route' | 'upgrade' | 'closing'>> {
  readonly push: LivePush;
}

export interface LiveOptions {
  title?: string;
}

/** True when the browser bundle has been built. */
export function liveBuilt(): boolean {
  return existsSync(new URL('live.js', STATIC_DIR));
}

export function liveRoutes(src: LiveSource, o: LiveOptions = {}): LiveRoutes {
  const push = new LivePush(src);
  const cache = new Map<string, Buffer>();
  const asset = (path: string): Buffer | null => {
    const a = ASSETS[path];
    if (!a || !existsSync(a[0])) return null;
    let b = cache.get(path);
    if (!b) cache.set(path, (b = readFileSync(a[0])));
    return b;
  };
  const route = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    const path = url.pathname;
    if (handleHistogramApi(src.store, req, res, url)) return true;
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && (path === '/' || path === '/index.html')) {
      const html = liveBuilt()
        ? livePage(o.title ?? 'vmmscope live monitor')
        : '<!DOCTYPE html><meta charset="utf-8"><title>vmmscope</title><p>The live page is not built (run <code>npm run build</code>). The PNG page is at <a href="monitorData.html">monitorData.html</a>.</p>';
      send(req, res, 200, 'text/html; charset=utf-8', Buffer.from(html));
      return true;
    }
    if (get && path in ASSETS) {
      const b = asset(path);
      if (!b) send(req, res, 404, 'text/plain; charset=utf-8', Buffer.from(`${path} is not built (run npm run build)\n`));
      else send(req, res, 200, ASSETS[path]![1], b);
      return true;
    }
    return false;
  };
  return { push, route, upgrade: (req, socket, head) => push.upgrade(req, socket, head), closing: () => push.close() };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(body.byteLength),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': LIVE_CSP,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
