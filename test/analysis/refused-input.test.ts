/**
 * Issue 15 items 3, 4 and 10: inputs refused with one line instead of a stack trace,
 * vmmscope's line in words after vmm-sdat's unchanged messages, closed pipes, and an
 * output that may never replace an input or a capture. The CLI cases run the real CLI on
 * the real example capture.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA, hasShared } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { checkOptionRanges } from '../../src/config/option-ranges.js';
import { ConfigError } from '../../src/config/errors.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { parseMonitorArgs } from '../../src/monitor/options.js';
import { MonitorConfigError } from '../../src/monitor/analyzer.js';

const skip = !hasShared() && 'no ../shared';
const GEO = join(DATA, 'example_geometry.json');
const CAP = join(DATA, 'example.pcapng');
const BASE = ['-bc', '44.444', '-dt', '100', '-spc', '200', '-ccs', '3', '-crl', '0.2', '-cru', '10', '-save', '[[1],[1],[1]]'];
const STACK = /\n\s+at .+:\d+:\d+\)?\n/;

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vmmscope-refuse-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const opts = (extra: string[]) => parseConvertArgs(['-f', CAP, '-geo', GEO, ...BASE, ...extra], (p) => readFileSync(p, 'utf8'));

/** The ConfigError checkOptionRanges throws for `extra`, or null. */
function refused(extra: string[]): ConfigError | null {
  try {
    checkOptionRanges(opts(extra));
    return null;
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
}

test('number options: values that crashed or exhausted memory are refused with one line; vmm-sdat aborts keep 134', { skip }, () => {
  for (const [extra, status, re] of [
    [['-bc', '0'], 255, /^-bc 0: the BC clock must be a number of MHz above 0/],
    [['-bc', 'abc'], 255, /^-bc 0:/],
    [['-bc', ''], 255, /^-bc 0:/],
    [['-dt', '1e30'], 134, /^-dt 1\.00+\d*e\+30: .*vmm-sdat aborts on it/],
    [['-dt', 'inf'], 134, /^-dt inf: the time gap between hits of a cluster must be a number from -50000000 to 50000000 ns/],
    [['-spc', 'inf'], 134, /^-spc inf:/],
    [['-dp', '1e30'], 134, /^-dp /],
    [['-dt', 'nan'], 134, /^-dt NaN:/],
    [['-dt', '1e9'], 255, /^-dt 1000000000: .* would have 20000001 bins/],
    [['-mst', '1e9'], 255, /^-mst 1000000000: the number of missing strips/],
    [['-tac', 'inf'], 255, /^-tac inf:/],
    [['-crl', 'nan'], 255, /^-crl NaN:/],
    [['-t0', '[[1,0,inf]]'], 255, /^-t0 inf \(FEC 1 VMM 0\): a time correction must be a finite number of ns/],
    [['-t0', '[[1,1,nan]]'], 255, /^-t0 nan \(FEC 1 VMM 1\)/],
  ] as const) {
    const e = refused([...extra]);
    assert.ok(e, extra.join(' '));
    assert.equal(e.kind, 'range');
    assert.equal(e.exitCode, status, extra.join(' '));
    assert.match(e.message, re);
    assert.ok(!e.message.includes('\n'));
  }
  // values inside the ranges (and vmm-sdat's odd but harmless ones) are kept as vmm-sdat reads them
  for (const extra of [['-bc', '40'], ['-dt', '1e7'], ['-mst', '100000'], ['-th', '-5'], ['-tac', 'abc'], ['-cru', 'inf'], ['-dt', '-100'], ['-t0', '[[1,0,-1e30],[2,0,run],[2,1,abc]]']])
    assert.equal(refused(extra), null, extra.join(' '));
});

test('the library refuses the same values (no crash through analyzeCaptureFile either)', { skip }, async () => {
  await assert.rejects(analyzeCaptureFile(CAP, opts(['-dt', 'inf']), { write() {} }), (e: unknown) => e instanceof ConfigError && e.exitCode === 134);
  await assert.rejects(analyzeCaptureFile(CAP, opts(['-bc', '0']), { write() {} }, { threads: 2 }), (e: unknown) => e instanceof ConfigError && e.exitCode === 255);
});

test('-dt 1e7 and -mst 100000 run to the end (the statistics report of 10^5 lines no longer overflows the stack)', { skip, timeout: 120_000 }, async () => {
  const o = opts(['-dt', '1e7', '-mst', '100000']);
  const res = await analyzeCaptureFile(CAP, o, { write() {} }, { sync: true, histograms: false });
  assert.equal(res.parserHits, 149180);
  const lines = res.report.filter(([section]) => section === 'Statistics').length;
  // DeltaTimeHits: 1 + 1e7·0.02 = 200001 bins, MissingStripsCluster 100001 bins, for each of the two planes
  assert.ok(lines > 2 * (200001 + 100001) && lines < 2 * (200001 + 100001) + 1000, `${lines} statistics lines`);
});

test('CLI: a refused value is one stderr line with the exit status, nothing written, no stack trace', { skip, timeout: 60_000 }, async () => {
  const d = tmp();
  const r = await runCli(['analyze', '-f', CAP, '-geo', GEO, ...BASE, '-dt', 'inf', '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 134);
  assert.equal(r.stderr, 'vmmscope analyze: -dt inf: the time gap between hits of a cluster must be a number from -50000000 to 50000000 ns (vmm-sdat aborts on it: its statistics histogram would need more than 2^31 bins)\n');
  assert.ok(!existsSync(join(d, 'o')));
});

test('CLI: vmm-sdat messages stay, and a line in words follows (missing -geo, missing -cal, a bad list value)', { skip, timeout: 90_000 }, async () => {
  const d = tmp();
  const geo = await runCli(['analyze', '-f', CAP, '-geo', '/nonexistent/geometry.json', ...BASE, '--format', 'csv', '--out', join(d, 'a')]);
  assert.equal(geo.status, 255);
  assert.match(geo.stdout, /ERROR: Invalid JSON file format!: \/nonexistent\/geometry\.json\n/);
  assert.equal(geo.stderr, 'vmmscope analyze: -geo /nonexistent/geometry.json: no such file (the geometry file)\n');
  const cal = await runCli(['analyze', '-f', CAP, '-geo', GEO, ...BASE, '-cal', join(d, 'none.json'), '--format', 'csv', '--out', join(d, 'b')]);
  assert.equal(cal.status, 134);
  assert.match(cal.stderr, /^vmmscope analyze: CalibrationFile error - requested file unavailable\. .*\nvmmscope analyze: -cal .*none\.json: no such file \(the calibration file\)\n$/);
  const dt = await runCli(['analyze', '-f', CAP, '-geo', GEO, ...BASE, '-dt', '[100,abc]', '--format', 'csv', '--out', join(d, 'c')]);
  assert.equal(dt.status, 134);
  assert.match(dt.stderr, /terminate called after throwing an instance of 'std::invalid_argument' what\(\): stof/);
  assert.match(dt.stderr, /\nvmmscope analyze: -dt '\[100,abc\]': 'abc' is not a number; give one number for all detectors or one per detector/);
});

test('CLI: a calibration file given as -geo: exit 0 as vmm-sdat, and a warning that no hit was mapped', { skip, timeout: 60_000 }, async () => {
  const d = tmp();
  const r = await runCli(['analyze', '-f', CAP, '-geo', join(DATA, 'example_calib.json'), ...BASE, '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /vmmscope analyze: warning: 0 of 149180 hits mapped: FEC 1 VMM 0, FEC 1 VMM 1, FEC 2 VMM 0, FEC 2 VMM 1 are not in example_calib\.json \(example_calib\.json defines no detector: it is a calibration file; give it with -cal and the geometry with -geo\)\n/,
  );
});

test('CLI: the output never replaces the input or an existing capture; a CSV folder never replaces a file', { skip, timeout: 90_000 }, async () => {
  const d = tmp();
  const run = join(d, 'run.pcapng');
  copyFileSync(CAP, run);
  const before = statSync(run).size;
  const same = await runCli(['analyze', '-f', run, '-geo', GEO, ...BASE, '--out', run]);
  assert.equal(same.status, 255);
  assert.match(same.stderr, /--out .*run\.pcapng: is the input .*run\.pcapng; choose another output name; nothing was written/);
  assert.equal(statSync(run).size, before);
  const other = join(d, 'other.pcapng');
  copyFileSync(CAP, other);
  const cap = await runCli(['analyze', '-f', run, '-geo', GEO, ...BASE, '--out', other]);
  assert.equal(cap.status, 255);
  assert.match(cap.stderr, /is an existing capture file; the output never replaces a capture/);
  const file = join(d, 'notes.txt');
  writeFileSync(file, 'keep me');
  const csv = await runCli(['analyze', '-f', run, '-geo', GEO, ...BASE, '--format', 'csv', '--out', file]);
  assert.equal(csv.status, 255);
  assert.match(csv.stderr, /exists and is not a folder/);
  assert.equal(readFileSync(file, 'utf8'), 'keep me');
  for (const r of [same, cap, csv]) assert.doesNotMatch(r.stderr, STACK);
});

/** Runs the CLI with stdout into a pipe that is closed after the first line (as `| head -1`). */
function closedPipe(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const entry = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

test('CLI: a closed stdout (| head) ends quietly with status 0 and the output is still complete', { skip, timeout: 90_000 }, async () => {
  const d = tmp();
  const out = join(d, 'o');
  const r = await closedPipe(['analyze', '-f', CAP, '-geo', GEO, ...BASE, '--format', 'csv', '--out', out, '--no-progress']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  assert.equal(readFileSync(join(out, 'clusters_detector.csv'), 'utf8').trim().split('\n').length - 1, 12433);
  const help = await closedPipe(['analyze', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.equal(help.stderr, '');
});

test('monitor options: channel counts, charge range and an --out below a regular file are refused with one line', () => {
  const d = tmp();
  writeFileSync(join(d, 'file'), '');
  const refusedBy = (args: string[], re: RegExp): void =>
    assert.throws(() => parseMonitorArgs(['--name', 'm', ...args], d), (e: unknown) => e instanceof MonitorConfigError && re.test(e.message) && !e.message.includes('\n'));
  refusedBy(['--channels-x', '65536'], /^monitor: --channels-x: expected an integer 1…8192, got 65536$/);
  refusedBy(['--channels-x', '8192', '--channels-y', '8192'], /--channels-x × --channels-y: at most 16777216 strip pairs/);
  refusedBy(['--max-charge', '1e12'], /^monitor: --max-charge: expected a number above 0 and at most 1000000, got 1000000000000$/);
  refusedBy(['--out', join(d, 'file', 'figures')], /--out .*file\/figures: .*file is a file, not a folder/);
  assert.equal(parseMonitorArgs(['--name', 'm', '--channels-x', '256', '--max-charge', '1e6', '--out', join(d, 'new', 'figures')], d).binning.channelsX, 256);
});
