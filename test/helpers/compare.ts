/**
 * Cell-by-cell comparison of our tree output with vmm-sdat's reference CSV
 * (shared/reference/README.md): doubles to 1e-9 relative, integers exact, vector
 * cells element by element, `UNINIT` cells skipped. Columns are matched by name, so
 * reference files without a column (older vmm-sdat) compare only what they have.
 */
import { csvHeader, csvRows } from '../../src/output/csv-format.js';
import type { TableBatch, TableSchema } from '../../src/table/types.js';

export interface Mismatch {
  row: number;
  column: string;
  expected: string;
  actual: string;
}

export interface CompareResult {
  rowsExpected: number;
  rowsActual: number;
  mismatches: Mismatch[];
  /** Mismatches per column name (all of them, not only the first ones kept). */
  perColumn: Record<string, number>;
}

function close(a: string, e: string, rel: number): boolean {
  if (a === e) return true;
  const x = Number(a);
  const y = Number(e);
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= rel * Math.max(Math.abs(x), Math.abs(y)) || Math.abs(x - y) < 1e-300;
}

/** Renders batches as CSV lines (header first) with our writer's conventions. */
export function toCsvLines(schema: TableSchema, batches: readonly TableBatch[]): string[] {
  const text = csvHeader(schema) + '\n' + batches.map((b) => csvRows(b)).join('');
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

export function compareCsv(actual: string[], expected: string[], opts: { rel?: number; keep?: number; skip?: ReadonlySet<string> } = {}): CompareResult {
  const rel = opts.rel ?? 1e-9;
  const keep = opts.keep ?? 20;
  const ah = actual[0]!.split(',');
  const eh = expected[0]!.split(',');
  const idx = eh.map((n) => ah.indexOf(n));
  const missing = eh.filter((_, k) => idx[k]! < 0);
  if (missing.length) throw new Error(`compare: our output lacks columns ${missing.join(', ')}`);
  const res: CompareResult = { rowsExpected: expected.length - 1, rowsActual: actual.length - 1, mismatches: [], perColumn: {} };
  const n = Math.min(actual.length, expected.length);
  for (let r = 1; r < n; r++) {
    if (actual[r] === expected[r]) continue;
    const a = actual[r]!.split(',');
    const e = expected[r]!.split(',');
    for (let k = 0; k < eh.length; k++) {
      const name = eh[k]!;
      if (opts.skip?.has(name)) continue;
      const ev = e[k]!;
      if (ev === 'UNINIT') continue;
      const av = a[idx[k]!] ?? '';
      let ok: boolean;
      if (ev.includes(';') || av.includes(';')) {
        const ea = ev.split(';');
        const aa = av.split(';');
        ok = ea.length === aa.length && ea.every((x, i) => close(aa[i]!, x, rel));
      } else ok = close(av, ev, rel);
      if (!ok) {
        res.perColumn[name] = (res.perColumn[name] ?? 0) + 1;
        if (res.mismatches.length < keep) res.mismatches.push({ row: r, column: name, expected: ev, actual: av });
      }
    }
  }
  return res;
}
