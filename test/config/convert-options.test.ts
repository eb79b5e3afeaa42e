/**
 * convertFile's command line (analysis.md §2) checked against the spec, value by
 * value: prefix matching, pair structure, every validation message and exit code
 * (§2.8, §2.3, §3, §4), per-detector lists, `-save`, `-t0`, `-bc`, `-coin`, `-log`,
 * `-df`. Expected values are worked out from the spec text in the comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { configError, geometryJson, IDENTITY, parseArgs, stripEntry } from '../helpers/analysis-harness.js';

const GEO1 = geometryJson(stripEntry(1, 0, 1, 0), stripEntry(1, 1, 1, 1));
const files = (geo = GEO1, more: Record<string, string> = {}): Record<string, string> => ({ 'geo.json': geo, ...more });
const p = (args: string[], geo = GEO1, more: Record<string, string> = {}) => parseArgs(args, files(geo, more));
const bare = (args: string[], geo = GEO1, more: Record<string, string> = {}) => parseArgs(args, files(geo, more), true);

/** Asserts a usage error (exit 255) with message and optional argument. */
function usage(f: () => unknown, message: string, argument?: string): void {
  const e = configError(f);
  assert.equal(e.exitCode, 255, `exit code of '${e.message}'`);
  assert.equal(e.kind, 'usage');
  assert.equal(e.message, message);
  assert.equal(e.argument, argument);
}

function aborts(f: () => unknown): void {
  const e = configError(f);
  assert.equal(e.exitCode, 134, `exit code of '${e.message}'`);
  assert.equal(e.kind, 'abort');
}

test('§2.1 flags are matched by prefix in table order', () => {
  // -fec → -f, -geometry → -geo, -threshold → -th (not -t0/-tac), -nip → -n, -savefoo → -save
  const o = bare(['-fec', 'a.pcapng', '-geometry', 'geo.json', '-threshold', '[7]', '-nip', '12', '-savefoo', '[[1],[],[]]']);
  assert.equal(o.file, 'a.pcapng');
  assert.equal(o.geometryFile, 'geo.json');
  assert.deepEqual(Array.from(o.perDetector.threshold), [7]);
  assert.equal(o.maxHits, 12);
  assert.equal(o.save.code, 1);
  assert.deepEqual(o.save.hits, [1]);
  // -cs is before -ccs in the table: "-csx" is -cs; "-ccs" itself is not a prefix match of -cs
  const q = p(['-csx', '[3]', '-ccs', '[4]']);
  assert.deepEqual(Array.from(q.perDetector.minClusterSize), [3]);
  assert.deepEqual(Array.from(q.perDetector.coincidentClusterSize), [4]);
  // -mp0 and -mst set the same list; the later one wins
  assert.deepEqual(Array.from(p(['-mst', '[3]', '-mp0', '[4]']).perDetector.missingStripsX), [4]);
  assert.deepEqual(Array.from(p(['-mp0', '[4]', '-mst', '[3]']).perDetector.missingStripsX), [3]);
  // later occurrences replace lists (not merged)
  assert.deepEqual(Array.from(p(['-th', '[5]', '-th', '[6]']).perDetector.threshold), [6]);
});

test('§2.1 pair structure: no tokens, odd count, unknown flags', () => {
  usage(() => parseConvertArgs([], () => GEO1), 'Wrong number of arguments!', 'convertFile');
  usage(() => bare(['-f']), 'Wrong number of arguments!', '-f');
  usage(() => bare(['-f', 'a.pcapng', '-geo']), 'Wrong number of arguments!', '-geo');
  // flags that exist in READMEs/scripts but not in this version
  for (const f of ['-vmm', '-axis', '-map', '-swap', '-stats', '-ratio', 'f', '-x'])
    usage(() => p([f, '1']), 'Wrong type of argument!', f);
});

test('§2.1 values are never interpreted as flags', () => {
  // Only flag tokens are tested against the table; a value is taken as is.
  const o = p(['-info', '--geometry']);
  assert.equal(o.info, '--geometry');
  const q = p(['-info', '--']);
  assert.equal(q.info, '--');
});

