/**
 * `vmmscope monitor` options and the demo: option parsing (command line, config
 * file, errors naming the field), the analysis arguments the monitor adds, and
 * `--demo --once` end to end — with the real streaming analysis when this build
 * has it (counts equal vmm-sdat's reference), else with the reference analyzer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitor } from '../../src/cli/commands/monitor.js';
import { createCaptureAnalyzer, detectorCuts, MonitorConfigError, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { DEMO_GEOMETRY, EXAMPLES_DIR, demoAnalysisArgs } from '../../src/monitor/demo.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { binning, statsRangesFromCuts } from '../../src/monitor/panels.js';
import { parseMonitorArgs } from '../../src/monitor/options.js';
import { loadCase } from '../helpers/reference.js';
import { feedXyu } from './helpers.js';

const BIN = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });

test('command line: monitor options, pass-through analysis options, defaults', () => {
  const o = parseMonitorArgs(
    ['--name', 'monitoring', '--dir', 'ring', '-geo', 'g.json', '-bc', '40', '--detector', '0,2', '--detector', '5', '--channels-x=256', '--max-charge', '5000', '--all', '--geometry', 'h.json'],
    '/base',
  );
  assert.equal(o.name, 'monitoring');
  assert.equal(o.dir, '/base/ring');
  assert.equal(o.out, '/base');
  assert.equal(o.outGiven, false);
  assert.deepEqual(o.detectors, [0, 2, 5]);
  assert.equal(o.binning.channelsX, 256);
  assert.equal(o.binning.channelsY, 64);
  assert.equal(o.binning.chargeBins, 500, 'legacy: max charge × 0.1 bins');
  assert.equal(o.order, 'all');
  assert.equal(o.port, 8050);
  assert.equal(o.refreshSeconds, 10);
  assert.deepEqual(o.analysis, ['-geo', 'g.json', '-bc', '40', '--geometry', 'h.json']);
});

test('option errors name the option and the expected value', () => {
  assert.throws(() => parseMonitorArgs(['--port', 'x']), /--port: expected a number, got "x"/);
  assert.throws(() => parseMonitorArgs(['--detector', '300']), /detector id 300 is not an integer 0…255/);
  assert.throws(() => parseMonitorArgs(['--order', 'oldest']), /--order: expected newest or all/);
  assert.throws(() => parseMonitorArgs(['--refresh', '0']), /--refresh: expected 1…3600 seconds/);
  assert.throws(() => parseMonitorArgs(['--name']), /--name needs a value/);
  assert.throws(() => parseMonitorArgs(['stray']), /unexpected argument "stray"/);
  assert.throws(() => monitorAnalysisArgs(['-f', 'x.pcapng'], [0]), MonitorConfigError);
  assert.throws(() => monitorAnalysisArgs(['-fec', 'x.pcapng'], [0]), /do not pass -fec/);
});

test('the monitor saves the trees of its detectors first, unless -save is given', () => {
  assert.deepEqual(monitorAnalysisArgs(['-geo', 'g.json', '-hm', '1'], [0, 3]), ['-save', '[[0,3],[0,3],[0,3]]', '-geo', 'g.json', '-hm', '1']);
  assert.deepEqual(monitorAnalysisArgs(['-save', '[[1],[1],[1]]'], [0]), ['-save', '[[1],[1],[1]]']);
});

test('config file: fields, paths relative to the file, command line wins, unknown fields rejected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-cfg-'));
  try {
    const f = join(dir, 'monitor.json');
    writeFileSync(f, JSON.stringify({ name: 'mon', dir: 'ring', out: 'figs', detectors: [1], channelsX: 128, refresh: 20, analysis: ['-geo', 'geo.json', '-bc', 40] }));
    const o = parseMonitorArgs(['--config', f, '--refresh', '5', '-bc', '44.4'], '/elsewhere');
    assert.equal(o.name, 'mon');
    assert.equal(o.dir, join(dir, 'ring'));
    assert.equal(o.out, join(dir, 'figs'));
    assert.equal(o.outGiven, true);
    assert.deepEqual(o.detectors, [1]);
    assert.equal(o.binning.channelsX, 128);
    assert.equal(o.refreshSeconds, 5);
    assert.deepEqual(o.analysis, ['-geo', join(dir, 'geo.json'), '-bc', '40', '-bc', '44.4'], 'later -bc wins in the convertFile parser');
    writeFileSync(f, JSON.stringify({ name: 'mon', chanelsX: 5 }));
    assert.throws(() => parseMonitorArgs(['--config', f]), /field "chanelsX": unknown field/);
    writeFileSync(f, JSON.stringify({ channelsX: 'many' }));
    assert.throws(() => parseMonitorArgs(['--config', f]), /field "channelsX": expected a number, got "many"/);
    writeFileSync(f, '{ name: mon }');
    assert.throws(() => parseMonitorArgs(['--config', f]), /is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the bundled demo files are in the package', () => {
  for (const f of ['example_xyu.pcapng', 'example_geometry_xyu.json', 'monitoring_vtc_00000.pcapng', 'fonts/DejaVuSans.ttf', 'README.md'])
    assert.ok(existsSync(join(EXAMPLES_DIR, f)), f);
});

test('vmmscope monitor --demo vtc --once runs the legacy PNG monitor\'s VTC example with its parameters', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vmmscope-demo-vtc-'));
  try {
    const status = await runMonitor(parseMonitorArgs(['--demo', 'vtc', '--once', '--out', out]), createCaptureAnalyzer);
    assert.equal(status, 0);
    for (const n of ['det_total_0.png', 'det_0.png', 'det_stats_0.png', 'monitorData.html']) assert.ok(existsSync(join(out, n)), n);
    const st = JSON.parse(readFileSync(join(out, 'monitorStatus.json'), 'utf8'));
    // formats.md §8: monitorData.py's configuration on this capture gives 17770 hits, 824 plane and 307 detector clusters
    assert.equal(st.lastFile.hits, 17770);
    assert.equal(st.lastFile.planeClusters, 824);
    assert.equal(st.lastFile.detectorClusters, 307);
  } finally {
    rmSync(out, { recursive: true });
  }
});

test('vmmscope monitor --demo --once analyses the bundled example and writes its figures', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vmmscope-demo-out-'));
  let args: string[] = [];
  try {
    const status = await runMonitor(parseMonitorArgs(['--demo', '--once', '--out', out]), async (a) => {
      args = a;
      return createCaptureAnalyzer(a);
    });
    assert.equal(status, 0);
    assert.deepEqual(args.slice(0, 4), ['-save', '[[0],[0],[0]]', '-geo', DEMO_GEOMETRY]);
    assert.ok(args.includes('center-of-masss'));
    for (const n of ['det_total_0.png', 'det_0.png', 'det_stats_0.png', 'monitorData.html']) assert.ok(existsSync(join(out, n)), n);
    const st = JSON.parse(readFileSync(join(out, 'monitorStatus.json'), 'utf8'));
    assert.equal(st.filesAnalysed, 1);
    assert.equal(st.lastFile.name, 'example_00000.pcapng');
    const ref = loadCase('run_xyu').counts;
    assert.equal(st.lastFile.hits, ref.hits);
    assert.equal(st.lastFile.planeClusters, ref.clusters_plane);
    assert.equal(st.lastFile.detectorClusters, ref.clusters_detector);
    assert.ok(!existsSync(st.ring.dir), 'the temporary demo ring is removed when --out is elsewhere');
  } finally {
    rmSync(out, { recursive: true });
  }
});

test('the streaming analysis fills exactly the histograms that vmm-sdat\'s output of the same capture fills', async () => {
  const analyze = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
  const real = new MonitorFileSink([0], BIN);
  await analyze(join(EXAMPLES_DIR, 'example_xyu.pcapng'), real, new AbortController().signal);
  const ref = new MonitorFileSink([0], BIN);
  feedXyu(ref);
  const a = real.results[0]!;
  const b = ref.results[0]!;
  assert.deepEqual(a.counts, b.counts);
  const ha = [...a.panels.all(), ...a.stats.all()];
  const hb = [...b.panels.all(), ...b.stats.all()];
  ha.forEach((h, i) => assert.deepEqual(h.contents, hb[i]!.contents, h.name));
});

test('--stats-range analysis: statistics binned by the cuts keep every accepted cluster in range', async () => {
  assert.equal(parseMonitorArgs(['--stats-range', 'analysis']).statsRange, 'analysis');
  assert.throws(() => parseMonitorArgs(['--stats-range', 'wide']), /--stats-range: expected legacy or analysis/);
  const analyze = await createCaptureAnalyzer(monitorAnalysisArgs(demoAnalysisArgs(), [0]));
  const cuts = detectorCuts(analyze.options!, 0)!;
  assert.deepEqual(cuts, { dtNs: 200, spcNs: 500, dpNs: 200 });
  assert.equal(detectorCuts(analyze.options!, 7), null, 'detector 7 is not in the geometry');
  const stats = statsRangesFromCuts(cuts.dtNs, cuts.spcNs, cuts.dpNs);
  assert.deepEqual(stats.deltaTimePlanes, [102, -204, 204]);
  assert.deepEqual(stats.span, [52, -10, 510]);
  const sink = new MonitorFileSink([0], binning({ channelsX: 256, channelsY: 256, stats }));
  await analyze(join(EXAMPLES_DIR, 'example_xyu.pcapng'), sink, new AbortController().signal);
  const S = sink.results[0]!.stats;
  for (const h of [S.deltaTimePlanes, ...S.span, ...S.maxDeltaTime]) {
    assert.equal(h.entries, 6331, h.name);
    assert.equal(h.get(0) + h.get(h.x.nbins + 1), 0, `${h.name}: nothing out of range`);
  }
});

test('vmmscope monitor --keep csv also keeps each analysed file\'s trees, named as vmm-sdat names its output', async () => {
  const out = mkdtempSync(join(tmpdir(), 'vmmscope-keep-'));
  try {
    const status = await runMonitor(parseMonitorArgs(['--demo', '--once', '--out', out, '--keep', 'csv']), createCaptureAnalyzer);
    assert.equal(status, 0);
    const kept = readdirSync(out).filter((n) => /^example_00000_\d{14}$/.test(n));
    assert.equal(kept.length, 1, readdirSync(out).join(' '));
    // the demo runs run_xyu's parameters on the same capture: vmm-sdat's entry counts
    const ref = loadCase('run_xyu').counts;
    const rows = (t: string): number => readFileSync(join(out, kept[0]!, `${t}.csv`), 'utf8').trimEnd().split('\n').length - 1;
    assert.equal(rows('hits'), ref.hits);
    assert.equal(rows('clusters_plane'), ref.clusters_plane);
    assert.equal(rows('clusters_detector'), ref.clusters_detector);
  } finally {
    rmSync(out, { recursive: true });
  }
});
