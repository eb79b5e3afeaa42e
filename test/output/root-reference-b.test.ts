/**
 * Reference cases run_xyu, run_geometry_pad (empty clusters_plane tree),
 * run_triggered_mode, vtc_run and ess_LET written as ROOT and read back with
 * JSROOT cell for cell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShared } from '../helpers/reference.js';
import { roundTripCase } from './root-case.js';

for (const name of ['run_xyu', 'run_geometry_pad', 'run_triggered_mode', 'vtc_run', 'ess_LET']) {
  test(`${name}: ROOT round trip through JSROOT equals vmm-sdat's CSV`, { skip: !hasShared() && 'no ../shared' }, async () => {
    const r = await roundTripCase(name);
    assert.ok(r.structure.hits!.baskets > 16);
    if (name === 'run_geometry_pad') {
      assert.equal(r.entries.clusters_plane, 0, 'empty tree');
      assert.equal(r.structure.clusters_plane!.baskets, 0);
    }
  });
}
