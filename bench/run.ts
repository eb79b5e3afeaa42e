/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so peak RSS is
 * per benchmark) and prints their figures. Pass substrings to select benchmarks.
 * Each benchmark prints its own lines; nothing here asserts timings.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n## ${f.replace('.bench.ts', '')}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(benchmark ${f} failed with status ${r.status})\n`);
  }
}
process.exit(failed ? 1 : 0);