test('§2.8 post-parse validation messages in order', () => {
  // 1. no -f (checked before the geometry): also with a bad -cal
  usage(() => bare(['-geo', 'geo.json', '-cal', 'c.txt']), 'Data file has to be loaded with -f data.h5!');
  // 2. substring .pcapng (a .pcapng.gz name is fine, a .pcap name is not)
  usage(() => bare(['-f', 'a.pcap', '-geo', 'geo.json', '-cal', 'c.txt']), 'Wrong extension: .pcapng file required for data files!');
  assert.equal(bare(['-f', 'x/a.pcapng.gz', '-geo', 'geo.json']).file, 'x/a.pcapng.gz');
  // 3. -cal without .json
  usage(() => bare(['-f', 'a.pcapng', '-cal', 'c.txt']), 'Wrong extension: .json file required for calibration!');
  // 4. no -geo at all
  usage(() => bare(['-f', 'a.pcapng']), 'Detectors, planes, fecs and VMMs have to be defined, or a geometry file loaded!');
  // -geo without .json fails while parsing (before -f is checked)
  usage(() => bare(['-geo', 'geo.txt']), 'The geometry parameter -geo requires a JSON file!');
  // .json is a substring test: "geo.json.bak" passes §2 (and is then read)
  assert.equal(bare(['-f', 'a.pcapng', '-geo', 'geo.json.bak'], GEO1, { 'geo.json.bak': GEO1 }).geometryFile, 'geo.json.bak');
});

test('§2.2 scalar options: C conversions and defaults', () => {
  const d = p([]);
  assert.equal(d.tac, 60);
  assert.equal(d.maxHits, 0);
  assert.equal(d.algo, 0);
  assert.equal(d.highMultiplicity, false);
  assert.equal(d.jsonImages, false); // real default 0 (usage text claims 1)
  assert.equal(d.calibrationHistograms, false);
  assert.equal(d.coincidence, 'center-of-mass');
  assert.equal(d.dataFormat, 'SRS');
  assert.equal(d.logLevel, 'INFO');
  assert.equal(d.info, '');
  assert.equal(d.calibration, null);
  // defaults of the lists (§2.2): th 0, cs 1, ccs 1 (not 2), dt 200, mst 1 (not 0), mp1 1, spc 500, dp 200, crl 0.5, cru 2
  const pd = d.perDetector;
  assert.deepEqual(
    [pd.threshold, pd.minClusterSize, pd.coincidentClusterSize, pd.deltaTimeHits, pd.missingStripsX, pd.missingStripsY,
      pd.spanClusterTime, pd.deltaTimePlanes, pd.chargeRatioLower, pd.chargeRatioUpper].map((a) => Array.from(a)),
    [[0], [1], [1], [200], [1], [1], [500], [200], [0.5], [2]],
  );
  // atof/atoi prefix rules
  assert.equal(p(['-tac', '50.5ns']).tac, 50.5);
  assert.equal(p(['-tac', 'abc']).tac, 0);
  assert.equal(p(['-tac', ' 1e2']).tac, 100);
  assert.equal(p(['-n', '12x']).maxHits, 12);
  assert.equal(p(['-n', 'abc']).maxHits, 0);
  // -n negative → huge u64 → no limit (anything ≥ every possible hit count)
  assert.ok(p(['-n', '-5']).maxHits > 2 ** 40);
  assert.equal(p(['-algo', '4']).algo, 4);
  assert.equal(p(['-algo', '10x']).algo, 10);
  // -cahi: exactly 1 → on; -json: non-zero → on
  assert.equal(p(['-cahi', '1']).calibrationHistograms, true);
  assert.equal(p(['-cahi', '2']).calibrationHistograms, false);
  assert.equal(p(['-json', '2']).jsonImages, true);
  assert.equal(p(['-json', 'yes']).jsonImages, false);
  assert.equal(p(['-info', 'GEO']).info, 'GEO');
});

test('§2.2 -log: exact upper-case level names, anything else INFO', () => {
  for (const l of ['TRACE', 'DEBUG', 'INFO', 'STATUS', 'WARNING', 'ERROR', 'FATAL']) assert.equal(p(['-log', l]).logLevel, l);
  assert.equal(p(['-log', 'debug']).logLevel, 'INFO');
  assert.equal(p(['-log', 'DEBUG ']).logLevel, 'INFO');
});

test('§2.2 -hm: exactly 1 switches on, other values leave it; -save switches it off', () => {
  assert.equal(p(['-hm', '1']).highMultiplicity, true);
  assert.equal(p(['-hm', '2']).highMultiplicity, false);
  assert.equal(p(['-hm', '1', '-hm', '0']).highMultiplicity, true); // 0 leaves it unchanged
  assert.equal(p(['-hm', '1', '-save', '[[1],[1],[1]]']).highMultiplicity, false);
  assert.equal(p(['-save', '[[1],[1],[1]]', '-hm', '1']).highMultiplicity, true);
});

