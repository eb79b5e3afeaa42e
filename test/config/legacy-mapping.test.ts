/**
 * Legacy `-vmm`/`-axis`/`-map` (formats.md §2.1) → geometry JSON → `geometryFromJson`:
 * the §2.1 examples, multi-VMM and flipped planes (off by one), gem_swapped, first-
 * appearance order, the exact c56141b error messages, mm1 rejected; the vtc_run reference
 * hits land on the positions the mapping gives; and the `vmmscope geometry` command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LEGACY_AXIS_ERROR, LEGACY_VMM_ERROR, formatGeometryJson, legacyMappingToGeometryJson,
} from '../../src/config/legacy-mapping.js';
import { geometryFromJson, type Geometry } from '../../src/config/geometry.js';
import { ConfigError } from '../../src/config/errors.js';
import { hasShared, loadCase, referenceLines } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';

const range = (a: number, b: number, step = 1): number[] => Array.from({ length: Math.abs(b - a) / Math.abs(step) + 1 }, (_, i) => a + i * step);

function geometry(vmm: string, axis?: string, map?: string): Geometry {
  return geometryFromJson(legacyMappingToGeometryJson(vmm, axis, map), '-vmm');
}
/** Strips of channels 0…63 of (fec, vmm). */
const strips = (g: Geometry, fec: number, vmm: number): number[] => [...g.pos0.subarray((fec * 16 + vmm) * 64, (fec * 16 + vmm) * 64 + 64)];

function usage(message: string | RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.kind, 'usage');
    assert.equal(e.exitCode, 255);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  };
}

test('§2.1 example: -vmm [[0,0,0,0],[0,1,0,1]] → det 0, plane 0 = FEC 0/VMM 0, plane 1 = FEC 0/VMM 1, strip = channel', () => {
  const json = legacyMappingToGeometryJson('[[0,0,0,0],[0,1,0,1]]', undefined, undefined);
  assert.deepEqual(json, {
    vmm_geometry: [
      { detector: 0, plane: 0, fec: 0, vmm: 0, id0: range(0, 63) },
      { detector: 0, plane: 1, fec: 0, vmm: 1, id0: range(0, 63) },
    ],
  });
  const g = geometryFromJson(json, '-vmm');
  assert.deepEqual([g.detectors, g.fecs, [...g.planeDefined.subarray(0, 3)]], [[0], [0], [1, 1, 0]]);
  assert.deepEqual([g.slotDet[0], g.slotPlane[0], g.slotDet[1], g.slotPlane[1]], [0, 0, 0, 1]);
  assert.equal(g.isPad[0], 0); // -vmm never creates pads: pos1 stays −1
  assert.ok(g.pos1.subarray(0, 128).every((v) => v === -1));
  assert.equal(g.stripCount[0], 64);
});

test('§2.1 example: -axis [[0,0],1],[[0,1],0] flips plane 0 to strip = 64 − channel (64 … 1)', () => {
  const g = geometry('[[0,0,0,0],[0,1,0,1]]', '[[0,0],1],[[0,1],0]');
  assert.deepEqual(strips(g, 0, 0), range(64, 1, -1));
  assert.deepEqual(strips(g, 0, 1), range(0, 63));
});

test('the monitoring script\'s unbalanced brackets [[[0,0,0,0],[0,1,0,1] and spaces (atoi) are fine', () => {
  assert.deepEqual(
    legacyMappingToGeometryJson('[[[0,0,0,0],[0,1,0,1]', undefined, 'gem'),
    legacyMappingToGeometryJson('[[0, 0, 0, 0], [0, 1, 0, 1]]', '[[0,0],0],[[0,1],0]', undefined),
  );
});

test('several VMMs per plane: VMM k at 64·k; flipped plane with N channels at N − 64·k − channel', () => {
  const g = geometry('[[1,0,2,0],[1,0,2,1],[1,1,2,2],[1,1,2,3]]', '[[1,1],1]');
  assert.deepEqual(strips(g, 2, 0), range(0, 63));
  assert.deepEqual(strips(g, 2, 1), range(64, 127));
  assert.deepEqual(strips(g, 2, 2), range(128, 65, -1)); // N = 128, k = 0
  assert.deepEqual(strips(g, 2, 3), range(64, 1, -1)); // k = 1
  assert.equal(g.stripCount[1 * 3 + 1], 128);
  // order given, not VMM order: VMM 3 first on the plane gets k = 0
  const h = geometry('[[0,0,1,3],[0,0,1,2]]');
  assert.deepEqual([strips(h, 1, 3)[0], strips(h, 1, 2)[0]], [0, 64]);
});

test('-map gem_swapped exchanges even and odd channels before the same rule', () => {
  const g = geometry('[[0,0,0,0],[0,1,0,1]]', '[[0,1],1]', 'gem_swapped');
  const s0 = strips(g, 0, 0);
  assert.deepEqual([s0[0], s0[1], s0[2], s0[3], s0[62], s0[63]], [1, 0, 3, 2, 63, 62]);
  const s1 = strips(g, 0, 1); // flipped: 64 − (c ^ 1)
  assert.deepEqual([s1[0], s1[1], s1[62], s1[63]], [63, 64, 1, 2]);
});

