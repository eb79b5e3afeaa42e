/**
 * Stream monitor (issue 11): `vmmscope replay --loop` of example_xyu.pcapng (demo
 * parameters, detector 0, 256 × 256 strips) in a child process into a stream monitor
 * listening on loopback (`monitor --listen`, defaults: update every 1000 ms, skip
 * above 2000 ms of queued work, warm-up). Per replay rate (× the capture's own 0.64
 * MB/s) it prints the delay from a datagram's arrival to the update that contains it
 * (the oldest datagram of each interval: the worst case; median and max over the
 * updates), the first datagram → first update with data, the share analysed, and
 * RSS at the start and end of the run. The highest rate with nothing skipped is the
 * "analysed without skipping" figure. STREAM_BENCH_SECONDS (default 12) and
 * STREAM_BENCH_SPEEDS (default 1,10,30,100) choose the run. Prints; asserts nothing.
 * Measures dist/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../dist/monitor/analyzer.js';
import { DEMO_CAPTURE, demoAnalysisArgs } from '../dist/monitor/demo.js';
import { binning } from '../dist/monitor/panels.js';
import { StreamMonitor } from '../dist/monitor/stream/stream-monitor.js';
import { ListenSource } from '../dist/monitor/stream/listen-source.js';

const CLI = fileURLToPath(new URL('../bin/vmmscope.js', import.meta.url));
const SECONDS = Number(process.env.STREAM_BENCH_SECONDS ?? 12);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]! : NaN);

const dir = mkdtempSync(join(tmpdir(), 'vmmscope-streambench-'));
try {
  const options = (await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]))).options!;
  console.log(`input: example_xyu.pcapng replayed in a loop (0.64 MB/s at speed 1), ${SECONDS} s per rate; machine: ${process.env.BENCH_MACHINE ?? 'shared, loaded (other jobs running)'}`);
  console.log('speed  MB/s sent  analysed  delay median / max (ms)  first update (ms)  RSS start → end (MB)');
  let best = 0;
  for (const speed of (process.env.STREAM_BENCH_SPEEDS ?? '1,10,30,100').split(',').map(Number)) {
    const src = new ListenSource([{ host: '127.0.0.1', port: 0 }]);
    const mon = new StreamMonitor(
      { out: join(dir, `out${speed}`), detectors: [0], binning: binning({ channelsX: 256, channelsY: 256 }), window: 200, refreshSeconds: 10, updateMs: 1000, idleFlushSeconds: 2, maxDelayMs: 2000 },
      options,
      src,
    );
    await mon.start();
    const rss0 = process.memoryUsage().rss / 1e6;
    const delays: number[] = [];
    let seen = 0;
    const t0 = Date.now();
    const rep = spawn(process.execPath, [CLI, 'replay', DEMO_CAPTURE, '--to', `127.0.0.1:${src.bound[0]!.endpoint.port}`, '--speed', String(speed), '--loop', '--quiet'], { stdio: 'ignore' });
    while (Date.now() - t0 < SECONDS * 1000) {
      await sleep(100);
      const l = mon.clock.last;
      if (mon.clock.updates > seen && l && l.delayMs !== null) delays.push(l.delayMs);
      seen = mon.clock.updates;
    }
    rep.kill('SIGINT');
    await new Promise((r) => rep.on('close', r));
    await mon.stop();
    const c = mon.queue.counters;
    const first = mon.clock.firstArrivalWall && mon.clock.firstUpdateWithDataWall ? Date.parse(mon.clock.firstUpdateWithDataWall) - Date.parse(mon.clock.firstArrivalWall) : NaN;
    const pct = (100 * c.analysedBytes) / Math.max(1, c.bytes);
    if (c.skippedDatagrams === 0) best = Math.max(best, c.bytes / 1e6 / SECONDS);
    console.log(
      `${String(speed).padStart(5)}  ${(c.bytes / 1e6 / SECONDS).toFixed(2).padStart(9)}  ${pct.toFixed(0).padStart(7)} %  ` +
        `${median(delays).toFixed(0).padStart(10)} / ${(delays.length ? Math.max(...delays) : NaN).toFixed(0).padEnd(13)}  ${first.toFixed(0).padStart(16)}  ` +
        `${rss0.toFixed(0)} → ${(process.memoryUsage().rss / 1e6).toFixed(0)}`,
    );
  }
  console.log(`highest replay rate analysed without skipping: ${best.toFixed(2)} MB/s (of the rates tried)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
