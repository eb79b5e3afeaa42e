/**
 * `vmmscope monitor` options: the monitor's own `--long` options, a JSON config
 * file (`--config`), and the analysis options passed through unchanged to the
 * convertFile parser (every `-flag value` pair, and `--long value` pairs that
 * are not monitor options, e.g. `--geometry FILE`). Command-line values override
 * the config file. Errors name the option or config field and what was expected.
 */
import type { DemoName } from './demo.js';
import type { OutputFormat } from '../output/file-sink.js';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { binning, type MonitorBinning } from './panels.js';
import { MonitorConfigError } from './analyzer.js';
import { LEGACY_TOF, type TofOptions } from './tof.js';
import type { RingNaming, RingOrder } from './ring-follower.js';

export interface MonitorCliOptions {
  name: string | null;
  dir: string;
  out: string;
  /** True when --out (or the config's "out") was given. */
  outGiven: boolean;
  naming: RingNaming;
  order: RingOrder;
  detectors: number[];
  binning: MonitorBinning;
  /** Strips per plane given (command line or config); those not given come from the geometry at start. */
  channelsGiven: { x: boolean; y: boolean };
  window: number;
  refreshSeconds: number;
  port: number;
  host: string;
  server: boolean;
  once: boolean;
  /** --demo [xyu|vtc]: the bundled example to run, or null. */
  demo: DemoName | null;
  pollMs: number;
  /** Binning of the time-like cluster statistics: legacy fixed ranges, or tied to the analysis cuts dt/spc/dp. */
  statsRange: 'legacy' | 'analysis';
  /** convertFile options (no -f), relative paths already resolved against the config file's folder. */
  analysis: string[];
  /** --keep root|parquet|csv: also write each analysed file's trees, into `keepDir`; null = not. */
  keep: OutputFormat | null;
  keepDir: string;
  /** The time-of-flight page: `auto` = when the data carry ToF (-df ESS); given flight path or window = on. */
  tof: { mode: 'auto' | 'on' | 'off'; options: TofOptions };
  /** --health-thresholds FILE.json (src/health/thresholds.ts), resolved; null = defaults. */
  healthThresholds: string | null;
  /** --reference FILE: a good run's `analyze --health-json`, resolved; null = none. */
  reference: string | null;
  help: boolean;
}

type Raw = Partial<{
  name: string;
  dir: string;
  out: string;
  naming: string;
  order: string;
  detectors: number[];
  channelsX: number;
  channelsY: number;
  maxCharge: number;
  chargeBins: number;
  pitch: number;
  window: number;
  refresh: number;
  port: number;
  host: string;
  server: boolean;
  pollMs: number;
  statsRange: string;
  analysis: string[];
  keep: string;
  keepDir: string;
  tof: string;
  flightPath: number;
  tofWindow: string;
  healthThresholds: string;
  reference: string;
}>;

/** Monitor options taking a value: CLI spelling → config key. */
const VALUED: Record<string, keyof Raw> = {
  '--name': 'name',
  '--dir': 'dir',
  '--out': 'out',
  '--naming': 'naming',
  '--order': 'order',
  '--detector': 'detectors',
  '--channels-x': 'channelsX',
  '--channels-y': 'channelsY',
  '--max-charge': 'maxCharge',
  '--charge-bins': 'chargeBins',
  '--pitch': 'pitch',
  '--window': 'window',
  '--refresh': 'refresh',
  '--port': 'port',
  '--host': 'host',
  '--poll-ms': 'pollMs',
  '--stats-range': 'statsRange',
  '--keep': 'keep',
  '--keep-dir': 'keepDir',
  '--tof': 'tof',
  '--flight-path': 'flightPath',
  '--tof-window': 'tofWindow',
  '--health-thresholds': 'healthThresholds',
  '--reference': 'reference',
};
const NUMERIC: readonly (keyof Raw)[] = ['channelsX', 'channelsY', 'maxCharge', 'chargeBins', 'pitch', 'window', 'refresh', 'port', 'pollMs', 'flightPath'];
/** Analysis options whose value is a file name (resolved relative to a config file). */
const PATH_FLAGS = ['-geo', '--geometry', '-cal', '--calibration'];

