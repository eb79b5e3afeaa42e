#!/usr/bin/env node
// Runs every test/**/*.test.ts with node:test through tsx. Node 20's --test does not
// expand globs, so the file list is built here. Extra arguments filter by substring.
// Every test file and every test fails after 10 minutes unless it sets its own limit, so a
// hanging test fails instead of hanging the suite (Node 20 applies --test-timeout to each file's
// run too, so the limit must cover the slowest file on a loaded machine). VMMSCOPE_REQUIRE_SHARED=1 turns the skips of tests that need ../shared into
// failures (CI); VMMSCOPE_SLOW=1 also runs the slow tests (the real 2 GB ROOT file).
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = walk('test', []).sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched', filters);
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files.map((f) => relative('.', f))], {
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
