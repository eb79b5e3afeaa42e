/**
 * The whole chain as it is checked: `vmmscope replay` of example_xyu.pcapng into
 * `vmmscope record --ring` (built-in UDP receiver, small files), followed live by
 * `vmmscope monitor` (child processes, loopback). The monitor must analyse every
 * ring file once (order "all", no wrap), skip and fail none, and its totals must
 * equal the sum of separate analyses of the recorded files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { demoAnalysisArgs } from '../../src/monitor/demo.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { binning } from '../../src/monitor/panels.js';
import { runCli } from '../helpers/cli.js';
import { CliProcess, startRecord } from '../capture/e2e-helpers.js';
import { XYU_CAPTURE } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function status(out: string): { filesAnalysed: number; filesSkipped: number; filesFailed: number; lastFile: { name: string } | null; detectors: { totalHits: number; totalClusters: number }[] } | null {
  try {
    return JSON.parse(readFileSync(join(out, 'monitorStatus.json'), 'utf8'));
  } catch {
    return null;
  }
}

test('replay → record --ring → monitor: every file analysed once, totals = sum of the files', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-chain-'));
  const ring = join(dir, 'ring');
  const out = join(dir, 'out');
  let mon: CliProcess | null = null;
  try {
    const { rec, port } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'mon', '--ring', '10', '--filesize', '100', '--dir', ring]);
    mon = new CliProcess(['monitor', '--name', 'mon', '--dir', ring, '--out', out, '--order', 'all', '--port', '0', '--poll-ms', '200', '--channels-x', '256', '--channels-y', '256', ...demoAnalysisArgs()]);
    await mon.waitFor(/open http:\/\/localhost:\d+\//);
    const r = await runCli(['replay', XYU_CAPTURE, '--to', `127.0.0.1:${port}`, '--speed', 'max']);
    assert.equal(r.status, 0, r.stderr);
    await sleep(300);
    await rec.interrupt(); // finishes the current file and sets the semaphore
    const files = readdirSync(ring).filter((n) => /^mon_\d{5}\.pcapng$/.test(n)).sort();
    assert.ok(files.length >= 3 && files.length <= 10, `${files.length} ring files (no wrap)`);
    const last = readFileSync(join(ring, 'mon_semaphore.txt'), 'utf8');
    const lastName = `mon_${last.padStart(5, '0')}.pcapng`;
    for (let i = 0; i < 300; i++) {
      const s = status(out);
      if (s && s.filesAnalysed + s.filesFailed >= files.length && s.lastFile?.name === lastName) break;
      await sleep(100);
    }
    const s = status(out)!;
    assert.equal(s.filesFailed, 0, mon.stderr);
    assert.equal(s.filesSkipped, 0, mon.stderr);
    assert.equal(s.filesAnalysed, files.length, mon.stderr);
    for (const f of files) assert.equal(mon.stderr.split(`${f}: `).length - 1, 1, `${f} analysed exactly once\n${mon.stderr}`);
    // the same files analysed one by one here
    const analyze = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
    let hits = 0;
    let clusters = 0;
    for (const f of files) {
      const sink = new MonitorFileSink([0], binning({ channelsX: 256, channelsY: 256 }));
      await analyze(join(ring, f), sink, new AbortController().signal);
      hits += sink.results[0]!.counts.hits[0] + sink.results[0]!.counts.hits[1];
      clusters += sink.results[0]!.counts.clusters;
    }
    assert.ok(clusters > 5000, `${clusters} clusters recorded`);
    assert.equal(s.detectors[0]!.totalHits, hits);
    assert.equal(s.detectors[0]!.totalClusters, clusters);
    for (const n of ['det_total_0.png', 'det_0.png', 'det_stats_0.png', 'monitorData.html']) assert.ok(existsSync(join(out, n)), n);
    assert.equal(await mon.interrupt(), 0, mon.stderr);
    mon = null;
    assert.ok(!readdirSync(out).some((n) => n.endsWith('.tmp')), 'no temporary files left after Ctrl-C');
  } finally {
    if (mon) await mon.interrupt();
    rmSync(dir, { recursive: true, force: true });
  }
});
