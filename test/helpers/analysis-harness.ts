/**
 * Test harness for the analysis core (analysis.md §2–§15): builds geometry JSON in
 * the test (64-entry `id0`/`id1` arrays), parses a convertFile command line through
 * a `readText` stub, builds SRS payloads with the project's encoder, runs the
 * streaming `Analysis` on them and returns the three trees as plain row objects
 * (small inputs only — convenient for asserting field by field) plus the report.
 */
import { parseConvertArgs } from '../../src/config/convert-options.js';
import type { AnalysisOptions } from '../../src/config/options.js';
import { Analysis, type AnalysisResult } from '../../src/analysis/analysis.js';
import type { AnalysisSink } from '../../src/table/sink.js';
import { isJagged, type TableBatch, type TableSchema } from '../../src/table/types.js';
import { encodeSrsPayload, type SrsHitWord, type SrsMarkerWord, type SrsWord } from '../../src/readout/srs/encoder.js';
import { ConfigError } from '../../src/config/errors.js';
import type { CaptureTimes } from '../../src/analysis/metadata.js';

/** One tree row: scalars as numbers, vector<double> members as arrays. */
export type Row = Record<string, number | number[]>;

/** id0 array mapping channel c → strip c (identity). */
export const IDENTITY: number[] = Array.from({ length: 64 }, (_, c) => c);

/** id0 array with every channel disconnected (−1) except those given as channel → position. */
export function sparseMap(map: Record<number, number>): number[] {
  const a = new Array<number>(64).fill(-1);
  for (const [c, v] of Object.entries(map)) a[Number(c)] = v;
  return a;
}

/** A `vmm_geometry` entry of a strip detector plane. */
export function stripEntry(det: number, plane: number, fec: number, vmm: number, id0: number[] = IDENTITY): object {
  return { detector: det, plane, fec, vmm, id0 };
}

/** A `vmm_geometry` entry of a pad detector (id0 = x, id1 = y). */
export function padEntry(det: number, plane: number, fec: number, vmm: number, id0: number[], id1: number[]): object {
  return { detector: det, plane, fec, vmm, id0, id1 };
}

export function geometryJson(...entries: object[]): string {
  return JSON.stringify({ vmm_geometry: entries });
}

/**
 * Parses a convertFile command line. `-f run.pcapng -geo geo.json` are prepended
 * unless `bare`; `files` maps file names to their text (the `readText` stub).
 */
export function parseArgs(args: string[], files: Record<string, string>, bare = false): AnalysisOptions {
  const argv = bare ? args : ['-f', 'run.pcapng', '-geo', 'geo.json', ...args];
  return parseConvertArgs(argv, (p) => {
    const t = files[p];
    if (t === undefined) throw new Error(`no such file ${p}`);
    return t;
  });
}

/** Options for a geometry (list of entries) and extra command-line arguments. */
export function options(entries: object[], args: string[] = [], extraFiles: Record<string, string> = {}): AnalysisOptions {
  return parseArgs(args, { 'geo.json': geometryJson(...entries), ...extraFiles });
}

/** Runs `f` and returns the ConfigError it throws (fails if it does not throw one). */
export function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

// ---------------------------------------------------------------------------------
// Words

export interface HitSpec {
  vmm: number;
  ch: number;
  adc: number;
  tdc: number;
  bcid: number;
  offset?: number;
  ov?: boolean;
}

export function hit(h: HitSpec): SrsHitWord {
  return {
    kind: 'hit', vmm: h.vmm, channel: h.ch, adc: h.adc, tdc: h.tdc, bcid: h.bcid,
    offset: h.offset ?? 0, overThreshold: h.ov ?? false,
  };
}

export function marker(vmm: number, timestamp: number): SrsMarkerWord {
  return { kind: 'marker', vmm, timestamp };
}

/** Payload of FEC `fec` with frame counter `frame`. */
export function payload(fec: number, words: SrsWord[], frame = 1): Uint8Array {
  return encodeSrsPayload(frame, fec, words);
}

// ---------------------------------------------------------------------------------
// Expected values straight from the spec formulas (§7.4 without calibration).

/** chip_time = bcid·Tbc + (1.5·Tbc − tdc·TAC/255) (§7.4 with default calibration). */
export function chipTime(bcid: number, tdc: number, tbc = 25, tac = 60): number {
  return bcid * tbc + (1.5 * tbc - (tdc * tac) / 255);
}

