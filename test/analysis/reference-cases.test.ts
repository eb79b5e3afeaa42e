/**
 * Issue 2/3 acceptance: `vmmscope analyze <convertFile arguments> --format csv --out DIR`
 * on every SRS/TRG case of ../shared/reference gives vmm-sdat's trees cell for cell
 * (doubles to 1e-9 relative, UNINIT skipped) and prints the same statistics
 * (log time prefixes and volatile lines aside).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasShared, loadCase, referenceLines, REFERENCE } from '../helpers/reference.js';
import { compareCsv } from '../helpers/compare.js';
import { runCli } from '../helpers/cli.js';

const CASES = ['run_geometry', 'run_calib', 'run_geometry_pad', 'run_triggered_mode', 'run_xyu'];
const TREES = ['hits', 'clusters_plane', 'clusters_detector'];
const VOLATILE = /ROOT file .* created!|\[Output\] .* created!|Analysis time:|\] Hit rate:|\] Data rate:|Trigger rate:/;

function stable(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l !== '' && !VOLATILE.test(l))
    .map((l) => l.replace(/^\|\d\d:\d\d:\d\d\.\d\d\d\| /, '').replace(/Analyzing (?:.*\/)?([^/]+) \.\.\.$/, 'Analyzing $1 ...'));
}

for (const name of CASES) {
  test(`analyze reproduces vmm-sdat on ${name}`, { skip: !hasShared() && 'no ../shared', timeout: 180_000 }, async () => {
    const c = loadCase(name);
    const out = mkdtempSync(join(tmpdir(), `vmmscope-${name}-`));
    try {
      const r = await runCli(['analyze', ...c.args, '--format', 'csv', '--out', out], { cwd: REFERENCE });
      assert.equal(r.status, 0, r.stderr);
      for (const tree of TREES) {
        const ref = referenceLines(name, tree);
        const file = join(out, `${tree}.csv`);
        if (!ref) {
          assert.ok(!existsSync(file), `${tree}.csv must be absent (vmm-sdat creates no such tree)`);
          continue;
        }
        const mine = readFileSync(file, 'utf8').split('\n');
        mine.pop();
        const cmp = compareCsv(mine, ref);
        assert.equal(cmp.rowsActual, cmp.rowsExpected, `${tree}: row count`);
        assert.deepEqual(cmp.mismatches, [], `${tree}: ${JSON.stringify(cmp.perColumn)}`);
      }
      const refLog = stable(readFileSync(join(c.dir, 'stdout.log'), 'utf8'));
      assert.deepEqual(stable(r.stdout), refLog);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
