/**
 * The metadata strings written after the packet loop (analysis.md §14.4), through
 * the sink: times with %f, the constant entries, `charge_ratio_lower` twice, and the
 * parameter strings that are all built cumulatively from the `-crl` values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marker, options, payload, runPayloads, stripEntry, exactHit, xyDetector } from '../helpers/analysis-harness.js';

const times = { firstSeconds: 1619084940, lastSeconds: 1619084950, firstDate: 'Thu Apr 22 09:49:00 2021 UTC', lastDate: 'Thu Apr 22 09:49:10 2021 UTC' };
const pk = [payload(1, [marker(0, 1000), exactHit(0, 1, 100, 0)])];

test('§14.4 metadata with one detector and the default crl 0.5 (the table of the spec)', async () => {
  const r = await runPayloads(options(xyDetector(1), ['-dt', '[100]', '-cs', '[3]']), pk, times);
  assert.deepEqual(r.metadata, [
    ['unixtime', '1619084940.000000'],
    ['date', 'Thu Apr 22 09:49:00 2021 UTC'],
    ['unixtime_end', '1619084950.000000'],
    ['date_end', 'Thu Apr 22 09:49:10 2021 UTC'],
    ['duration', '10.000000'],
    ['triggers', '0'],
    ['channel mapping', 'gem'],
    ['charge_ratio_lower', '0.5, '],
    ['charge_ratio_lower', '0.5, 0.5, '],
    ['bc', '40.000000'],
    ['tac', '60.000000'],
    ['min_cluster_size', '0.5, 0.5, 0, '],
    ['coincident_cluster_size', '0.5, 0.5, 0, 0, '],
    ['delta_time_hits', '0.5, 0.5, 0, 0, 0.5, '],
    ['missing_strips', '0.5, 0.5, 0, 0, 0.5, 0, '],
    ['span_cluster_time', '0.5, 0.5, 0, 0, 0.5, 0, 0.5, '],
    ['delta_time_planes', '0.5, 0.5, 0, 0, 0.5, 0, 0.5, 0.5, '],
  ]);
});

test('§14.4 metadata with two detectors, f32 crl values, -bc and -tac', async () => {
  const geo = [stripEntry(1, 0, 1, 0), stripEntry(2, 0, 1, 1)];
  const r = await runPayloads(options(geo, ['-crl', '[0.2,10.7]', '-bc', '44.444', '-tac', '50']), pk, times);
  const m = new Map<string, string[]>();
  for (const [n, t] of r.metadata) m.set(n, [...(m.get(n) ?? []), t]);
  // %g of f32 0.2 → "0.2", 10.7 (f32 10.69999980926…) → "10.7"; integer steps truncate → 0, 10
  assert.deepEqual(m.get('charge_ratio_lower'), ['0.2, 10.7, ', '0.2, 10.7, 0.2, 10.7, ']);
  assert.deepEqual(m.get('min_cluster_size'), ['0.2, 10.7, 0.2, 10.7, 0, 10, ']);
  assert.deepEqual(m.get('delta_time_planes'), ['0.2, 10.7, 0.2, 10.7, 0, 10, 0, 10, 0.2, 10.7, 0, 10, 0.2, 10.7, 0.2, 10.7, ']);
  assert.deepEqual([m.get('bc'), m.get('tac')], [['44.444000'], ['50.000000']]);
});
