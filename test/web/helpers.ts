/**
 * A monitor that has analysed one ring file (the demo capture, reference
 * analyzer) and serves it on a free port, for the page and server tests.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Monitor } from '../../src/monitor/monitor.js';
import { startMonitorServer, type RunningServer } from '../../src/web/server.js';
import { referenceAnalyzer, XYU_CAPTURE, xyuConfig } from '../monitor/helpers.js';

export interface Served {
  monitor: Monitor;
  server: RunningServer;
  dir: string;
  close(): Promise<void>;
}

/** A new temporary legacy ring holding the demo capture as file 0 (semaphore `0`). */
export function xyuRing(prefix = 'vmmscope-web-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(XYU_CAPTURE, join(dir, 'example_00000.pcapng'));
  writeFileSync(join(dir, 'example_semaphore.txt'), '0');
  return dir;
}

export async function servedMonitor(refreshSeconds = 10): Promise<Served> {
  const dir = xyuRing();
  const monitor = new Monitor(xyuConfig(dir, { refreshSeconds }), referenceAnalyzer());
  await monitor.init();
  await monitor.run(new AbortController().signal, true);
  const server = await startMonitorServer(
    { page: () => monitor.page(true), status: () => monitor.status(), figure: (n) => monitor.figures.get(n) ?? null, reset: () => monitor.reset() },
    { port: 0 },
  );
  return {
    monitor,
    server,
    dir,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true });
    },
  };
}
