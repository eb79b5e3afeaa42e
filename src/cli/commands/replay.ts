/**
 * `vmmscope replay FILE --to HOST:PORT [--speed 1|N|max] [--loop] [--rate MB/s]`:
 * a FEC emulator that sends the UDP payloads of a capture (see docs/recording.md).
 * Thin: options (flags + --config) → `Replayer`; status line on a TTY; Ctrl-C stops
 * between two packets and prints the totals (exit 130).
 */
import type { Command } from '../command.js';
import { formatEndpoint, parseEndpoint } from '../../capture/endpoint.js';
import { formatHelp, loadConfigFile, mergeOptions, OptionError, parseCommandLine, type OptionSpec } from '../../capture/options.js';
import { Replayer } from '../../capture/replay.js';
import { formatBitRate, formatBytes, formatElapsed, formatRate, StatusLine, StatusMeter } from '../../capture/status.js';

export const REPLAY_OPTIONS: readonly OptionSpec[] = [
  { name: 'to', type: 'string', short: 't', arg: 'HOST:PORT', help: 'destination of the datagrams (required), e.g. 127.0.0.1:6006' },
  { name: 'speed', type: 'string', short: 's', arg: '1|N|max', help: 'pacing: 1 = original timing (default), N = N times faster, max = as fast as possible' },
  { name: 'loop', type: 'boolean', help: 'start again at the end of the file until Ctrl-C' },
  { name: 'passes', type: 'integer', min: 1, arg: 'N', help: 'with --loop: stop after N passes over the file' },
  { name: 'drop-every', type: 'integer', min: 2, arg: 'N', help: 'testing: withhold every N-th datagram (counted per FEC in the summary)' },
  { name: 'drop-fec', type: 'string', arg: 'ID[@S]', help: 'testing: silence FEC ID from S seconds after the start of the replay (wall clock; default 0)' },
  { name: 'shuffle', type: 'integer', min: 2, arg: 'K', help: 'testing: reorder the datagrams within windows of K (seeded, reproducible)' },
  { name: 'rate', type: 'number', min: 0, exclusiveMin: true, arg: 'MB/s', help: 'cap the payload rate at MB/s (10^6 bytes per second), also with --speed max' },
  { name: 'quiet', type: 'boolean', short: 'q', help: 'no status line and no summary' },
  { name: 'config', type: 'string', short: 'c', arg: 'FILE.json', help: 'read options from a JSON file (keys = long option names); flags override it', cliOnly: true },
  { name: 'help', type: 'boolean', short: 'h', help: 'show this help', cliOnly: true },
];

const USAGE = `Usage: vmmscope replay FILE --to HOST:PORT [--speed 1|N|max] [--loop [--passes N]] [--rate MB/s]
                       [--drop-every N] [--drop-fec ID[@S]] [--shuffle K]

Sends the UDP payloads of FILE (pcapng or pcap) to HOST:PORT in file order, with the original pacing
from the packet timestamps, N times faster, or as fast as possible — a whole chain (record, monitor)
can be tested without front-end hardware. With --loop each pass continues the run (SRS marker
timestamps and frame counters shifted). --drop-every, --drop-fec and --shuffle inject losses.`;

/** `--drop-fec ID[@SECONDS]`: a FEC id 0…15 and the wall-clock time from which it is silenced. */
export function parseDropFec(v: unknown): { fec: number; afterSeconds: number } {
  const m = /^\s*(\d+)\s*(?:@\s*(\d+(?:\.\d*)?|\.\d+)\s*)?$/.exec(String(v));
  if (!m || Number(m[1]) > 15) throw new OptionError(`--drop-fec: expected a FEC id 0…15, optionally @SECONDS (e.g. 2@10), got "${String(v)}"`);
  return { fec: Number(m[1]), afterSeconds: m[2] === undefined ? 0 : Number(m[2]) };
}

/** `--speed`: "max", or a factor > 0 (1 = original pacing). */
export function parseSpeed(v: unknown): number | 'max' {
  if (v === undefined) return 1;
  const t = String(v).trim();
  if (t === 'max') return 'max';
  const n = Number(t);
  if (t === '' || !Number.isFinite(n) || n <= 0) throw new OptionError(`--speed: expected 1, a factor > 0 (e.g. 10) or "max", got "${t}"`);
  return n;
}

