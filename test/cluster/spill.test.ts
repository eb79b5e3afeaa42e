/**
 * Bounded memory (issue 15 item 8): when the data's time stops advancing, pending hits
 * beyond the budget go to the spill store and come back merged at the round — with
 * every tree equal, cell for cell, to the run that keeps them in memory. Cases: a
 * geometry FEC that sends nothing (strips, and pads, whose ties need the exact sort and
 * so load the runs back), a looped capture (the same packets twice: time goes back), one
 * and two threads, the temporary file removed; the stderr note naming the silent FEC and
 * `ignoreSilentFecs`, which gives the results of the geometry without that FEC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import type { AnalysisOptions } from '../../src/config/options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import type { AnalyzeFileOptions, AnalyzeFileResult } from '../../src/analysis/file-run.js';
import { Analysis } from '../../src/analysis/analysis.js';
import type { AnalysisSink } from '../../src/table/sink.js';
import { csvHeader, csvRows } from '../../src/output/csv-format.js';
import { MemorySpillStore } from '../../src/cluster/spill-store.js';
import { parseCapture } from '../../src/pcapng/parser.js';
import { UdpExtractor } from '../../src/net/udp-extractor.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { DATA, hasShared, loadCase } from '../helpers/reference.js';

const skip = !hasShared() && 'no ../shared';

/** The trees as CSV text, per tree. */
function csvSink(trees: Record<string, string>): AnalysisSink {
  return {
    open: (r) => r.trees.forEach((t) => (trees[t.name] = csvHeader(t) + '\n')),
    write: (t, b) => void (trees[t.name] += csvRows(b)),
  };
}

/** A reference case's options, with its geometry replaced by `geometry` (JSON text) and its capture by `capture`. */
function caseOptions(name: string, tmp: string, geometry?: (g: { vmm_geometry: object[] }) => void, capture?: string): AnalysisOptions {
  const c = loadCase(name);
  const args = c.args.map((a, i) => (i > 0 && ['-f', '-geo', '-cal'].includes(c.args[i - 1]!) ? resolve(dirname(c.dir), a) : a));
  const gi = args.indexOf('-geo') + 1;
  if (geometry) {
    const g = JSON.parse(readFileSync(args[gi]!, 'utf8'));
    geometry(g);
    args[gi] = join(tmp, `${name}-geometry.json`);
    writeFileSync(args[gi]!, JSON.stringify(g));
  }
  if (capture) args[args.indexOf('-f') + 1] = capture;
  return parseConvertArgs(args, (p) => readFileSync(p, 'utf8'));
}

async function runFile(o: AnalysisOptions, extra: AnalyzeFileOptions = {}): Promise<{ trees: Record<string, string>; result: AnalyzeFileResult }> {
  const trees: Record<string, string> = {};
  const result = await analyzeCaptureFile(o.file, o, csvSink(trees), { sync: true, ...extra });
  return { trees, result };
}

function assertSameTrees(a: Record<string, string>, b: Record<string, string>): void {
  assert.deepEqual(Object.keys(b), Object.keys(a));
  assert.ok(a['clusters_detector']!.split('\n').length > 1000, 'clusters were made');
  for (const t of Object.keys(a)) {
    if (a[t] !== b[t]) {
      const x = a[t]!.split('\n');
      const y = b[t]!.split('\n');
      const i = x.findIndex((l, k) => l !== y[k]);
      assert.fail(`${t} differs at line ${i} of ${x.length} / ${y.length}:\n${x[i]}\n${y[i]}`);
    }
  }
}

const silentStrip = (g: { vmm_geometry: object[] }) => void g.vmm_geometry.push({ detector: 1, plane: 1, fec: 9, vmm: 0, id0: Array.from({ length: 64 }, (_, i) => 200 + i) });