// ---------------------------------------------------------------------------------
// Running

/** Converts a batch to row objects. */
export function batchRows(batch: TableBatch): Row[] {
  const rows: Row[] = [];
  for (let r = 0; r < batch.length; r++) {
    const row: Row = {};
    batch.schema.columns.forEach((c, i) => {
      const col = batch.columns[i]!;
      if (isJagged(col)) row[c.name] = Array.from(col.values.subarray(col.offsets[r]!, col.offsets[r + 1]!));
      else row[c.name] = col[r]!;
    });
    rows.push(row);
  }
  return rows;
}

export interface RunOutput {
  hits: Row[];
  plane: Row[];
  detector: Row[];
  /** Report messages (without section). */
  report: string[];
  result: AnalysisResult;
  analysis: Analysis;
  /** Trees the sink was opened with. */
  trees: string[];
  /** The metadata strings handed to the sink (§14.4). */
  metadata: (readonly [string, string])[];
}

/** A sink collecting rows per tree. */
export function collectingSink(): AnalysisSink & { rows: Record<string, Row[]>; trees: string[]; meta: (readonly [string, string])[] } {
  const rows: Record<string, Row[]> = { hits: [], clusters_plane: [], clusters_detector: [] };
  const trees: string[] = [];
  const meta: (readonly [string, string])[] = [];
  return {
    rows,
    trees,
    meta,
    metadata: (entries) => meta.push(...entries.map(([n, t]) => [n, t] as const)),
    open: (run) => trees.push(...run.trees.map((t: TableSchema) => t.name)),
    write: (schema, batch) => {
      rows[schema.name]!.push(...batchRows(batch));
    },
  };
}

/** Analyses the payloads in order and finishes the run. */
export async function runPayloads(o: AnalysisOptions, payloads: Uint8Array[], times: CaptureTimes = { firstSeconds: 1000, lastSeconds: 1002, firstDate: 'd0', lastDate: 'd1' }): Promise<RunOutput> {
  const sink = collectingSink();
  const a = new Analysis(o, sink);
  for (const p of payloads) {
    if (!a.pushPayload(p, 0, p.length)) break;
  }
  const result = await a.finish(times);
  return {
    hits: sink.rows['hits']!,
    plane: sink.rows['clusters_plane']!,
    detector: sink.rows['clusters_detector']!,
    report: result.report.map(([, m]) => m),
    result,
    analysis: a,
    trees: sink.trees,
    metadata: sink.meta,
  };
}

/** Standard 2D strip detector: det `det`, plane 0 = FEC 1 VMM 0, plane 1 = FEC 1 VMM 1, strip = channel. */
export function xyDetector(det = 1, fec = 1): object[] {
  return [stripEntry(det, 0, fec, 0), stripEntry(det, 1, fec, 1)];
}

/** `-save [[d],[d],[d]]` for the listed detectors. */
export function saveAll(...dets: number[]): string[] {
  const l = `[${dets.join(',')}]`;
  return ['-save', `[${l},${l},${l}]`];
}

/** srs_timestamp of the hits after a marker at ts42 = 1000 (BC 40 MHz). */
export const SRS0 = 25000;

/**
 * A hit with TDC 0, so that its time is exactly `SRS0 + bcid·25 + 37.5` (no rounding;
 * ADC must be > 0 or the hit is filtered). With ADC a, (t·a)/a == t for these times.
 */
export function exactHit(vmm: number, ch: number, adc: number, bcid: number, ov = false): SrsHitWord {
  return hit({ vmm, ch, adc, tdc: 0, bcid, ov });
}

/** Time of `exactHit(…, bcid)` after a marker at 1000. */
export function exactTime(bcid: number): number {
  return SRS0 + bcid * 25 + 37.5;
}

/**
 * The closing payload of a run: a marker at ts42 = 71000 on `vmm` and one hit on
 * (vmm, ch) with BCID 4000. It raises maxTS to 1775000 ns, so the final flush (§9.4)
 * clusters everything earlier, while this hit itself (time ≈ 1875037) is never clustered.
 * (It is new data, but the round boundary is the FEC's oldTS = 0: no round.)
 */
export function closer(fec: number, vmm: number, ch: number, frame = 1000): Uint8Array {
  return payload(fec, [marker(vmm, 71000), hit({ vmm, ch, adc: 100, tdc: 0, bcid: 4000 })], frame);
}
