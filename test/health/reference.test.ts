/**
 * Reference comparison (`analyze --health-reference`): generated SRS data (the project's
 * encoder) as the good run; the same data compared with itself deviates nowhere (KS 0);
 * a run whose ADC values of one VMM moved up is amber on exactly that panel; a run where
 * one VMM went silent lists it as missing; in the monitor's tracker that detector turns amber
 * with the panel named. Plus the KS distance on known histograms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { geometryJson, hit, marker, payload, xyDetector } from '../helpers/analysis-harness.js';
import { runCli } from '../helpers/cli.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { buildUdpFrame } from '../../src/net/build-frame.js';
import type { SrsWord } from '../../src/readout/srs/encoder.js';
import { ksDistance, type ReferenceComparison } from '../../src/health/reference.js';
import { HealthTracker } from '../../src/health/tracker.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/thresholds.js';
import { loadReference } from '../../src/health/health-file.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';

function generate(file: string, adcOfVmm1: (ch: number) => number, vmms = [0, 1]): void {
  const w = new PcapngFileWriter(file);
  for (let round = 0; round < 30; round++) {
    const words: SrsWord[] = [marker(0, 1000 + round * 65536), marker(1, 1000 + round * 65536)];
    for (const vmm of vmms) for (let ch = 0; ch < 64; ch++) words.push(hit({ vmm, ch, adc: vmm === 1 ? adcOfVmm1(ch) : 100 + ch, tdc: 40 + (ch % 50), bcid: (ch * 61 + round) % 4096 }));
    w.writePacket(buildUdpFrame(payload(1, words, round + 1), { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), 1_700_000_000 + round, 0);
  }
  w.close();
}

test('KS distance: same shape 0, disjoint 1, half shifted 0.5, empty 0', () => {
  assert.equal(ksDistance([1, 2, 3], [2, 4, 6]), 0);
  assert.equal(ksDistance([5, 0, 0], [0, 0, 7]), 1);
  assert.equal(ksDistance([1, 1, 0], [0, 1, 1]), 0.5);
  assert.equal(ksDistance([0, 0], [1, 2]), 0);
});

test('analyze --health-reference: itself 0 everywhere; shifted ADC of one VMM amber on that panel; a silent VMM missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-ref-'));
  try {
    const geo = join(dir, 'geo.json');
    writeFileSync(geo, geometryJson(...xyDetector(1, 1)));
    const run = async (name: string, ref?: string): Promise<{ reference?: ReferenceComparison; status: { detectors: { level: string; reasons: string[] }[] } }> => {
      const out = join(dir, `${name}.json`);
      const r = await runCli(['analyze', '-f', join(dir, `${name}.pcapng`), '-geo', geo, '--format', 'csv', '--out', join(dir, name), '--health-json', out, '--no-progress', ...(ref ? ['--health-reference', ref] : [])]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    generate(join(dir, 'good.pcapng'), (ch) => 100 + ch);
    generate(join(dir, 'shifted.pcapng'), (ch) => 600 + ch);
    generate(join(dir, 'silent.pcapng'), (ch) => 100 + ch, [0]);
    await run('good');
    const same = (await run('good', join(dir, 'good.json'))).reference!;
    assert.equal(same.panels.length, 8, '2 VMMs × 4 panels');
    assert.ok(same.panels.every((p) => p.ks === 0 && !p.amber));
    const shifted = (await run('shifted', join(dir, 'good.json'))).reference!;
    assert.deepEqual(shifted.panels.filter((p) => p.amber).map((p) => [p.fec, p.vmm, p.panel, p.ks]), [[1, 1, 'adc', 1]]);
    assert.ok(shifted.panels.filter((p) => !p.amber).every((p) => p.ks === 0));
    const silent = (await run('silent', join(dir, 'good.json'))).reference!;
    assert.deepEqual(silent.missingNow, [{ fec: 1, vmm: 1 }]);
    assert.deepEqual(silent.notInReference, []);
    // the monitor's tracker: the detector turns amber with the panel named
    const o = parseConvertArgs(['-f', join(dir, 'shifted.pcapng'), '-geo', geo], (f) => readFileSync(f, 'utf8'));
    const counts = (await analyzeCaptureFile(o.file, o, { write: () => {} }, { health: true })).health!;
    const t = new HealthTracker(o.geometry, DEFAULT_THRESHOLDS, loadReference(join(dir, 'good.json')));
    t.addFile(counts, 'shifted.pcapng');
    const d1 = t.status.detectors.find((d) => d.detector === 1)!;
    assert.equal(d1.level, 'amber');
    assert.deepEqual(d1.reasons, ['VMM 1/1 adc deviates from the reference (KS 1.00 > 0.1)']);
    assert.equal(t.comparison!.panels.filter((p) => p.amber).length, 1);
    // a file that is no health report is refused with its name
    writeFileSync(join(dir, 'bad.json'), '{"x": 1}');
    const bad = await runCli(['analyze', '-f', join(dir, 'good.pcapng'), '-geo', geo, '--format', 'csv', '--out', join(dir, 'b'), '--health-json', join(dir, 'b.json'), '--health-reference', join(dir, 'bad.json')]);
    assert.equal(bad.status, 255);
    assert.match(bad.stderr, /bad\.json: not a health report/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
