/**
 * Issue 2 "Bad input": what `vmmscope analyze` does with files that are not what
 * they should be. Every case runs the real CLI on a real capture (or a damaged copy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, hasShared } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';

const skip = !hasShared() && 'no ../shared';
const GEO = join(DATA, 'example_geometry.json');
const BASE = ['-bc', '44.444', '-dt', '100', '-spc', '200', '-ccs', '3', '-crl', '0.2', '-cru', '10', '-save', '[[1],[1],[1]]'];

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vmmscope-bad-'));
}

function rows(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length - 2;
}

test('a file that is not a capture: one clear line naming the file and what was found, exit ≠ 0, no output', { skip }, async () => {
  const d = tmp();
  const f = join(d, 'notes.pcapng');
  writeFileSync(f, 'hello, this is text\n'.repeat(10));
  const out = join(d, 'out');
  const r = await runCli(['analyze', '-f', f, '-geo', GEO, ...BASE, '--format', 'csv', '--out', out]);
  assert.equal(r.status, 255);
  const err = r.stderr.trim().split('\n');
  assert.equal(err.length, 1, r.stderr);
  assert.match(err[0]!, /notes\.pcapng/);
  assert.match(err[0]!, /not a pcap|magic|no pcapng/i);
  assert.match(r.stdout, /Error opening file: .*notes\.pcapng: return value -1/);
  assert.ok(!existsSync(join(out, 'hits.csv')), 'no output files');
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'no temporary files left');
});

test('a missing capture: exit 255 and the file named', { skip }, async () => {
  const r = await runCli(['analyze', '-f', '/nonexistent/run.pcapng', '-geo', GEO, ...BASE, '--format', 'csv', '--out', join(tmp(), 'o')]);
  assert.equal(r.status, 255);
  assert.match(r.stderr, /\/nonexistent\/run\.pcapng.*no such file/);
});

test('a truncated capture: every complete packet is analysed, then a warning with the byte offset', { skip }, async () => {
  const d = tmp();
  const whole = readFileSync(join(DATA, 'example.pcapng'));
  // cut in the middle of the 51st packet block (each EPB of this capture is 9044 bytes after the headers)
  const cut = join(d, 'cut.pcapng');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.505)));
  const r = await runCli(['analyze', '-f', cut, '-geo', GEO, ...BASE, '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 0, r.stderr);
  const m = /incomplete block at offset (\d+) \((\d+) bytes lost\)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.match(r.stdout, /Total packets: 50\n/);
  // the 50 complete packets hold 50 × 1492 words; the hits tree has the mapped ones
  assert.match(r.stdout, /ParserReadouts: 74600\n/);
  assert.ok(rows(join(d, 'o', 'hits.csv')) > 70000);
});

test('a corrupt block in the middle: packets before it are analysed, a warning names the offset', { skip }, async () => {
  const d = tmp();
  const bytes = new Uint8Array(readFileSync(join(DATA, 'example.pcapng')));
  // find the 31st Enhanced Packet Block and break its total length (must be a multiple of 4)
  const dv = new DataView(bytes.buffer);
  let p = 0;
  let k = 0;
  while (p < bytes.length) {
    const type = dv.getUint32(p, true);
    const len = dv.getUint32(p + 4, true);
    if (type === 6 && ++k === 31) break;
    p += len;
  }
  dv.setUint32(p + 4, 13, true);
  const f = join(d, 'corrupt.pcapng');
  writeFileSync(f, bytes);
  const r = await runCli(['analyze', '-f', f, '-geo', GEO, ...BASE, '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`offset ${p}\\b`));
  assert.match(r.stdout, /Total packets: 30\n/);
});

test('a bad geometry file: the message names the file, the JSON path and what was expected', { skip }, async () => {
  const d = tmp();
  const geo = JSON.parse(readFileSync(GEO, 'utf8'));
  geo.vmm_geometry[1].id0 = geo.vmm_geometry[1].id0.slice(0, 60);
  const g = join(d, 'geo.json');
  writeFileSync(g, JSON.stringify(geo));
  const r = await runCli(['analyze', '-f', join(DATA, 'example.pcapng'), '-geo', g, ...BASE, '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 134); // vmm-sdat aborts on an invalid geometry
  assert.match(r.stderr, /geo\.json.*vmm_geometry\[1\]\.id0.*64/);
  assert.ok(!existsSync(join(d, 'o', 'hits.csv')));
});

test('a bad calibration file: file, JSON path and expected length named', { skip }, async () => {
  const d = tmp();
  const cal = JSON.parse(readFileSync(join(DATA, 'example_calib.json'), 'utf8'));
  cal.vmm_calibration[2].adc_slopes = [1, 1, 1];
  const c = join(d, 'cal.json');
  writeFileSync(c, JSON.stringify(cal));
  const r = await runCli(['analyze', '-f', join(DATA, 'example.pcapng'), '-geo', GEO, '-cal', c, ...BASE, '--format', 'csv', '--out', join(d, 'o')]);
  assert.equal(r.status, 134);
  assert.match(r.stderr, /cal\.json.*vmm_calibration\[2\]\.adc_slopes.*3 values, expected 64/);
});

test('a command-line error prints the convertFile usage block and exits 255', async () => {
  const r = await runCli(['analyze', '-f', 'x.pcapng', '-geo', 'g.json', '-bogus', '1']);
  assert.equal(r.status, 255);
  assert.match(r.stdout, /ERROR: Wrong type of argument!: -bogus\n\nFor meaning of the flags and the correct usage of convertFile, please see above!/);
});