test('§2.2 -coin storage rules', () => {
  assert.equal(p(['-coin', 'utpc']).coincidence, 'utpc');
  assert.equal(p(['-coin', 'charge2']).coincidence, 'charge2');
  // starts with utpc/charge2 → stored as typed
  assert.equal(p(['-coin', 'utpc2']).coincidence, 'utpc2');
  assert.equal(p(['-coin', 'charge2x']).coincidence, 'charge2x');
  // anything else → center-of-mass (the example scripts' typo too)
  assert.equal(p(['-coin', 'center-of-masss']).coincidence, 'center-of-mass');
  assert.equal(p(['-coin', 'algo']).coincidence, 'center-of-mass');
  assert.equal(p(['-coin', 'UTPC']).coincidence, 'center-of-mass');
});

test('§2.2 / §1 step 4 -df: upper case accepted, lower case exits 255 silently, others are usage errors', () => {
  assert.equal(p(['-df', 'TRG']).dataFormat, 'TRG');
  assert.equal(p(['-df', 'SRS']).dataFormat, 'SRS');
  // issue 6: ESS and VTC are analysed as vmm-sdat c56141b did; its lower-case values are
  // accepted but decode nothing (formats.md §2)
  assert.equal(p(['-df', 'ESS']).dataFormat, 'ESS');
  assert.equal(p(['-df', 'VTC']).decodePayloads, true);
  assert.equal(p(['-df', 'vtc']).decodePayloads, false);
  for (const v of ['srs', 'trg']) {
    const e = configError(() => p(['-df', v]));
    assert.equal(e.exitCode, 255);
    assert.equal(e.kind, 'silent');
  }
  usage(() => p(['-df', 'XYZ']), 'The data format parameter -df accepts only the values SRS, TRG!');
  usage(() => p(['-df', 'Srs']), 'The data format parameter -df accepts only the values SRS, TRG!');
  // order of §1: the list check (step 3) comes before the data-format exit (step 4) ...
  usage(() => p(['-df', 'srs', '-cs', '[1,2]']), 'Wrong number of parameters, one per detector or one for all!', 'pMinClusterSize');
  // ... and the data-format exit comes before the calibration file is loaded (step 7)
  assert.equal(configError(() => p(['-df', 'trg', '-cal', 'missing.json'])).kind, 'silent');
});

test('§2.3 per-detector lists: f32 values and C++ stof prefixes', () => {
  const v = (flag: string, val: string): number[] => {
    const pd = p([flag, val]).perDetector;
    const key = { '-th': 'threshold', '-crl': 'chargeRatioLower', '-cru': 'chargeRatioUpper', '-dt': 'deltaTimeHits' }[flag] as 'threshold';
    return Array.from(pd[key]);
  };
  assert.deepEqual(v('-crl', '[0.6]'), [0.6000000238418579]); // f32(0.6)
  assert.deepEqual(v('-crl', '0.2'), [0.20000000298023224]); // brackets optional
  assert.deepEqual(v('-cru', '[2.5]'), [2.5]); // halves exact
  assert.deepEqual(v('-th', '[12abc]'), [12]);
  assert.deepEqual(v('-th', '[1e3]'), [1000]);
  assert.deepEqual(v('-th', '[0x10]'), [16]);
  assert.deepEqual(v('-th', '[-5]'), [-5]);
  assert.deepEqual(v('-dt', '[inf]'), [Infinity]);
  assert.ok(Number.isNaN(v('-dt', '[nan]')[0]));
  assert.deepEqual(v('-dt', '[100.1]'), [Math.fround(100.1)]);
  // pieces without a numeric prefix, empty inner pieces: uncaught exception → abort (134)
  aborts(() => p(['-th', '[abc]']));
  aborts(() => p(['-th', '[1,,2]']));
  aborts(() => p(['-th', '[,1]']));
  aborts(() => p(['-dp', '[1,2,,]']));
});

