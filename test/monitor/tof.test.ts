/**
 * The time-of-flight page (monitoring.md §6): neutron energy and wavelength
 * from ToF against hand-computed values, and the six ToF panels of an ESS
 * capture (example_LET.pcapng with its reference parameters, real analysis)
 * served by `/api/histograms` against counts computed from vmm-sdat's own trees
 * of that capture (readout_time of the hits, time0_algo, pos0, pos1 of the
 * detector clusters); det_tof_<id>.png is rendered and the PNG page has the
 * ToF tab.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { binning } from '../../src/monitor/panels.js';
import { LEGACY_TOF, neutronEnergyEv, neutronWavelengthA } from '../../src/monitor/tof.js';
import { detectorJson } from '../../src/web/api/histograms.js';
import { parseFigureName } from '../../src/web/figure-names.js';
import { DATA, REFERENCE } from '../helpers/reference.js';

test('neutron energy and wavelength from the time of flight', () => {
  // 19.4 m in 10 ms: v = 1940 m/s, E = ½mv² = 19.67 meV (relativistic correction ~1e-11, below the tolerance), λ = h/(mv) = 2.039 Å
  const e = neutronEnergyEv(10e-3, 19.4);
  const classical = (0.5 * 1.67492749804e-27 * 1940 ** 2) / 1.602176634e-19;
  assert.ok(Math.abs(e - classical) / classical < 1e-9, `${e} vs ${classical}`);
  assert.ok(Math.abs(neutronWavelengthA(e) - 2.0392) < 2e-3, String(neutronWavelengthA(e)));
  assert.ok(Number.isNaN(neutronEnergyEv(0, 19.4)));
  assert.ok(Number.isNaN(neutronEnergyEv(1e-9, 19.4)), 'faster than light');
});

/** numpy.histogram of in-range values. */
function bin1(v: number[], n: number, lo: number, hi: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const x of v) if (x >= lo && x < hi) c[Math.min(n - 1, Math.floor(((x - lo) * n) / (hi - lo)))]!++;
  return c;
}

function csv(name: string): { head: string[]; rows: string[][] } {
  const lines = gunzipSync(readFileSync(join(REFERENCE, 'ess_LET', `${name}.csv.gz`))).toString('utf8').trim().split('\n');
  return { head: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

test('ToF panels of an ESS capture equal counts from vmm-sdat trees; det_tof PNG and tab', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-tof-'));
  try {
    const c = JSON.parse(readFileSync(join(REFERENCE, 'ess_LET', 'case.json'), 'utf8')) as { args: string[] };
    const args = c.args.slice(2).map((a) => (a.startsWith('../data/') ? join(DATA, a.slice(8)) : a));
    // c56141b's -algo 0 (the case's) is our -algo 7 (test/analysis/reference-cases.test.ts)
    args[args.indexOf('-algo') + 1] = '7';
    copyFileSync(join(DATA, 'example_LET.pcapng'), join(dir, 'let_00000.pcapng'));
    writeFileSync(join(dir, 'let_semaphore.txt'), '0');
    const b = { ...binning({ channelsX: 256, channelsY: 256 }), tof: LEGACY_TOF };
    const mon = new Monitor(
      { dir, stem: 'let', out: join(dir, 'out'), naming: 'auto', order: 'newest', detectors: [0, 1], binning: b, window: 200, refreshSeconds: 10 },
      await createCaptureAnalyzer(monitorAnalysisArgs(args, [0, 1])),
    );
    await mon.init();
    await mon.run(new AbortController().signal, true);
    assert.equal(mon.filesAnalysed, 1);
    const hits = csv('hits');
    const cl = csv('clusters_detector');
    const hc = (n: string) => hits.head.indexOf(n);
    const cc = (n: string) => cl.head.indexOf(n);
    let checked = 0;
    for (const det of [0, 1]) {
      const j = detectorJson(mon.store.detector(det)!);
      const log10s = (ns: number) => (ns > 0 ? Math.log10(ns * 1e-9) : -Infinity);
      for (const [p, title] of [[0, 'hits x ToF'], [1, 'hits y ToF']] as const) {
        const v = hits.rows.filter((r) => Number(r[hc('det')]) === det && Number(r[hc('plane')]) === p).map((r) => log10s(Number(r[hc('readout_time')])));
        assert.deepEqual(j.total[title]!.counts, bin1(v, 1000, -5, 1), `det ${det} ${title}`);
        checked += v.length;
      }
      const mine = cl.rows.filter((r) => Number(r[cc('det')]) === det);
      const t = mine.map((r) => Number(r[cc('time0_algo')]) * 1e-9);
      assert.deepEqual(j.total['clusters ToF']!.counts, bin1(t.map((x) => (x > 0 ? Math.log10(x) : -Infinity)), 1000, -5, 1), `det ${det} clusters ToF`);
      const e = t.map((x) => neutronEnergyEv(x, 19.4)).filter((x) => x > 0);
      assert.deepEqual(j.total['clusters energy']!.counts, bin1(e.map(Math.log10), 1000, -4, 1), `det ${det} energy`);
      assert.deepEqual(j.total['clusters wavelength']!.counts, bin1(e.map(neutronWavelengthA), 1000, 1, 10), `det ${det} wavelength`);
      const th = mine.filter((_r, i) => t[i]! >= 4.9e-3 && t[i]! <= 20e-3);
      const img = j.total['thermal image']!;
      const exp = new Array<number>(256 * 256).fill(0);
      for (const r of th) {
        const x = Number(r[cc('pos0')]);
        const y = Number(r[cc('pos1')]);
        if (x >= 0 && x < 256 && y >= 0 && y < 256) exp[Math.floor(y) * 256 + Math.floor(x)]!++;
      }
      assert.deepEqual(img.counts, exp, `det ${det} thermal image`);
      assert.deepEqual(j.latest['clusters ToF']!.counts, j.total['clusters ToF']!.counts, 'one file: latest = total');
    }
    assert.ok(checked > 20000, `${checked} hits checked`);
    const png = mon.figures.get('det_tof_0.png');
    assert.ok(png, 'det_tof_0.png rendered');
    const im = await loadImage(png);
    assert.deepEqual([im.width, im.height], [1700, 900]);
    const html = mon.page(true);
    assert.ok(html.includes('>ToF</a>') && html.includes('src="det_tof_1.png'), 'fourth tab of the PNG page');
    assert.deepEqual(parseFigureName('det_tof_1.png'), { kind: 'tof', detector: 1 }, 'served by the monitor');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
