/**
 * The monitor end to end on a legacy ring written by the test: the demo capture
 * as ring files with a semaphore, analysed by the reference analyzer (vmm-sdat's
 * output of that capture). Checks figures on disk (decoded PNGs of the right
 * size), the status document, totals over two files, a corrupt file logged and
 * skipped while the monitor carries on, and a file overwritten during its
 * analysis discarded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { Monitor, type MonitorConfig } from '../../src/monitor/monitor.js';
import { createCaptureAnalyzer, monitorAnalysisArgs, type FileAnalyzer } from '../../src/monitor/analyzer.js';
import { demoAnalysisArgs } from '../../src/monitor/demo.js';
import { referenceAnalyzer, XYU_CAPTURE, xyuConfig } from './helpers.js';

function setup(): { dir: string; cfg: MonitorConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-mon-'));
  const cfg: MonitorConfig = xyuConfig(dir);
  return { dir, cfg };
}

function ringFile(dir: string, i: number, semaphore = true): void {
  copyFileSync(XYU_CAPTURE, join(dir, `example_${String(i).padStart(5, '0')}.pcapng`));
  if (semaphore) writeFileSync(join(dir, 'example_semaphore.txt'), String(i));
}

async function once(m: Monitor): Promise<void> {
  await m.run(new AbortController().signal, true);
}

test('one file: figures, page and status are written; a second file doubles the totals', async () => {
  const { dir, cfg } = setup();
  const logs: string[] = [];
  try {
    const m = new Monitor(cfg, referenceAnalyzer(), (l) => logs.push(l));
    await m.init();
    for (const n of ['det_total_0.png', 'det_0.png', 'det_stats_0.png', 'monitorData.html'])
      assert.ok(existsSync(join(cfg.out, n)), `${n} written before any data`);
    ringFile(dir, 0);
    await once(m);
    assert.equal(m.filesAnalysed, 1);
    for (const n of ['det_total_0.png', 'det_0.png', 'det_stats_0.png']) {
      const img = await loadImage(readFileSync(join(cfg.out, n)));
      assert.deepEqual([img.width, img.height], [1700, 900], n);
    }
    const st = JSON.parse(readFileSync(join(cfg.out, 'monitorStatus.json'), 'utf8'));
    assert.equal(st.filesAnalysed, 1);
    assert.equal(st.lastFile.name, 'example_00000.pcapng');
    assert.equal(st.lastFile.hits, 66908);
    assert.equal(st.lastFile.detectorClusters, 6331);
    assert.equal(st.detectors[0].latest.clusters, 6331);
    assert.equal(st.detectors[0].latest.hits[0] + st.detectors[0].latest.hits[1] + st.detectors[0].latest.otherPlaneHits, 66908);
    assert.ok(st.lastFile.delaySeconds >= st.lastFile.analysisSeconds);
    assert.ok(!readdirHasTemp(cfg.out), 'no temporary files left');
    // same file again (already analysed): nothing happens
    await once(m);
    assert.equal(m.filesAnalysed, 1);
    // next ring file
    ringFile(dir, 1);
    await once(m);
    assert.equal(m.filesAnalysed, 2);
    const d = m.state.detectors[0]!;
    assert.equal(d.total.clustersImage.entries, 2 * 6331);
    assert.equal(d.series.length, 2);
    assert.equal(m.filesSkipped, 0);
    assert.ok(logs.some((l) => l.includes('example_00001.pcapng: ') && l.includes('6331 clusters')), logs.join('\n'));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

function readdirHasTemp(dir: string): boolean {
  return readdirSync(dir).some((n) => n.endsWith('.tmp'));
}

test('a corrupt file is logged, counted and skipped; the monitor carries on; skipped files are reported', async () => {
  const { dir, cfg } = setup();
  const logs: string[] = [];
  try {
    const m = new Monitor(cfg, referenceAnalyzer(), (l) => logs.push(l));
    await m.init();
    ringFile(dir, 0);
    await once(m);
    writeFileSync(join(dir, 'example_00001.pcapng'), 'this is not a capture');
    writeFileSync(join(dir, 'example_semaphore.txt'), '1');
    await once(m);
    assert.equal(m.filesFailed, 1);
    assert.equal(m.filesAnalysed, 1);
    assert.match(m.errors[0]!.message, /analysis failed: .*not a pcapng file/);
    await once(m);
    assert.equal(m.filesFailed, 1, 'a failed file is not retried');
    // files 2 and 3 complete while we were away; semaphore names 4
    await new Promise((r) => setTimeout(r, 20));
    ringFile(dir, 2, false);
    await new Promise((r) => setTimeout(r, 20));
    ringFile(dir, 3, false);
    await new Promise((r) => setTimeout(r, 20));
    ringFile(dir, 4);
    await once(m);
    assert.equal(m.filesAnalysed, 2);
    assert.equal(m.filesSkipped, 2);
    assert.ok(logs.some((l) => /skipped 2 complete files before example_00004\.pcapng/.test(l)), logs.join('\n'));
    const st = m.status() as { errors: { file: string }[]; filesFailed: number };
    assert.equal(st.errors[0]!.file, 'example_00001.pcapng');
    assert.match(m.page(true), /failed <b>1<\/b>/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a file overwritten while being analysed is discarded, not added to the totals', async () => {
  const { dir, cfg } = setup();
  try {
    const inner = referenceAnalyzer();
    let first = true;
    const overwriting: FileAnalyzer = async (path, sink, signal) => {
      await inner(path, sink, signal);
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 20));
        writeFileSync(path, readFileSync(path)); // same bytes, new mtime: the ring rewrote the slot
      }
    };
    const m = new Monitor(cfg, overwriting);
    await m.init();
    ringFile(dir, 0);
    await once(m);
    // the first pass is discarded; the rewritten slot is a new file and is analysed once
    assert.equal(m.filesDiscarded, 1);
    assert.equal(m.filesAnalysed, 1);
    assert.equal(m.state.detectors[0]!.filesInTotal, 1);
    assert.equal(m.state.detectors[0]!.total.clustersPos[0].entries, 6331, 'the discarded pass added nothing');
    assert.match(m.errors[0]!.message, /changed while it was analysed/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('run() follows live: a new semaphore wakes it, abort stops it', async () => {
  const { dir, cfg } = setup();
  try {
    const m = new Monitor({ ...cfg, pollMs: 600_000 }, referenceAnalyzer());
    await m.init();
    const ac = new AbortController();
    const running = m.run(ac.signal);
    ringFile(dir, 0);
    while (m.filesAnalysed < 1) await new Promise((r) => setTimeout(r, 20));
    ringFile(dir, 1);
    while (m.filesAnalysed < 2) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await running;
    assert.equal(m.state.detectors[0]!.filesInTotal, 2);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('real analysis on a ring with a truncated and a garbage file: partial data with a warning, a failure, and on', async () => {
  const { dir, cfg } = setup();
  const logs: string[] = [];
  try {
    const analyze = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
    const m = new Monitor({ ...cfg, order: 'all' }, analyze, (l) => logs.push(l));
    await m.init();
    const bytes = readFileSync(XYU_CAPTURE);
    const files = [bytes, bytes.subarray(0, Math.floor(bytes.length / 2)), Buffer.from('garbage, not a capture at all'), bytes];
    files.forEach((b, i) => {
      const p = join(dir, `example_0000${i}.pcapng`);
      writeFileSync(p, b);
      utimesSync(p, 1_700_000_000 + i, 1_700_000_000 + i);
    });
    writeFileSync(join(dir, 'example_semaphore.txt'), '3');
    await once(m);
    assert.equal(m.filesAnalysed, 3);
    assert.equal(m.filesFailed, 1);
    assert.match(m.errors.map((e) => `${e.file}: ${e.message}`).join('\n'), /example_00002\.pcapng: analysis failed/);
    assert.ok(m.errors.some((e) => e.file === 'example_00001.pcapng' && /incomplete last block|damaged/.test(e.message)), JSON.stringify(m.errors));
    const d = m.state.detectors[0]!;
    const series = d.series.toArrays();
    assert.equal(series.t.length, 3);
    assert.equal(d.totalClusters > 2 * 6331 && d.totalClusters < 3 * 6331, true, `${d.totalClusters} clusters: two full files and part of one`);
    assert.equal(m.state.latestFile!.name, 'example_00003.pcapng');
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('status and page show the file being analysed and its progress', async () => {
  const { dir, cfg } = setup();
  try {
    const inner = referenceAnalyzer();
    const seen: unknown[] = [];
    let m: Monitor | null = null;
    const slow: FileAnalyzer = async (path, sink, signal, onProgress) => {
      onProgress?.(1000, 4000);
      seen.push((m!.status() as { analysing: unknown }).analysing, m!.pageStatus().waiting);
      await inner(path, sink, signal);
    };
    m = new Monitor(cfg, slow);
    await m.init();
    ringFile(dir, 0);
    await once(m);
    assert.deepEqual(seen, [{ name: 'example_00000.pcapng', bytesDone: 1000, bytesTotal: 4000 }, 'analysing example_00000.pcapng (25 %)']);
    assert.equal((m.status() as { analysing: unknown }).analysing, null);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
