/**
 * CSV rendering of table batches with the conventions of vmm-sdat's reference
 * output (shared/reference/README.md): header = branch names, integers decimal,
 * booleans 0/1, doubles round-trip exact (JavaScript's shortest round-trip form),
 * vector cells `;`-joined, an empty vector is an empty cell. Platform-neutral:
 * returns strings; the node writer puts them in files.
 */
import type { TableBatch, TableSchema } from '../table/types.js';
import { isJagged } from '../table/types.js';

/** Header line (without newline). */
export function csvHeader(schema: TableSchema): string {
  return schema.columns.map((c) => c.name).join(',');
}

/** A double as C's printf would spell the non-finite values, else shortest round-trip. */
export function formatDouble(x: number): string {
  if (Number.isFinite(x)) return String(x);
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

/** All rows of a batch, each followed by a newline. */
export function csvRows(batch: TableBatch): string {
  const { schema, length, columns } = batch;
  const parts: string[] = [];
  const types = schema.columns.map((c) => c.type);
  for (let r = 0; r < length; r++) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += ',';
      const col = columns[c]!;
      if (isJagged(col)) {
        const a = col.offsets[r]!;
        const b = col.offsets[r + 1]!;
        for (let i = a; i < b; i++) line += (i > a ? ';' : '') + formatDouble(col.values[i]!);
      } else if (types[c] === 'f64') {
        line += formatDouble(col[r]!);
      } else {
        line += col[r]!;
      }
    }
    parts.push(line);
  }
  return parts.length ? parts.join('\n') + '\n' : '';
}
