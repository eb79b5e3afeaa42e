/**
 * The two-thread pipeline gives exactly the one-thread results: every reference case
 * (SRS, TRG, pads, three planes, calibration with its histograms, ESS, VTC) analysed both
 * ways into in-memory tables, statistics, metadata and histograms compared; plus -n and
 * a capture that is not one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import type { AnalyzeFileResult } from '../../src/analysis/file-run.js';
import type { AnalysisSink } from '../../src/table/sink.js';
import { csvHeader, csvRows } from '../../src/output/csv-format.js';
import { Logger } from '../../src/config/log.js';
import { hasShared, loadCase } from '../helpers/reference.js';

interface Captured {
  trees: Record<string, string>;
  meta: string;
  hists: string;
  log: string;
  print: string;
  result: AnalyzeFileResult;
}

async function run(name: string, threads: number, extra: string[] = []): Promise<Captured> {
  const c = loadCase(name);
  const args = [...c.args.map((a, i) => (i > 0 && ['-f', '-geo', '-cal'].includes(c.args[i - 1]!) ? resolve(dirname(c.dir), a) : a)), ...extra];
  if (name === 'run_calib') args.push('-cahi', '1');
  const o = parseConvertArgs(args, (p) => readFileSync(p, 'utf8'));
  const trees: Record<string, string> = {};
  let meta = '';
  let hists = '';
  const sink: AnalysisSink = {
    open: (r) => r.trees.forEach((t) => (trees[t.name] = csvHeader(t) + '\n')),
    write: (t, b) => void (trees[t.name] += csvRows(b)),
    metadata: (m) => void (meta = JSON.stringify(m)),
    close: (f) => void (hists = JSON.stringify(f.histograms.map((h) => [h.name, h.entries, h.tsumw, Array.from(h.contents)]))),
  };
  let log = '';
  let print = '';
  const logger = new Logger((l) => (log += l.replace(/^\|[^|]*\|/, '')));
  logger.level = 'INFO';
  const result = await analyzeCaptureFile(o.file, o, sink, { threads, logger, print: (l) => (print += l + '\n') });
  return { trees, meta, hists, log, print, result };
}

const CASES = ['run_geometry', 'run_calib', 'run_geometry_pad', 'run_triggered_mode', 'run_xyu', 'vtc_run', 'ess_LET'];
for (const name of CASES) {
  test(`two threads give the one-thread results: ${name}`, { skip: !hasShared() && 'no ../shared', timeout: 120_000 }, async () => {
    const a = await run(name, 1);
    const b = await run(name, 2);
    for (const t of Object.keys(a.trees)) assert.ok(a.trees[t] === b.trees[t], `${t} differs`);
    assert.deepEqual(Object.keys(b.trees), Object.keys(a.trees));
    assert.equal(b.meta, a.meta);
    assert.ok(b.hists === a.hists, 'histograms differ');
    assert.equal(b.log, a.log);
    assert.equal(b.print, a.print);
    assert.deepEqual(b.result.entries, a.result.entries);
    assert.equal(b.result.parserHits, a.result.parserHits);
    assert.deepEqual({ ...b.result.capture }, { ...a.result.capture });
    assert.ok(a.result.entries.hits > 0);
  });
}

test('two threads: -n stops at the same hit', { skip: !hasShared() && 'no ../shared' }, async () => {
  const a = await run('run_geometry', 1, ['-n', '50000']);
  const b = await run('run_geometry', 2, ['-n', '50000']);
  assert.equal(b.result.parserHits, a.result.parserHits);
  assert.ok(a.trees['hits'] === b.trees['hits']);
  assert.ok(a.trees['clusters_detector'] === b.trees['clusters_detector']);
});

test('two threads: a file that is not a capture fails with the reader\'s error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-thr-'));
  const f = join(dir, 'x.pcapng');
  writeFileSync(f, 'not a capture at all, just text');
  const geo = JSON.stringify({ vmm_geometry: [{ detector: 1, plane: 0, fec: 1, vmm: 0, id0: Array.from({ length: 64 }, (_, c) => c) }] });
  const o = parseConvertArgs(['-f', f, '-geo', 'g.json'], () => geo);
  await assert.rejects(analyzeCaptureFile(f, o, { write() {} }, { threads: 2 }), (e: Error) => e.name === 'PcapngError' && /x\.pcapng/.test(e.message));
});
