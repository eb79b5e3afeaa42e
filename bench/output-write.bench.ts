/**
 * Output writers.
 *
 * 1. Writers alone: the run_geometry reference trees (hits, clusters_plane,
 *    clusters_detector, loaded from vmm-sdat's CSV) written repeatedly until
 *    ~200 MB of raw entry data went through, in batches of ~1/10 of each tree as
 *    the analysis delivers them (`FORMAT@tree`: one tree only). Prints rows/s
 *    (per wall and per CPU second: on a loaded machine the CPU figure is the
 *    stable one), MB/s of entry data in, MB/s written, file size, RSS.
 * 2. Analysis + writer: example.pcapng replayed to ~60 MB (`OUTPUT_WRITE_MB`),
 *    analysed with the run_geometry parameters on one thread with no output,
 *    ROOT (inline / worker compression), Parquet and CSV: the writing cost on
 *    top of the analysis.
 *
 * One child process per measurement so peak RSS is per writer.
 * `root-worker` compresses on a worker thread (the default with ≥ 3 cores),
 * `root-inline` on the caller's thread (the default below): their wall-time
 * difference is what the worker takes off the analysis thread when a core is free.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchBytes } from '../src/output/parquet/schema.js';
import { ParquetSink } from '../src/output/parquet/sink.js';
import { RootFileSink } from '../src/output/root/sink.js';
import { CsvSink } from '../src/output/csv-sink.js';
import { TREES } from '../src/table/trees.js';
import type { AnalysisSink } from '../src/table/sink.js';
import type { TableBatch } from '../src/table/types.js';
import { DATA, hasShared, loadCase, loadReferenceBatch } from '../test/helpers/reference.js';
import { writeReplayedCapture } from './lib/replayed-capture.js';
import { analyzeCaptureFile } from '../src/analysis/analyze-file.js';
import { silentLogger } from '../src/config/log.js';
import { parseConvertArgs } from '../src/config/convert-options.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const TARGET = 200e6;
const FORMATS = ['root-worker', 'root-inline', 'root-uncompressed', 'parquet', 'parquet-uncompressed', 'parquet-plain', 'csv', 'parquet@hits', 'csv@hits'] as const;
type Format = string;

function slices(b: TableBatch, parts: number): TableBatch[] {
  const out: TableBatch[] = [];
  const step = Math.ceil(b.length / parts);
  for (let s = 0; s < b.length; s += step) {
    const e = Math.min(b.length, s + step);
    out.push({
      schema: b.schema,
      length: e - s,
      columns: b.columns.map((c) => ('offsets' in c ? { offsets: c.offsets.subarray(s, e + 1), values: c.values } : c.subarray(s, e))),
    });
  }
  return out;
}

function dirSize(p: string): number {
  return readdirSync(p).reduce((s, f) => s + statSync(join(p, f)).size, 0);
}

/** `format` or `format@tree` (only that tree). */
function run(spec: Format): void {
  const [format, only] = spec.split('@') as [string, string | undefined];
  const batches = TREES.filter((t) => !only || t.name === only).map((s) => loadReferenceBatch('run_geometry', s)!);
  const perRound = batches.reduce((s, b) => s + batchBytes(b), 0);
  const rowsPerRound = batches.reduce((s, b) => s + b.length, 0);
  const rounds = Math.ceil(TARGET / perRound);
  const parts = batches.map((b) => slices(b, 10));
  const rssLoaded = process.memoryUsage().rss;
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-out-'));
  try {
    const sink: AnalysisSink & { close(f: { histograms: [] }): void } =
      format === 'csv'
        ? new CsvSink(join(dir, 'csv'))
        : format.startsWith('parquet')
        ? new ParquetSink(join(dir, 'run.parquet'), { codec: format === 'parquet-uncompressed' ? 'UNCOMPRESSED' : 'SNAPPY', byteStreamSplit: format !== 'parquet-plain' })
        : new RootFileSink(join(dir, 'run.root'), { compression: format === 'root-uncompressed' ? 0 : 1, threads: format === 'root-worker' ? 1 : 0 });
    sink.open?.({ trees: batches.map((b) => b.schema), input: 'bench' });
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const list of parts) for (const p of list) sink.write(p.schema, p);
    sink.close({ histograms: [] });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const bytesIn = rounds * perRound;
    const rows = rounds * rowsPerRound;
    const out = format === 'csv' ? dirSize(join(dir, 'csv')) : dirSize(dir);
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(
      `${spec.padEnd(20)} ${(rows / 1e6).toFixed(2)} M rows, ${(bytesIn / 1e6).toFixed(0)} MB entries in ${s.toFixed(2)} s wall (${cpu.toFixed(2)} s CPU, all threads): ` +
        `${(rows / s / 1e6).toFixed(2)} M rows/s (${(rows / cpu / 1e6).toFixed(2)} per CPU s), ${(bytesIn / s / 1e6).toFixed(0)} MB/s in, ${(out / s / 1e6).toFixed(0)} MB/s written, ` +
        `file ${(out / 1e6).toFixed(0)} MB; RSS after loading ${(rssLoaded / 1e6).toFixed(0)} MB, peak ${(peak / 1e6).toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const REPLAY_BYTES = Number(process.env.OUTPUT_WRITE_MB ?? 60) * 1e6;
const SINKS = ['none', 'root-inline', 'root-worker', 'parquet', 'csv'] as const;
type SinkKind = (typeof SINKS)[number];

/** Analyses the replayed capture `cap` (one thread, run_geometry parameters) into `kind`. */
async function analysisRun(kind: SinkKind, cap: string): Promise<void> {
  const c = loadCase('run_geometry');
  const args = c.args.map((a, i) => (c.args[i - 1] === '-f' ? cap : c.args[i - 1] === '-geo' ? resolve(c.dir, '..', a) : a));
  const o = parseConvertArgs(args, (p) => readFileSync(p, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-an-'));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    const sink: AnalysisSink =
      kind === 'none'
        ? { write() {} }
        : kind === 'parquet'
          ? new ParquetSink(join(dir, 'run.parquet'))
          : kind === 'csv'
            ? new CsvSink(join(dir, 'csv'))
            : new RootFileSink(join(dir, 'run.root'), { threads: kind === 'root-worker' ? 1 : 0 });
    const res = await analyzeCaptureFile(o.file, o, sink, { logger: silentLogger(), histograms: kind !== 'csv' && kind !== 'none' });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const out = kind === 'csv' ? dirSize(join(dir, 'csv')) : dirSize(dir);
    console.log(
      `analysis+${kind.padEnd(12)} ${(res.parserHits / 1e6).toFixed(2)} M hits in ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU: ` +
        `${(res.parserHits / s / 1e6).toFixed(2)} M hits/s (${(res.parserHits / cpu / 1e6).toFixed(2)} per CPU s); ` +
        `output ${(out / 1e6).toFixed(0)} MB; peak RSS ${((process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const arg = process.argv[2];
const self = fileURLToPath(import.meta.url);
const child = (...a: string[]): void => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, ...a], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
};
if (!hasShared()) console.log('output-write: ../shared/reference missing, nothing to measure');
else if (arg?.startsWith('analysis:')) await analysisRun(arg.slice(9) as SinkKind, process.argv[3]!);
else if (arg) run(arg as Format);
else {
  console.log('input: run_geometry reference trees (hits 149171, clusters_plane 27805, clusters_detector 12433 rows) repeated to ~200 MB of entry data');
  for (const f of FORMATS) child(f);
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-cap-'));
  try {
    const cap = join(dir, 'replayed.pcapng');
    const g = writeReplayedCapture(join(DATA, 'example.pcapng'), cap, REPLAY_BYTES);
    console.log(`analysis (1 thread) of example.pcapng replayed ${g.replays} times (${(g.bytes / 1e6).toFixed(0)} MB, run_geometry parameters; OUTPUT_WRITE_MB sets the size) with each output:`);
    for (const k of SINKS) child(`analysis:${k}`, cap);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
