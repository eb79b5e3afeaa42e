/**
 * The histogram API against counts computed independently from the analysis
 * trees: the demo capture (example_xyu.pcapng, the demo's convertFile options)
 * is analysed by the monitor (real analysis) and, separately, by
 * `vmmscope analyze --format csv`; the CSV trees are read with a plain
 * header-indexed CSV parser and binned with numpy's formula
 * floor((v − lo)·n / (hi − lo)), in-range values only. Every panel of
 * `/api/histograms?detector=0` (latest and total) must equal those counts; the
 * CSV endpoint, the reset and the errors are checked too. The same trees are
 * also compared with vmm-sdat's own reference trees of that capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binning } from '../../src/monitor/panels.js';
import { createCaptureAnalyzer, monitorAnalysisArgs } from '../../src/monitor/analyzer.js';
import { DEMO_CAPTURE, demoAnalysisArgs } from '../../src/monitor/demo.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { liveRoutes } from '../../src/web/live/routes.js';
import { startMonitorServer } from '../../src/web/server.js';
import { runCli } from '../helpers/cli.js';
import { REFERENCE } from '../helpers/reference.js';

type Rows = Record<string, number[]>;

/** pandas.read_csv in miniature: header names → numeric columns (no quoting in these trees; vector cells skipped). */
function readCsv(text: string, want: readonly string[]): Rows {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const head = lines[0]!.split(',');
  const idx = want.map((w) => {
    const i = head.indexOf(w);
    assert.ok(i >= 0, `column ${w} in CSV header`);
    return i;
  });
  const out: Rows = Object.fromEntries(want.map((w) => [w, [] as number[]]));
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r]!.split(',');
    want.forEach((w, k) => out[w]!.push(Number(cells[idx[k]!])));
  }
  return out;
}

/** numpy.histogram / histogram2d counts of in-range values, x fastest. */
function bin1(v: number[], n: number, lo: number, hi: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const x of v) if (x >= lo && x < hi) c[Math.min(n - 1, Math.floor(((x - lo) * n) / (hi - lo)))]!++;
  return c;
}
function bin2(vx: number[], vy: number[], nx: number, xlo: number, xhi: number, ny: number, ylo: number, yhi: number): number[] {
  const c = new Array<number>(nx * ny).fill(0);
  vx.forEach((x, i) => {
    const y = vy[i]!;
    if (x >= xlo && x < xhi && y >= ylo && y < yhi)
      c[Math.min(ny - 1, Math.floor(((y - ylo) * ny) / (yhi - ylo))) * nx + Math.min(nx - 1, Math.floor(((x - xlo) * nx) / (xhi - xlo)))]!++;
  });
  return c;
}

interface H {
  kind: 'h1' | 'h2';
  x: { bins: number; lo: number; hi: number };
  y?: { bins: number; lo: number; hi: number };
  counts: number[];
}

