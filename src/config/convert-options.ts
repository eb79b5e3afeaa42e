/**
 * vmm-sdat convertFile's command line (analysis.md §2), reproduced exactly:
 * strict (flag, value) pairs, flags matched by prefix in table order, C number
 * conversions, the `-save` and `-t0` mini-languages, per-detector lists replicated
 * after the geometry is read, and the same error messages and exit codes.
 * Long self-explaining aliases (`--geometry FILE` …) map onto the same flags.
 */
import type { AnalysisOptions, DataFormat, LogLevel, PerDetector, SaveSelection } from './options.js';
import { type Geometry, geometryFromJson, parseGeometry } from './geometry.js';
import { legacyMappingToGeometryJson } from './legacy-mapping.js';
import { type Calibration, parseCalibration } from './calibration.js';
import { atof, atoi, atoiU64, CppConversionError, stod, stof, stoi } from '../cstd/numbers.js';
import { abortError, ConfigError, fileProblem, usageError } from './errors.js';

/** Flags in vmm-sdat's matching order (§2.2). */
export const FLAGS = [
  '-f', '-log', '-info', '-t0', '-bc', '-geo', '-tac', '-th', '-cs', '-ccs', '-dt', '-mst', '-mp0', '-mp1',
  '-spc', '-dp', '-crl', '-cru', '-cahi', '-save', '-n', '-cal', '-json', '-coin', '-algo', '-hm', '-df',
] as const;
/** Further flags of vmm-sdat c56141b, accepted only with `-df ESS`/`VTC` (formats.md §2). */
export const LEGACY_FLAGS = ['-vmm', '-axis', '-map', '-stats', '-sc', '-tl', '-ro', '-tr'] as const;
export type Flag = (typeof FLAGS)[number] | (typeof LEGACY_FLAGS)[number];

/** Long aliases → vmm-sdat flag, with a one-line description for `--help`. */
export const ALIASES: Record<string, [Flag, string]> = {
  '--file': ['-f', 'capture file (.pcapng or classic pcap named .pcapng)'],
  '--log': ['-log', 'TRACE DEBUG INFO STATUS WARNING ERROR FATAL (default INFO)'],
  '--info': ['-info', 'text appended to the output file name'],
  '--t0': ['-t0', 'per-VMM time offsets [[fec,vmm,ns|run],…]'],
  '--bc-clock': ['-bc', 'bunch-crossing clock in MHz (default 40)'],
  '--geometry': ['-geo', 'geometry JSON file (required)'],
  '--tac-slope': ['-tac', 'TAC slope in ns (default 60)'],
  '--threshold': ['-th', 'ADC threshold per detector (default [0]; negative: over-threshold hits only)'],
  '--min-cluster-size': ['-cs', 'minimum plane cluster size per detector (default [1])'],
  '--coincident-cluster-size': ['-ccs', 'minimum sum of matched plane cluster sizes (default [1])'],
  '--delta-time-hits': ['-dt', 'maximum time gap between hits of a cluster, ns (default [200])'],
  '--missing-strips': ['-mst', 'maximum missing strips in a cluster (pads: in x) (default [1])'],
  '--missing-pads-x': ['-mp0', 'pads: maximum missing pads in x (same list as -mst)'],
  '--missing-pads-y': ['-mp1', 'pads: maximum missing pads in y (default [1])'],
  '--span-cluster-time': ['-spc', 'maximum time span of a cluster, ns (default [500])'],
  '--delta-time-planes': ['-dp', 'maximum time difference of matched plane clusters, ns (default [200])'],
  '--charge-ratio-lower': ['-crl', 'lower bound of the plane charge ratio (default [0.5])'],
  '--charge-ratio-upper': ['-cru', 'upper bound of the plane charge ratio (default [2])'],
  '--calibration-histograms': ['-cahi', '1: fill calibration histograms (with -cal)'],
  '--save': ['-save', 'trees to write: [[hits dets],[plane cluster dets],[detector cluster dets]]'],
  '--max-hits': ['-n', 'stop after this many hits (0 = all)'],
  '--calibration': ['-cal', 'calibration JSON file'],
  '--json': ['-json', '1: write JSON images of the cluster histograms'],
  '--coincidence': ['-coin', 'cluster time used for matching: center-of-mass, utpc, charge2'],
  '--algo': ['-algo', 'extra position/time algorithm 0…7 (10 = pad max-ADC seeding)'],
  '--high-multiplicity': ['-hm', '1: high-multiplicity matching (give after -save)'],
  '--data-format': ['-df', 'SRS or TRG; ESS or VTC (analysed as vmm-sdat c56141b)'],
  '--vmm': ['-vmm', 'ESS/VTC: legacy inline mapping [[det,plane,fec,vmm],…] instead of -geo'],
  '--axis': ['-axis', 'ESS/VTC: legacy flip flags [[det,plane],flip],… for -vmm'],
  '--map': ['-map', 'ESS/VTC: legacy channel map gem (default) or gem_swapped for -vmm'],
  '--stats': ['-stats', 'ESS/VTC: 0 switches the statistics printout off'],
};

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'STATUS', 'WARNING', 'ERROR', 'FATAL'];
const DATA_FORMATS = ['SRS', 'TRG', 'srs', 'trg', 'ESS', 'VTC', 'ess', 'vtc'];
const LEGACY_FORMATS = ['ESS', 'VTC', 'ess', 'vtc'];

