/**
 * The geometry file (`-geo`, analysis.md §3): which (FEC, VMM, channel) is which
 * strip or pad of which detector plane, and the derived detector bookkeeping
 * (first-appearance detector order, defined planes, FEC list, strip counts, pad maxima).
 *
 * Lookup tables are flat typed arrays indexed by `fec·16 + vmm` (channel ×64), exactly
 * vmm-sdat's fixed 385×16×64 tables, so that a data word with VMM id 16…31 reads
 * the table of VMM id−16 of FEC fec+1 as the original does (§8.1, quirk §16.4).
 */
import { abortError } from './errors.js';

/** FEC ids that fit vmm-sdat's mapping tables (0…384). */
export const MAX_FEC = 385;
const SLOTS = (MAX_FEC + 1) * 16; // +1 FEC so that VMM 16…31 of FEC 384 stays inside

export interface VmmEntry {
  readonly det: number;
  readonly plane: number;
  readonly fec: number;
  readonly vmm: number;
}

export interface Geometry {
  /** Detector ids in first-appearance order; the index is the per-detector list index (§2.3). */
  readonly detectors: readonly number[];
  /** Detector ids ascending (the order of rounds, statistics and histograms). */
  readonly detectorsAscending: readonly number[];
  /** det id → index in `detectors`, −1 if unknown. */
  readonly detIndex: Int16Array;
  /** det id → 1 for a pad detector (decided by the detector's last entry). */
  readonly isPad: Uint8Array;
  /** det id·3 + plane → 1 if the plane is defined. */
  readonly planeDefined: Uint8Array;
  /** FEC ids in first-appearance order. */
  readonly fecs: readonly number[];
  /** Distinct (det, plane, fec, vmm) tuples in file order. */
  readonly vmms: readonly VmmEntry[];
  /** det·3 + plane → number of connected channels (id0 > −1), for histogram binning. */
  readonly stripCount: Int32Array;
  /** det → largest id0 / id1 of a pad detector. */
  readonly padMaxX: Int32Array;
  readonly padMaxY: Int32Array;
  /** slot (fec·16 + vmm) → detector id, −1 = unmapped. */
  readonly slotDet: Int16Array;
  /** slot → plane. */
  readonly slotPlane: Uint8Array;
  /** slot·64 + channel → strip / pad x (−1 = not connected). */
  readonly pos0: Int32Array;
  /** slot·64 + channel → pad y (pad detectors). */
  readonly pos1: Int32Array;
}

function fail(file: string, what: string): never {
  throw abortError(`Invalid json in geometry file. (${file}: ${what})`);
}

/** C-style cast of a JSON number to an integer of `bits` bits (truncate, wrap). */
function castInt(v: unknown, bits: 8 | 16 | 32, signed: boolean, file: string, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(file, `${field} must be a number, got ${JSON.stringify(v)}`);
  const t = BigInt(Math.trunc(v));
  return Number(signed ? BigInt.asIntN(bits, t) : BigInt.asUintN(bits, t));
}

/**
 * Builds the geometry from the parsed JSON of a geometry file.
 * @param file name used in error messages
 */
