/**
 * The options of `vmmscope record` (command line and config file) and their check
 * into a `RecordOptions` plan: run or ring mode, file limits, source and its settings.
 * Every rule that spans options (ring needs a size, a run needs a file count, …) is
 * here, with a message saying which option to add or drop.
 */
import { parseEndpoint, type Endpoint } from './endpoint.js';
import { stemProblem } from './naming.js';
import { OptionError, stringList, type OptionSpec, type OptionValues } from './options.js';

export const RECORD_OPTIONS: readonly OptionSpec[] = [
  { name: 'name', type: 'string', short: 'n', arg: 'STEM', help: 'file name stem (required): STEM_NNNNN_YYYYmmddHHMMSS.pcapng, ring STEM_NNNNN.pcapng' },
  { name: 'dir', type: 'string', short: 'd', arg: 'DIR', help: 'output folder (default: the current folder; created if missing)' },
  { name: 'files', type: 'integer', min: 1, arg: 'N', help: 'physics run: number of files, then stop; ring: stop after N files (default: run until Ctrl-C)' },
  { name: 'duration', type: 'number', min: 0, exclusiveMin: true, arg: 'S', help: 'start a new file every S seconds' },
  { name: 'filesize', type: 'integer', min: 1, arg: 'KB', help: 'start a new file after KB kilobytes (1 kB = 1000 bytes, as dumpcap)' },
  { name: 'ring', type: 'integer', min: 1, arg: 'N', help: 'monitoring ring buffer of N files with STEM_semaphore.txt (clears stale files of STEM first)' },
  { name: 'source', type: 'string', choices: ['dumpcap', 'udp'], arg: 'dumpcap|udp', help: 'dumpcap (default when installed and allowed to capture) or the built-in UDP receiver' },
  { name: 'interface', type: 'strings', short: 'i', arg: 'IF', help: 'dumpcap: capture interface (repeatable), e.g. eth0, lo' },
  { name: 'listen', type: 'strings', short: 'l', arg: 'HOST:PORT', help: 'built-in receiver: address to receive on (repeatable: one per FEC port/address), e.g. 0.0.0.0:6006; port 0 = any free port' },
  { name: 'filter', type: 'string', short: 'f', arg: 'BPF', help: 'dumpcap capture filter (default "udp"; "" captures everything)' },
  { name: 'buffer', type: 'integer', min: 1, arg: 'MiB', help: 'kernel buffer: dumpcap -B, or the receiver socket buffer (default 64; capped by net.core.rmem_max)' },
  { name: 'nice', type: 'integer', min: -20, arg: 'N', help: 'scheduling priority while recording (default -10 when permitted, i.e. root/CAP_SYS_NICE; 0 = unchanged)' },
  { name: 'restart-per-file', type: 'boolean', help: 'dumpcap: legacy mode, one dumpcap process per file (gaps between files)' },
  { name: 'dumpcap', type: 'string', arg: 'PATH', help: 'path of dumpcap (default: $VMMSCOPE_DUMPCAP, PATH, /usr/bin …)' },
  { name: 'quiet', type: 'boolean', short: 'q', help: 'no status line and no per-file lines (errors and the summary still print)' },
  { name: 'config', type: 'string', short: 'c', arg: 'FILE.json', help: 'read options from a JSON file (keys = long option names); flags override it', cliOnly: true },
  { name: 'help', type: 'boolean', short: 'h', help: 'show this help', cliOnly: true },
];

/** A checked recording plan. */
export interface RecordOptions {
  readonly stem: string;
  readonly dir: string;
  readonly mode: { kind: 'run'; files: number } | { kind: 'ring'; slots: number; stopAfter?: number };
  readonly filesizeKB?: number;
  readonly durationS?: number;
  /** undefined = choose (dumpcap when installed and allowed, else udp when --listen is given). */
  readonly source?: 'dumpcap' | 'udp';
  readonly interfaces: string[];
  readonly listen: Endpoint[];
  readonly filter: string;
  readonly bufferMiB: number;
  /** Niceness to set (−20…19); 0 = leave it. */
  readonly nice: number;
  readonly restartPerFile: boolean;
  readonly dumpcapPath?: string;
  readonly quiet: boolean;
}

/** Checks merged option values (config + command line) into a plan; throws {@link OptionError}. */
export function resolveRecordOptions(v: OptionValues): RecordOptions {
  const stem = v.name as string | undefined;
  if (stem === undefined) throw new OptionError('--name STEM is required (the file name stem, e.g. --name run_xray)');
  const sp = stemProblem(stem);
  if (sp) throw new OptionError(`--name: the stem ${sp}`);
  const filesizeKB = v.filesize as number | undefined;
  const durationS = v.duration as number | undefined;
  const ring = v.ring as number | undefined;
  const files = v.files as number | undefined;
  if (filesizeKB === undefined && durationS === undefined) {
    throw new OptionError(ring !== undefined ? 'a ring needs a file size: add --filesize KB (e.g. 20000 as the legacy script) or --duration S' : 'give --duration S or --filesize KB: when a file is complete');
  }
  let mode: RecordOptions['mode'];
  if (ring !== undefined) mode = files === undefined ? { kind: 'ring', slots: ring } : { kind: 'ring', slots: ring, stopAfter: files };
  else if (files !== undefined) mode = { kind: 'run', files };
  else throw new OptionError('give --files N for a physics run of N files, or --ring N for the monitoring ring buffer');

  const source = v.source as RecordOptions['source'];
  const interfaces = stringList(v.interface);
  const listen = stringList(v.listen).map((t) => parseEndpoint(t, '--listen', undefined, true));
  const restartPerFile = v['restart-per-file'] === true;
  if (source === 'udp' && listen.length === 0) throw new OptionError('--source udp needs --listen HOST:PORT (e.g. 0.0.0.0:6006), once per FEC address/port');
  if (source === 'dumpcap' && interfaces.length === 0) throw new OptionError('--source dumpcap needs --interface IF (e.g. eth0; `dumpcap -D` lists them)');
  if (source === undefined && interfaces.length === 0 && listen.length === 0) {
    throw new OptionError('say where the data comes from: --interface IF (dumpcap) or --listen HOST:PORT (built-in receiver)');
  }
  if (v.nice !== undefined && (v.nice as number) > 19) throw new OptionError(`--nice: expected an integer -20…19, got ${v.nice}`);
  if (source === 'udp' && restartPerFile) throw new OptionError('--restart-per-file is a dumpcap mode; the built-in receiver never has gaps between files');
  if (source === 'udp' && v.filter !== undefined && v.filter !== 'udp' && v.filter !== '') {
    throw new OptionError(`--filter applies to dumpcap only; the built-in receiver takes exactly the UDP datagrams sent to its --listen addresses (got --filter "${v.filter}")`);
  }
  return {
    stem,
    dir: (v.dir as string | undefined) ?? '.',
    mode,
    ...(filesizeKB !== undefined ? { filesizeKB } : {}),
    ...(durationS !== undefined ? { durationS } : {}),
    ...(source !== undefined ? { source } : {}),
    interfaces,
    listen,
    filter: (v.filter as string | undefined) ?? 'udp',
    bufferMiB: (v.buffer as number | undefined) ?? 64,
    nice: (v.nice as number | undefined) ?? -10,
    restartPerFile,
    ...(v.dumpcap !== undefined ? { dumpcapPath: v.dumpcap as string } : {}),
    quiet: v.quiet === true,
  };
}
