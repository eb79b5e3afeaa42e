/**
 * Strips per plane from the geometry: `vmmscope monitor` as the README shows it (no
 * --channels-x/-y) on the 256-strip x/y/u example, checked on the written PNG panels —
 * every panel of "Last measurement" draws data, none says "all entries out of range" —
 * and, with the legacy 64 given explicitly, the strip panels stay empty as before.
 * Also the strip counts of every shared example geometry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { runMonitor } from '../../src/cli/commands/monitor.js';
import { createCaptureAnalyzer, geometryChannels } from '../../src/monitor/analyzer.js';
import { parseMonitorArgs } from '../../src/monitor/options.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { FIGURE_HEIGHT, FIGURE_WIDTH, gridCells } from '../../src/monitor/figure-layout.js';
import { DATA } from '../helpers/reference.js';

/** Pixels of each of the 2 × 4 panels that are coloured (data: bars, heatmaps), not white, grey or black (frames, text). */
async function colouredPixels(png: Buffer): Promise<number[]> {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, img.width, img.height).data;
  return gridCells(FIGURE_WIDTH, FIGURE_HEIGHT, 2, 4).map((r) => {
    let n = 0;
    for (let y = Math.ceil(r.y); y < r.y + r.h; y++)
      for (let x = Math.ceil(r.x); x < r.x + r.w; x++) {
        const o = (y * img.width + x) * 4;
        const hi = Math.max(d[o]!, d[o + 1]!, d[o + 2]!);
        const lo = Math.min(d[o]!, d[o + 1]!, d[o + 2]!);
        if (hi - lo > 60) n++;
      }
    return n;
  });
}

async function monitorOnce(extra: string[]): Promise<{ panels: number[]; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-geoch-'));
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  try {
    mkdirSync(join(dir, 'ring'));
    copyFileSync(join(DATA, 'example_xyu.pcapng'), join(dir, 'ring', 'monitoring_00000.pcapng'));
    writeFileSync(join(dir, 'ring', 'monitoring_semaphore.txt'), '0');
    const geo = join(DATA, 'example_geometry_xyu.json');
    // the README's command line (its analysis options), once
    const argv = ['--name', 'monitoring', '--dir', join(dir, 'ring'), '--out', join(dir, 'out'), '-geo', geo, '-bc', '40', '-tac', '60', '-save', '[[0],[0],[0]]', '--detector', '0', '--once', ...extra];
    process.stderr.write = ((s: string) => (lines.push(String(s)), true)) as typeof process.stderr.write;
    let status: number;
    try {
      status = await runMonitor(parseMonitorArgs(argv), createCaptureAnalyzer);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(status, 0, lines.join(''));
    return { panels: await colouredPixels(readFileSync(join(dir, 'out', 'det_0.png'))), log: lines.join('') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('strip counts of the shared example geometries', () => {
  const opts = (geo: string) => parseConvertArgs(['-f', 'x.pcapng', '-geo', join(DATA, geo)], (p) => readFileSync(p, 'utf8'), 'test');
  assert.deepEqual(geometryChannels(opts('example_geometry_xyu.json'), [0]), { x: 256, y: 256 });
  assert.deepEqual(geometryChannels(opts('example_geometry.json'), [1]), { x: 128, y: 128 });
  assert.deepEqual(geometryChannels(opts('example_geometry_trigger.json'), [1]), { x: 256, y: 256 });
  assert.deepEqual(geometryChannels(opts('example_geometry_LET.json'), [0, 1]), { x: 51, y: 96 });
  assert.deepEqual(geometryChannels(opts('example_geometry_pad.json'), [1]), { x: 8, y: 8 });
  assert.deepEqual(geometryChannels(opts('example_geometry.json'), [0]), { x: null, y: null }, 'detector 0 is not in it');
});

test('the README\'s 256-strip monitor: axes from the geometry, every panel of the PNG shows data', { timeout: 180_000 }, async () => {
  const dflt = await monitorOnce([]);
  assert.match(dflt.log, /strips per plane from the geometry: 256 × 256/);
  dflt.panels.forEach((n, i) => assert.ok(n > 300, `panel ${i}: ${n} coloured pixels\n${dflt.panels}`));
  // the legacy 64 × 64, given explicitly, still applies: the strip panels are then empty
  const legacy = await monitorOnce(['--channels-x', '64', '--channels-y', '64']);
  assert.doesNotMatch(legacy.log, /from the geometry/);
  assert.ok(legacy.panels[6]! > 300, 'the charge panel does not depend on the strips');
  const empty = legacy.panels.flatMap((n, i) => (n === 0 ? [i] : []));
  assert.deepEqual(empty, [1, 3, 4, 5, 7], `panels without data with 64 strips: ${legacy.panels}`);
});
