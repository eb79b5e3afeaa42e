/**
 * The monitor's HTTP server (node:http, no framework): the page, the PNG figures
 * (from memory, always the last complete rendering), a JSON status endpoint and
 * a reset of the totals. Loopback only by default. Every request passes the
 * guard first (guard.ts: target, Host, origin of state changes, no framing). A
 * Content-Security-Policy forbids every resource not served by the monitor itself.
 *
 *   GET  /  and /monitorData.html   the page
 *   GET  /det_<id>.png, /det_total_<id>.png, /det_stats_<id>.png
 *   GET  /api/status                status JSON (files analysed, skipped, rates, errors …)
 *   POST /api/reset                 clears totals and time series (303 back to the page)
 *   GET  /metrics                   Prometheus text exposition (src/health/prometheus.ts)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseFigureName } from './figure-names.js';
import { guardRequest, SERVER_TIMEOUTS, type GuardContext, type ServerTimeouts } from './guard.js';
import { METRICS_CONTENT_TYPE } from '../health/prometheus.js';

export interface MonitorHandlers {
  page(): string;
  status(): unknown;
  /** PNG bytes of a figure by file name, or null if not rendered (yet). */
  figure(name: string): Uint8Array | null;
  reset(): Promise<void>;
  /** Further routes (the live page, its assets, the histogram API): true when the request was answered. */
  route?(req: IncomingMessage, res: ServerResponse, url: URL): boolean | Promise<boolean>;
  /** HTTP upgrades (the live page's WebSocket). */
  upgrade?(req: IncomingMessage, socket: Socket, head: Buffer): void;
  /** Called before the server closes (to end upgraded connections). */
  closing?(): void;
  /** Prometheus exposition text (`GET /metrics`), when the monitor has it. */
  metrics?(): string;
}

export interface ServerOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to listen on; default 127.0.0.1 (use 0.0.0.0 to serve a control-room network). */
  host?: string;
  /** Header and idle limits (default `SERVER_TIMEOUTS`). */
  timeouts?: Partial<ServerTimeouts>;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, head = false, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(head ? undefined : body);
}

async function handle(h: MonitorHandlers, req: IncomingMessage, res: ServerResponse, ctx: GuardContext): Promise<void> {
  const url = guardRequest(req, res, ctx);
  if (url === false) return;
  const path = url.pathname;
  if (h.route && (await h.route(req, res, url))) return;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  const head = req.method === 'HEAD';
  if (path === '/api/reset') {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'use POST\n', false, { Allow: 'POST' });
    req.resume();
    await h.reset();
    if ((req.headers.accept ?? '').includes('application/json')) return send(res, 200, 'application/json', JSON.stringify({ ok: true }) + '\n');
    res.writeHead(303, { Location: '/', 'Content-Length': '0', 'Cache-Control': 'no-store' });
    return void res.end();
  }
  if (!isGet) return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false, { Allow: 'GET, HEAD' });
  if (path === '/' || path === '/index.html' || path === '/monitorData.html') return send(res, 200, 'text/html; charset=utf-8', h.page(), head);
  if (path === '/api/status' || path === '/status.json')
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(h.status(), null, 1) + '\n', head);
  if (path === '/metrics' && h.metrics) return send(res, 200, METRICS_CONTENT_TYPE, h.metrics(), head);
  const name = path.slice(1);
  if (parseFigureName(name)) {
    const png = h.figure(name);
    if (png) return send(res, 200, 'image/png', png, head);
    return send(res, 404, 'text/plain; charset=utf-8', `${name} is not rendered (unknown detector?)\n`, head);
  }
  if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '', head);
  return send(res, 404, 'text/plain; charset=utf-8', `not found: ${path}\n`, head);
}

/** Starts the server; rejects with a clear message when the port is taken. */
export function startMonitorServer(h: MonitorHandlers, o: ServerOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const t = { ...SERVER_TIMEOUTS, ...o.timeouts };
  const ctx = { host, port: o.port };
  const server = createServer(
    { headersTimeout: t.headersTimeout, requestTimeout: t.requestTimeout, keepAliveTimeout: t.keepAliveTimeout, connectionsCheckingInterval: t.checkInterval },
    (req, res) => {
      handle(h, req, res, ctx).catch((e) => {
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(e as Error).message}\n`);
        else res.destroy();
      });
    },
  );
  server.setTimeout(t.idleTimeout, (socket) => socket.destroy());
  if (h.upgrade) server.on('upgrade', (req, socket, head) => h.upgrade!(req, socket as Socket, head));
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `monitor: port ${o.port} on ${host} is already in use (another monitor running?); choose another with --port`
            : `monitor: cannot serve on ${host}:${o.port}: ${e.message}`,
        ),
      );
    });
    server.listen(o.port, host, () => {
      const port = (server.address() as AddressInfo).port;
      ctx.port = port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown === '127.0.0.1' ? 'localhost' : shown}:${port}/`,
        port,
        close: () =>
          new Promise<void>((r) => {
            h.closing?.();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
