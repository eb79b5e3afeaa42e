/**
 * A monitor that has analysed one ring file (the demo capture, reference
 * analyzer) and serves it on a free port, for the page and server tests.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binning } from '../../src/monitor/panels.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { startMonitorServer, type RunningServer } from '../../src/web/server.js';
import { referenceAnalyzer, XYU_CAPTURE } from '../monitor/helpers.js';

export interface Served {
  monitor: Monitor;
  server: RunningServer;
  dir: string;
  close(): Promise<void>;
}

export async function servedMonitor(refreshSeconds = 10): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-web-'));
  copyFileSync(XYU_CAPTURE, join(dir, 'example_00000.pcapng'));
  writeFileSync(join(dir, 'example_semaphore.txt'), '0');
  const monitor = new Monitor(
    {
      dir,
      stem: 'example',
      out: join(dir, 'out'),
      naming: 'auto',
      order: 'newest',
      detectors: [0],
      binning: binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 }),
      window: 200,
      refreshSeconds,
    },
    referenceAnalyzer(),
  );
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
