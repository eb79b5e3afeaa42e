/**
 * Issue 2/3 acceptance: `vmmscope analyze <convertFile arguments> --format csv --out DIR`
 * on every SRS/TRG case of ../shared/reference gives vmm-sdat's trees cell for cell
 * (doubles to 1e-9 relative, UNINIT skipped) and prints the same statistics
 * (log time prefixes and volatile lines aside). The ESS and VTC cases come from vmm-sdat
 * c56141b, whose -algo numbers differ (formats.md §6.5): their *_algo and *_utpc columns
 * are compared on a second run with our number of the same algorithm.
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
const VOLATILE = /ROOT file .* created!|CSV folder .* created!|Analysis time:|(^|\] )Hit rate:|(^|\] )Data rate:|Trigger rate:/;

function stable(log: string): string[] {
  return log
    .split('\n')
    .filter((l) => l !== '' && !VOLATILE.test(l))
    .map((l) => l.replace(/^\|\d\d:\d\d:\d\d\.\d\d\d\| /, '').replace(/Analyzing .* \.\.\.$/, 'Analyzing <capture> ...'));
}

async function checkCase(name: string, args: readonly string[], skip: ReadonlySet<string> | null, checkLog: boolean): Promise<void> {
  const c = loadCase(name);
  const out = mkdtempSync(join(tmpdir(), `vmmscope-${name}-`));
  try {
    const r = await runCli(['analyze', ...args, '--format', 'csv', '--out', out], { cwd: REFERENCE });
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
      const cmp = compareCsv(mine, ref, skip ? { skip } : {});
      assert.equal(cmp.rowsActual, cmp.rowsExpected, `${tree}: row count`);
      assert.deepEqual(cmp.mismatches, [], `${tree}: ${JSON.stringify(cmp.perColumn)}`);
    }
    if (checkLog) assert.deepEqual(stable(r.stdout), stable(readFileSync(join(c.dir, 'stdout.log'), 'utf8')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const opts = { skip: !hasShared() && 'no ../shared', timeout: 180_000 };

for (const name of CASES) {
  test(`analyze reproduces vmm-sdat on ${name}`, opts, () => checkCase(name, loadCase(name).args, null, true));
}

/** c56141b cases: its -algo number → ours for the same algorithm. */
const LEGACY: [name: string, ours: string][] = [
  ['vtc_run', '8'], // c56141b algo 6: straight-line fit
  ['ess_LET', '7'], // c56141b algo 0: uTPC neighbourhood with ADC weights
];
const ALGO_COLUMNS = /_algo$|_utpc$/;

for (const [name, algo] of LEGACY) {
  test(`analyze reproduces vmm-sdat c56141b on ${name} (algorithm columns aside)`, opts, () => {
    const c = loadCase(name);
    const header = [...(referenceLines(name, 'clusters_plane')![0]!.split(',')), ...referenceLines(name, 'clusters_detector')![0]!.split(',')];
    return checkCase(name, c.args, new Set(header.filter((h) => ALGO_COLUMNS.test(h))), true);
  });
  test(`analyze reproduces ${name}'s algorithm columns with our -algo ${algo}`, opts, () => {
    const args = [...loadCase(name).args];
    args[args.indexOf('-algo') + 1] = algo;
    return checkCase(name, args, null, false);
  });
}
