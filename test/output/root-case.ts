/**
 * One shared reference case (../shared/reference/<case>) written as a ROOT file
 * through `RootFileSink` and read back with JSROOT: every tree equal to
 * vmm-sdat's CSV cell for cell, plus the structural checks of §12 on the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RootFileSink } from '../../src/output/root/sink.js';
import { TREES } from '../../src/table/trees.js';
import type { TableBatch } from '../../src/table/types.js';
import { loadCase, loadReferenceBatch } from '../helpers/reference.js';
import { captureConsole, checkFileLevel, checkTree, type StructureSummary } from './root-checks.js';
import { firstDifference, openRoot, readTree } from './root-jsroot.js';

export interface CaseResult {
  entries: Record<string, number>;
  structure: Record<string, StructureSummary>;
}

export async function roundTripCase(name: string): Promise<CaseResult> {
  const meta = loadCase(name);
  const batches = TREES.map((s) => loadReferenceBatch(name, s)).filter((b): b is TableBatch => b !== null);
  const dir = mkdtempSync(join(tmpdir(), `vmmscope-root-${name}-`));
  try {
    const path = join(dir, `${name}.root`);
    const sink = new RootFileSink(path);
    sink.open({ trees: batches.map((b) => b.schema), input: name });
    // deliver in several batches, as the analysis does
    for (const b of batches) for (const part of split(b, 5)) sink.write(b.schema, part);
    sink.metadata([['unixtime', '1619084940.000000'], ['case', name]]);
    sink.close({ histograms: [] });
    checkFileLevel(path);
    const result: CaseResult = { entries: {}, structure: {} };
    const { lines } = await captureConsole(async () => {
      const f = await openRoot(path);
      assert.equal((await f.readObject('case')).fTitle, name);
      for (const b of batches) {
        assert.equal(b.length, meta.counts[b.schema.name], `${name}: reference rows of ${b.schema.name}`);
        const tree = await f.readObject(b.schema.name);
        result.structure[b.schema.name] = checkTree(path, f, tree, b.schema);
        const { entries, cols } = await readTree(f, b.schema);
        assert.equal(entries, b.length, `${name}.${b.schema.name} entries`);
        result.entries[b.schema.name] = entries;
        if (entries > 0) assert.equal(cols.get(b.schema.columns[0]!.name)!.length, b.length, `${name}.${b.schema.name}: rows read`);
        assert.equal(firstDifference(cols, b), null, `${name}.${b.schema.name}`);
      }
    });
    assert.deepEqual(lines, [], 'JSROOT printed no warnings (byte counts, basket sizes, streamers)');
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cuts a batch into `n` consecutive batches (zero-copy views). */
export function split(b: TableBatch, n: number): TableBatch[] {
  const out: TableBatch[] = [];
  const step = Math.max(1, Math.ceil(b.length / n));
  for (let s = 0; s < b.length || (s === 0 && out.length === 0); s += step) {
    const e = Math.min(b.length, s + step);
    out.push({
      schema: b.schema,
      length: e - s,
      columns: b.columns.map((c) => {
        if ('offsets' in c) return { offsets: c.offsets.subarray(s, e + 1), values: c.values };
        return c.subarray(s, e);
      }),
    });
    if (b.length === 0) break;
  }
  return out;
}