async function run(argv: string[]): Promise<number> {
  const err = process.stderr;
  const abort = new AbortController();
  let replayer: Replayer;
  let quiet: boolean;
  try {
    const cli = parseCommandLine(REPLAY_OPTIONS, argv, true);
    if (cli.values.help) {
      process.stdout.write(formatHelp(USAGE, REPLAY_OPTIONS));
      return 0;
    }
    const v = mergeOptions(cli.values.config !== undefined ? loadConfigFile(cli.values.config as string, REPLAY_OPTIONS) : {}, cli.values);
    if (cli.positionals.length !== 1) throw new OptionError(`expected exactly one capture FILE, got ${cli.positionals.length}`);
    if (v.to === undefined) throw new OptionError('--to HOST:PORT is required (e.g. --to 127.0.0.1:6006)');
    quiet = v.quiet === true;
    replayer = new Replayer({
      file: cli.positionals[0]!,
      to: parseEndpoint(String(v.to), '--to'),
      speed: parseSpeed(v.speed),
      loop: v.loop === true || v.passes !== undefined,
      ...(v.passes !== undefined ? { passes: v.passes as number } : {}),
      ...(v['drop-every'] !== undefined || v['drop-fec'] !== undefined || v.shuffle !== undefined
        ? {
            faults: {
              ...(v['drop-every'] !== undefined ? { dropEvery: v['drop-every'] as number } : {}),
              ...(v['drop-fec'] !== undefined ? { dropFec: parseDropFec(v['drop-fec']) } : {}),
              ...(v.shuffle !== undefined ? { shuffle: v.shuffle as number } : {}),
            },
          }
        : {}),
      ...(v.rate !== undefined ? { rateBytesPerSecond: (v.rate as number) * 1e6 } : {}),
      signal: abort.signal,
    });
  } catch (e) {
    err.write(`vmmscope replay: ${(e as Error).message}\n`);
    if (e instanceof OptionError) err.write('(vmmscope replay --help lists the options)\n');
    return 1;
  }
  const status = new StatusLine(err, !quiet && err.isTTY === true);
  const meter = new StatusMeter();
  const onSignal = (): void => {
    if (abort.signal.aborted) process.exit(130); // a second Ctrl-C: stop at once
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ticker = status.enabled
    ? setInterval(() => {
        const s = replayer.summary;
        const r = meter.rates(s.packets, s.bytes);
        status.update(
          `replay: pass ${s.loops + 1} · ${formatBytes(s.bytes)} · ${formatRate(s.packets)} packets · ${formatRate(r.pps)} packets/s · ${formatBitRate(r.bps)} · ${formatElapsed(r.elapsed)}`,
        );
      }, 1000)
    : undefined;
  if (!quiet) {
    const o = replayer.options;
    err.write(`replay: ${o.file} → ${formatEndpoint(o.to)}, ${o.speed === 'max' ? 'as fast as possible' : o.speed === 1 ? 'original pacing' : `${o.speed}× faster`}${o.rateBytesPerSecond ? `, at most ${(o.rateBytesPerSecond / 1e6).toFixed(1)} MB/s` : ''}${o.loop ? (o.passes ? `, ${o.passes} passes` : ', looping until Ctrl-C') : ''}\n`);
  }
  try {
    const s = await replayer.run();
    status.clear();
    if (!quiet) {
      const rate = s.seconds > 0 ? s.bytes / s.seconds : 0;
      err.write(
        `vmmscope replay: ${s.packets} datagrams, ${formatBytes(s.bytes)} in ${s.seconds.toFixed(2)} s (${formatRate(s.packets / Math.max(s.seconds, 1e-9))} packets/s, ${(rate / 1e6).toFixed(1)} MB/s), ${s.loops} pass(es)` +
          (s.skipped ? `, ${s.skipped} packets without UDP payload skipped` : '') +
          '\n',
      );
      const dropped = Object.entries(s.dropped);
      if (dropped.length) err.write(`vmmscope replay: withheld (--drop-every) ${dropped.map(([f, n]) => `${n} of FEC ${f}`).join(', ')}\n`);
      if (s.silenced) err.write(`vmmscope replay: withheld (--drop-fec) ${s.silenced} datagrams\n`);
      for (const [code, n] of Object.entries(s.errors)) {
        err.write(`vmmscope replay: ${n} send error(s) ${code}${code === 'ECONNREFUSED' ? ' (nothing listens at the destination)' : ''}\n`);
      }
    }
    return abort.signal.aborted ? 130 : 0;
  } catch (e) {
    status.clear();
    err.write(`vmmscope replay: ${(e as Error).message}\n`);
    return 1;
  } finally {
    if (ticker) clearInterval(ticker);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export const command: Command = {
  name: 'replay',
  summary: 'Send the UDP payloads of a capture to HOST:PORT with the original pacing',
  run,
};