export const MONITOR_HELP = `Usage: vmmscope monitor --name STEM [--dir RING_DIR] [--out OUT_DIR] [analysis options]
       vmmscope monitor --config monitor.json [options]
       vmmscope monitor --demo [xyu|vtc] [--once] [--port P]

Follows a capture ring (legacy <STEM>_NNNNN.pcapng + <STEM>_semaphore.txt, or dumpcap's
<STEM>_NNNNN_YYYYmmddHHMMSS.pcapng), analyses each new complete file in process, writes
det_total_<id>.png, det_<id>.png, det_stats_<id>.png and monitorData.html into --out, and
serves http://localhost:PORT/: the live page (zoom, log scales, palettes, updates pushed after
every file, totals shared by every browser), the PNG page at /monitorData.html, JSON status at
/api/status, histograms at /api/histograms?detector=ID and /api/histograms.csv.

Ring and output
  --name STEM          file stem of the ring (required)
  --dir DIR            ring folder (default: current folder)
  --out DIR            folder for figures, page and monitorStatus.json (default: current folder)
  --naming auto|semaphore|dumpcap   file protocol (default auto: semaphore if present)
  --order newest|all   newest: analyse the newest complete file, skip older ones (legacy);
                       all: every complete file in order (default newest)
  --once               analyse what is complete now, write the figures, exit (no server)
  --keep root|parquet|csv   also keep each analysed file's trees (hits, clusters), named as
                       vmm-sdat names its output (<ring file stem>_<time>.root, …)
  --keep-dir DIR       folder of the kept outputs (default: --out)
Histograms
  --detector ID        detector to monitor; repeat or comma-separate for several (default 0)
  --channels-x N       strips of plane 0, --channels-y N plane 1 (default: as the geometry
                       maps the monitored detectors, largest strip + 1; 64 without one)
  --max-charge Q       charge axis [0, Q) (default 10000)  --charge-bins N  (default Q / 10)
  --pitch MM           strip pitch in the axis labels (default 0.4)
  --window N           points of the time series (default 200)
  --tof auto|on|off    time-of-flight page (ToF tab, det_tof_<id>.png): auto = with -df ESS (default)
  --flight-path M      flight path of the ToF energy and wavelength (default 19.4 m)
  --tof-window A,B     ToF window of the thermal image in ms (default 4.9,20)
  --stats-range legacy|analysis   time-like cluster statistics: the legacy fixed ranges
                       (default) or ranges tied to the cuts -dt/-spc/-dp
Page
  --refresh S          refresh period of the PNG page in seconds (default 10; the live page is pushed)
  --health-thresholds F  JSON thresholds of the health status (docs/health.md)
  --reference F        a good run's analyze --health-json: each VMM panel compared with it
  --port P             HTTP port (default 8050; 0 = any free port)
  --host H             listen address (default 127.0.0.1; 0.0.0.0 for the network)
  --no-server          write files only
Analysis options: exactly those of 'vmmscope analyze' / convertFile without -f, e.g.
  -geo geometry.json -bc 40 -tac 60 -th 0 -cs 1 -ccs 3 -dt 200 -mst 1 -spc 500 -dp 200
  -coin center-of-mass -crl 0.2 -cru 10 -algo 4 -df SRS
  (-save [[ids],[ids],[ids]] is added for the monitored detectors unless given).
Config file (--config FILE, JSON; paths relative to the file; command line wins):
  {"name": "monitoring", "dir": "ring", "out": "figures", "detectors": [0], "channelsX": 256,
   "channelsY": 256, "maxCharge": 10000, "refresh": 10, "port": 8050,
   "analysis": ["-geo", "geometry.json", "-bc", "40", "-df", "SRS"]}
Demo: --demo runs on the bundled example_xyu.pcapng set up as a one-file ring in a temporary
folder (removed at exit), with the parameters of the interactive monitor that shipped it;
figures in --out, else with --once in the current folder, else in the temporary folder.
Ctrl-C stops cleanly (the file under analysis is discarded); a second Ctrl-C exits at once.
`;

function fail(msg: string): never {
  throw new MonitorConfigError(`monitor: ${msg}`);
}

function num(where: string, v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) fail(`${where}: expected a number, got ${JSON.stringify(v)}`);
  return n;
}

/** A folder to create may not lie below a regular file (mkdir would fail with ENOTDIR later). */
function notBelowFile(flag: string, dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    let st;
    try {
      st = statSync(d);
    } catch {
      if (dirname(d) === d) return;
      continue;
    }
    if (!st.isDirectory()) fail(`${flag} ${dir}: ${d} is a file, not a folder`);
    return;
  }
}

