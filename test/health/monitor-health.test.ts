/**
 * Health in the monitor, end to end: the real example capture replayed in eight passes with
 * `--drop-every 9` and `--drop-fec 2@2` (FEC 2 silenced 2 s into the replay), recorded
 * as it arrived, cut into half-second ring files and followed by the monitor with the real
 * analysis. Checks: lost frames per FEC equal the withheld datagrams (+ the capture's own
 * gap per pass), the same figure as one offline analysis of the whole recording (frame
 * sequences joined across files); FEC 2 turns red within the configured silence time, with
 * the reason and an event; `/metrics` passes `promtool check metrics` (Debian's prometheus
 * package) and carries the same numbers; the status JSON holds the health.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, REFERENCE, hasShared, loadCase } from '../helpers/reference.js';
import { replayAndRecord, writeDatagrams } from '../helpers/replay-record.js';
import { binning } from '../../src/monitor/panels.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { createCaptureAnalyzer } from '../../src/monitor/analyzer.js';
import { startMonitorServer } from '../../src/web/server.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { healthReport } from '../../src/health/report.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/thresholds.js';

const SILENT_S = 1;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FILE_S = 0.5;
const PASSES = 8;

/** `promtool check metrics` on the text: its exit status and output (null when promtool is not installed). */
function promtool(text: string): { status: number | null; out: string } | null {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) return null;
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Value of one sample of the exposition text (labels as written), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('monitor: lost frames = withheld datagrams, a silenced FEC turns red in time, /metrics passes promtool', { skip: !hasShared() && 'no ../shared', timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-mhealth-'));
  try {
    const rec = await replayAndRecord(join(DATA, 'example.pcapng'), join(dir, 'all.pcapng'), {
      loop: true, passes: PASSES, rateBytesPerSecond: 1e6, faults: { dropEvery: 9, dropFec: { fec: 2, afterSeconds: 2 } },
    });
    assert.equal(rec.payloads.length, rec.summary.packets, 'nothing lost on loopback');
    assert.ok(rec.summary.silenced > 100, `FEC 2 silenced (${rec.summary.silenced} withheld)`);
    const ring = join(dir, 'ring');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ring);
    const geo = join(dir, 'geo.json');
    writeFileSync(geo, readFileSync(join(DATA, 'example_geometry.json')));
    const args = loadCase('run_geometry').args.map((a) => (a.startsWith('../') ? join(REFERENCE, a) : a));
    const analysisArgs = args.slice(2); // without -f
    const analyzer = await createCaptureAnalyzer(['-save', '[[1],[1],[1]]', ...analysisArgs]);
    const m = new Monitor(
      { dir: ring, stem: 'mon', out: join(dir, 'out'), naming: 'auto', order: 'all', detectors: [1], binning: binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 }), window: 200, refreshSeconds: 10, healthThresholds: { ...DEFAULT_THRESHOLDS, silentSeconds: SILENT_S, lostFractionRed: 0.5 } },
      analyzer,
    );
    await m.init();
    // half-second ring files, each committed and analysed before the next appears
    const t0 = rec.times[0]!;
    const slot = BigInt(FILE_S * 1e9);
    let file = 0;
    let from = 0;
    const redAt: { file: number; time: string }[] = [];
    const newest: number[] = [];
    while (from < rec.payloads.length) {
      const end = t0 + slot * BigInt(file + 1);
      let to = from;
      while (to < rec.payloads.length && rec.times[to]! < end) to++;
      writeDatagrams(join(ring, `mon_${String(file).padStart(5, '0')}.pcapng`), rec.payloads.slice(from, to), rec.times.slice(from, to));
      writeFileSync(join(ring, 'mon_semaphore.txt'), String(file));
      await m.run(new AbortController().signal, true);
      const s2 = m.health.status.fecs.find((s) => s.fec === 2);
      newest.push(Math.max(...m.health.total!.lastTime));
      if (s2?.level === 'red' && s2.reasons.some((r) => r.startsWith('silent'))) redAt.push({ file, time: m.health.events.filter((e) => e.subject === 'FEC 2').at(-1)!.time });
      from = to;
      file++;
    }
    assert.ok(file >= 5, `${file} ring files`);
    assert.equal(m.filesAnalysed, file);

    // lost frames: FEC 1 was never silenced: its own gap once per pass, plus what was withheld
    const dropped = rec.summary.dropped;
    const total = m.health.total!;
    assert.equal(total.framesLost[1], PASSES + dropped[1]!);
    // FEC 2: the same as one offline analysis of the whole recording (sequences joined across the files)
    const o = parseConvertArgs(args.map((a, i) => (i > 0 && args[i - 1] === '-f' ? join(dir, 'all.pcapng') : a)), (p) => readFileSync(p, 'utf8'));
    const offline = await analyzeCaptureFile(o.file, o, { write: () => {} }, { health: true, clustering: false, histograms: false });
    const off = healthReport(offline.health!, o.geometry);
    for (const f of off.fecs) assert.equal(total.framesLost[f.fec!], f.framesLost, `FEC ${f.fec}: monitor = offline`);
    assert.ok(total.framesLost[2]! >= dropped[2]!);
    assert.deepEqual([...total.datagrams.subarray(1, 3)], [off.fecs[0]!.datagrams, off.fecs[1]!.datagrams]);

    // FEC 2 silenced: red within the configured time (plus one file), with the reason, and an event
    let i2 = rec.payloads.length - 1;
    while (rec.payloads[i2]![7]! >> 4 !== 2) i2--;
    const last2 = Number(rec.times[i2]!) / 1e9;
    const end = Number(rec.times.at(-1)!) / 1e9;
    assert.ok(end - last2 > SILENT_S + 2 * FILE_S, `the recording goes on ${(end - last2).toFixed(2)} s after FEC 2 fell silent (loaded machine?)`);
    assert.ok(redAt.length > 0, 'FEC 2 turned red');
    // red at the first file whose data shows more than SILENT_S of silence, not before, not later
    const k = redAt[0]!.file;
    assert.equal(Date.parse(redAt[0]!.time) / 1000, Math.trunc(newest[k]! * 1000) / 1000, 'the event has the capture time it was seen at');
    assert.ok(newest[k]! - last2 > SILENT_S, `red after ${(newest[k]! - last2).toFixed(2)} s of silence`);
    assert.ok(k === 0 || newest[k - 1]! - last2 <= SILENT_S, `not red at the file before (${(newest[k - 1]! - last2).toFixed(2)} s)`);
    const st2 = m.health.status.fecs.find((s) => s.fec === 2)!;
    assert.equal(st2.level, 'red');
    assert.match(st2.reasons.join('; '), /^silent since \d{4}-\d\d-\d\dT[\d:.]+Z \([\d.]+ s without a datagram\)/);
    assert.ok(m.health.events.some((e) => e.subject === 'FEC 2' && e.level === 'red' && /silent since/.test(e.message)));
    assert.ok(m.health.events.some((e) => e.subject === 'FEC 1' && e.level === 'amber' && /frames? lost/.test(e.message)), 'frame loss on FEC 1 logged');
    assert.equal(m.health.status.detectors.find((d) => d.detector === 1)!.level, 'red', 'detector 1 red through FEC 2');

    // the page's status line says it at a glance
    const page = m.page(true);
    assert.match(page, /<span class="h-red" title="silent since [^"]+">● FEC 2 red<\/span> \(silent since /);
    assert.match(page, /● FEC 1 (amber|green)/);
    // status JSON and /metrics
    const status = m.status() as { health: { status: { fecs: { fec: number; level: string }[] } } };
    assert.equal(status.health.status.fecs.find((s) => s.fec === 2)!.level, 'red');
    const server = await startMonitorServer({ page: () => m.page(true), status: () => m.status(), figure: () => null, reset: () => m.reset(), metrics: () => m.metrics() }, { port: 0 });
    try {
      const res = await fetch(`${server.url}metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      const p = promtool(text);
      assert.ok(p, 'promtool is installed (Debian package prometheus; .ci/run installs it)');
      assert.equal(p.status, 0, `promtool check metrics: ${p.out}`);
      assert.equal(p.out.trim(), '', 'no lint findings');
      assert.equal(sample(text, 'vmmscope_fec_frames_lost_total{fec="1"}'), PASSES + dropped[1]!);
      assert.equal(sample(text, 'vmmscope_fec_frames_lost_total{fec="2"}'), total.framesLost[2]);
      assert.equal(sample(text, 'vmmscope_fec_datagrams_total{fec="1"}'), off.fecs[0]!.datagrams);
      assert.equal(sample(text, 'vmmscope_fec_bytes_total{fec="2"}'), off.fecs[1]!.bytes);
      assert.equal(sample(text, 'vmmscope_fec_status{fec="2"}'), 2);
      assert.equal(sample(text, 'vmmscope_vmm_hits_total{fec="1",vmm="0"}'), off.channels.filter((c) => c.fec === 1 && c.vmm === 0).reduce((s, c) => s + c.hits, 0));
      assert.equal(sample(text, 'vmmscope_detector_clusters_total{detector="1"}'), m.state.detectors[0]!.totalClusters);
      assert.ok(m.state.detectors[0]!.totalClusters > 0);
      // the status line in Chromium: FEC 2 shown red, its reason in the tooltip
      if (existsSync(CHROMIUM)) {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
        try {
          const page = await browser.newPage();
          await page.goto(server.url, { waitUntil: 'load' });
          const red = await page.$$eval('.status .h-red', (xs) => xs.map((x) => [x.textContent, getComputedStyle(x).color, x.getAttribute('title')]));
          assert.ok(red.some(([t, c, title]) => t === '● FEC 2 red' && c === 'rgb(204, 0, 0)' && /^silent since/.test(title ?? '')), JSON.stringify(red));
        } finally {
          await browser.close();
        }
      }
      // a broken exposition is refused by the same check (the check can fail)
      assert.notEqual(promtool(text.replace('vmmscope_fec_bytes_total{fec="1"}', 'vmmscope_fec_bytes_total{fec="1}'))!.status, 0);
      assert.notEqual(promtool('# HELP vmmscope_x x\n# TYPE vmmscope_x counter\nvmmscope_x 1\n')!.status, 0, 'a counter without _total is refused');
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sample Grafana dashboard parses and queries only metrics the monitor exposes', () => {
  const dash = JSON.parse(readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const src = readFileSync(new URL('../../src/health/prometheus.ts', import.meta.url), 'utf8');
  const exposed = new Set([...src.matchAll(/family\('(vmmscope_\w+)'/g)].map((x) => x[1]!));
  const used = dash.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/vmmscope_\w+/g)].map((x) => x[0])));
  assert.ok(used.length >= 10);
  for (const n of used) assert.ok(exposed.has(n), `${n} is exposed`);
  for (const n of ['vmmscope_fec_datagrams_total', 'vmmscope_fec_bytes_total', 'vmmscope_fec_frames_lost_total', 'vmmscope_vmm_hits_total', 'vmmscope_detector_clusters_total'])
    assert.ok(exposed.has(n), n);
});
