/**
 * The request guard of the monitor's HTTP server, called first for every request:
 *
 * - the request target must be origin-form (`/path?query`) or a well-formed
 *   absolute-form URL (`http://host/path`); anything else is answered 400;
 * - the `Host` (or the absolute-form authority) must name the server itself —
 *   `localhost`, `127.0.0.1` or `[::1]` with the server's port — while it is bound to
 *   a loopback address (the precondition of DNS rebinding); `--host` with another
 *   address opens the server to any name (a control-room network);
 * - a state-changing request (anything but GET/HEAD) must come from the monitor's own
 *   page: a browser's `Sec-Fetch-Site` must be `same-origin` and its `Origin` must be
 *   the server's own (the `Host` it asked for); a client that sends neither (curl, a
 *   script) is let through, a foreign web page never is (403);
 * - every answer forbids framing (`X-Frame-Options: DENY`; the CSP carries
 *   `frame-ancestors 'none'`).
 *
 * `SERVER_TIMEOUTS` are the node:http limits against slow-drip and idle connections.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface GuardContext {
  /** Address the server is bound to. */
  readonly host: string;
  /** Port the server listens on. */
  readonly port: number;
}

/** Header and idle limits of the server (ms), overridable for tests. */
export interface ServerTimeouts {
  /** Complete request headers within this time of the connection's first byte, else 408 and close. */
  headersTimeout: number;
  /** Complete request within this time. */
  requestTimeout: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeout: number;
  /** A socket without any traffic is closed after this time. */
  idleTimeout: number;
  /** How often node checks the header and request limits. */
  checkInterval: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  idleTimeout: 30_000,
  checkInterval: 1_000,
};

/** A loopback listen address: only the machine itself can connect, so the Host must name it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The `Host` values that name a loopback server on `port`. */
function loopbackHosts(ctx: GuardContext): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (ctx.host !== '127.0.0.1' && ctx.host !== '::1') names.push(ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host);
  const out = new Set<string>();
  for (const n of names) {
    out.add(`${n}:${ctx.port}`);
    if (ctx.port === 80) out.add(n);
  }
  return out;
}

function reject(res: ServerResponse, status: number, message: string): false {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(message)),
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(message);
  return false;
}

/**
 * Checks `req`; answers it (400, 403 or 421) and returns false when it must not be
 * served, else returns the parsed request URL (its path always starts with `/`).
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, ctx: GuardContext): URL | false {
  res.setHeader('X-Frame-Options', 'DENY');
  const target = req.url ?? '';
  let url: URL;
  let authority = req.headers.host ?? '';
  try {
    if (target.startsWith('/') && !target.startsWith('//')) url = new URL(target, 'http://localhost');
    else if (/^https?:\/\//i.test(target)) {
      url = new URL(target);
      authority = url.host;
    } else throw new Error('not origin-form');
  } catch {
    return reject(res, 400, 'bad request target\n');
  }
  const host = authority.toLowerCase();
  if (isLoopback(ctx.host) && !loopbackHosts(ctx).has(host))
    return reject(res, 421, `this monitor answers only to localhost:${ctx.port} (Host ${JSON.stringify(authority)}); use --host to serve other names\n`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (site !== undefined && site !== 'same-origin') return reject(res, 403, `refused: a ${site} request may not change the monitor\n`);
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return reject(res, 403, `refused: origin ${origin} may not change the monitor\n`);
  }
  return url;
}