function detectorList(where: string, v: unknown): number[] {
  const items = Array.isArray(v) ? v : String(v).split(',');
  return items.map((x) => {
    const n = num(where, typeof x === 'string' ? x.trim() : x);
    if (!Number.isInteger(n) || n < 0 || n > 255) fail(`${where}: detector id ${x} is not an integer 0…255`);
    return n;
  });
}

function readConfig(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    fail(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) fail(`config file ${file}: expected a JSON object`);
  const base = dirname(resolve(file));
  const raw: Raw = {};
  const known = new Set<string>([...Object.values(VALUED), 'server', 'analysis']);
  for (const [k, v] of Object.entries(j as Record<string, unknown>)) {
    const where = `config file ${file}, field "${k}"`;
    if (!known.has(k)) fail(`${where}: unknown field (known: ${[...known].sort().join(', ')})`);
    if (k === 'analysis') {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number'))
        fail(`${where}: expected an array of strings like ["-geo", "geometry.json", "-bc", "40"]`);
      const a = (v as (string | number)[]).map(String);
      raw.analysis = a.map((x, i) => (i > 0 && PATH_FLAGS.includes(a[i - 1]!) && !isAbsolute(x) ? resolve(base, x) : x));
    } else if (k === 'detectors') raw.detectors = detectorList(where, v);
    else if (k === 'server') {
      if (typeof v !== 'boolean') fail(`${where}: expected true or false`);
      raw.server = v;
    } else if (NUMERIC.includes(k as keyof Raw)) (raw as Record<string, unknown>)[k] = num(where, v);
    else {
      if (typeof v !== 'string') fail(`${where}: expected a string`);
      (raw as Record<string, unknown>)[k] = k === 'dir' || k === 'out' || k === 'healthThresholds' || k === 'reference' ? resolve(base, v) : v;
    }
  }
  return raw;
}

