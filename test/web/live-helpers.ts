/**
 * A running monitor with the live page for the browser tests and the benchmark:
 * a legacy ring in a temporary folder holding the demo capture, the reference
 * analyzer (vmm-sdat's trees of that capture), the monitor loop running until
 * `stop()`, and its server with the live routes. `addFile(i)` writes ring file
 * i (the same capture again) and points the semaphore at it, as the capture
 * side does. The browser bundle is rebuilt first, so the tests serve the
 * current client code.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWeb } from '../../scripts/build-web.mjs';
import type { FileAnalyzer } from '../../src/monitor/analyzer.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { copyBatch } from '../../src/table/copy.js';
import { columnIndex } from '../../src/table/types.js';
import { liveRoutes, type LiveRoutes } from '../../src/web/live/routes.js';
import { startMonitorServer, type RunningServer } from '../../src/web/server.js';
import { referenceAnalyzer, XYU_CAPTURE, xyuConfig } from '../monitor/helpers.js';
import { xyuRing } from './helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface LiveServed {
  monitor: Monitor;
  server: RunningServer;
  live: LiveRoutes;
  dir: string;
  addFile(i: number): void;
  /** Waits until the monitor has analysed `n` files. */
  analysed(n: number): Promise<void>;
  /** Stops loop and server; `keepDir` leaves the ring for a restarted monitor. */
  stop(keepDir?: boolean): Promise<void>;
}

let built: Promise<string> | null = null;

/** An analyzer that also writes every batch again as detector d, for each d of `copies`. */
export function copiesTo(a: FileAnalyzer, copies: number[]): FileAnalyzer {
  if (!copies.length) return a;
  return (path, sink, signal, progress) =>
    a(path, {
      write(t, b) {
        sink.write(t, b);
        for (const d of copies) {
          const c = copyBatch(b);
          (c.columns[columnIndex(c.schema, 'det')] as Uint8Array).fill(d);
          sink.write(t, c);
        }
      },
    }, signal, progress);
}

/**
 * `detectors` beyond 0 get copies of detector 0's rows (the demo capture has one detector), so
 * several detectors show real, equal data.
 */
/** Builds the browser bundle from the current sources (once per process). */
export function ensureBuilt(): Promise<string> {
  built ??= buildWeb({ minify: false });
  return built;
}

export async function liveMonitor(o: { port?: number; dir?: string; detectors?: number[] } = {}): Promise<LiveServed> {
  await ensureBuilt();
  const dir = o.dir ?? xyuRing('vmmscope-live-');
  const monitor = new Monitor(xyuConfig(dir, { detectors: o.detectors ?? [0], pollMs: 100 }), copiesTo(referenceAnalyzer(), (o.detectors ?? [0]).filter((d) => d !== 0)));
  await monitor.init();
  const ac = new AbortController();
  const running = monitor.run(ac.signal);
  const live = liveRoutes(monitor);
  const server = await startMonitorServer(
    { page: () => monitor.page(true), status: () => monitor.status(), figure: (n) => monitor.figures.get(n) ?? null, reset: () => monitor.reset(), ...live },
    { port: o.port ?? 0 },
  );
  const analysed = async (n: number) => {
    const until = Date.now() + 30_000;
    while (monitor.filesAnalysed < n) {
      if (Date.now() > until) throw new Error(`monitor analysed ${monitor.filesAnalysed} of ${n} files`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await analysed(1);
  return {
    monitor,
    server,
    live,
    dir,
    analysed,
    addFile(i: number) {
      const name = `example_${String(i).padStart(5, '0')}.pcapng`;
      copyFileSync(XYU_CAPTURE, join(dir, name));
      writeFileSync(join(dir, 'example_semaphore.txt'), String(i));
    },
    async stop(keepDir = false) {
      ac.abort();
      await server.close();
      await running;
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