test('detectors and FECs in first-appearance order; a (FEC, VMM) already mapped keeps its first plane', () => {
  const g = geometry('[[1,0,5,0],[0,0,3,0],[1,1,5,1]]');
  assert.deepEqual([g.detectors, g.fecs], [[1, 0], [5, 3]]);
  // (0,0) repeated on plane 1: plane 1 defined and counted, mapping stays on plane 0, VMM 1 is the plane's first VMM
  const h = geometry('[[0,0,0,0],[0,1,0,0],[0,1,0,1]]');
  assert.deepEqual([h.slotPlane[0], h.slotPlane[1], h.planeDefined[1], h.stripCount[1]], [0, 1, 1, 128]);
  assert.deepEqual(strips(h, 0, 0), range(0, 63));
  assert.deepEqual(strips(h, 0, 1), range(0, 63));
});

test('c56141b errors: repeated tuple or incomplete group (-vmm), repeated plane or incomplete triple (-axis)', () => {
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0],[0,1,0,1],[0,0,0,0]]', undefined, undefined), usage(LEGACY_VMM_ERROR));
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0],[0,1,0]]', undefined, undefined), usage(LEGACY_VMM_ERROR));
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0]]', '[[0,0],1],[[0,0],0]', undefined), usage(LEGACY_AXIS_ERROR));
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0]]', '[[0,0],1],[[0,1]]', undefined), usage(LEGACY_AXIS_ERROR));
  assert.equal(LEGACY_VMM_ERROR, 'Wrong number of detectors, planes, FECs and VMMs!');
  assert.equal(LEGACY_AXIS_ERROR, 'Wrong number of detectors, planes, direction flag for axis!');
  // an -axis entry for a plane that -vmm does not define changes nothing
  assert.deepEqual(legacyMappingToGeometryJson('[[0,0,0,0]]', '[[3,1],1]', undefined), legacyMappingToGeometryJson('[[0,0,0,0]]', undefined, undefined));
});

test('-map mm1 (pattern not in the spec) and unknown maps are rejected with a clear message', () => {
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0]]', undefined, 'mm1'), usage(/-map mm1 is not supported: .*not documented.*-geo/));
  assert.throws(() => legacyMappingToGeometryJson('[[0,0,0,0]]', undefined, 'gem2'), usage('-map accepts gem (default) or gem_swapped, got "gem2"'));
});

test('vtc_run: every reference hit sits on the (det, plane, strip) the case\'s -vmm/-axis give', { skip: !hasShared() && 'needs ../shared' }, () => {
  const c = loadCase('vtc_run');
  const arg = (flag: string) => c.args[c.args.indexOf(flag) + 1];
  const g = geometry(arg('-vmm')!, arg('-axis'), undefined);
  const lines = referenceLines('vtc_run', 'hits')!;
  for (const line of lines.slice(1)) {
    const [, det, plane, fec, vmm, , , , ch, pos] = line.split(',').map(Number) as number[];
    const slot = fec! * 16 + vmm!;
    assert.deepEqual([g.slotDet[slot], g.slotPlane[slot], g.pos0[slot * 64 + ch!]], [det, plane, pos]);
  }
  assert.equal(lines.length - 1, 17770);
});

test('formatGeometryJson: parseable, one id0 line per entry', () => {
  const json = legacyMappingToGeometryJson('[[0,0,0,0],[0,1,0,1]]', '[[0,0],1]', undefined);
  const text = formatGeometryJson(json);
  assert.deepEqual(JSON.parse(text), json);
  assert.equal(text.split('\n').filter((l) => l.includes('"id0": [64,63,')).length, 1);
  assert.deepEqual(JSON.parse(formatGeometryJson({ vmm_geometry: [] })), { vmm_geometry: [] });
});

test('vmmscope geometry: prints the JSON, writes -o FILE, --help, c56141b error with exit 255', async () => {
  const ok = await runCli(['geometry', '-vmm', '[[0,0,0,0],[0,1,0,1]]', '-axis', '[[0,0],1],[[0,1],0]']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), legacyMappingToGeometryJson('[[0,0,0,0],[0,1,0,1]]', '[[0,0],1],[[0,1],0]', undefined));
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-geometry-'));
  try {
    const out = join(dir, 'det.json');
    const w = await runCli(['geometry', '--vmm=[[0,0,0,0]]', '-map', 'gem_swapped', '-o', out]);
    assert.equal(w.status, 0, w.stderr);
    assert.equal(w.stdout, '');
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), legacyMappingToGeometryJson('[[0,0,0,0]]', undefined, 'gem_swapped'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const help = await runCli(['geometry', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: vmmscope geometry -vmm TUPLES/);
  const bad = await runCli(['geometry', '-vmm', '[[0,0,0,0],[0,0,0,0]]']);
  assert.equal(bad.status, 255);
  assert.equal(bad.stderr, 'vmmscope geometry: Wrong number of detectors, planes, FECs and VMMs!\n');
  const missing = await runCli(['geometry', '-axis', '[[0,0],1]']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /-vmm is required/);
});
