/**
 * `vmmscope monitor --demo` as a child process: its temporary ring folder is removed
 * at every end — --once, Ctrl-C of the served demo (first Ctrl-C: clean stop, exit 0),
 * a second Ctrl-C (exit at once, 130), and an error (port taken) — and the served
 * demo answers /api/status until it is stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';

const entry = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

function ringOf(stderr: string): string {
  const m = /set up as a one-file ring in (\S+) \(/.exec(stderr);
  assert.ok(m, stderr);
  return m[1]!;
}

interface Live {
  child: ChildProcess;
  stderr: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

function start(args: string[], cwd: string): Live {
  const child = spawn(process.execPath, ['--import', tsx, entry, 'monitor', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const waitFor = async (re: RegExp, ms = 90_000) => {
    const t0 = Date.now();
    for (;;) {
      const m = re.exec(err);
      if (m) return m;
      if (Date.now() - t0 > ms || child.exitCode !== null) throw new Error(`no ${re} in\n${err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const kill = setTimeout(() => child.kill('SIGKILL'), 150_000);
  void exit.then(() => clearTimeout(kill));
  return { child, stderr: () => err, waitFor, exit };
}

test('--demo --once without --out: figures in the current folder, the temporary ring removed', { timeout: 150_000 }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vmmscope-demo-cwd-'));
  try {
    const r = await runCli(['monitor', '--demo', '--once'], { cwd });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(cwd).sort(), ['det_0.png', 'det_stats_0.png', 'det_total_0.png', 'monitorData.html', 'monitorStatus.json']);
    assert.ok(!existsSync(ringOf(r.stderr)), 'temporary ring removed');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('served demo: answers until Ctrl-C; the first Ctrl-C stops it cleanly and removes the temporary folder', { timeout: 150_000 }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vmmscope-demo-cwd-'));
  try {
    const live = start(['--demo', '--port', '0'], cwd);
    const url = (await live.waitFor(/open (http:\/\/localhost:\d+\/)/))[1]!;
    const ring = ringOf(live.stderr());
    await live.waitFor(/example_00000\.pcapng: \d+ hits/);
    const st = await (await fetch(`${url}api/status`)).json();
    assert.equal(st.filesAnalysed, 1);
    assert.ok(existsSync(join(ring, 'det_total_0.png')), 'the served demo writes its figures into the temporary folder');
    live.child.kill('SIGINT');
    assert.equal(await live.exit, 0, live.stderr());
    assert.match(live.stderr(), /stopping… \(Ctrl-C again to exit at once\)/);
    assert.match(live.stderr(), /stopped: 1 file\(s\) analysed/);
    assert.ok(!existsSync(ring), 'temporary ring removed');
    assert.deepEqual(readdirSync(cwd), [], 'nothing left in the current folder');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('two Ctrl-C during the analysis: exit at once (130), the temporary folder removed', { timeout: 150_000 }, async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'vmmscope-demo-cwd-'));
  try {
    const live = start(['--demo', '--port', '0'], cwd);
    await live.waitFor(/open http:\/\/localhost:\d+\//);
    const ring = ringOf(live.stderr());
    live.child.kill('SIGINT');
    await live.waitFor(/stopping…/);
    live.child.kill('SIGINT');
    const code = await live.exit;
    // the first stop may already have finished before the second Ctrl-C arrived (exit 0, or killed by it on the way out)
    assert.ok(code === 130 || code === 0 || (code === null && /stopped:/.test(live.stderr())), `exit ${code}\n${live.stderr()}`);
    if (code === 130) assert.match(live.stderr(), /second Ctrl-C: exiting now/);
    assert.ok(!existsSync(ring), 'temporary ring removed');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('a demo that fails to start (port taken) removes its temporary folder too', { timeout: 150_000 }, async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const r = await runCli(['monitor', '--demo', '--port', String(port)]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /already in use/);
    assert.ok(!existsSync(ringOf(r.stderr)), 'temporary ring removed');
  } finally {
    blocker.close();
  }
});
