/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so peak RSS is
 * per benchmark) and prints their figures. Pass substrings to select benchmarks.
 * The package is compiled first; benchmarks of the analysis import it from dist/.
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
// Benchmarks measure the compiled package, as users run it (workers included): build first.
const build = spawnSync(process.execPath, [join(dir, '../node_modules/typescript/bin/tsc'), '-p', join(dir, '../tsconfig.build.json')], { stdio: 'inherit' });
if (build.status !== 0) {
  process.stdout.write('(build failed; benchmarks not run)\n');
  process.exit(1);
}
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