/** Expected counts of every histogram panel of detector 0 from the three trees. */
function expected(hitsCsv: string, detCsv: string, api: Record<string, H>): Map<string, number[]> {
  const hits = readCsv(hitsCsv, ['det', 'plane', 'pos', 'adc']);
  const sel = (p: number) => hits.det!.flatMap((d, i) => (d === 0 && hits.plane![i] === p ? [i] : []));
  const cols = ['det', 'adc0', 'adc1', 'pos0', 'pos1', 'time0', 'time1', 'size0', 'size1', 'span_cluster0', 'span_cluster1', 'max_delta_time0', 'max_delta_time1', 'max_missing_strip0', 'max_missing_strip1'];
  const variants = ['_utpc', '_charge2', '_algo'];
  const cl = readCsv(detCsv, [...cols, ...variants.flatMap((v) => [`pos0${v}`, `pos1${v}`])]);
  const ci = cl.det!.flatMap((d, i) => (d === 0 ? [i] : []));
  const col = (name: string) => ci.map((i) => cl[name]![i]!);
  const hcol = (name: string, p: number) => sel(p).map((i) => hits[name]![i]!);
  const e = new Map<string, number[]>();
  const one = (title: string, v: number[]) => {
    const a = api[title]!.x;
    e.set(title, bin1(v, a.bins, a.lo, a.hi));
  };
  const two = (title: string, vx: number[], vy: number[]) => {
    const { x, y } = api[title]!;
    e.set(title, bin2(vx, vy, x.bins, x.lo, x.hi, y!.bins, y!.lo, y!.hi));
  };
  for (const p of [0, 1]) {
    one(`hits pos${p}`, hcol('pos', p));
    two(`hits adc${p}`, hcol('pos', p), hcol('adc', p));
  }
  for (const v of ['', ...variants]) {
    one(`clusters pos0${v}`, col(`pos0${v}`));
    one(`clusters pos1${v}`, col(`pos1${v}`));
    two(`clusters pos1${v}:pos0${v}`, col(`pos0${v}`), col(`pos1${v}`));
  }
  const adc0 = col('adc0');
  const adc1 = col('adc1');
  one('clusters adc0+adc1', adc0.map((a, i) => a + adc1[i]!));
  const s0 = col('size0');
  const s1 = col('size1');
  one('clusters size0', s0);
  one('clusters size1', s1);
  one('clusters size0+size1', s0.map((a, i) => a + s1[i]!));
  const t0 = col('time0');
  const t1 = col('time1');
  one('delta time planes', t1.map((t, i) => t - t0[i]!));
  for (const k of ['max_missing_strip', 'span_cluster', 'max_delta_time']) for (const p of [0, 1]) one(`${k}${p}`, col(`${k}${p}`));
  return e;
}