test('§2.3 per-detector lists: spaces, trailing comma, replication, count check', () => {
  const geo3 = geometryJson(stripEntry(0, 0, 1, 0), stripEntry(2, 0, 1, 1), stripEntry(1, 0, 1, 2));
  // spaces removed, a final comma drops the empty trailing piece
  const o = p(['-th', '[ 1, 2 ,3,]', '-cs', '[4]'], geo3);
  assert.deepEqual(Array.from(o.perDetector.threshold), [1, 2, 3]);
  // one value replicated to D = 3
  assert.deepEqual(Array.from(o.perDetector.minClusterSize), [4, 4, 4]);
  assert.deepEqual(Array.from(o.perDetector.deltaTimeHits), [200, 200, 200]);
  // wrong counts: the first failing list in the check order cs, ccs, dt, mst, mp1, spc, dp, crl, cru, th
  const msg = 'Wrong number of parameters, one per detector or one for all!';
  usage(() => p(['-cs', '[1,2]']), msg, 'pMinClusterSize'); // the runConversion_param_detector.py case
  usage(() => p(['-th', '[1,2]', '-dp', '[1,2]']), msg, 'pDeltaTimePlanes');
  usage(() => p(['-th', '[1,2]', '-cru', '[1,2]']), msg, 'pChargeRatioUpper');
  usage(() => p(['-th', '[1,2]', '-crl', '[1,2]']), msg, 'pChargeRatioLower');
  usage(() => p(['-spc', '[1,2,3]', '-mp1', '[1,2]']), msg, 'pMissingStripsClusterY');
  usage(() => p(['-mp0', '[1,2]', '-dt', '[1,2]']), msg, 'pDeltaTimeHits');
  usage(() => p(['-mst', '[1,2]', '-th', '[1,2]']), msg, 'pMissingStripsClusterX');
  usage(() => p(['-ccs', '[1,2]', '-spc', '[1,2]']), msg, 'pCoincidentClusterSize');
  usage(() => p(['-spc', '[1,2]']), msg, 'pSpanClusterTime');
  usage(() => p(['-th', '[1,2]']), msg, 'pADCThreshold');
  usage(() => p(['-th', '[]']), msg, 'pADCThreshold'); // [] is an empty list: 0 ≠ 1 detector
  // D = 0 (no vmm_geometry key): a one-value list is fine, an empty list matches D too
  const none = p(['-th', '[3]', '-cs', '[]'], JSON.stringify({}));
  assert.equal(none.geometry.detectors.length, 0);
  usage(() => p(['-th', '[3,4]'], JSON.stringify({})), msg, 'pADCThreshold');
});

test('§2.3 list index k belongs to the k-th detector by first appearance in the geometry file', () => {
  // run/example_rpc.json order 0, 2, 1, 3, 10
  const geo = geometryJson(
    stripEntry(0, 0, 1, 0), stripEntry(2, 0, 1, 1), stripEntry(1, 0, 1, 2), stripEntry(3, 0, 1, 3),
    stripEntry(10, 0, 1, 4), stripEntry(2, 1, 1, 5), stripEntry(0, 1, 1, 6),
  );
  const o = p(['-mst', '[10,20,30,40,50]'], geo);
  const g = o.geometry;
  assert.deepEqual(g.detectors, [0, 2, 1, 3, 10]);
  assert.deepEqual(g.detectorsAscending, [0, 1, 2, 3, 10]);
  const at = (det: number): number => o.perDetector.missingStripsX[g.detIndex[det]!]!;
  assert.deepEqual([at(0), at(2), at(1), at(3), at(10)], [10, 20, 30, 40, 50]);
});

test('§2.4 -save: every row of the table', () => {
  const rows: [string | null, number, number[], number[], number[]][] = [
    ['[[1],[1],[1]]', 111, [1], [1], [1]],
    ['[[],[1],[1]]', 110, [], [1], [1]],
    ['[[1,2],[],[]]', 1, [1, 2], [], []],
    ['[[2],[1],[1]]', 111, [2], [1], [1]],
    ['[[],[],[]]', 0, [], [], []],
    [null, 111, [], [], []],
    // further cases worked out with the algorithm of §2.4
    ['[[],[],[3]]', 100, [], [], [3]],
    ['[[], [4, 5], []]', 10, [], [4, 5], []], // spaces deleted first
    ['[[257],[],[]]', 1, [1], [], []], // modulo 256
    ['[[1,],[],[]]', 1, [1], [], []], // trailing comma: no empty piece
  ];
  for (const [v, code, h, pl, d] of rows) {
    const o = p(v === null ? [] : ['-save', v]);
    assert.equal(o.save.code, code, `code of ${v}`);
    assert.deepEqual([[...o.save.hits], [...o.save.plane], [...o.save.detector]], [h, pl, d], `lists of ${v}`);
  }
  const msg = 'The -save parameter accepts only a list of lists of detectors (numbers) in the format [[],[1,2],[1,2,3]]!';
  usage(() => p(['-save', '[[1],[2]]']), msg); // 2 pieces
  usage(() => p(['-save', '[[1],[2],[3],[4]]']), msg); // 4 pieces
  usage(() => p(['-save', '[[a],[],[]]']), msg); // not digits
  usage(() => p(['-save', '[[-1],[],[]]']), msg);
  aborts(() => p(['-save', '[[1,,2],[],[]]'])); // empty sub-piece → stoi aborts
});

