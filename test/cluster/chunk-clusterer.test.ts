/**
 * The clusterer at its own seam (analysis.md §9.1 step 6, §11, §13): hand-built
 * time-sorted chunks (HitColumns) go straight into a ChunkClusterer as the RoundPlanner
 * would hand them, without parser, hit handler or planner in between, so a failure here
 * points at the clustering alone. Expected values are the spec's charge-weighted sums,
 * worked out in the comments; the same strips and charges give the same plane cluster
 * through the front door in strip-clustering.test.ts (§18.1: pos 10.9).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkClusterer } from '../../src/cluster/chunk-clusterer.js';
import { HitList } from '../../src/cluster/pending-hits.js';
import { createRunContext } from '../../src/hits/run-context.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE } from '../../src/table/trees.js';
import { columnIndex, type TableBatch, type TableSchema } from '../../src/table/types.js';
import { options, saveAll, xyDetector } from '../helpers/analysis-harness.js';

/** A chunk of (time, strip, adc) hits, pos1 unused (strips), event counter 1. */
function chunk(hits: [time: number, strip: number, adc: number][]): HitList {
  const l = new HitList(hits.length);
  for (const [t, s, a] of hits) l.push(t, s, a, 0xffff, 1);
  return l;
}

function column(b: TableBatch, schema: TableSchema, name: string): number[] {
  return Array.from(b.columns[columnIndex(schema, name)] as ArrayLike<number>).slice(0, b.length);
}

test('§11/§13 at the ChunkConsumer seam: one chunk per plane → two plane clusters and their detector cluster', () => {
  const ctx = createRunContext(options(xyDetector(1), saveAll(1)));
  const cc = new ChunkClusterer(ctx, null);
  // plane 0: strips 10, 11, 12 with 300, 500, 200 → size 3, adc 1000,
  //   pos = (10·300 + 11·500 + 12·200) / 1000 = 10.9, time = (100·300 + 105·500 + 110·200) / 1000 = 104.5
  cc.chunk(1, 0, chunk([[100, 10, 300], [105, 11, 500], [110, 12, 200]]));
  // plane 1: strips 20, 21 with 450, 520 → size 2, adc 970, pos = (20·450 + 21·520) / 970 = 20.536082474226806,
  //   time = (102·450 + 108·520) / 970 = 105.2164948453608
  cc.chunk(1, 1, chunk([[102, 20, 450], [108, 21, 520]]));
  cc.detectorStep(1, 1000);

  const plane = cc.planeOut.builder.flush();
  assert.equal(plane.length, 2);
  assert.deepEqual(column(plane, CLUSTERS_PLANE, 'id'), [1, 2]);
  assert.deepEqual(column(plane, CLUSTERS_PLANE, 'plane'), [0, 1]);
  assert.deepEqual(column(plane, CLUSTERS_PLANE, 'size'), [3, 2]);
  assert.deepEqual(column(plane, CLUSTERS_PLANE, 'adc'), [1000, 970]);
  const pos = column(plane, CLUSTERS_PLANE, 'pos');
  assert.ok(Math.abs(pos[0]! - 10.9) < 1e-12 && Math.abs(pos[1]! - 20.536082474226806) < 1e-12, String(pos));
  const time = column(plane, CLUSTERS_PLANE, 'time');
  assert.ok(Math.abs(time[0]! - 104.5) < 1e-12 && Math.abs(time[1]! - 105.2164948453608) < 1e-12, String(time));
  assert.deepEqual(column(plane, CLUSTERS_PLANE, 'plane_coincidence'), [1, 1]);

  const det = cc.detectorOut.builder.flush();
  assert.equal(det.length, 1);
  assert.deepEqual([column(det, CLUSTERS_DETECTOR, 'size0')[0], column(det, CLUSTERS_DETECTOR, 'size1')[0]], [3, 2]);
  assert.deepEqual([column(det, CLUSTERS_DETECTOR, 'adc0')[0], column(det, CLUSTERS_DETECTOR, 'adc1')[0]], [1000, 970]);
  assert.equal(ctx.ids.planeCluster, 2);
  assert.equal(ctx.ids.detectorCluster, 1);
  assert.equal(cc.stats.planeCount(1, 0), 1);
});

test('§11 at the seam: a strip gap wider than -mst splits the chunk into two plane clusters', () => {
  const ctx = createRunContext(options(xyDetector(1), saveAll(1)));
  const cc = new ChunkClusterer(ctx, null);
  // plane 0: strips 10, 11 and 20 (8 missing strips > the default -mst 1) → clusters {10, 11} and {20};
  // plane 1: strips 30, 31 → one cluster
  cc.chunk(1, 0, chunk([[100, 10, 300], [101, 11, 300], [102, 20, 400]]));
  cc.chunk(1, 1, chunk([[100, 30, 500], [101, 31, 500]]));
  cc.detectorStep(1, 1000);
  const plane = cc.planeOut.builder.flush();
  const rows = column(plane, CLUSTERS_PLANE, 'plane').map((p, i) => [p, column(plane, CLUSTERS_PLANE, 'size')[i], column(plane, CLUSTERS_PLANE, 'adc')[i]]);
  assert.deepEqual(rows.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!), [[0, 1, 400], [0, 2, 600], [1, 2, 1000]]);
  assert.equal(ctx.ids.planeCluster, 3);
});