test('/api/histograms equals counts computed from the analysis trees (CSV) of the same capture', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-api-'));
  const args = demoAnalysisArgs('xyu');
  try {
    const csvDir = join(dir, 'trees');
    const cli = await runCli(['analyze', '-f', DEMO_CAPTURE, ...args, '-save', '[[0],[0],[0]]', '--format', 'csv', '--out', csvDir]);
    assert.equal(cli.status, 0, cli.stderr);
    copyFileSync(DEMO_CAPTURE, join(dir, 'example_00000.pcapng'));
    writeFileSync(join(dir, 'example_semaphore.txt'), '0');
    const mon = new Monitor(
      { dir, stem: 'example', out: join(dir, 'out'), naming: 'auto', order: 'newest', detectors: [0], binning: binning({ channelsX: 256, channelsY: 256, maxCharge: 10000, chargeBins: 1000 }), window: 200, refreshSeconds: 10 },
      await createCaptureAnalyzer(monitorAnalysisArgs(args, [0])),
    );
    await mon.init();
    await mon.run(new AbortController().signal, true);
    assert.equal(mon.filesAnalysed, 1);
    const live = liveRoutes(mon);
    const server = await startMonitorServer({ page: () => mon.page(true), status: () => mon.status(), figure: () => null, reset: () => mon.reset(), ...live }, { port: 0 });
    try {
      const base = server.url;
      const r = await fetch(new URL('api/histograms?detector=0', base));
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type')!, /application\/json/);
      const j = (await r.json()) as { detector: number; latest: Record<string, H>; total: Record<string, H>; series: Record<string, Record<string, { x: number[]; y: (number | null)[] }>> };
      assert.deepEqual(Object.keys(j), ['detector', 'latest', 'total', 'series']);
      assert.equal(j.detector, 0);
      const hitsCsv = readFileSync(join(csvDir, 'hits.csv'), 'utf8');
      const detCsv = readFileSync(join(csvDir, 'clusters_detector.csv'), 'utf8');
      const exp = expected(hitsCsv, detCsv, j.latest);
      assert.equal(exp.size, 27);
      assert.deepEqual(Object.keys(j.latest).sort(), [...exp.keys()].sort(), 'every panel and only those');
      for (const [title, counts] of exp) {
        for (const view of ['latest', 'total'] as const) {
          const h = j[view][title]!;
          assert.equal(h.counts.length, h.kind === 'h1' ? h.x.bins : h.x.bins * h.y!.bins, `${view} ${title} length`);
          assert.deepEqual(h.counts, counts, `${view} ${title}`);
        }
      }
      // legacy binnings (monitoring.md §4.2-4.4 with the demo's 256 strips)
      assert.deepEqual(j.latest['hits adc0']!.y, { bins: 128, lo: 0, hi: 1024 });
      assert.deepEqual(j.latest['clusters adc0+adc1']!.x, { bins: 1000, lo: 0, hi: 10000 });
      assert.deepEqual(j.latest['delta time planes']!.x, { bins: 101, lo: -510, hi: 500 });
      const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
      assert.equal(sum(j.total['clusters pos0']!.counts), 6331);
      // the same numbers as vmm-sdat's own trees of this capture
      const ref = (t: string) => gunzipSync(readFileSync(join(REFERENCE, 'run_xyu', `${t}.csv.gz`))).toString('utf8');
      const fromRef = expected(ref('hits'), ref('clusters_detector'), j.latest);
      for (const [title, counts] of fromRef) assert.deepEqual(exp.get(title), counts, `vmm-sdat ${title}`);
      // time series: one point per file
      const rate = j.series['rate: hit (dashed), cluster (solid)']!;
      assert.deepEqual(Object.keys(rate), ['hit', 'cluster']);
      assert.equal(rate.cluster!.y.length, 1);
      assert.ok(rate.cluster!.y[0]! > 0);
      const common = j.series['common clusters: plane 0 (blue), plane 1 (green)']!;
      const planes = readCsv(readFileSync(join(csvDir, 'clusters_plane.csv'), 'utf8'), ['det', 'plane']);
      const n0 = planes.det!.filter((d, i) => d === 0 && planes.plane![i] === 0).length;
      assert.ok(Math.abs(common['plane 0']!.y[0]! - (100 * 6331) / n0) < 1e-9);

      // CSV of one panel
      const c = await fetch(new URL(`api/histograms.csv?detector=0&panel=${encodeURIComponent('hits adc1')}&view=latest`, base));
      assert.equal(c.status, 200);
      const rows = (await c.text()).trim().split('\n');
      assert.equal(rows[0], 'x_lo,x_hi,y_lo,y_hi,count');
      assert.equal(rows.length, 1 + 256 * 128);
      const csvCounts = rows.slice(1).map((l) => Number(l.split(',')[4]));
      assert.deepEqual(csvCounts, exp.get('hits adc1'));
      assert.deepEqual(rows[1 + 256 + 3]!.split(',').slice(0, 4).map(Number), [3, 4, 8, 16], 'x fastest, ADC bins of 8');
      const sc = await (await fetch(new URL(`api/histograms.csv?detector=0&panel=${encodeURIComponent('rate: hit (dashed), cluster (solid)')}`, base))).text();
      assert.match(sc, /^x,hit,cluster\n[\d.]+,[\d.]+,[\d.]+\n$/);
      // errors name what is expected
      const e1 = await fetch(new URL('api/histograms?detector=7', base));
      assert.equal(e1.status, 404);
      assert.match(await e1.text(), /monitored detectors \(0\)/);
      assert.equal((await fetch(new URL('api/histograms', base))).status, 400);
      const e2 = await fetch(new URL('api/histograms.csv?detector=0&panel=nope', base));
      assert.equal(e2.status, 404);
      assert.match(await e2.text(), /hits pos0 \| hits pos1/);
      assert.equal((await fetch(new URL('api/histograms.csv?detector=0&panel=hits%20pos0&view=all', base))).status, 400);

      // reset (server side): totals and series empty, latest kept
      const rr = await fetch(new URL('api/reset', base), { method: 'POST', headers: { Accept: 'application/json' } });
      assert.equal(rr.status, 200);
      const k = (await (await fetch(new URL('api/histograms?detector=0', base))).json()) as typeof j;
      assert.equal(sum(k.total['clusters pos0']!.counts), 0);
      assert.equal(sum(k.latest['clusters pos0']!.counts), 6331);
      assert.equal(k.series['rate: hit (dashed), cluster (solid)']!.cluster!.y.length, 0);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
