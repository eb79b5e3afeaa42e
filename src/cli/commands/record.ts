/**
 * `vmmscope record`: physics runs and the monitoring ring buffer (see docs/recording.md).
 * Thin: options (flags + --config) → `Recorder`; adds the status line, per-file lines,
 * Ctrl-C (finish the current file, update the semaphore, exit 130; a second one exits at once) and the exit status
 * (0 done, 1 setup/usage error, 2 stopped by a full disk, 130 interrupted).
 */
import type { Command } from '../command.js';
import { loadConfigFile, mergeOptions, OptionError, parseCommandLine, formatHelp } from '../../capture/options.js';
import { Recorder } from '../../capture/recorder.js';
import { RECORD_OPTIONS, resolveRecordOptions } from '../../capture/record-options.js';
import { formatBytes, StatusLine, StatusMeter } from '../../capture/status.js';

const USAGE = `Usage:
  vmmscope record --name STEM --files N (--duration S | --filesize KB) (--interface IF | --listen HOST:PORT) [--dir DIR]
  vmmscope record --name STEM --ring N --filesize KB (--interface IF | --listen HOST:PORT) [--dir DIR]

Physics run: N files STEM_NNNNN_YYYYmmddHHMMSS.pcapng (index from 0, local start time), then stop.
Ring buffer: files STEM_NNNNN.pcapng, NNNNN = counter mod N; after each complete file STEM_semaphore.txt
holds its index (plain decimal, written atomically). Stale files of STEM are cleared at start.
Sources: dumpcap (one process, gap-free; --restart-per-file for the legacy one-dumpcap-per-file) or the
built-in receiver (--source udp --listen HOST:PORT, repeatable; needs no capture rights).`;

const FOOTER = `Examples:
  vmmscope record -i eth0 --name run_xray --files 100 --duration 60
  vmmscope record --listen 0.0.0.0:6006 --name monitoring --ring 10 --filesize 20000
  vmmscope record --config daq.json --files 5
Ctrl-C finishes the current file (valid pcapng) and updates the semaphore.`;

async function run(argv: string[]): Promise<number> {
  const err = process.stderr;
  try {
    const cli = parseCommandLine(RECORD_OPTIONS, argv, false);
    if (cli.values.help) {
      process.stdout.write(formatHelp(USAGE, RECORD_OPTIONS, FOOTER));
      return 0;
    }
    const config = cli.values.config !== undefined ? loadConfigFile(cli.values.config as string, RECORD_OPTIONS) : {};
    const options = resolveRecordOptions(mergeOptions(config, cli.values));
    const status = new StatusLine(err, !options.quiet && err.isTTY === true);
    const say = (line: string): void => (options.quiet ? undefined : status.log(`record: ${line}`));
    const recorder = new Recorder(options, {
      onInfo: say,
      onFile: (f) => {
        if (!status.enabled) say(`complete ${f.path}${f.slot !== undefined ? ` (semaphore ${f.slot})` : ''}`);
      },
    });
    return await session(recorder, status, say);
  } catch (e) {
    // Setup errors (CaptureSetupError, ReceiverError, file system) carry the fix in their message.
    err.write(`vmmscope record: ${(e as Error).message}\n`);
    if (e instanceof OptionError) err.write('(vmmscope record --help lists the options)\n');
    return 1;
  }
}

async function session(recorder: Recorder, status: StatusLine, say: (l: string) => void): Promise<number> {
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) {
      // the file in progress is still under its work name: no half file appears under a final name
      status.log(`record: ${sig} again — exiting now; the file in progress stays in the work folder ${recorder.sequence.workDir}`);
      process.exit(130);
    }
    interrupted = true;
    status.log(`record: ${sig}: finishing the current file … (again to exit at once)`);
    recorder.stop();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const meter = new StatusMeter();
  let ticker: NodeJS.Timeout | undefined;
  try {
    await recorder.start();
    if (status.enabled) {
      const draw = (): void => {
        const c = recorder.counters();
        status.update(meter.line({ files: recorder.sequence.completed, bytes: c.bytes, packets: c.packets, drops: c.drops }));
      };
      draw();
      ticker = setInterval(draw, 1000);
    }
    const s = await recorder.finished();
    if (ticker) clearInterval(ticker);
    status.clear();
    for (const n of s.notes) say(n);
    const how = s.reason === 'limit' ? 'done' : s.reason === 'disk-full' ? 'STOPPED: disk full' : 'stopped';
    process.stderr.write(
      `vmmscope record: ${how}: ${s.files} file(s), ${formatBytes(s.bytes)}, ${s.packets} packets, drops ${s.drops ?? 'unknown'} (${s.source})\n`,
    );
    if (s.reason === 'disk-full') return 2;
    return interrupted ? 130 : 0;
  } finally {
    if (ticker) clearInterval(ticker);
    status.clear();
    for (const s of signals) process.off(s, onSignal);
  }
}

export const command: Command = {
  name: 'record',
  summary: 'Record physics runs or the monitoring ring buffer (dumpcap or built-in UDP receiver)',
  run,
};
