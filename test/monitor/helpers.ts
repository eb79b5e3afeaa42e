/**
 * Test helpers of the monitor tests: vmm-sdat's reference output of
 * `example_xyu.pcapng` with the demo's parameters (`../shared/reference/run_xyu`)
 * as analysis batches, and an analyzer that delivers those batches for a ring
 * file whose bytes are that capture (checked byte for byte, so a corrupt or
 * different file is rejected as the real analysis would reject or change it).
 * Used until/besides the real streaming analysis (`src/node.ts`).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisSink } from '../../src/table/sink.js';
import type { FileAnalyzer } from '../../src/monitor/analyzer.js';
import type { MonitorConfig } from '../../src/monitor/monitor.js';
import { binning } from '../../src/monitor/panels.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../../src/table/trees.js';
import type { TableBatch } from '../../src/table/types.js';
import { DATA, loadReferenceBatch } from '../helpers/reference.js';

export interface XyuBatches {
  hits: TableBatch;
  plane: TableBatch;
  detector: TableBatch;
}

let cache: XyuBatches | null = null;

/** The run_xyu reference trees as batches (loaded once per process). */
export function xyuBatches(): XyuBatches {
  cache ??= {
    hits: loadReferenceBatch('run_xyu', HITS)!,
    plane: loadReferenceBatch('run_xyu', CLUSTERS_PLANE)!,
    detector: loadReferenceBatch('run_xyu', CLUSTERS_DETECTOR)!,
  };
  return cache;
}

/** Writes the run_xyu trees into a sink in vmm-sdat's fill order, in chunks of `chunk` rows. */
export function feedXyu(sink: AnalysisSink, chunk = 0): void {
  const b = xyuBatches();
  for (const [schema, batch] of [
    [HITS, b.hits],
    [CLUSTERS_PLANE, b.plane],
    [CLUSTERS_DETECTOR, b.detector],
  ] as const) {
    if (!chunk) sink.write(schema, batch);
    else for (let s = 0; s < batch.length; s += chunk) sink.write(schema, sliceBatch(batch, s, Math.min(batch.length, s + chunk)));
  }
}

/** Rows [from, to) of a batch (scalar columns only are sliced; jagged columns are dropped to empty). */
export function sliceBatch(b: TableBatch, from: number, to: number): TableBatch {
  const n = to - from;
  return {
    schema: b.schema,
    length: n,
    columns: b.columns.map((c) =>
      'offsets' in c ? { offsets: new Uint32Array(n + 1), values: new Float64Array(0) } : c.subarray(from, to),
    ),
  };
}

export const XYU_CAPTURE = join(DATA, 'example_xyu.pcapng');
const xyuBytes = readFileSync(XYU_CAPTURE);

/**
 * An analyzer for ring files that hold example_xyu.pcapng: delivers the
 * reference batches; any other content is rejected with an error (the capture
 * is corrupt or not the expected one).
 */
export function referenceAnalyzer(calls: string[] = []): FileAnalyzer {
  return async (path, sink, signal) => {
    calls.push(path);
    const bytes = await readFile(path);
    if (signal.aborted) throw new Error('aborted');
    if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x0a0d0d0a) throw new Error(`${path}: not a pcapng file (first bytes ${bytes.subarray(0, 4).toString('hex')})`);
    if (!bytes.equals(xyuBytes)) throw new Error(`${path}: truncated or corrupt capture (${bytes.length} of ${xyuBytes.length} bytes match expectations)`);
    feedXyu(sink, 8192);
  };
}

/** The monitor configuration of the demo ring in `dir` (detector 0, 256 strips per plane). */
export function xyuConfig(dir: string, over: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    dir,
    stem: 'example',
    out: join(dir, 'out'),
    naming: 'auto',
    order: 'newest',
    detectors: [0],
    binning: binning({ channelsX: 256, channelsY: 256, maxCharge: 10000 }),
    window: 200,
    refreshSeconds: 10,
    ...over,
  };
}
