/**
 * Reference cases run_geometry, run_calib written as Parquet (row groups of 1 MiB,
 * batches as the analysis delivers them) and read back with hyparquet, equal to
 * vmm-sdat's CSV cell for cell, metadata strings in the key-value metadata.
 */
import { test } from 'node:test';
import { hasShared } from '../helpers/reference.js';
import { parquetCase } from './parquet-case.js';

for (const name of ['run_geometry', 'run_calib']) {
  test(`${name}: Parquet read back with hyparquet equals vmm-sdat's CSV`, { skip: !hasShared() && 'no ../shared' }, () => parquetCase(name));
}
