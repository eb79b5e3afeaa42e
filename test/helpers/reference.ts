/**
 * Access to vmm-sdat's reference output in ../shared/reference (CI has ../shared
 * beside the clone). Loads a `<tree>.csv.gz` into a TableBatch of our schema so
 * tests can compare writers and analyses cell by cell.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TableBuilder } from '../../src/table/builder.js';
import type { TableBatch, TableSchema } from '../../src/table/types.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Absolute path of the shared folder (`../shared` beside the repository). */
export const SHARED = resolve(here, '../../../shared');
export const REFERENCE = join(SHARED, 'reference');
export const DATA = join(SHARED, 'data');

export interface ReferenceCase {
  name: string;
  dir: string;
  args: string[];
  counts: Record<string, number>;
}

/**
 * Whether ../shared is there. Tests that need it skip without it (saying so), except under
 * VMMSCOPE_REQUIRE_SHARED=1 (set by .ci/run): then a missing ../shared fails the test file.
 */
export function hasShared(): boolean {
  if (existsSync(REFERENCE) && existsSync(DATA)) return true;
  if (process.env.VMMSCOPE_REQUIRE_SHARED === '1')
    throw new Error(`VMMSCOPE_REQUIRE_SHARED=1 but ${REFERENCE} or ${DATA} is missing: the golden tests would be skipped`);
  return false;
}

export function loadCase(name: string): ReferenceCase {
  const dir = join(REFERENCE, name);
  const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8'));
  return { name, dir, args: meta.args, counts: meta.counts };
}

/** Raw CSV text lines of a reference tree, or null if vmm-sdat creates no such tree. */
export function referenceLines(name: string, tree: string): string[] | null {
  const f = join(REFERENCE, name, `${tree}.csv.gz`);
  if (!existsSync(f)) return null;
  const text = gunzipSync(readFileSync(f)).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Loads a reference tree into a batch of `schema`. Columns missing from the file
 * (e.g. event_counter in the c56141b cases) stay 0; `UNINIT` cells become 0.
 */
export function loadReferenceBatch(name: string, schema: TableSchema): TableBatch | null {
  const lines = referenceLines(name, schema.name);
  if (!lines) return null;
  const header = lines[0]!.split(',');
  const map = header.map((h) => schema.columns.findIndex((c) => c.name === h));
  const b = new TableBuilder(schema, lines.length);
  for (let li = 1; li < lines.length; li++) {
    const cells = lines[li]!.split(',');
    const row = b.addRow();
    for (let k = 0; k < cells.length; k++) {
      const ci = map[k]!;
      if (ci < 0) continue;
      const spec = schema.columns[ci]!;
      const cell = cells[k]!;
      if (spec.type === 'vec_f64') {
        const vals = cell === '' ? [] : cell.split(';').map(Number);
        b.setVec(ci, vals, 0, vals.length);
      } else if (cell !== 'UNINIT') {
        const v = Number(cell);
        if (spec.type === 'f64') b.f64(ci)[row] = v;
        else if (spec.type === 'u16') b.u16(ci)[row] = v;
        else if (spec.type === 'u32') b.u32(ci)[row] = v;
        else b.u8(ci)[row] = v;
      }
    }
  }
  return b.flush();
}
