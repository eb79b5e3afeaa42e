/**
 * The stream monitor's options, taken out of the `vmmscope monitor` arguments before
 * the per-file options are parsed: `--follow files|stream`, `--listen HOST:PORT`
 * (repeatable), `--record` with the recorder's `--ring N --filesize KB` / `--files N
 * --duration S` / `--buffer MiB`, and the clock `--update-ms`, `--idle-flush`,
 * `--max-delay-ms`. Returns the remaining arguments for `parseMonitorArgs`; errors
 * name the option and the expected value.
 */
import { parseEndpoint, type Endpoint } from '../../capture/endpoint.js';
import { MonitorConfigError } from '../analyzer.js';

export interface StreamCliOptions {
  /** Where the stream comes from: sockets, or a growing ring. */
  input: { kind: 'listen'; listen: Endpoint[]; listenText: string[] } | { kind: 'follow' };
  /** --record: also write the capture files (recorder option values, unchecked). */
  record: { ring?: number; filesize?: number; files?: number; duration?: number; buffer?: number } | null;
  updateMs: number;
  idleFlushSeconds: number;
  maxDelayMs: number;
  /** --follow stream: begin with every file present (oldest) or the newest only. */
  start: 'oldest' | 'newest';
}

export const STREAM_HELP = `Stream (analyse the data as it arrives, not per finished file)
  --follow files|stream  files: the per-file modes above (default); stream: read the ring's
                       files while they grow (dumpcap ring or vmmscope record, running numbers),
                       one analysis across file switches
  --start oldest|newest  --follow stream: begin with every numbered file present (default) or
                       with the newest one only
  --listen HOST:PORT   receive the FECs' UDP datagrams in the monitor (repeatable)
  --record             with --listen: also record, exactly as vmmscope record --source udp, into
                       --dir with --name and --ring N --filesize KB | --files N --duration S
                       (also --buffer MiB)
  --update-ms MS       commit the histograms every MS ms: latest = last interval (default 1000)
  --idle-flush S       after S s without data cluster the pending hits (default 2; 0 = never)
  --max-delay-ms MS    when more than MS ms of analysis work is queued, skip whole datagrams
                       (before decoding; counted and shown) (default 2000)
  PNG figures are redrawn at most every --refresh seconds; status and histograms every update.
`;

function fail(msg: string): never {
  throw new MonitorConfigError(`monitor: ${msg}`);
}

function number(flag: string, v: string, min: number, integer: boolean): number {
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) fail(`${flag}: expected ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

function endpoint(t: string): Endpoint {
  try {
    return parseEndpoint(t, '--listen', undefined, true);
  } catch (e) {
    fail((e as Error).message);
  }
}

const RECORD_FLAGS = { '--ring': 'ring', '--filesize': 'filesize', '--files': 'files', '--duration': 'duration', '--buffer': 'buffer' } as const;

/** Splits the stream options off; `stream` is null when the per-file monitor runs. */
export function splitStreamArgs(argv: readonly string[]): { stream: StreamCliOptions | null; rest: string[] } {
  const rest: string[] = [];
  let follow: string | null = null;
  const listen: string[] = [];
  let record = false;
  const rec: Record<string, number> = {};
  let updateMs = 1000;
  let idle = 2;
  let maxDelay = 2000;
  let start: string = 'oldest';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--follow') follow = value();
    else if (flag === '--listen') listen.push(value());
    else if (flag === '--record') record = true;
    else if (flag in RECORD_FLAGS) rec[RECORD_FLAGS[flag as keyof typeof RECORD_FLAGS]] = number(flag, value(), flag === '--duration' ? 0.001 : 1, flag !== '--duration');
    else if (flag === '--update-ms') updateMs = number(flag, value(), 50, false);
    else if (flag === '--idle-flush') idle = number(flag, value(), 0, false);
    else if (flag === '--start') start = value();
    else if (flag === '--max-delay-ms') maxDelay = number(flag, value(), 10, false);
    else rest.push(a);
  }
  if (start !== 'oldest' && start !== 'newest') fail(`--start: expected oldest or newest, got ${JSON.stringify(start)}`);
  if (argv.some((a) => /^--start(=|$)/.test(a)) && follow !== 'stream') fail('--start applies to --follow stream');
  if (follow !== null && follow !== 'files' && follow !== 'stream') fail(`--follow: expected files or stream, got ${JSON.stringify(follow)}`);
  if (listen.length && follow !== null) fail('--listen receives the datagrams itself; drop --follow (it follows a ring written by another process)');
  if (record && !listen.length) fail('--record needs --listen HOST:PORT (the monitor records what it receives)');
  if (!record && Object.keys(rec).length) fail(`${Object.keys(rec).map((k) => `--${k}`).join(', ')}: recorder options need --listen … --record`);
  const streaming = listen.length > 0 || follow === 'stream';
  if (!streaming) {
    if (argv.some((a) => /^--(update-ms|idle-flush|max-delay-ms)(=|$)/.test(a))) fail('--update-ms, --idle-flush and --max-delay-ms apply to --listen and --follow stream');
    return { stream: null, rest };
  }
  return {
    stream: {
      input: listen.length ? { kind: 'listen', listen: listen.map(endpoint), listenText: listen } : { kind: 'follow' },
      record: record ? rec : null,
      updateMs,
      idleFlushSeconds: idle,
      maxDelayMs: maxDelay,
      start: start as 'oldest' | 'newest',
    },
    rest,
  };
}
