/**
 * Deep copies of table batches, for consumers that keep a batch beyond the
 * `AnalysisSink.write` call that handed it to them (batches are views into
 * builder arrays that are reused afterwards).
 */
import type { ColumnData, TableBatch } from './types.js';
import { isJagged } from './types.js';

/** Copies rows [from, to) of `b` into new arrays (vector offsets rebased to 0). */
export function copyBatch(b: TableBatch, from = 0, to = b.length): TableBatch {
  const columns: ColumnData[] = b.columns.map((c) => {
    if (!isJagged(c)) return c.slice(from, to);
    const v0 = c.offsets[from]!;
    const offsets = new Uint32Array(to - from + 1);
    for (let i = 0; i <= to - from; i++) offsets[i] = c.offsets[from + i]! - v0;
    return { offsets, values: c.values.slice(v0, c.offsets[to]) };
  });
  return { schema: b.schema, length: to - from, columns };
}