/** Reads a text file (injected so this module stays platform-neutral); throws if unreadable. */
export type ReadText = (path: string) => string;

/** Internal names of the per-detector lists, in vmm-sdat's check order (§2.3). */
const LIST_CHECK_ORDER: [keyof PerDetector, string][] = [
  ['minClusterSize', 'pMinClusterSize'],
  ['coincidentClusterSize', 'pCoincidentClusterSize'],
  ['deltaTimeHits', 'pDeltaTimeHits'],
  ['missingStripsX', 'pMissingStripsClusterX'],
  ['missingStripsY', 'pMissingStripsClusterY'],
  ['spanClusterTime', 'pSpanClusterTime'],
  ['deltaTimePlanes', 'pDeltaTimePlanes'],
  ['chargeRatioLower', 'pChargeRatioLower'],
  ['chargeRatioUpper', 'pChargeRatioUpper'],
  ['threshold', 'pADCThreshold'],
];

/** C++ getline-style split: no trailing empty piece, none at all for an empty string. */
function splitGetline(s: string, sep: string): string[] {
  if (s === '') return [];
  const parts = s.split(sep);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Per-detector list value (§2.3): f32 values, aborts on a piece without a number. */
export function parseDetectorList(value: string, flag: string): number[] {
  const s = value.replace(/[[\] ]/g, '');
  return splitGetline(s, ',').map((p) => {
    try {
      return stof(p);
    } catch (e) {
      if (e instanceof CppConversionError)
        throw abortError(`terminate called after throwing an instance of 'std::${e.kind}' what(): stof (${flag} value '${value}', piece '${p}')`).withHint(
          `${flag} '${value}': ${p === '' ? 'an empty piece' : `'${p}'`} is ${e.kind === 'out_of_range' ? 'out of the range of a float' : 'not a number'}; give one number for all detectors or one per detector, e.g. ${flag} [100] or ${flag} [100,200]`,
        );
      throw e;
    }
  });
}

const SAVE_ERROR = 'The -save parameter accepts only a list of lists of detectors (numbers) in the format [[],[1,2],[1,2,3]]!';

/** `-save` (§2.4). */
export function parseSave(value: string): SaveSelection {
  let s = value.replace(/ /g, '');
  s = s.split('[[').join('; ').split(']]').join(';').split('],[').join('| ').replace(/;/g, '');
  const pieces = s.split('|');
  let code = 0;
  for (let i = 0; i < Math.min(3, pieces.length); i++) if (pieces[i] !== ' ') code += [1, 10, 100][i]!;
  if (pieces.length !== 3) throw usageError(SAVE_ERROR);
  const lists = pieces.map((piece) =>
    splitGetline(piece.replace(/ /g, ''), ',').map((sub) => {
      if (sub !== '' && !/^[0-9]+$/.test(sub)) throw usageError(SAVE_ERROR);
      try {
        return stoi(sub) % 256;
      } catch (e) {
        const kind = e instanceof CppConversionError ? e.kind : 'invalid_argument';
        throw abortError(`terminate called after throwing an instance of 'std::${kind}' what(): stoi (-save value '${value}')`).withHint(
          `-save '${value}': ${sub === '' ? 'an empty detector number' : `the detector number '${sub}' does not fit in an int`}; write e.g. -save [[1],[1,2],[1]]`,
        );
      }
    }),
  );
  return { code, hits: lists[0]!, plane: lists[1]!, detector: lists[2]! };
}

/** `-t0` (§2.5): key fec·256 + vmm (both mod 256) → correction string (not trimmed). */
export function parseT0(value: string, flag: string): Map<number, string> {
  const pieces = splitGetline(value.replace(/[[\]]/g, ''), ',');
  const out = new Map<number, string>();
  for (let i = 0; i + 3 <= pieces.length; i += 3) {
    const key = (((atoi(pieces[i]!) % 256) + 256) % 256) * 256 + (((atoi(pieces[i + 1]!) % 256) + 256) % 256);
    if (out.has(key)) throw usageError('Wrong number of FECs, VMMs and correction!', flag);
    out.set(key, pieces[i + 2]!);
  }
  return out;
}

/**
 * BC clock → (Tbc, Toff) in ns (§2.6). Without `-bc`, c56141b (ESS/VTC) used
 * Toff = 1000 · 4096.9 / 40 = 102422.49999999999 ns, a typo HEAD fixed (formats.md §2).
 */
export function clockConstants(bc: number, given: boolean, legacy = false): { tbc: number; toff: number } {
  if (!given) return { tbc: 25, toff: legacy ? (1000 * 4096.9) / 40 : 102400 };
  if (bc >= 44.4 && bc <= 44.5) return { tbc: 22.5, toff: 92160 };
  if (bc >= 44.0 && bc <= 44.1) return { tbc: 22.7137219, toff: 4096 * 22.7137219 };
  return { tbc: 1000 / bc, toff: 102400 };
}

/** Result of the command-line stage, before the geometry is read. */
interface Parsed {
  file: string | null;
  log: LogLevel;
  info: string;
  t0: Map<number, string>;
  bc: number;
  bcGiven: boolean;
  geo: string | null;
  tac: number;
  lists: Record<keyof PerDetector, number[]>;
  cahi: boolean;
  save: SaveSelection;
  n: number;
  cal: string | null;
  json: boolean;
  coin: string;
  algo: number;
  hm: boolean;
  df: string;
  /** c56141b era (ESS/VTC). */
  legacy: boolean;
  vmm: string | null;
  axis: string | undefined;
  map: string | undefined;
  stats: boolean;
}

/**
 * Replaces long aliases (`--geometry X`) by vmm-sdat flags in flag positions (0, 2, 4, …);
 * values are taken as they are (§2.1). An unknown `--` option in a flag position is a usage error.
 */
export function expandAliases(argv: readonly string[]): string[] {
  return argv.map((t, i) => {
    if (i % 2 === 1 || !t.startsWith('--')) return t;
    const a = ALIASES[t];
    if (!a) throw usageError('Wrong type of argument!', t);
    return a[0];
  });
}

function matchFlag(token: string, legacy: boolean): Flag | null {
  for (const f of FLAGS) if (token.startsWith(f)) return f;
  if (legacy) for (const f of LEGACY_FLAGS) if (token.startsWith(f)) return f;
  return null;
}

/** The era follows the last `-df` of the command line: ESS and VTC are analysed as vmm-sdat c56141b. */
function legacyEra(tokens: readonly string[]): boolean {
  let legacy = false;
  for (let i = 0; i + 1 < tokens.length; i += 2) if (matchFlag(tokens[i]!, false) === '-df') legacy = LEGACY_FORMATS.includes(tokens[i + 1]!);
  return legacy;
}

/** Stage 1 (§2.1–§2.8): the pairs, then the post-parse validation. */
export function parseCommandLine(argv: readonly string[], programName = 'convertFile'): Parsed {
  const tokens = expandAliases(argv);
  if (tokens.length === 0 || tokens.length % 2 === 1)
    throw usageError('Wrong number of arguments!', tokens.length ? tokens[tokens.length - 1] : programName);
  const p: Parsed = {
    file: null,
    log: 'INFO',
    info: '',
    t0: new Map(),
    bc: 40,
    bcGiven: false,
    geo: null,
    tac: 60,
    lists: {
      threshold: [0],
      minClusterSize: [1],
      coincidentClusterSize: [1],
      deltaTimeHits: [200],
      missingStripsX: [1],
      missingStripsY: [1],
      spanClusterTime: [500],
      deltaTimePlanes: [200],
      chargeRatioLower: [0.5],
      chargeRatioUpper: [2.0],
    },
    cahi: false,
    save: { code: 111, hits: [], plane: [], detector: [] },
    n: 0,
    cal: null,
    json: false,
    coin: 'center-of-mass',
    algo: 0,
    hm: false,
    df: 'SRS',
    legacy: legacyEra(tokens),
    vmm: null,
    axis: undefined,
    map: undefined,
    stats: true,
  };
  for (let i = 0; i < tokens.length; i += 2) {
    const tok = tokens[i]!;
    const v = tokens[i + 1]!;
    const flag = matchFlag(tok, p.legacy);
    switch (flag) {
      case '-f': p.file = v; break;
      case '-log': p.log = (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : 'INFO'; break;
      case '-info': p.info = v; break;
      case '-t0': p.t0 = parseT0(v, tok); break;
      case '-bc': p.bc = atof(v); p.bcGiven = true; break;
      case '-geo':
        if (!v.includes('.json')) throw usageError('The geometry parameter -geo requires a JSON file!');
        p.geo = v;
        break;
      case '-tac': p.tac = atof(v); break;
      case '-th': p.lists.threshold = parseDetectorList(v, tok); break;
      case '-cs': p.lists.minClusterSize = parseDetectorList(v, tok); break;
      case '-ccs': p.lists.coincidentClusterSize = parseDetectorList(v, tok); break;
      case '-dt': p.lists.deltaTimeHits = parseDetectorList(v, tok); break;
      case '-mst':
      case '-mp0': p.lists.missingStripsX = parseDetectorList(v, tok); break;
      case '-mp1': p.lists.missingStripsY = parseDetectorList(v, tok); break;
      case '-spc': p.lists.spanClusterTime = parseDetectorList(v, tok); break;
      case '-dp': p.lists.deltaTimePlanes = parseDetectorList(v, tok); break;
      case '-crl': p.lists.chargeRatioLower = parseDetectorList(v, tok); break;
      case '-cru': p.lists.chargeRatioUpper = parseDetectorList(v, tok); break;
      case '-cahi': p.cahi = atoi(v) === 1; break;
      case '-save': p.save = parseSave(v); p.hm = false; break;
      case '-n': p.n = atoiU64(v); break;
      case '-cal': p.cal = v; break;
      case '-json': p.json = atoi(v) !== 0; break;
      case '-coin': p.coin = v.startsWith('utpc') || v.startsWith('charge2') ? v : 'center-of-mass'; break;
      case '-algo': p.algo = atoi(v); break;
      case '-hm': if (atoi(v) === 1) p.hm = true; break;
      case '-df':
        if (!DATA_FORMATS.includes(v)) throw usageError('The data format parameter -df accepts only the values SRS, TRG!');
        p.df = v;
        break;
      case '-vmm': p.vmm = v; break;
      case '-axis': p.axis = v; break;
      case '-map': p.map = v; break;
      case '-stats': p.stats = atoi(v) !== 0; break;
      case '-sc':
      case '-tl':
      case '-ro':
      case '-tr':
        throw usageError('The coordinate transformation of vmm-sdat c56141b (-sc, -tl, -ro, -tr) is not supported by vmmscope; transform the positions of the output instead', tok);
      default:
        throw usageError('Wrong type of argument!', tok);
    }
  }
  if (p.file === null) throw usageError('Data file has to be loaded with -f data.h5!');
  if (!p.file.includes('.pcapng')) throw usageError('Wrong extension: .pcapng file required for data files!');
  if (p.cal !== null && !p.cal.includes('.json')) throw usageError('Wrong extension: .json file required for calibration!');
  if (p.vmm !== null && p.geo !== null) throw usageError('Give the detector mapping either with -geo or with -vmm, not both!');
  if (p.vmm === null && (p.geo === null || !p.geo.includes('.json')))
    throw usageError('Detectors, planes, fecs and VMMs have to be defined, or a geometry file loaded!');
  return p;
}

/**
 * The whole of convertFile's configuration stage (§1 steps 2–4, §2, §3, §4):
 * command line, geometry, per-detector list replication, data-format check,
 * calibration. Throws `ConfigError` with vmm-sdat's message and exit code.
 */
export function parseConvertArgs(
  argv: readonly string[],
  readText: ReadText,
  programName?: string,
  /**
   * Called after the command line is valid, before the geometry is read (where vmm-sdat
   * logs "Analyzing …"); `legacy` = the c56141b era (ESS/VTC), which prints plain lines.
   */
  afterCommandLine?: (file: string, legacy: boolean) => void,
): AnalysisOptions {
  const p = parseCommandLine(argv, programName);
  afterCommandLine?.(p.file!, p.legacy);
  let geometry: Geometry;
  if (p.vmm !== null) {
    geometry = geometryFromJson(legacyMappingToGeometryJson(p.vmm, p.axis, p.map), '-vmm');
  } else {
    let geoText: string;
    try {
      geoText = readText(p.geo!);
    } catch (e) {
      throw usageError('Invalid JSON file format!', p.geo!).withHint(`-geo ${p.geo}: ${fileProblem(e)} (the geometry file)`);
    }
    geometry = parseGeometry(geoText, p.geo!);
  }
  const D = geometry.detectors.length;
  const perDetector = {} as Record<keyof PerDetector, Float64Array>;
  for (const [key, internal] of LIST_CHECK_ORDER) {
    const list = p.lists[key];
    if (list.length === 1) perDetector[key] = new Float64Array(Math.max(D, 1)).fill(list[0]!);
    else if (list.length === D) perDetector[key] = Float64Array.from(list);
    else throw usageError('Wrong number of parameters, one per detector or one for all!', internal);
  }
  if (p.df === 'srs' || p.df === 'trg') throw new ConfigError(`data format '${p.df}' is accepted by the option parser but not by the analysis (vmm-sdat exits silently); write -df ${p.df.toUpperCase()}`, 255, 'silent');
  let essT0Seconds = 0;
  if (p.df.toUpperCase() === 'ESS') {
    const s0 = p.t0.get(0);
    if (s0 !== undefined) {
      try {
        essT0Seconds = stod(s0);
      } catch {
        throw abortError(`terminate called after throwing an instance of 'std::invalid_argument' what(): stod (-t0 of FEC 0 VMM 0 must be a number of seconds for ESS data, got '${s0}')`).withHint(
          `-t0: for ESS data the correction of FEC 0 VMM 0 is the start time in seconds, a number (got '${s0}')`,
        );
      }
    }
  }
  let calibration: Calibration | null = null;
  if (p.cal !== null) {
    let text: string;
    try {
      text = readText(p.cal);
    } catch (e) {
      throw abortError(`CalibrationFile error - requested file unavailable. (${p.cal})`).withHint(`-cal ${p.cal}: ${fileProblem(e)} (the calibration file)`);
    }
    calibration = parseCalibration(text, p.cal);
  }
  const { tbc, toff } = clockConstants(p.bc, p.bcGiven, p.legacy);
  return {
    file: p.file!,
    geometryFile: p.geo!,
    geometry,
    bc: p.bcGiven ? p.bc : 40,
    bcGiven: p.bcGiven,
    tbc,
    toff,
    tac: p.tac,
    perDetector: perDetector as PerDetector,
    calibrationHistograms: p.cahi,
    save: p.save,
    maxHits: p.n,
    calibrationFile: p.cal,
    calibration,
    jsonImages: p.json,
    coincidence: p.coin,
    algo: p.algo,
    highMultiplicity: p.hm,
    dataFormat: p.df.toUpperCase() as DataFormat,
    t0: p.t0,
    info: p.info,
    logLevel: p.log,
    channelMapping: p.legacy ? (p.map ?? 'gem') : 'gem',
    statistics: p.stats,
    decodePayloads: p.df === p.df.toUpperCase(),
    essT0Seconds,
  };
}
