/**
 * Issue 13.6: `analyze --format none` runs the full analysis and prints
 * vmm-sdat's console statistics (equal to the reference stdout.log, volatile
 * lines aside) without writing any file; `--out` is ignored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REFERENCE, hasShared, loadCase } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';

const VOLATILE = /ROOT file .* created!|Analysis time:|(^|\] )Hit rate:|(^|\] )Data rate:|Trigger rate:/;
const stable = (log: string): string[] =>
  log
    .split('\n')
    .filter((l) => l !== '' && !VOLATILE.test(l))
    .map((l) => l.replace(/^\|\d\d:\d\d:\d\d\.\d\d\d\| /, '').replace(/Analyzing .* \.\.\.$/, 'Analyzing <capture> ...'));

for (const name of ['run_geometry', 'run_triggered_mode']) {
  test(`analyze --format none on ${name}: vmm-sdat's statistics, no file`, { skip: !hasShared() && 'no ../shared', timeout: 180_000 }, async () => {
    const c = loadCase(name);
    const args = c.args.map((a) => (a.startsWith('../') ? resolve(REFERENCE, a) : a));
    const cwd = mkdtempSync(join(tmpdir(), 'vmmscope-none-'));
    try {
      const r = await runCli(['analyze', ...args, '--format', 'none', '--out', join(cwd, 'x.root')], { cwd });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(stable(r.stdout), stable(readFileSync(join(c.dir, 'stdout.log'), 'utf8')));
      assert.ok(!/created!/.test(r.stdout), 'no "created" line');
      assert.deepEqual(readdirSync(cwd), []);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
}
