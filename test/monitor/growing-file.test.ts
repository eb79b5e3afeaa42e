/**
 * A semaphore that names a half-written file (a non-atomic producer): the file keeps
 * growing after the monitor chose it — during the analysis and after it. The monitor
 * reads exactly what the file held when chosen, commits that once, and never takes the
 * grown file for a new one (no data counted twice); a ring slot rewritten with another
 * capture is still new. Real analysis of the real demo capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binning } from '../../src/monitor/panels.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { createCaptureAnalyzer, monitorAnalysisArgs, type FileAnalyzer } from '../../src/monitor/analyzer.js';
import { demoAnalysisArgs } from '../../src/monitor/demo.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { DATA } from '../helpers/reference.js';
import { XYU_CAPTURE } from './helpers.js';

const BIN = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });
const never = new AbortController().signal;

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a file that grows after the semaphore named it is analysed once, as far as it was when chosen', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-grow-'));
  try {
    const whole = readFileSync(XYU_CAPTURE);
    const cut = 250_001; // inside a block: the half-written file ends with an incomplete block
    const real = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
    // what the half file holds, analysed on its own
    writeFileSync(join(dir, 'half.pcapng'), whole.subarray(0, cut));
    const truth = new MonitorFileSink([0], BIN);
    await real(join(dir, 'half.pcapng'), truth, never);
    const full = new MonitorFileSink([0], BIN);
    await real(XYU_CAPTURE, full, never);
    assert.ok(truth.rows.hits > 0 && truth.rows.hits < full.rows.hits, `${truth.rows.hits} of ${full.rows.hits} hits in the half file`);

    const ring = join(dir, 'ring');
    const slot = join(ring, 'example_00000.pcapng');
    // the producer: half the file, the semaphore naming it, and the rest appended while the monitor reads it
    mkdirSync(ring);
    writeFileSync(slot, whole.subarray(0, cut));
    writeFileSync(join(ring, 'example_semaphore.txt'), '0');
    const reads: { maxBytes: number | undefined; bytesDone: number }[] = [];
    let calls = 0;
    const analyzer: FileAnalyzer = async (path, sink, signal, onProgress, maxBytes) => {
      if (calls++ === 0) appendFileSync(path, whole.subarray(cut)); // grows during the analysis
      const r = { maxBytes, bytesDone: 0 };
      reads.push(r);
      return real(path, sink, signal, (done, total) => {
        r.bytesDone = done;
        onProgress?.(done, total);
      }, maxBytes);
    };
    const m = new Monitor(
      { dir: ring, stem: 'example', out: join(dir, 'out'), naming: 'auto', order: 'all', detectors: [0], binning: BIN, window: 200, refreshSeconds: 10, pollMs: 50 },
      analyzer,
    );
    await m.init();
    const ac = new AbortController();
    const running = m.run(ac.signal);
    try {
      await until(() => m.lastFile !== null, 'the first commit');
      assert.equal(statSync(slot).size, whole.length, 'the file has grown to the whole capture');
      assert.deepEqual(reads, [{ maxBytes: cut, bytesDone: cut }], 'read exactly what the file held when chosen');
      assert.equal(m.filesDiscarded, 0, 'growing is not a rewrite');
      const d = m.state.detectors[0]!;
      assert.equal(m.lastFile!.hits, truth.rows.hits);
      assert.equal(d.total.hitsPos[0].entries, truth.results[0]!.panels.hitsPos[0].entries);
      assert.equal(d.totalClusters, truth.results[0]!.counts.clusters);
      assert.ok(m.errors.some((e) => /incomplete last block/.test(e.message)), JSON.stringify(m.errors));
      // the producer finishes and names the (same) file again, non-atomically; more appended later still
      writeFileSync(join(ring, 'example_semaphore.txt'), '');
      writeFileSync(join(ring, 'example_semaphore.txt'), '0');
      appendFileSync(slot, whole.subarray(24, 5000));
      await new Promise((r) => setTimeout(r, 800)); // many polls
      assert.equal(calls, 1, 'the grown file is not analysed again');
      assert.equal(m.filesAnalysed, 1);
      assert.equal(d.totalClusters, truth.results[0]!.counts.clusters, 'nothing counted twice');
      // the ring wraps: the slot is rewritten in place with another capture, which is new
      const other = readFileSync(join(DATA, 'example.pcapng'));
      writeFileSync(slot, other);
      writeFileSync(join(ring, 'example_semaphore.txt'), '0');
      await until(() => m.lastFile?.bytes === other.length, 'the rewritten slot');
      assert.equal(m.filesAnalysed, 2);
      assert.deepEqual(reads[1], { maxBytes: other.length, bytesDone: other.length });
    } finally {
      ac.abort();
      await running;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