test('§2.5 -t0: triples, raw correction strings, duplicates, leftovers', () => {
  const o = p(['-t0', '[[1,0,100.5],[1,1,run],[2,3, run]]']);
  // key (fec mod 256, vmm mod 256) → raw piece (spaces are kept)
  assert.equal(o.t0.get(1 * 256 + 0), '100.5');
  assert.equal(o.t0.get(1 * 256 + 1), 'run');
  assert.equal(o.t0.get(2 * 256 + 3), ' run');
  assert.equal(o.t0.size, 3);
  // one or two left-over pieces are ignored; FEC/VMM modulo 256
  const q = p(['-t0', '[[257,1,5],[2,3]]']);
  assert.deepEqual([...q.t0.entries()], [[1 * 256 + 1, '5']]);
  // a later -t0 replaces the table
  const r = p(['-t0', '[[1,0,5]]', '-t0', '[[2,0,6]]']);
  assert.deepEqual([...r.t0.entries()], [[2 * 256, '6']]);
  // duplicate key: error names the flag as typed
  usage(() => p(['-t0', '[[1,0,5],[1,0,6]]']), 'Wrong number of FECs, VMMs and correction!', '-t0');
  usage(() => p(['-t0x', '[[1,0,5],[257,0,6]]']), 'Wrong number of FECs, VMMs and correction!', '-t0x');
});

test('§2.6 -bc → (Tbc, Toff)', () => {
  const c = (args: string[]) => {
    const o = p(args);
    return [o.tbc, o.toff, o.bc];
  };
  assert.deepEqual(c([]), [25, 102400, 40]);
  assert.deepEqual(c(['-bc', '40']), [25, 102400, 40]);
  for (const v of ['44.4', '44.44', '44.444', '44.5']) assert.deepEqual(c(['-bc', v]).slice(0, 2), [22.5, 92160], v);
  for (const v of ['44.0', '44.05', '44.1'])
    assert.deepEqual(c(['-bc', v]).slice(0, 2), [22.7137219, 4096 * 22.7137219], v);
  // any other value: Tbc = 1000/x, Toff stays 102400
  assert.deepEqual(c(['-bc', '20']), [50, 102400, 20]);
  assert.deepEqual(c(['-bc', '44.2']).slice(0, 2), [1000 / 44.2, 102400]);
  assert.deepEqual(c(['-bc', '44.51']).slice(0, 2), [1000 / 44.51, 102400]);
  assert.deepEqual(c(['-bc', '0']).slice(0, 2), [Infinity, 102400]);
  assert.equal(p(['-bc', '44.444']).bc, 44.444);
});

test('§3 geometry errors and exit codes', () => {
  const msgGeo = 'Invalid JSON file format!';
  // unreadable geometry file: usage error 255
  const e = configError(() => bare(['-f', 'a.pcapng', '-geo', 'other.json']));
  assert.deepEqual([e.exitCode, e.kind, e.message], [255, 'usage', msgGeo]);
  // malformed JSON, missing keys, wrong id0/id1 lengths, non-numeric values: abort 134
  aborts(() => p([], '{"vmm_geometry": ['));
  aborts(() => p([], JSON.stringify({ vmm_geometry: [{ detector: 1, plane: 0, fec: 1, id0: IDENTITY }] })));
  aborts(() => p([], JSON.stringify({ vmm_geometry: [{ detector: 1, plane: 0, fec: 1, vmm: 0, id0: IDENTITY.slice(1) }] })));
  aborts(() => p([], JSON.stringify({ vmm_geometry: [{ detector: 1, plane: 0, fec: 1, vmm: 0, id0: IDENTITY, id1: [1, 2] }] })));
  aborts(() => p([], JSON.stringify({ vmm_geometry: [{ detector: 'one', plane: 0, fec: 1, vmm: 0, id0: IDENTITY }] })));
  // id1 with 65 entries: no error, not a pad detector; empty id1: not a pad detector
  const g = p([], JSON.stringify({
    vmm_geometry: [
      { detector: 1, plane: 0, fec: 1, vmm: 0, id0: IDENTITY, id1: [...IDENTITY, 64] },
      { detector: 2, plane: 0, fec: 1, vmm: 1, id0: IDENTITY, id1: [] },
    ],
  })).geometry;
  assert.equal(g.isPad[1], 0);
  assert.equal(g.isPad[2], 0);
});

