/**
 * Health accounting of a capture (`analyze --health-json`, the library's `health: true`):
 *
 * - the channel map equals the per-(FEC, VMM, channel) counts of vmm-sdat's own hits
 *   trees, on every shared case (SRS, TRG, VTC, ESS), in one and two threads;
 * - lost frames per FEC equal what `replay --drop-every` withheld (a real capture replayed
 *   in three passes, recorded as it arrived), plus the capture's own gaps;
 * - channels left out of generated data (the project's SRS encoder) are listed dead, a
 *   channel with injected hits hot, and hits of a FEC/VMM pair the geometry lacks counted;
 * - the ISB drop counters of a pcapng file written with them are read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, REFERENCE, hasShared, loadCase, referenceLines } from '../helpers/reference.js';
import { replayAndRecord } from '../helpers/replay-record.js';
import { geometryJson, hit, marker, payload, stripEntry, xyDetector } from '../helpers/analysis-harness.js';
import { runCli } from '../helpers/cli.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { healthReport, type HealthReport } from '../../src/health/report.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { buildUdpFrame } from '../../src/net/build-frame.js';
import type { AnalysisSink } from '../../src/table/sink.js';
import type { SrsWord } from '../../src/readout/srs/encoder.js';

const skip = !hasShared() && 'no ../shared';
const nullSink: AnalysisSink = { write: () => {} };

function caseArgs(name: string, file?: string): string[] {
  const args = loadCase(name).args.map((a) => (a.startsWith('../') ? join(REFERENCE, a) : a));
  if (file) args[args.indexOf('-f') + 1] = file;
  return args;
}

async function health(args: string[], threads = 1): Promise<HealthReport> {
  const o = parseConvertArgs(args, (p) => readFileSync(p, 'utf8'));
  const r = await analyzeCaptureFile(o.file, o, nullSink, { health: true, threads, clustering: false, histograms: false });
  return healthReport(r.health!, o.geometry);
}

for (const name of ['run_geometry', 'run_geometry_pad', 'run_xyu', 'run_triggered_mode', 'vtc_run', 'ess_LET']) {
  test(`health channel map = vmm-sdat's hits per channel (${name})`, { skip, timeout: 120_000 }, async () => {
    const lines = referenceLines(name, 'hits')!;
    const head = lines[0]!.split(',');
    const [fi, vi, ci] = ['fec', 'vmm', 'ch'].map((k) => head.indexOf(k));
    const expected = new Map<string, number>();
    for (let i = 1; i < lines.length; i++) {
      const c = lines[i]!.split(',');
      const k = `${c[fi!]}/${c[vi!]}/${c[ci!]}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    for (const threads of [1, 2]) {
      const h = await health(caseArgs(name), threads);
      const got = new Map(h.channels.filter((c) => c.hits > 0).map((c) => [`${c.fec}/${c.vmm}/${c.ch}`, c.hits]));
      assert.deepEqual(got, expected, `threads ${threads}`);
      assert.equal(h.totals.hits, lines.length - 1);
      const perFec = new Map<number, number>();
      for (const [k, n] of expected) perFec.set(Number(k.split('/')[0]), (perFec.get(Number(k.split('/')[0])) ?? 0) + n);
      for (const f of h.fecs) if (f.fec !== null && f.fec > 0) assert.equal(f.hits, perFec.get(f.fec) ?? 0, `FEC ${f.fec} hits`);
    }
  });
}

test('example.pcapng: datagrams, bytes and the two frame gaps of the capture per FEC', { skip }, async () => {
  const h = await health(caseArgs('run_geometry'));
  assert.deepEqual(
    h.fecs.map((f) => [f.fec, f.datagrams, f.bytes, f.framesLost, f.framesReordered, f.framesDuplicate]),
    [[1, 50, 448400, 1, 0, 0], [2, 50, 448400, 1, 0, 0]],
  );
  assert.equal(h.unmapped.hits, 0);
  for (const v of h.vmms) assert.equal(v.markersBackward + v.markerGaps, 0);
});

test('replay --drop-every 7 over 3 passes: lost frames per FEC = withheld datagrams + the capture\'s own gaps', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-drop-'));
  try {
    const rec = await replayAndRecord(join(DATA, 'example.pcapng'), join(dir, 'dropped.pcapng'), { loop: true, passes: 3, faults: { dropEvery: 7 } });
    const dropped = rec.summary.dropped;
    assert.equal(rec.payloads.length, 300 - 42, 'every 7th of 300 withheld, the rest arrived');
    assert.equal((dropped[1] ?? 0) + (dropped[2] ?? 0), 42);
    const h = await health(caseArgs('run_geometry', join(dir, 'dropped.pcapng')));
    // the capture's own gap (1 per FEC) recurs in each of the 3 passes
    for (const f of h.fecs) assert.equal(f.framesLost, 3 + dropped[f.fec!]!, `FEC ${f.fec}: ${f.framesLost} lost, ${dropped[f.fec!]} withheld`);
    assert.equal(h.totals.datagrams, 258);

    // reordering within windows of 4: every datagram arrives, some late
    const sh = await replayAndRecord(join(DATA, 'example.pcapng'), join(dir, 'shuffled.pcapng'), { faults: { shuffle: 4 } });
    assert.equal(sh.payloads.length, 100);
    const hs = await health(caseArgs('run_geometry', join(dir, 'shuffled.pcapng')));
    const reordered = hs.fecs.reduce((s, f) => s + f.framesReordered, 0);
    assert.ok(reordered > 0, 'reordered frames seen');
    assert.equal(hs.totals.hits, 149171, 'the same hits, in another order');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generated data: removed channels dead, an injected channel hot, an unmapped VMM counted; ISB drops read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-chan-'));
  try {
    const geo = join(dir, 'geo.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(geo, geometryJson(...xyDetector(1, 1), stripEntry(2, 0, 2, 0)));
    const cap = join(dir, 'gen.pcapng');
    const w = new PcapngFileWriter(cap);
    const dead = new Set([5, 17, 40]);
    let frame = 0;
    for (let round = 0; round < 40; round++) {
      const words: SrsWord[] = [marker(0, 1000 + round * 65536), marker(1, 1000 + round * 65536)];
      for (const vmm of [0, 1]) for (let ch = 0; ch < 64; ch++) if (!(vmm === 0 && dead.has(ch))) words.push(hit({ vmm, ch, adc: 100 + ch, tdc: 50, bcid: (ch * 37) % 4096 }));
      for (let k = 0; k < 25; k++) words.push(hit({ vmm: 1, ch: 33, adc: 300, tdc: 60, bcid: 100 + k })); // hot channel 1/1/33
      words.push(hit({ vmm: 3, ch: 7, adc: 200, tdc: 20, bcid: 5 })); // FEC 1 VMM 3: not in the geometry
      const p = payload(1, words, ++frame);
      w.writePacket(buildUdpFrame(p, { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), 1_700_000_000 + round, 0);
      // FEC 2 sends markers only: detector 2 has no data, so it has no dead channels
      const q = payload(2, [marker(0, 1000 + round * 65536)], round + 1);
      w.writePacket(buildUdpFrame(q, { srcIp: '10.0.0.4', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), 1_700_000_000 + round, 500);
    }
    w.writeStatistics(1_700_000_040, 0, { ifRecv: 80, ifDrop: 7, osDrop: 3 });
    w.close();
    const out = join(dir, 'h.json');
    const r = await runCli(['analyze', '-f', cap, '-geo', geo, '--format', 'csv', '--out', join(dir, 'csv'), '--health-json', out, '--no-progress']);
    assert.equal(r.status, 0, r.stderr);
    const h = JSON.parse(readFileSync(out, 'utf8')) as HealthReport;
    assert.deepEqual(h.dead.map((c) => [c.fec, c.vmm, c.ch, c.detector, c.plane, c.strip]), [...dead].map((ch) => [1, 0, ch, 1, 0, ch]));
    assert.deepEqual(h.hot.map((c) => [c.fec, c.vmm, c.ch, c.hits, c.median]), [[1, 1, 33, 40 * 26, 40]]);
    assert.deepEqual(h.noisy, []);
    assert.deepEqual(h.unmapped, { hits: 40, pairs: [{ fec: 1, vmm: 3, hits: 40 }] });
    assert.deepEqual(h.drops, { isbIfDrop: 7, isbOsDrop: 3 });
    const f1 = h.fecs.find((f) => f.fec === 1)!;
    assert.equal(f1.hits, 40 * (64 - 3 + 64 + 25));
    assert.equal(f1.framesLost, 0);
    assert.equal(h.vmms.find((v) => v.fec === 1 && v.vmm === 0)!.markers, 40);
    assert.equal(h.vmms.find((v) => v.fec === 1 && v.vmm === 0)!.markerGaps, 0);
    // the faithful console output does not change with --health-json
    const plain = await runCli(['analyze', '-f', cap, '-geo', geo, '--format', 'csv', '--out', join(dir, 'csv2'), '--no-progress']);
    const strip = (s: string): string => s.replace(/^\|[0-9:.]+\|/gm, '').replace(/.*(Analysis time|Hit rate|Data rate|csv2?|CSV folder).*\n/g, '');
    assert.equal(strip(r.stdout), strip(plain.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
