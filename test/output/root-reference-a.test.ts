/**
 * Reference cases run_geometry and run_calib (the largest: 149k hits, many
 * baskets per branch) written as ROOT and read back with JSROOT cell for cell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShared } from '../helpers/reference.js';
import { roundTripCase } from './root-case.js';

for (const name of ['run_geometry', 'run_calib']) {
  test(`${name}: ROOT round trip through JSROOT equals vmm-sdat's CSV`, { skip: !hasShared() && 'no ../shared' }, async () => {
    const r = await roundTripCase(name);
    const hits = r.structure.hits!;
    assert.ok(hits.baskets > 16 * 10, `several baskets per branch (${hits.baskets})`);
    assert.ok(hits.compressedBaskets > 0);
    assert.ok(r.structure.clusters_detector!.emptyVectors > 0, 'empty vectors (plane 2 of 2D detectors) covered');
  });
}
