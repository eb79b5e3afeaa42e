/**
 * Cost of the health accounting (issue 12: < 5 % of the analysis throughput). A 40 MB
 * capture made by replaying example.pcapng (shifted markers and frame counters) is held
 * in memory as payloads; then, alternately and twice each: the health accountant alone
 * over every payload, the full one-thread analysis (hits, clusters, matching; null
 * sink), and the same analysis with the accountant attached (`health: true` path:
 * datagram accounting plus the admitted-hit map). Prints times and the cost as a share
 * of the analysis time. On a loaded machine compare the accountant-alone share (stable)
 * with the difference of the two analysis runs (noisy).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReplayedCapture, capturePayloads } from './lib/replayed-capture.js';
import { parseConvertArgs } from '../dist/config/convert-options.js';
import { Analysis } from '../dist/analysis/analysis.js';
import { HealthAccountant, attachHealth } from '../dist/health/accountant.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const ARGS = ['-bc', '44.444', '-tac', '60', '-th', '0', '-cs', '1', '-ccs', '3', '-dt', '100', '-mst', '1', '-spc', '200', '-dp', '200', '-crl', '0.2', '-cru', '10', '-save', '[[1],[1],[1]]'];

const dir = mkdtempSync(join(tmpdir(), 'vmmscope-hbench-'));
try {
  const cap = join(dir, 'replayed.pcapng');
  const g = writeReplayedCapture(join(DATA, 'example.pcapng'), cap, 40e6);
  const ps = capturePayloads(cap);
  const mb = ps.reduce((s, p) => s + p.payload.length, 0) / 1e6;
  console.log(`input: ${mb.toFixed(0)} MB of payloads in memory (${ps.length} datagrams, example.pcapng replayed ${g.replays} times)`);
  const o = parseConvertArgs(['-f', cap, '-geo', join(DATA, 'example_geometry.json'), ...ARGS], (p) => readFileSync(p, 'utf8'));
  const times = { firstSeconds: 0, lastSeconds: 1, firstDate: '', lastDate: '' };

  const accountantOnly = (): number => {
    const h = new HealthAccountant(o.geometry.slotDet.length);
    const t0 = performance.now();
    for (const p of ps) h.datagram(p.payload, 0, p.payload.length, p.sec + p.nsec * 1e-9);
    return performance.now() - t0;
  };
  const analysis = async (health: boolean): Promise<number> => {
    const a = new Analysis(o, { write: () => {} }, undefined, { histograms: false, vectors: false });
    const h = health ? attachHealth(a.hits, true) : null;
    const t0 = performance.now();
    for (const p of ps) {
      h?.datagram(p.payload, 0, p.payload.length, p.sec + p.nsec * 1e-9);
      a.pushPayload(p.payload, 0, p.payload.length);
    }
    await a.finish(times);
    return performance.now() - t0;
  };
  const acc: number[] = [];
  const plain: number[] = [];
  const withHealth: number[] = [];
  for (let r = 0; r < 2; r++) {
    acc.push(accountantOnly());
    plain.push(await analysis(false));
    withHealth.push(await analysis(true));
  }
  const min = (xs: number[]): number => Math.min(...xs);
  console.log(`health accountant alone: ${acc.map((x) => x.toFixed(0)).join(', ')} ms (${(mb / (min(acc) / 1000)).toFixed(0)} MB/s)`);
  console.log(`full analysis, 1 thread: ${plain.map((x) => (x / 1000).toFixed(2)).join(', ')} s; with health: ${withHealth.map((x) => (x / 1000).toFixed(2)).join(', ')} s`);
  console.log(
    `health cost: accountant alone ${((100 * min(acc)) / min(plain)).toFixed(1)} % of the analysis time; ` +
      `difference of the best runs ${((100 * (min(withHealth) - min(plain))) / min(plain)).toFixed(1)} % (noisy on a loaded machine)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
