/**
 * The house's floors (docs/architecture.md "Layers"): every relative import in src/ —
 * value or type, static or dynamic — goes to the importer's own floor or below, and the
 * import graph has no circle, neither between files nor between folders. The floor table
 * is read from docs/architecture.md, so the document and the check cannot drift apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** Folder (or root file) of a path under src/: `cluster`, `index.ts`. */
const unit = (abs: string): string => relative(SRC, abs).split('/')[0]!;

/** The floor table of docs/architecture.md: unit name → floor. */
function readFloors(): Map<string, number> {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const start = doc.indexOf('<!-- layers:');
  assert.ok(start >= 0, 'docs/architecture.md has no "<!-- layers:" block');
  const block = doc.slice(doc.indexOf('```', start) + 3, doc.indexOf('```', doc.indexOf('```', start) + 3));
  const floors = new Map<string, number>();
  for (const line of block.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    for (const word of m[2]!.split(/\s+/)) {
      if (!/^[a-z][\w-]*(\/|\.ts)$/.test(word)) break; // the description starts
      const name = word.replace(/\/$/, '');
      assert.ok(!floors.has(name), `docs/architecture.md names ${word} on two floors`);
      floors.set(name, Number(m[1]));
    }
  }
  return floors;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative import specifiers of one file: `import … from`, `export … from`, `import '…'`, `import('…')`. */
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[\s;])import\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

interface Edge {
  from: string; // absolute path of the importer
  to: string; // absolute path of the imported .ts file
  spec: string; // as written
}

function importGraph(): { files: string[]; edges: Edge[] } {
  const files = sourceFiles(SRC).sort();
  const edges: Edge[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      edges.push({ from: f, to: resolve(dirname(f), spec).replace(/\.js$/, '.ts'), spec });
    }
  }
  return { files, edges };
}

/** Strongly connected components with more than one member (Tarjan), each as a sorted list. */
function circles(nodes: string[], next: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

const floors = readFloors();
const { files, edges } = importGraph();
const rel = (p: string): string => relative(ROOT, p);

test('the floor table of docs/architecture.md names every folder of src/ once', () => {
  assert.ok(floors.size >= 10, `read ${floors.size} floor entries`);
  const units = [...new Set(files.map(unit))].sort();
  const missing = units.filter((u) => !floors.has(u));
  assert.deepEqual(missing, [], `src/ folders without a floor in docs/architecture.md: ${missing.join(', ')}`);
  const stale = [...floors.keys()].filter((u) => !units.includes(u));
  assert.deepEqual(stale, [], `docs/architecture.md names folders that src/ does not have: ${stale.join(', ')}`);
});

test('every relative import resolves to a source file', () => {
  const known = new Set(files);
  const broken = edges.filter((e) => !known.has(e.to)).map((e) => `${rel(e.from)}: import '${e.spec}' resolves to no file`);
  assert.deepEqual(broken, []);
  assert.ok(edges.length > 300, `parsed ${edges.length} imports`);
});

test('no import goes up a floor (docs/architecture.md "Layers")', () => {
  const upward: string[] = [];
  for (const e of edges) {
    const a = unit(e.from);
    const b = unit(e.to);
    const fa = floors.get(a);
    const fb = floors.get(b);
    if (fa === undefined || fb === undefined) continue; // reported by the floor-table test
    if (fb > fa) upward.push(`${rel(e.from)} (floor ${fa}, ${a}) imports '${e.spec}' (floor ${fb}, ${b})`);
  }
  assert.deepEqual(upward, [], `imports against the layer order:\n  ${upward.join('\n  ')}`);
});

test('no import circle between files', () => {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  const found = circles(files, next).map((c) => c.map(rel).join(' ↔ '));
  assert.deepEqual(found, [], `import circles:\n  ${found.join('\n  ')}`);
});

test('no import circle between folders (two folders of one floor may not import each other)', () => {
  const next = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const e of edges) {
    const a = unit(e.from);
    const b = unit(e.to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
    if (!why.has(`${a}>${b}`)) why.set(`${a}>${b}`, `${rel(e.from)} imports '${e.spec}'`);
  }
  const found = circles([...new Set(files.map(unit))], next).map((c) => {
    const inner = [...why].filter(([k]) => c.includes(k.split('>')[0]!) && c.includes(k.split('>')[1]!)).map(([, v]) => v);
    return `${c.join(' ↔ ')} (${inner.join('; ')})`;
  });
  assert.deepEqual(found, [], `folder circles:\n  ${found.join('\n  ')}`);
});

test('the checker sees what it checks: an upward import and a circle in a made-up graph', () => {
  const next = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ]);
  assert.deepEqual(circles(['a', 'b', 'c', 'd'], next), [['a', 'b', 'c']]);
  const text = "import type { X } from '../y/z.js';\nexport { W } from './w.js';\nconst m = await import('./lazy.js');\nimport './side.js';";
  assert.deepEqual([...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]), ['../y/z.js', './w.js', './lazy.js', './side.js']);
});
