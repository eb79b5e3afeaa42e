/**
 * The legacy inline mapping of vmm-sdat c56141b (formats.md §2.1): `-vmm` (detector,
 * plane, FEC, VMM tuples), `-axis` (flip flag per detector plane) and `-map` (channel
 * pattern), turned into the equivalent geometry JSON object (`{ vmm_geometry: [...] }`,
 * analysis.md §3) that `geometryFromJson` accepts — one entry per tuple, in the order given,
 * so detectors, FECs and the first (FEC, VMM) mapping come out in c56141b's order.
 *
 * Reproduced: brackets deleted and C `atoi` on the pieces, duplicate tuples rejected with
 * c56141b's message, VMM k of a plane at base 64·k (flipped: N − 64·k with N the plane's
 * total channel count) and the off-by-one flipped rule (base − channel, so a one-VMM
 * flipped plane runs 64 … 1), `gem_swapped` (even/odd channels exchanged). `mm1` is
 * rejected: its fixed Micromegas pattern is not described in the specification.
 */
import { atoi } from '../cstd/numbers.js';
import { usageError } from './errors.js';

export const LEGACY_VMM_ERROR = 'Wrong number of detectors, planes, FECs and VMMs!';
export const LEGACY_AXIS_ERROR = 'Wrong number of detectors, planes, direction flag for axis!';
/** `-map` values of c56141b; only the first two are supported here. */
export const LEGACY_MAPS = ['gem', 'gem_swapped', 'mm1'] as const;

/** One geometry entry as written for `geometryFromJson`. */
export interface LegacyGeometryEntry {
  detector: number;
  plane: number;
  fec: number;
  vmm: number;
  /** Strip number of channel 0…63. */
  id0: number[];
}

export interface LegacyGeometryJson {
  vmm_geometry: LegacyGeometryEntry[];
}

/** C++ getline-style split: no trailing empty piece, none at all for an empty string. */
function splitGetline(s: string, sep: string): string[] {
  if (s === '') return [];
  const parts = s.split(sep);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Brackets deleted, split at commas, C `atoi` on each piece. */
function pieces(value: string): number[] {
  return splitGetline(value.replace(/[[\]]/g, ''), ',').map(atoi);
}

const planeKey = (det: number, plane: number): string => `${det},${plane}`;

/**
 * `-vmm`: the distinct (det, plane, fec, vmm) tuples in the order given. A repeated tuple,
 * or pieces that do not form complete groups of four, give c56141b's usage error.
 */
export function parseLegacyVmm(value: string): { det: number; plane: number; fec: number; vmm: number }[] {
  const v = pieces(value);
  const seen = new Set<string>();
  const out: { det: number; plane: number; fec: number; vmm: number }[] = [];
  for (let i = 0; i + 4 <= v.length; i += 4) {
    const key = `${v[i]},${v[i + 1]},${v[i + 2]},${v[i + 3]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ det: v[i]!, plane: v[i + 1]!, fec: v[i + 2]!, vmm: v[i + 3]! });
  }
  if (out.length * 4 !== v.length) throw usageError(LEGACY_VMM_ERROR);
  return out;
}

/** `-axis`: (det, plane) → flipped (flag ≠ 0). A repeated (det, plane) or an incomplete triple is c56141b's usage error. */
export function parseLegacyAxis(value: string): Map<string, boolean> {
  const v = pieces(value);
  const out = new Map<string, boolean>();
  if (v.length % 3 !== 0) throw usageError(LEGACY_AXIS_ERROR);
  for (let i = 0; i < v.length; i += 3) {
    const key = planeKey(v[i]!, v[i + 1]!);
    if (out.has(key)) throw usageError(LEGACY_AXIS_ERROR);
    out.set(key, v[i + 2] !== 0);
  }
  return out;
}

/** `-map` value check; throws for `mm1` and unknown names. */
export function parseLegacyMap(value: string | undefined): 'gem' | 'gem_swapped' {
  const m = value ?? 'gem';
  if (m === 'gem' || m === 'gem_swapped') return m;
  if (m === 'mm1') {
    throw usageError(
      '-map mm1 is not supported: vmm-sdat c56141b maps it with a fixed Micromegas channel pattern that is not documented ' +
        '(formats.md §2.1 gives no pattern); describe the detector with a geometry file (-geo) instead',
    );
  }
  throw usageError(`-map accepts gem (default) or gem_swapped, got "${m}"`);
}

/**
 * The geometry JSON object equivalent to `-vmm vmm [-axis axis] [-map map]` (c56141b).
 * Throws a usage `ConfigError` with c56141b's messages for malformed `-vmm`/`-axis`, and a
 * clear one for `-map mm1` or an unknown map. The result is a fresh object (entries in
 * tuple order; a tuple whose (FEC, VMM) was already mapped to another plane keeps an entry,
 * so the plane is defined and counted as there, but its `id0` is ignored by the geometry,
 * whose first mapping stays).
 */
export function legacyMappingToGeometryJson(vmm: string, axis: string | undefined, map: string | undefined): LegacyGeometryJson {
  const pattern = parseLegacyMap(map);
  const tuples = parseLegacyVmm(vmm);
  const flip = axis === undefined ? new Map<string, boolean>() : parseLegacyAxis(axis);
  // N: 64 channels per tuple of the (det, plane)
  const channels = new Map<string, number>();
  for (const t of tuples) channels.set(planeKey(t.det, t.plane), (channels.get(planeKey(t.det, t.plane)) ?? 0) + 64);
  const mappedPairs = new Set<string>();
  const vmmsOnPlane = new Map<string, number>();
  const entries = tuples.map((t): LegacyGeometryEntry => {
    const dp = planeKey(t.det, t.plane);
    const flipped = flip.get(dp) ?? false;
    const k = vmmsOnPlane.get(dp) ?? 0;
    const pair = `${t.fec},${t.vmm}`;
    if (!mappedPairs.has(pair)) {
      mappedPairs.add(pair);
      vmmsOnPlane.set(dp, k + 1);
    }
    const base = flipped ? channels.get(dp)! - 64 * k : 64 * k;
    const id0: number[] = [];
    for (let c = 0; c < 64; c++) {
      const ch = pattern === 'gem_swapped' ? c ^ 1 : c;
      id0.push(flipped ? base - ch : base + ch);
    }
    return { detector: t.det, plane: t.plane, fec: t.fec, vmm: t.vmm, id0 };
  });
  return { vmm_geometry: entries };
}

/** The geometry JSON as text in the style of vmm-sdat's example files: one entry per block, `id0` on one line. */
export function formatGeometryJson(g: LegacyGeometryJson): string {
  const blocks = g.vmm_geometry.map(
    (e) =>
      `    {\n      "detector": ${e.detector},\n      "plane": ${e.plane},\n      "fec": ${e.fec},\n      "vmm": ${e.vmm},\n` +
      `      "id0": [${e.id0.join(',')}]\n    }`,
  );
  return blocks.length ? `{\n  "vmm_geometry": [\n${blocks.join(',\n')}\n  ]\n}\n` : '{\n  "vmm_geometry": []\n}\n';
}