/** Parses `vmmscope monitor` arguments (config file first, then the command line on top). */
export function parseMonitorArgs(argv: readonly string[], cwd = process.cwd()): MonitorCliOptions {
  const cli: Raw = {};
  const analysis: string[] = [];
  let config: string | null = null;
  let once = false;
  let demo: DemoName | null = null;
  let help = false;
  const dets: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--once') once = true;
    else if (flag === '--demo') {
      const next = inline ?? argv[i + 1];
      if (next === 'xyu' || next === 'vtc') {
        demo = next;
        if (inline === undefined) i++;
      } else if (inline !== undefined) fail(`--demo takes xyu or vtc, got '${inline}'`);
      else demo = 'xyu';
    }
    else if (flag === '--all') cli.order = 'all';
    else if (flag === '--no-server') cli.server = false;
    else if (flag === '--config') config = value();
    else if (flag in VALUED) {
      const key = VALUED[flag]!;
      const v = value();
      if (key === 'detectors') dets.push(...detectorList(flag, v));
      else if (NUMERIC.includes(key)) (cli as Record<string, unknown>)[key] = num(flag, v);
      else (cli as Record<string, unknown>)[key] = v;
    } else if (flag.startsWith('-') && flag.length > 1) {
      // an analysis option and its value, passed through to the convertFile parser
      analysis.push(flag, value());
    } else fail(`unexpected argument ${JSON.stringify(a)} (analysis options come as "-flag value" pairs; see --help)`);
  }
  if (dets.length) cli.detectors = dets;
  const fromFile = config ? readConfig(resolve(cwd, config)) : {};
  const r: Raw = { ...fromFile, ...cli };
  const order = r.order ?? 'newest';
  if (order !== 'newest' && order !== 'all') fail(`--order: expected newest or all, got ${JSON.stringify(order)}`);
  const naming = r.naming ?? 'auto';
  if (naming !== 'auto' && naming !== 'semaphore' && naming !== 'dumpcap') fail(`--naming: expected auto, semaphore or dumpcap, got ${JSON.stringify(naming)}`);
  const posInt = (name: string, v: number | undefined, dflt: number, max: number) => {
    const n = v ?? dflt;
    if (!Number.isInteger(n) || n < 1 || n > max) fail(`${name}: expected an integer 1…${max}, got ${n}`);
    return n;
  };
  // (the strip × strip and charge histograms are allocated from these: ranges keep them under ~128 MB)
  const channelsX = posInt('--channels-x', r.channelsX, 64, 8192);
  const channelsY = posInt('--channels-y', r.channelsY, 64, 8192);
  if (channelsX * channelsY > 1 << 24) fail(`--channels-x × --channels-y: at most ${1 << 24} strip pairs, got ${channelsX} × ${channelsY}`);
  const maxCharge = r.maxCharge ?? 10000;
  if (!(maxCharge > 0 && maxCharge <= 1e6)) fail(`--max-charge: expected a number above 0 and at most 1000000, got ${maxCharge}`);
  const chargeBins = r.chargeBins === undefined ? undefined : posInt('--charge-bins', r.chargeBins, 1000, 100000);
  const pitch = r.pitch ?? 0.4;
  if (!(pitch > 0)) fail(`--pitch: expected a positive number of mm, got ${pitch}`);
  const refresh = r.refresh ?? 10;
  if (!(refresh >= 1 && refresh <= 3600)) fail(`--refresh: expected 1…3600 seconds, got ${refresh}`);
  const port = r.port ?? 8050;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: expected 0…65535, got ${port}`);
  const statsRange = r.statsRange ?? 'legacy';
  if (statsRange !== 'legacy' && statsRange !== 'analysis') fail(`--stats-range: expected legacy or analysis, got ${JSON.stringify(statsRange)}`);
  const pollMs = r.pollMs ?? 1000;
  if (!(pollMs >= 10)) fail(`--poll-ms: expected at least 10, got ${pollMs}`);
  const keep = r.keep ?? null;
  if (keep !== null && keep !== 'root' && keep !== 'parquet' && keep !== 'csv') fail(`--keep: expected root, parquet or csv, got ${JSON.stringify(keep)}`);
  const flightPathM = r.flightPath ?? LEGACY_TOF.flightPathM;
  if (!(flightPathM > 0)) fail(`--flight-path: expected a positive number of metres, got ${flightPathM}`);
  let windowS = LEGACY_TOF.windowS;
  if (r.tofWindow !== undefined) {
    const w = String(r.tofWindow).split(',').map((x) => Number(x));
    if (w.length !== 2 || !w.every(Number.isFinite) || !(w[0]! >= 0 && w[1]! > w[0]!)) fail(`--tof-window: expected A,B in ms with 0 ≤ A < B, got ${JSON.stringify(r.tofWindow)}`);
    windowS = [w[0]! * 1e-3, w[1]! * 1e-3];
  }
  const tofMode = r.tof ?? (r.flightPath !== undefined || r.tofWindow !== undefined ? 'on' : 'auto');
  if (tofMode !== 'auto' && tofMode !== 'on' && tofMode !== 'off') fail(`--tof: expected auto, on or off, got ${JSON.stringify(tofMode)}`);
  for (const [flag, d] of [['--out', r.out], ['--keep-dir', r.keepDir]] as const) if (d !== undefined) notBelowFile(flag, resolve(cwd, d));
  return {
    name: r.name ?? null,
    dir: resolve(cwd, r.dir ?? '.'),
    out: resolve(cwd, r.out ?? '.'),
    outGiven: r.out !== undefined,
    naming,
    order,
    detectors: r.detectors?.length ? [...new Set(r.detectors)] : [0],
    binning: binning({ channelsX, channelsY, maxCharge, ...(chargeBins ? { chargeBins } : {}), pitchMm: pitch }),
    channelsGiven: { x: r.channelsX !== undefined, y: r.channelsY !== undefined },
    window: posInt('--window', r.window, 200, 100000),
    refreshSeconds: refresh,
    port,
    host: r.host ?? '127.0.0.1',
    server: r.server ?? true,
    once,
    demo,
    pollMs,
    statsRange,
    analysis: [...(fromFile.analysis ?? []), ...analysis],
    keep,
    keepDir: resolve(cwd, r.keepDir ?? r.out ?? '.'),
    tof: { mode: tofMode, options: { flightPathM, windowS } },
    healthThresholds: r.healthThresholds !== undefined ? resolve(cwd, r.healthThresholds) : null,
    reference: r.reference !== undefined ? resolve(cwd, r.reference) : null,
    help,
  };
}