test('§3.2 geometry processing: pad flag of the last entry, first mapping wins, FEC list, strip counts', () => {
  const half = IDENTITY.map((c) => (c < 32 ? c : -1));
  const allOff = new Array<number>(64).fill(-1);
  const o = p([], geometryJson(
    { detector: 5, plane: 0, fec: 3, vmm: 2, id0: half, id1: IDENTITY }, // pad entry …
    { detector: 5, plane: 1, fec: 2, vmm: 4, id0: IDENTITY }, // … but the last entry of det 5 has no id1
    { detector: 6, plane: 0, fec: 3, vmm: 2, id0: allOff }, // (3,2) already mapped → ignored for the mapping
    { detector: 6, plane: 0, fec: 3, vmm: 7, id0: IDENTITY, id1: IDENTITY },
  ));
  const g = o.geometry;
  assert.equal(g.isPad[5], 0);
  assert.equal(g.isPad[6], 1);
  assert.deepEqual(g.fecs, [3, 2]);
  assert.deepEqual(g.detectors, [5, 6]);
  assert.equal(g.slotDet[3 * 16 + 2], 5);
  assert.equal(g.pos0[(3 * 16 + 2) * 64 + 10], 10);
  assert.equal(g.pos0[(3 * 16 + 2) * 64 + 40], -1);
  // strip counts count id0 > -1 of each new (det, plane, fec, vmm) tuple
  assert.equal(g.stripCount[5 * 3 + 0], 32);
  assert.equal(g.stripCount[5 * 3 + 1], 64);
  assert.equal(g.stripCount[6 * 3 + 0], 0 + 64);
  // pad maxima from the pad mappings of det 6 (entry 4): 63 / 63
  assert.equal(g.padMaxX[6], 63);
  assert.equal(g.padMaxY[6], 63);
  assert.deepEqual(g.vmms.map((v) => [v.det, v.plane, v.fec, v.vmm]), [[5, 0, 3, 2], [5, 1, 2, 4], [6, 0, 3, 2], [6, 0, 3, 7]]);
});

test('§4 calibration errors abort (134)', () => {
  const base = ['-cal', 'cal.json'];
  const c = (text: string | undefined) => () => p(base, GEO1, text === undefined ? {} : { 'cal.json': text });
  aborts(c(undefined)); // unreadable
  aborts(c('{ nope'));
  aborts(c(JSON.stringify({ vmm_calibration: [{ fecID: 1, vmmID: 0, adc_offsets: [1, 2, 3] }] })));
  aborts(c(JSON.stringify({ vmm_calibration: [{ vmmID: 0 }] })));
  aborts(c(JSON.stringify({ vmm_calibration: [{ fecID: 1, vmmID: 0, adc_slopes: new Array(64).fill('x') }] })));
  // missing key → no calibration entries, fine; an empty array is "absent"
  assert.ok(p(base, GEO1, { 'cal.json': '{}' }).calibration !== null);
  assert.ok(p(base, GEO1, { 'cal.json': JSON.stringify({ vmm_calibration: [{ fecID: 1, vmmID: 0, adc_offsets: [] }] }) }).calibration);
});

test('§2.3/§2.4 C++ out_of_range aborts: stof beyond the float range, stoi beyond int', () => {
  const p = (extra: string[]): unknown => parseConvertArgs(['-f', 'a.pcapng', '-geo', 'g.json', ...extra], () => GEO1);
  aborts(() => p(['-th', '[1e40]'])); // strtof overflows → ERANGE → std::out_of_range
  aborts(() => p(['-crl', '[1e-50]'])); // underflow is ERANGE too
  assert.equal((p(['-th', '[inf]']) as { perDetector: { threshold: Float64Array } }).perDetector.threshold[0], Infinity); // "inf" is no range error
  aborts(() => p(['-save', '[[99999999999],[],[]]'])); // stoi beyond INT_MAX
  assert.deepEqual((p(['-save', '[[2147483647],[],[]]']) as { save: { hits: number[] } }).save.hits, [2147483647 % 256]);
});
