/**
 * The CSV row encoder (bytes written straight into a buffer) spells every cell
 * exactly as the plain rule does: integers in decimal, doubles in JavaScript's
 * shortest round-trip form (nan/inf/-inf as C's printf), vectors `;`-joined.
 * Checked on every tree of every shared reference case and on edge values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsciiBuffer, encodeCsvRows } from '../../src/output/csv-format.js';
import { TREES, CLUSTERS_PLANE } from '../../src/table/trees.js';
import { isJagged, type TableBatch } from '../../src/table/types.js';
import { TableBuilder } from '../../src/table/builder.js';
import { hasShared, loadReferenceBatch } from '../helpers/reference.js';

/** The rule, cell by cell with strings (the slow way). */
function plainRows(b: TableBatch): string {
  const f = (x: number) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
  let s = '';
  for (let r = 0; r < b.length; r++) {
    s += b.columns.map((c) => (isJagged(c) ? Array.from(c.values.subarray(c.offsets[r]!, c.offsets[r + 1]!), f).join(';') : f(c[r]!))).join(',') + '\n';
  }
  return s;
}

function encoded(b: TableBatch): string {
  const out = new AsciiBuffer();
  encodeCsvRows(b, out);
  return Buffer.from(out.bytes.subarray(0, out.length)).toString('latin1');
}

test('reference trees: encoder output equals the plain rule byte for byte', { skip: !hasShared() && 'no ../shared' }, () => {
  for (const name of ['run_geometry', 'run_calib', 'run_geometry_pad', 'run_triggered_mode', 'run_xyu', 'vtc_run', 'ess_LET'])
    for (const s of TREES) {
      const b = loadReferenceBatch(name, s);
      if (b) assert.equal(encoded(b), plainRows(b), `${name} ${s.name}`);
    }
});

test('edge values: signs, zeros, integers beyond 2^32 and 2^53, tiny and huge doubles, non-finite', () => {
  const values = [0, -0, 1, -1, 9, 10, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 1e21, 0.1, -0.5, 1e-7, 5e-324, -1.7976931348623157e308, NaN, Infinity, -Infinity, 75530.57352941176];
  const tb = new TableBuilder(CLUSTERS_PLANE, values.length);
  const ti = CLUSTERS_PLANE.columns.findIndex((c) => c.name === 'time');
  const si = CLUSTERS_PLANE.columns.findIndex((c) => c.name === 'strips');
  const idi = CLUSTERS_PLANE.columns.findIndex((c) => c.name === 'id');
  for (const [i, v] of values.entries()) {
    const r = tb.addRow();
    tb.f64(ti)[r] = v;
    tb.u32(idi)[r] = [0, 9, 10, 4294967295][i % 4]!;
    tb.setVec(si, values.slice(0, i), 0, i);
  }
  const b = tb.flush();
  assert.equal(encoded(b), plainRows(b));
});
