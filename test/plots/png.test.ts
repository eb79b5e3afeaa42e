/**
 * PNG smoke tests of the monitor figures drawn from the reference analysis of
 * example_xyu.pcapng: decodable, 1700 × 900, not blank, text rendered with the
 * bundled font, and heatmap pixels where the data says (origin lower left,
 * maximum bin in the top colour of viridis, empty log-scale bins white).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { binning } from '../../src/monitor/panels.js';
import { MonitorState } from '../../src/monitor/state.js';
import { COLORBAR_SPACE, PANEL_MARGINS, plotArea } from '../../src/plots/axes.js';
import { jet, viridis } from '../../src/plots/colormaps.js';
import { drawLatestFigure, drawStatsFigure, drawTotalFigure, FIGURE_HEIGHT, FIGURE_WIDTH, gridCells } from '../../src/monitor/figure-layout.js';
import { ensureFonts, pngStyle, renderPng } from '../../src/plots/png.js';
import { linearTicks, logTicks } from '../../src/plots/ticks.js';
import { feedXyu } from '../monitor/helpers.js';

const BIN = binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 });

function state(): MonitorState {
  const st = new MonitorState([0], BIN);
  for (let k = 0; k < 2; k++) {
    const s = st.beginFile();
    feedXyu(s);
    st.commitFile(s, { name: `example_0000${k}.pcapng`, t: 5 + 10 * k });
  }
  return st;
}

async function decode(png: Buffer) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

function pixel(d: { width: number; data: Uint8ClampedArray }, x: number, y: number): [number, number, number] {
  const o = (Math.floor(y) * d.width + Math.floor(x)) * 4;
  return [d.data[o]!, d.data[o + 1]!, d.data[o + 2]!];
}

test('the bundled font is registered and renders text', () => {
  const f = ensureFonts();
  assert.equal(f.source, 'bundled');
  const c = createCanvas(200, 40);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 200, 40);
  ctx.fillStyle = '#000';
  ctx.font = `20px ${pngStyle().family}`;
  ctx.fillText('hits pos0 [mm]', 5, 28);
  const d = ctx.getImageData(0, 0, 200, 40).data;
  let dark = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
  assert.ok(dark > 200, `text drew ${dark} dark pixels`);
  assert.ok(ctx.measureText('hits pos0').width > 50);
});

test('the three figures decode as 1700 × 900 PNGs with content', async () => {
  const st = state();
  const style = pngStyle();
  const d = st.detectors[0]!;
  const figs = {
    total: await renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (c) => drawTotalFigure(c, d, BIN, 'total', style)),
    latest: await renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (c) => drawLatestFigure(c, st.latest(0)!, BIN, 'latest', style)),
    stats: await renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (c) => drawStatsFigure(c, d, 'stats', style)),
  };
  for (const [name, png] of Object.entries(figs)) {
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name} PNG signature`);
    const img = await decode(png);
    assert.deepEqual([img.width, img.height], [1700, 900]);
    let nonWhite = 0;
    const colours = new Set<number>();
    for (let i = 0; i < img.data.length; i += 4) {
      const r = img.data[i]!, g = img.data[i + 1]!, b = img.data[i + 2]!;
      if (r < 250 || g < 250 || b < 250) nonWhite++;
      colours.add((r << 16) | (g << 8) | b);
    }
    const frac = nonWhite / (1700 * 900);
    assert.ok(frac > 0.02 && frac < 0.9, `${name}: ${(100 * frac).toFixed(1)} % non-white`);
    assert.ok(colours.size > (name === 'stats' ? 10 : 100), `${name}: ${colours.size} colours`);
  }
});

test('heatmap pixels: cluster image maximum in viridis top colour, lower-left origin; empty log bins white', async () => {
  const st = state();
  const latest = st.latest(0)!;
  const png = await renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (c) => drawLatestFigure(c, latest, BIN, 'latest', pngStyle()));
  const img = await decode(png);
  const cells = gridCells(FIGURE_WIDTH, FIGURE_HEIGHT, 2, 4);
  const h = latest.panels.clustersImage;
  let best = -1, bx = 0, by = 0;
  for (let y = 1; y <= 256; y++) for (let x = 1; x <= 256; x++) if (h.get(x, y) > best) [best, bx, by] = [h.get(x, y), x, y];
  const area = plotArea(cells[7]!, PANEL_MARGINS, COLORBAR_SPACE);
  const px = area.x + ((bx - 0.5) / 256) * area.w;
  const py = area.y + area.h - ((by - 0.5) / 256) * area.h;
  assert.deepEqual(pixel(img, px, py), [viridis.lut[765], viridis.lut[766], viridis.lut[767]], `max bin (${bx},${by}) = ${best}`);
  // an empty bin of the cluster image (linear) has the lowest colour (bin 40, 40: away from the frame's ticks)
  assert.equal(h.get(41, 41), 0);
  assert.deepEqual(pixel(img, area.x + (40.5 * area.w) / 256, area.y + area.h - (40.5 * area.h) / 256), [viridis.lut[0], viridis.lut[1], viridis.lut[2]]);
  // hits adc0 (jet, log): strip 20 / ADC 960 is empty → white; the fullest bin → top of jet
  const adc = latest.panels.hitsAdc[0];
  const a2 = plotArea(cells[2]!, PANEL_MARGINS, COLORBAR_SPACE);
  assert.equal(adc.get(21, 121), 0);
  assert.deepEqual(pixel(img, a2.x + (20.5 * a2.w) / 256, a2.y + a2.h - (120.5 * a2.h) / 128), [255, 255, 255]);
  let m = -1, mx = 0, my = 0;
  for (let y = 1; y <= 128; y++) for (let x = 1; x <= 256; x++) if (adc.get(x, y) > m) [m, mx, my] = [adc.get(x, y), x, y];
  const top = pixel(img, a2.x + ((mx - 0.5) / 256) * a2.w, a2.y + a2.h - ((my - 0.5) / 128) * a2.h);
  assert.deepEqual(top, [jet.lut[765], jet.lut[766], jet.lut[767]]);
});

test('ticks: nice linear steps, decade labels with superscripts, a common factor for large values', () => {
  const t = linearTicks(0, 1080);
  assert.deepEqual(t.major, [0, 200, 400, 600, 800, 1000]);
  assert.deepEqual(t.labels, ['0', '200', '400', '600', '800', '1000']);
  assert.equal(t.factor, '');
  const f = linearTicks(0, 350000);
  assert.equal(f.factor, '×10⁵');
  assert.deepEqual(f.labels, ['0.0', '0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5']);
  const l = logTicks(1, 20000);
  assert.deepEqual(l.labels, ['1', '10', '10²', '10³', '10⁴']);
  const small = logTicks(3, 60);
  assert.deepEqual(small.major, [5, 10, 20, 50], 'less than two decades: 2 × and 5 × labelled');
  const dec = linearTicks(0, 1.3);
  assert.deepEqual(dec.labels, ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0', '1.2']);
});
