/**
 * `--health-json FILE` and `--health-thresholds FILE` (node): reads a thresholds file and
 * writes a capture's health report as JSON (written to a temporary name, then renamed,
 * so a reader never sees half a file).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Geometry } from '../config/geometry.js';
import type { HealthCounts } from './accountant.js';
import { healthReport } from './report.js';
import { healthStatus } from './status.js';
import { DEFAULT_THRESHOLDS, parseThresholds, ThresholdsError, type HealthThresholds } from './thresholds.js';
import { compareToReference, parseReference } from './reference.js';

/** Reads a reference health report (`--health-json` of a good run); undefined → none. Throws ThresholdsError naming the file. */
export function loadReference(file: string | undefined): ReturnType<typeof parseReference> | null {
  if (file === undefined) return null;
  try {
    return parseReference(readJson(file, 'reference health report'), file);
  } catch (e) {
    throw e instanceof ThresholdsError ? e : new ThresholdsError((e as Error).message);
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ThresholdsError(`cannot read the ${what} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ThresholdsError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** Reads a thresholds JSON file; undefined → the defaults. Throws ThresholdsError naming the file. */
export function loadThresholds(file: string | undefined): HealthThresholds {
  if (file === undefined) return DEFAULT_THRESHOLDS;
  return parseThresholds(readJson(file, 'health thresholds'), file);
}

/** Writes the health report and status of `counts` to `file` (JSON). */
export function writeHealthJson(file: string, counts: HealthCounts, geometry: Geometry, thresholds: HealthThresholds, reference: ReturnType<typeof parseReference> | null = null): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const report = healthReport(counts, geometry, thresholds);
  // offline the whole capture is the "latest interval" of the status
  const status = healthStatus(counts, counts, report, geometry, thresholds);
  const comparison = reference ? { reference: compareToReference(report, reference, thresholds.referenceKsAmber) } : {};
  writeFileSync(tmp, JSON.stringify({ status, ...report, ...comparison }, null, 1) + '\n');
  renameSync(tmp, file);
}
