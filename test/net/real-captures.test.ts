/**
 * The real captures of ../shared/data against vmm-sdat:
 *  1. the "UDP packet statistics" block of every reference stdout.log equals ours
 *     line for line (dates in UTC, the zone the references were made in);
 *  2. the payloads equal those of a literal model of vmm-sdat's reader
 *     (analysis.md §5: Ethernet + 20-byte IPv4 assumed, UDP length at bytes 38–39,
 *     payload from byte 42, cap 10000) for every capture;
 *  3. if tshark is installed, times and payloads of two captures (ns and µs) equal
 *     `tshark -T fields -e frame.time_epoch -e udp.payload`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCapture } from '../../src/pcapng/index.js';
import { UdpExtractor, formatUdpPacketStatistics } from '../../src/net/index.js';
import { DATA, REFERENCE, hasShared } from '../helpers/reference.js';

const skip = !hasShared() && 'needs ../shared (data and reference)';

function load(file: string): Uint8Array {
  const b = readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function extractAll(bytes: Uint8Array) {
  const ex = new UdpExtractor();
  const payloads: { sec: number; ns: number; hex: string }[] = [];
  parseCapture(bytes, (p) => {
    const d = ex.extract(p);
    if (d) payloads.push({ sec: d.tsSeconds, ns: d.tsNanos, hex: Buffer.from(d.bytes.subarray(d.offset, d.offset + d.length)).toString('hex') });
  });
  ex.finish();
  return { ex, payloads };
}

test('UDP packet statistics equal every reference stdout.log that prints them', { skip }, () => {
  let compared = 0;
  for (const name of readdirSync(REFERENCE)) {
    const dir = join(REFERENCE, name);
    if (!existsSync(join(dir, 'case.json'))) continue;
    const log = readFileSync(join(dir, 'stdout.log'), 'utf8').split('\n');
    const i = log.findIndex((l) => l.endsWith('[ReaderPcap] UDP packet statistics'));
    if (i < 0) continue; // the c56141b cases (vtc_run, ess_LET) print no such block
    const expected = log.slice(i - 1, i + 12).map((l) => l.replace(/^\|[\d:.]+\|\s+\(INFO\) \[ReaderPcap\] /, ''));
    // case.json paths are relative to the reference root (the folder the cases were run from)
    const data = resolve(REFERENCE, JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')).data);
    const { ex } = extractAll(load(data));
    assert.deepEqual(formatUdpPacketStatistics(ex.stats, 'UTC'), expected, name);
    compared++;
  }
  assert.equal(compared, 5);
});

/** vmm-sdat's reader, literally (§5): returns the payloads it would hand to its parser. */
function vmmSdatModel(bytes: Uint8Array): string[] {
  const out: string[] = [];
  parseCapture(bytes, (p) => {
    if (p.capturedLength !== p.originalLength) return;
    const f = p.bytes.subarray(p.offset, p.offset + p.capturedLength);
    if (f.length < 24 || f[12] !== 0x08 || f[13] !== 0x00 || f[23] !== 17) return; // BPF "ip and udp"
    const udpLen = (f[38]! << 8) | f[39]!;
    if (udpLen === 0) return;
    const n = Math.min(udpLen - 8 < 0 ? 10000 : udpLen - 8, 10000);
    if (n === 0) return;
    assert.ok(42 + n <= f.length, 'the model would read beyond the frame: not a capture vmm-sdat can read');
    out.push(Buffer.from(f.subarray(42, 42 + n)).toString('hex'));
  });
  return out;
}

test('payloads equal a literal model of vmm-sdat’s reader on every capture', { skip }, () => {
  for (const f of readdirSync(DATA).filter((n) => n.endsWith('.pcapng'))) {
    const bytes = load(join(DATA, f));
    const ours = extractAll(bytes).payloads.map((p) => p.hex);
    const model = vmmSdatModel(bytes);
    assert.ok(model.length > 0, f);
    assert.equal(ours.length, model.length, f);
    assert.ok(ours.every((h, i) => h === model[i]), `${f}: payload bytes differ`);
  }
});

const tshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' });
const noTshark = tshark.error ? 'tshark is not installed (CI installs it): cross-check skipped' : false;

for (const name of ['example_triggered_mode.pcapng', 'example.pcapng']) test(`tshark cross-check: times and payloads of ${name}`, { skip: skip || noTshark }, () => {
  const file = join(DATA, name);
  // IPv4 UDP only: tshark also matches the UDP header quoted inside ICMP errors, and IPv6 mDNS
  const r = spawnSync('tshark', ['-r', file, '-Y', 'ip and udp and not icmp', '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'udp.payload'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
  const ours = extractAll(load(file)).payloads;
  assert.equal(ours.length, rows.length);
  ours.forEach((p, i) => {
    const [epoch, hex] = rows[i]!;
    assert.equal(`${p.sec}.${String(p.ns).padStart(9, '0')}`, epoch, `time of payload ${i}`);
    assert.equal(p.hex, hex!.replace(/:/g, ''), `payload ${i}`);
  });
});
