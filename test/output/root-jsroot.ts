/**
 * JSROOT (devDependency, an independent reader) as the oracle of the ROOT
 * writer tests: opens a file from disk and reads trees, TNamed and histograms.
 * jsroot ships no types for its `io`/`tree` modules, so they are imported
 * dynamically and used untyped here, behind typed helpers.
 */
import { isJagged, type TableBatch, type TableSchema } from '../../src/table/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const ioModule = 'jsroot/io';
const treeModule = 'jsroot/tree';

export async function openRoot(path: string): Promise<Any> {
  const io: Any = await import(ioModule);
  return io.openFile(path);
}

/** Column values as JSROOT returns them: numbers (booleans as numbers) or number arrays for vectors. */
export type ReadColumns = Map<string, (number | number[])[]>;

/**
 * Reads every member of `schema` from tree `schema.name` through the split
 * sub-branches `tree.member` (the JSROOT naming of §12). `first`/`count` select an entry range.
 */
export async function readTree(file: Any, schema: TableSchema, first = 0, count?: number): Promise<{ entries: number; cols: ReadColumns }> {
  const tr: Any = await import(treeModule);
  const tree = await file.readObject(schema.name);
  const cols: ReadColumns = new Map(schema.columns.map((c) => [c.name, []]));
  const entries = Number(tree.fEntries);
  if (entries === 0) return { entries, cols };
  const sel = new tr.TSelector();
  const names = schema.columns.map((c) => c.name);
  for (const n of names) sel.addBranch(`${schema.name}.${n}`, n);
  const arrays = names.map((n) => cols.get(n)!);
  sel.Process = function (this: Any) {
    const o = this.tgtobj;
    for (let i = 0; i < names.length; i++) {
      const v = o[names[i]!];
      arrays[i]!.push(Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<number>) : typeof v === 'boolean' ? Number(v) : v);
    }
  };
  const args: Any = { firstentry: first };
  if (count !== undefined) args.numentries = count;
  await tr.treeProcess(tree, sel, args);
  return { entries, cols };
}

/**
 * Compares read columns with a batch cell for cell (doubles bit-exact, NaN
 * equal to NaN). Returns the first difference as text, or null.
 */
export function firstDifference(cols: ReadColumns, batch: TableBatch, rowOffset = 0): string | null {
  const { schema } = batch;
  for (let c = 0; c < schema.columns.length; c++) {
    const name = schema.columns[c]!.name;
    const got = cols.get(name)!;
    const col = batch.columns[c]!;
    for (let r = 0; r < got.length; r++) {
      const row = r + rowOffset;
      if (isJagged(col)) {
        const g = got[r] as number[];
        const a = col.offsets[row]!;
        const n = col.offsets[row + 1]! - a;
        if (!Array.isArray(g) || g.length !== n) return `${schema.name}.${name}[${row}]: length ${Array.isArray(g) ? g.length : typeof g} ≠ ${n}`;
        for (let i = 0; i < n; i++) if (!Object.is(g[i], col.values[a + i]!)) return `${schema.name}.${name}[${row}][${i}]: ${g[i]} ≠ ${col.values[a + i]}`;
      } else {
        const want = col[row]!;
        if (!Object.is(got[r], want)) return `${schema.name}.${name}[${row}]: ${got[r]} ≠ ${want}`;
      }
    }
  }
  return null;
}
