/**
 * The push frame codec: dense and sparse histogram blocks, integer (u32) and
 * fractional (f64) contents, series with undefined points, 8-byte alignment
 * when the frame sits at an odd offset of a larger buffer (as a WebSocket
 * message may), and the sizes that sparse encoding saves on the demo's maps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeFrame } from '../../src/web/live/frame.js';
import { MonitorFileSink } from '../../src/monitor/file-panels.js';
import { binning } from '../../src/monitor/panels.js';
import { inRangeCounts } from '../../src/web/api/histograms.js';
import { feedXyu } from '../monitor/helpers.js';

test('frames round-trip dense, sparse, u32 and f64 blocks and series', () => {
  const dense = Float64Array.from({ length: 300 }, (_, i) => (i * 7) % 11);
  const sparse = new Float64Array(1000);
  sparse[3] = 5;
  sparse[999] = 1;
  const frac = Float64Array.from([0.5, 0, 0, 2 ** 33]);
  const x = Float64Array.from([1.5, 2.5, 3.5]);
  const y = [Float64Array.from([1, NaN, 3]), Float64Array.from([0, 0, 9])];
  const f = encodeFrame(
    [
      { det: 0, title: 'hits pos0', view: 'latest', counts: dense },
      { det: 3, title: 'clusters pos1:pos0', view: 'total', counts: sparse },
      { det: 0, title: 'x', view: 'total', counts: frac },
    ],
    [{ det: 0, title: 'rate', x, y }],
    { version: 7 },
  );
  const shifted = new Uint8Array(f.length + 3);
  shifted.set(f, 3);
  for (const bytes of [f, shifted.subarray(3)]) {
    const d = decodeFrame(bytes);
    assert.equal(d.header.version, 7);
    assert.deepEqual(d.hists.map((h) => [h.det, h.title, h.view]), [[0, 'hits pos0', 'latest'], [3, 'clusters pos1:pos0', 'total'], [0, 'x', 'total']]);
    assert.deepEqual(d.hists[0]!.counts, dense);
    assert.deepEqual(d.hists[1]!.counts, sparse);
    assert.deepEqual(d.hists[2]!.counts, frac);
    assert.deepEqual(d.series[0]!.x, x);
    assert.deepEqual(d.series[0]!.y, y);
  }
});

test('sparse blocks keep a file of the demo small', () => {
  const sink = new MonitorFileSink([0], binning({ channelsX: 256, channelsY: 256 }));
  feedXyu(sink);
  const p = sink.results[0]!.panels;
  const maps = [p.hitsAdc[0], p.hitsAdc[1], p.clustersImage].map((h) => inRangeCounts(h));
  const f = encodeFrame(maps.map((counts, i) => ({ det: 0, title: String(i), view: 'latest' as const, counts })), []);
  const cells = maps.reduce((s, m) => s + m.length, 0);
  const nnz = maps.reduce((s, m) => s + m.filter((v) => v !== 0).length, 0);
  assert.equal(cells, 2 * 256 * 128 + 256 * 256);
  // each non-zero bin costs 8 bytes (u32 index + u32 count); dense would be 4 bytes per cell
  assert.ok(f.length < 8 * nnz + 2048, `${f.length} bytes for ${nnz} non-zero bins`);
  assert.ok(f.length < 0.3 * 4 * cells, `${f.length} bytes, dense would be ${4 * cells}`);
  assert.deepEqual(decodeFrame(f).hists.map((h) => h.counts), maps);
});