export function geometryFromJson(json: unknown, file: string): Geometry {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(file, 'top level must be an object');
  const list = (json as Record<string, unknown>)['vmm_geometry'] ?? [];
  if (!Array.isArray(list)) fail(file, 'vmm_geometry must be an array');

  const detectors: number[] = [];
  const detIndex = new Int16Array(256).fill(-1);
  const isPad = new Uint8Array(256);
  const planeDefined = new Uint8Array(256 * 3);
  const fecs: number[] = [];
  const vmms: VmmEntry[] = [];
  const vmmSeen = new Set<number>();
  const stripCount = new Int32Array(256 * 3);
  const padMaxX = new Int32Array(256);
  const padMaxY = new Int32Array(256);
  const slotDet = new Int16Array(SLOTS).fill(-1);
  const slotPlane = new Uint8Array(SLOTS);
  const pos0 = new Int32Array(SLOTS * 64).fill(-1);
  const pos1 = new Int32Array(SLOTS * 64).fill(-1);

  list.forEach((raw, k) => {
    const where = `vmm_geometry[${k}]`;
    if (typeof raw !== 'object' || raw === null) fail(file, `${where} must be an object`);
    const e = raw as Record<string, unknown>;
    for (const key of ['detector', 'plane', 'fec', 'vmm', 'id0']) if (!(key in e)) fail(file, `${where} lacks required key '${key}'`);
    const det = castInt(e['detector'], 8, false, file, `${where}.detector`);
    const plane = castInt(e['plane'], 8, false, file, `${where}.plane`);
    const fec = castInt(e['fec'], 16, false, file, `${where}.fec`);
    const vmm = castInt(e['vmm'], 8, false, file, `${where}.vmm`);
    const id0 = e['id0'];
    if (!Array.isArray(id0) || id0.length !== 64) fail(file, `${where}.id0 must be an array of exactly 64 integers`);
    const ids0 = id0.map((v, c) => castInt(v, 32, true, file, `${where}.id0[${c}]`));
    const id1raw = e['id1'];
    let ids1: number[] | null = null;
    if (id1raw !== undefined) {
      if (!Array.isArray(id1raw)) fail(file, `${where}.id1 must be an array`);
      if (id1raw.length >= 1 && id1raw.length < 64) fail(file, `${where}.id1 must have 64 entries (has ${id1raw.length})`);
      ids1 = id1raw.map((v, c) => castInt(v, 32, true, file, `${where}.id1[${c}]`));
    }
    if (plane > 2) fail(file, `${where}.plane must be 0, 1 or 2 (is ${plane})`);
    // 1. pad flag decided by the last entry of the detector
    const pad = ids1 !== null && ids1.length === 64;
    isPad[det] = pad ? 1 : 0;
    // 2. defined plane
    planeDefined[det * 3 + plane] = 1;
    // 3. VMM list and strip count
    const tupleKey = ((det * 3 + plane) * 65536 + fec) * 256 + vmm;
    if (!vmmSeen.has(tupleKey)) {
      vmmSeen.add(tupleKey);
      vmms.push({ det, plane, fec, vmm });
      stripCount[det * 3 + plane] = stripCount[det * 3 + plane]! + ids0.filter((v) => v > -1).length;
    }
    // 4. FEC list
    if (!fecs.includes(fec)) fecs.push(fec);
    // 5. detector index
    if (detIndex[det] === -1) {
      detIndex[det] = detectors.length;
      detectors.push(det);
      padMaxX[det] = 0;
      padMaxY[det] = 0;
    }
    // 6. mapping: the first (fec, vmm) mapping stays
    if (fec < MAX_FEC && vmm < 16) {
      const slot = fec * 16 + vmm;
      if (slotDet[slot] === -1) {
        slotDet[slot] = det;
        slotPlane[slot] = plane;
        for (let c = 0; c < 64; c++) pos0[slot * 64 + c] = ids0[c]!;
        if (pad) {
          for (let c = 0; c < 64; c++) {
            pos1[slot * 64 + c] = ids1![c]!;
            if (ids0[c]! > padMaxX[det]!) padMaxX[det] = ids0[c]!;
            if (ids1![c]! > padMaxY[det]!) padMaxY[det] = ids1![c]!;
          }
        }
      }
    }
  });

  return {
    detectors,
    detectorsAscending: [...detectors].sort((a, b) => a - b),
    detIndex,
    isPad,
    planeDefined,
    fecs,
    vmms,
    stripCount,
    padMaxX,
    padMaxY,
    slotDet,
    slotPlane,
    pos0,
    pos1,
  };
}

/** Parses geometry JSON text; malformed JSON aborts as vmm-sdat does (exit 134). */
export function parseGeometry(text: string, file: string): Geometry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw abortError(`Invalid Json in geometry file. (${file}: ${(e as Error).message})`);
  }
  return geometryFromJson(json, file);
}

