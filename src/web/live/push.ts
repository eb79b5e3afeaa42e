/**
 * The live page's push channel: a WebSocket at `/live` (package `ws`, binary
 * frames of `frame.ts`). After every data change of the `PanelStore` (a
 * committed file, a reset) every client gets one frame with the histograms of
 * its subscription (the cluster position branch it shows) and the time series;
 * status changes (file being analysed and its progress, counters, last error)
 * go out as small JSON text messages, at most 5 per second. Frames are encoded
 * once per subscription and shared by the clients that have it. A client whose
 * socket still holds more than `MAX_BUFFERED` bytes skips a frame and gets the
 * next one (the server never queues without bound for a slow browser).
 *
 * Client → server: `{"variant": "" | "_utpc" | "_charge2" | "_algo"}` (text).
 * Cross-origin connections (an `Origin` whose host is not the request's `Host`)
 * are refused.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PanelStore } from '../panel-store.js';
import { inRangeCounts } from '../api/histograms.js';
import { encodeFrame, type HistBlock, type SeriesBlock } from './frame.js';

/** What the push needs from the monitor. */
export interface LiveSource {
  readonly store: PanelStore;
  status(): unknown;
}

const MAX_BUFFERED = 8 << 20;
const VARIANTS = new Set(['', '_utpc', '_charge2', '_algo']);

export interface PushStats {
  /** Data frames encoded (once per subscription and update) and sent (per client). */
  encoded: number;
  sent: number;
  /** Bytes of the last encoded frame and time to build it (ms). */
  lastBytes: number;
  lastEncodeMs: number;
  skipped: number;
}

export class LivePush {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly clients = new Map<WebSocket, { variant: string }>();
  private cache = new Map<string, Uint8Array>();
  private cacheVersion = -1;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private lastStatus = 0;
  private readonly unsubscribe: () => void;
  readonly stats: PushStats = { encoded: 0, sent: 0, lastBytes: 0, lastEncodeMs: 0, skipped: 0 };

  constructor(private readonly src: LiveSource) {
    this.unsubscribe = src.store.subscribe((c) => (c === 'data' ? this.pushData() : this.pushStatus()));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Handles an HTTP upgrade; anything but `/live` from the same origin is refused. */
  upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const origin = req.headers.origin;
    let sameOrigin = true;
    if (origin) {
      try {
        sameOrigin = new URL(origin).host === req.headers.host;
      } catch {
        sameOrigin = false;
      }
    }
    if (path !== '/live' || !sameOrigin) {
      socket.end(`HTTP/1.1 ${path !== '/live' ? '404 Not Found' : '403 Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.add(ws));
  }

  private add(ws: WebSocket): void {
    const sub = { variant: '' };
    this.clients.set(ws, sub);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', () => this.clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      try {
        const m = JSON.parse(String(data)) as { variant?: unknown };
        if (typeof m.variant === 'string' && VARIANTS.has(m.variant) && m.variant !== sub.variant) {
          sub.variant = m.variant;
          this.sendData(ws, sub.variant);
        }
      } catch {
        // not JSON: ignored
      }
    });
    ws.send(this.statusText());
    this.sendData(ws, sub.variant);
  }

  /** The frame of a subscription at the store's current version (encoded once). */
  frame(variant: string): Uint8Array {
    const store = this.src.store;
    if (this.cacheVersion !== store.version) {
      this.cache.clear();
      this.cacheVersion = store.version;
    }
    let f = this.cache.get(variant);
    if (f) return f;
    const t0 = performance.now();
    const hists: HistBlock[] = [];
    const series: SeriesBlock[] = [];
    for (const d of store.detectors)
      for (const p of d.panels) {
        if (p.type === 'series') {
          const v = p.values();
          series.push({ det: d.id, title: p.title, x: v.x, y: v.y });
        } else if (p.variant === undefined || p.variant === variant) {
          hists.push({ det: d.id, title: p.title, view: 'latest', counts: inRangeCounts(p.latest()) });
          const t = p.total();
          if (t) hists.push({ det: d.id, title: p.title, view: 'total', counts: inRangeCounts(t) });
        }
      }
    f = encodeFrame(hists, series, { type: 'data', version: store.version, variant });
    this.stats.encoded++;
    this.stats.lastBytes = f.byteLength;
    this.stats.lastEncodeMs = performance.now() - t0;
    this.cache.set(variant, f);
    return f;
  }

  private sendData(ws: WebSocket, variant: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
      this.stats.skipped++;
      return;
    }
    ws.send(this.frame(variant), { binary: true });
    this.stats.sent++;
  }

  /** A data frame to every client, followed by the status (counters change with the data). */
  private pushData(): void {
    const text = this.clients.size ? this.statusText() : '';
    for (const [ws, sub] of this.clients) {
      this.sendData(ws, sub.variant);
      if (ws.readyState === ws.OPEN) ws.send(text);
    }
  }

  private statusText(): string {
    return JSON.stringify({ type: 'status', status: this.src.status() });
  }

  private pushStatus(): void {
    if (this.statusTimer) return;
    const wait = Math.max(0, 200 - (performance.now() - this.lastStatus));
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.lastStatus = performance.now();
      const text = this.statusText();
      for (const ws of this.clients.keys()) if (ws.readyState === ws.OPEN) ws.send(text);
    }, wait);
  }

  /** Ends every connection (the monitor stops). */
  close(): void {
    this.unsubscribe();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
    this.wss.close();
  }
}
