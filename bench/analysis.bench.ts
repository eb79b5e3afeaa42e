/**
 * Analysis throughput (issues 2, 3 and 13): a ~200 MB capture made by replaying
 * example.pcapng (shifted marker times and frame counters), analysed from the file
 * with the run_geometry parameters, each configuration in its own process so that
 * peak RSS is its own. Prints hits/s, MB/s and peak RSS per stage, the page-cache read
 * speed of the same file (the physical reference), and — when `VMMSDAT_CONVERTFILE` names
 * a vmm-sdat `convertFile` binary — its wall time on the same file and the ratio.
 * Asserts nothing. `BENCH_CAPTURE_MB` sets the capture size (default 200).
 *
 * Configurations: hits only (read + decode + hits, no clustering), and the full
 * analysis (read + decode + hits + clusters + matching), in one thread and in the
 * two-thread pipeline (front half in a worker), with all three trees
 * produced into a null sink (writing, and the run histograms that only the ROOT and
 * Parquet writers use, are measured by output-write.bench.ts). `+health` runs the same
 * with the health accountant (src/health, `--health-json`); its cost is the ratio of
 * the two throughputs (pairs run alternately, twice, to lessen the noise).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeReplayedCapture } from './lib/replayed-capture.js';
// the compiled package (built by the bench runner), as `vmmscope analyze` runs it
import { parseConvertArgs } from '../dist/config/convert-options.js';
import { analyzeCaptureFile } from '../dist/analysis/analyze-file.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const ARGS = ['-bc', '44.444', '-tac', '60', '-th', '0', '-cs', '1', '-ccs', '3', '-dt', '100', '-mst', '1', '-spc', '200', '-dp', '200', '-crl', '0.2', '-cru', '10', '-save', '[[1],[1],[1]]'];

async function child(file: string, modeArg: string, threads: number): Promise<void> {
  const health = modeArg.endsWith('+health');
  const mode = modeArg.replace('+health', '');
  const o = parseConvertArgs(['-f', file, '-geo', join(DATA, 'example_geometry.json'), ...ARGS], (p) => readFileSync(p, 'utf8'));
  let rows = 0;
  const t0 = performance.now();
  const res = await analyzeCaptureFile(file, o, { write: (_t, b) => void (rows += b.length) }, { clustering: mode !== 'hits', sync: true, histograms: false, threads, health });
  const s = (performance.now() - t0) / 1000;
  const mb = statSync(file).size / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${mode === 'hits' ? 'read + decode + hits (no clustering)' : 'full analysis (hits, clusters, matching)'}${health ? ' + health' : ''}, ${threads} thread${threads > 1 ? 's' : ''}: ` +
      `${(res.parserHits / s / 1e6).toFixed(2)} M hits/s, ${(mb / s).toFixed(0)} MB/s, ${s.toFixed(2)} s, ` +
      `${res.parserHits} hits, ${res.entries.clusters_plane} plane / ${res.entries.clusters_detector} detector clusters, peak RSS ${rss.toFixed(0)} MB`,
  );
}

/** Reads the file through the page cache in 1 MiB chunks (the second of two passes): MB/s. */
function pageCacheRead(file: string): number {
  const buf = Buffer.allocUnsafe(1 << 20);
  let best = Infinity;
  for (let pass = 0; pass < 2; pass++) {
    const fd = openSync(file, 'r');
    const t0 = performance.now();
    while (readSync(fd, buf, 0, buf.length, null) > 0);
    best = Math.min(best, performance.now() - t0);
    closeSync(fd);
  }
  return statSync(file).size / 1e6 / (best / 1000);
}

/** vmm-sdat's convertFile on the same file and parameters (its own output in `dir`): wall seconds, or null. */
function convertFile(bin: string, file: string, dir: string): number | null {
  const t0 = performance.now();
  const r = spawnSync(bin, ['-f', file, '-geo', join(DATA, 'example_geometry.json'), ...ARGS, '-info', 'bench'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const s = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0) {
    console.log(`vmm-sdat (${bin}): failed (${r.error?.message ?? `status ${r.status}`})`);
    return null;
  }
  return s;
}

const [mode, file, threads] = process.argv.slice(2);
if (mode && file) await child(file, mode, Number(threads ?? 1));
else {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-'));
  try {
    const cap = join(dir, 'replayed.pcapng');
    const g = writeReplayedCapture(join(DATA, 'example.pcapng'), cap, Number(process.env.BENCH_CAPTURE_MB ?? 200) * 1e6);
    console.log(`input: ${(g.bytes / 1e6).toFixed(0)} MB, example.pcapng replayed ${g.replays} times (run_geometry parameters)`);
    console.log(`page-cache read of the same file (1 MiB reads): ${pageCacheRead(cap).toFixed(0)} MB/s`);
    const times: Record<string, number> = {};
    const runs = [['hits', 1], ['full', 1], ['full', 2], ['full', 1], ['full+health', 1], ['full', 1], ['full+health', 1], ['hits', 1], ['hits+health', 1]] as const;
    for (const [m, threads] of runs) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), m, cap, String(threads)], { stdio: 'inherit' });
      times[`${m}${threads}`] = (performance.now() - t0) / 1000;
      if (r.status !== 0) process.exitCode = 1;
    }
    const bin = process.env.VMMSDAT_CONVERTFILE;
    if (bin) {
      const s = convertFile(bin, cap, dir);
      if (s !== null) {
        console.log(`vmm-sdat convertFile: ${s.toFixed(2)} s wall (process included; its ROOT output written to the temp folder)`);
        for (const k of ['full1', 'full2'] as const)
          console.log(`  vmmscope full analysis, ${k.slice(4)} thread(s) (process included): ${times[k]!.toFixed(2)} s = ${(s / times[k]!).toFixed(2)}× vmm-sdat's speed`);
      }
    } else console.log('(set VMMSDAT_CONVERTFILE=/path/to/convertFile to time vmm-sdat on the same file)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