test('a silent FEC: spilled pending hits give the in-memory trees, in one and two threads, and the temp file is removed', { skip, timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vmmscope-spill-test-'));
  try {
    const o = caseOptions('run_geometry', tmp, silentStrip);
    assert.deepEqual(o.geometry.fecs, [2, 1, 9]);
    const mem = await runFile(o);
    assert.equal(mem.result.spill, null);
    const spillDir = join(tmp, 'spill');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(spillDir);
    for (const threads of [1, 2]) {
      const sp = await runFile(o, { threads, spill: { maxPendingHits: 20_000, dir: spillDir } });
      assert.ok(sp.result.spill!.runs >= 3, `threads ${threads}: spilled ${JSON.stringify(sp.result.spill)}`);
      assert.ok(sp.result.spill!.hits > 100_000);
      assert.equal(sp.result.spill!.reloads, 0);
      assertSameTrees(mem.trees, sp.trees);
      assert.deepEqual(readdirSync(spillDir), [], 'the spill file is removed');
    }
    // the note names the FEC; every hit waited for the final flush
    assert.deepEqual(mem.result.notes, [
      'FEC 9 in the geometry sent no data: clustering deferred to the end (all hits kept until then; --ignore-silent-fecs leaves such FECs out of the round rule)',
    ]);
    // ignoreSilentFecs: FEC 9 no longer matters (the results of the geometry without it, under the
    // same rule), the rounds run as the data comes, so far fewer hits wait; no note
    const budget = { spill: { maxPendingHits: 60_000, dir: spillDir } };
    const ignored = await runFile({ ...o, ignoreSilentFecs: true }, budget);
    const plain = await runFile({ ...caseOptions('run_geometry', tmp), ignoreSilentFecs: true }, budget);
    assertSameTrees(plain.trees, ignored.trees);
    const deferred = await runFile(o, budget);
    assert.equal(ignored.result.spill!.runs, 0, `spilled ${ignored.result.spill!.hits} / ${deferred.result.spill!.hits}`);
    assert.ok(deferred.result.spill!.runs > 0);
    assert.deepEqual(ignored.result.notes, []);
    assert.deepEqual(plain.result.notes, []);
    assert.equal(ignored.result.entries.clusters_plane, 27805);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a silent FEC on a pad detector: ties that need the exact sort load the runs back (neutral API, memory store)', { skip, timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vmmscope-spill-test-'));
  try {
    const o = caseOptions('run_geometry_pad', tmp, (g) => void g.vmm_geometry.push({ detector: 1, plane: 1, fec: 9, vmm: 5, id0: Array(64).fill(9), id1: Array(64).fill(9) }));
    const mem = await runFile(o);
    const trees: Record<string, string> = {};
    const bytes = new Uint8Array(readFileSync(o.file));
    const store = new MemorySpillStore();
    const a = new Analysis(o, csvSink(trees), undefined, { spill: { store, maxPendingHits: 5_000 } });
    const ex = new UdpExtractor();
    parseCapture(bytes, (p) => {
      const d = ex.extract(p);
      if (d && d.length) a.pushPayload(d.bytes, d.offset, d.length);
    });
    const res = await a.finish({ firstSeconds: 0, lastSeconds: 0, firstDate: '', lastDate: '' });
    assert.ok(res.spill!.runs >= 2, JSON.stringify(res.spill));
    assert.ok(res.spill!.reloads >= 1, 'equal-time pads differ: the runs are loaded back for the exact sort');
    assertSameTrees(mem.trees, trees);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a looped capture (the same packets twice, time going back): spilled runs give the in-memory trees', { skip, timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vmmscope-spill-test-'));
  try {
    const looped = join(tmp, 'looped.pcapng');
    const frames: { f: Uint8Array; s: number; ns: number }[] = [];
    parseCapture(new Uint8Array(readFileSync(join(DATA, 'example.pcapng'))), (p) => void frames.push({ f: p.bytes.slice(p.offset, p.offset + p.capturedLength), s: p.tsSeconds, ns: p.tsNanos }));
    const w = new PcapngFileWriter(looped);
    for (let pass = 0; pass < 2; pass++) for (const x of frames) w.writePacket(x.f, x.s + pass * 100, x.ns);
    w.close();
    const o = caseOptions('run_geometry', tmp, undefined, looped);
    const mem = await runFile(o);
    const sp = await runFile(o, { spill: { maxPendingHits: 20_000, dir: tmp } });
    assert.ok(sp.result.spill!.runs >= 3, JSON.stringify(sp.result.spill));
    assertSameTrees(mem.trees, sp.trees);
    assert.equal(sp.result.entries.hits, 2 * 149171);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
