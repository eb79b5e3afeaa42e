/**
 * The live page's connection to the monitor: the WebSocket `/live` (binary
 * data frames, JSON status messages) that reconnects by itself — after a
 * monitor restart, a network drop — with a back-off of 0.5 s doubling to 5 s.
 * Each (re)connection first reloads `/api/layout` (the restarted monitor may
 * watch other detectors), then tells the server which position branch it shows.
 */
import { decodeFrame, type DecodedFrame } from '../frame.js';

export interface Layout {
  version: number;
  detectors: { id: number; panels: PanelMeta[] }[];
}

export interface PanelMeta {
  type: 'hist' | 'series';
  title: string;
  tab: 'hits' | 'clusters' | 'stats' | 'tof';
  xLabel: string;
  yLabel: string;
  color?: 'plane0' | 'plane1' | 'combined' | 'rate';
  colormap?: string;
  logZ?: boolean;
  variant?: string;
  kind?: 'h1' | 'h2';
  x?: { bins: number; lo: number; hi: number };
  y?: { bins: number; lo: number; hi: number };
  hasTotal?: boolean;
  lines?: { name: string; color: 'plane0' | 'plane1' | 'combined' | 'rate'; dash?: 'dashed' }[];
}

export interface ConnectionEvents {
  layout(l: Layout): void;
  frame(f: DecodedFrame, bytes: number): void;
  status(s: unknown): void;
  state(connected: boolean, attempt: number): void;
}

export class Connection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private variant = '';
  connects = 0;

  constructor(private readonly on: ConnectionEvents) {}

  start(variant: string): void {
    this.variant = variant;
    void this.open();
  }

  setVariant(v: string): void {
    this.variant = v;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ variant: v }));
  }

  private async open(): Promise<void> {
    try {
      const r = await fetch('api/layout', { cache: 'no-store' });
      if (!r.ok) throw new Error(`layout: HTTP ${r.status}`);
      this.on.layout((await r.json()) as Layout);
    } catch {
      return this.retry();
    }
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.connects++;
      this.on.state(true, 0);
      if (this.variant) ws.send(JSON.stringify({ variant: this.variant }));
    };
    ws.onmessage = (e) => {
      if (typeof e.data === 'string') {
        const m = JSON.parse(e.data) as { type: string; status?: unknown };
        if (m.type === 'status') this.on.status(m.status);
      } else this.on.frame(decodeFrame(e.data as ArrayBuffer), (e.data as ArrayBuffer).byteLength);
    };
    ws.onclose = () => {
      if (this.ws === ws) this.retry();
    };
    ws.onerror = () => ws.close();
  }

  private retry(): void {
    this.ws = null;
    this.attempt++;
    this.on.state(false, this.attempt);
    setTimeout(() => void this.open(), Math.min(5000, 500 * 2 ** Math.min(4, this.attempt - 1)));
  }
}
