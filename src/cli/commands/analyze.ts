/**
 * `vmmscope analyze`: vmm-sdat's convertFile with the same options, defaults,
 * validation, exit codes and console output, plus an output choice
 * (`--format root|csv|parquet`, `--out`). stdout carries exactly what convertFile
 * prints; our own notes (progress, capture damage, extra counters) go to stderr.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '../command.js';
import { parseConvertArgs } from '../../config/convert-options.js';
import { ConfigError } from '../../config/errors.js';
import { checkOptionRanges } from '../../config/option-ranges.js';
import type { AnalysisOptions } from '../../config/options.js';
import { Logger } from '../../config/log.js';
import { analyzeCaptureFile } from '../../analysis/analyze-file.js';
import { autoThreads } from '../../analysis/file-run.js';
import { analysisSummaryLegacy, analysisSummaryReport } from '../../analysis/report.js';
import { outputPath, vmmsdatOutputName } from '../../output/output-name.js';
import { discardSink, openFileSink, type FileSink, type OutputFormat } from '../../output/file-sink.js';
import { histJsonFileName, histToRootJson } from '../../output/hist-json.js';
import type { Hist } from '../../histograms/hist.js';
import { captureCounters, formatUdpPacketStatistics } from '../../net/capture-stats.js';
import { CaptureFileError } from '../../io/capture-file.js';
import { PcapngError } from '../../pcapng/errors.js';
import { convertErrorBlock, convertUsage } from '../convert-usage.js';
import { ProgressBar } from '../progress.js';
import { outputProblem } from '../../output/output-check.js';
import { loadReference, loadThresholds, writeHealthJson } from '../../health/health-file.js';

/** `none`: the full analysis and its console statistics, no file written. */
type Format = OutputFormat | 'none';

interface OwnOptions {
  format: Format;
  out: string | undefined;
  /** Number of threads, or 0 for auto. */
  threads: number;
  progress: boolean;
  /** --ignore-silent-fecs: the round rule leaves out FECs that sent no data (not vmm-sdat's rule). */
  ignoreSilentFecs: boolean;
  help: boolean;
  rest: string[];
  /** --health-json FILE, --health-thresholds FILE, --health-reference FILE (src/health). */
  health: { json?: string; thresholds?: string; reference?: string };
}

function splitOwnOptions(argv: string[]): OwnOptions {
  const o: OwnOptions = { format: 'root', out: undefined, threads: 0, progress: true, ignoreSilentFecs: false, help: false, rest: [], health: {} };
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--help' || t === '-h') o.help = true;
    else if (t === '--no-progress') o.progress = false;
    else if (t === '--ignore-silent-fecs') o.ignoreSilentFecs = true;
    else if (t === '--health-json' || t === '--health-thresholds' || t === '--health-reference') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${t} needs a FILE`);
      o.health[t === '--health-json' ? 'json' : t === '--health-thresholds' ? 'thresholds' : 'reference'] = v;
    } else if (t === '--format' || t === '--out' || t === '--threads') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${t} needs a value`);
      if (t === '--out') o.out = v;
      else if (t === '--threads') {
        if (v === 'auto') o.threads = 0;
        else if (v === '1' || v === '2') o.threads = Number(v);
        else throw new Error(`--threads must be 1, 2 or auto (got '${v}')`);
      }
      else if (v === 'root' || v === 'csv' || v === 'parquet' || v === 'none') o.format = v;
      else throw new Error(`--format must be root, csv, parquet or none (got '${v}')`);
    } else o.rest.push(t);
  }
  return o;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the reader reports a missing file
  }
}

export async function runAnalyze(argv: string[]): Promise<number> {
  let own: OwnOptions;
  try {
    own = splitOwnOptions(argv);
  } catch (e) {
    process.stderr.write(`vmmscope analyze: ${(e as Error).message}\n`);
    return 255;
  }
  if (own.help) {
    process.stdout.write(convertUsage());
    return 0;
  }
  const start = Date.now();
  const log = new Logger((line) => process.stdout.write(line));
  const print = (line: string): void => void process.stdout.write(line + '\n');
  let legacy = false;
  let o: AnalysisOptions;
  try {
    o = parseConvertArgs(own.rest, (p) => readFileSync(p, 'utf8'), 'vmmscope analyze', (file, isLegacy) => {
      legacy = isLegacy;
      // c56141b (ESS/VTC) printed plain lines without its logger
      if (legacy) print(`Analyzing ${file} ...`);
      else log.log('STATUS', 'Configuration', `Analyzing ${file} ...`);
    });
    checkOptionRanges(o);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return configFailure(e);
  }
  if (own.ignoreSilentFecs) o = { ...o, ignoreSilentFecs: true };
  log.level = o.logLevel;
  let thresholds;
  let reference;
  try {
    thresholds = loadThresholds(own.health.thresholds);
    reference = loadReference(own.health.reference);
  } catch (e) {
    process.stderr.write(`vmmscope analyze: ${(e as Error).message}\n`);
    return 255;
  }

  const rootName = vmmsdatOutputName(o.file, o.info);
  const path = own.out ?? (own.format === 'none' ? '' : outputPath(own.format, rootName));
  const problem = own.format === 'none' ? null : outputProblem(path, own.format, [o.file, o.geometryFile, o.calibrationFile]);
  if (problem) {
    process.stderr.write(`vmmscope analyze: --out ${path}: ${problem}; nothing was written\n`);
    return 255;
  }
  let sink: FileSink;
  try {
    sink = own.format === 'none' ? discardSink() : await openFileSink(own.format, path);
  } catch (e) {
    process.stderr.write(`vmmscope analyze: cannot create the output ${path}: ${(e as Error).message}\n`);
    return 255;
  }
  const what = own.format === 'root' ? `ROOT file ${path}` : own.format === 'csv' ? `CSV folder ${path}` : `Parquet output ${path}`;
  if (own.format === 'none') {
    /* nothing created */
  } else if (legacy) print(`${what} created!`);
  else log.log('STATUS', own.format === 'root' ? 'RootFile' : 'Output', `${what} created!`);

  const bar = new ProgressBar('analyze', own.progress && process.stderr.isTTY === true);
  // Ctrl-C: the first one stops reading and finishes the run with what was read
  // (complete, valid output); a second one abandons the output.
  const ac = new AbortController();
  let interrupts = 0;
  let finished = false;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      bar.clear();
      process.stderr.write('\nvmmscope analyze: interrupted — finishing the output with the packets read so far (Ctrl-C again to abandon it)\n');
      ac.abort();
    } else {
      // the output is either complete (the run had finished it) or removed: never half
      if (finished) process.stderr.write(`vmmscope analyze: stopped; the output ${path} is complete\n`);
      else {
        sink.abort?.();
        process.stderr.write('vmmscope analyze: abandoned; no output written\n');
      }
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const res = await analyzeCaptureFile(o.file, o, sink, {
      signal: ac.signal,
      logger: log,
      histograms: (own.format !== 'csv' && own.format !== 'none') || o.jsonImages,
      threads: own.threads || autoThreads(fileSize(o.file)),
      spill: true,
      print: (line) => {
        bar.clear();
        print(line);
      },
      onProgress: (done, total) => bar.update(done, total),
      health: own.health.json !== undefined,
    });
    finished = true;
    bar.clear();
    if (own.health.json !== undefined && res.health) {
      try {
        writeHealthJson(own.health.json, res.health, o.geometry, thresholds, reference);
      } catch (e) {
        process.stderr.write(`vmmscope analyze: cannot write the health report ${own.health.json}: ${(e as Error).message}\n`);
        return 255;
      }
    }
    if (o.jsonImages && o.save.code >= 100 && res.histograms) writeJsonImages(own.format === 'root' ? path : rootName, res.histograms.clusterImages());
    if (res.damage) process.stderr.write(`vmmscope analyze: warning: ${res.damage.message}; analysed the ${res.capture.totalPackets} packets before it\n`);
    if (res.truncatedTailBytes > 0)
      process.stderr.write(`vmmscope analyze: warning: ${o.file}: capture ends in an incomplete block at offset ${res.truncatedTailOffset} (${res.truncatedTailBytes} bytes lost); analysed every complete packet before it\n`);
    for (const n of res.notes) process.stderr.write(`vmmscope analyze: warning: ${n}\n`);
    if (res.interrupted) process.stderr.write(`vmmscope analyze: stopped by Ctrl-C after ${res.bytesRead} bytes; the output holds what was analysed\n`);
    const ms = Date.now() - start;
    if (legacy) {
      if (o.statistics) for (const l of analysisSummaryLegacy(res.parserHits, ms, o.dataFormat === 'ESS' ? 160 : 64, res.triggers)) print(l);
    } else {
      for (const [section, msg] of analysisSummaryReport(res.parserHits, ms)) log.log('INFO', section, msg);
      for (const msg of formatUdpPacketStatistics(res.capture)) log.log('INFO', 'ReaderPcap', msg);
    }
    const unmapped = unmappedLine(res.parserHits, res.unmapped, o.geometryFile, o.geometry.detectors.length);
    if (unmapped) process.stderr.write(`vmmscope analyze: warning: ${unmapped}\n`);
    const extra = Object.entries(captureCounters(res.capture)).filter(
      ([k, v]) => v !== 0 && !k.startsWith('capture.') && !k.startsWith('udp.payload'),
    );
    if (extra.length) process.stderr.write(`vmmscope analyze: capture counters: ${extra.map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
    return 0;
  } catch (e) {
    bar.clear();
    sink.abort?.();
    if (e instanceof CaptureFileError || e instanceof PcapngError) {
      log.log('FATAL', 'convertFile', `Error opening file: ${o.file}: return value -1`);
      process.stderr.write(`vmmscope analyze: ${(e as Error).message}\n`);
      return 255;
    }
    if (e instanceof ConfigError) return configFailure(e);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * Prints a configuration error as vmm-sdat does (usage block on stdout, or the abort
 * message on stderr) plus vmmscope's line in words; returns vmm-sdat's exit status.
 */
function configFailure(e: ConfigError): number {
  if (e.kind === 'usage') process.stdout.write(convertUsage() + '\n' + convertErrorBlock(e.message, e.argument));
  // ('silent': vmm-sdat exits without a word; stdout stays empty, stderr says why)
  else process.stderr.write(`vmmscope analyze: ${e.message}\n`);
  if (e.hint) process.stderr.write(`vmmscope analyze: ${e.hint}\n`);
  return e.exitCode;
}

/**
 * The line for a run whose geometry mapped none of the data's hits (vmm-sdat writes empty
 * trees without a word), e.g. a calibration file given as -geo; null when some hits were mapped.
 */
export function unmappedLine(parserHits: number, unmapped: readonly { fec: number; vmm: number; hits: number }[], geometryFile: string | null, detectors: number): string | null {
  const lost = unmapped.reduce((a, u) => a + u.hits, 0);
  if (parserHits === 0 || lost < parserHits) return null;
  const shown = unmapped.slice(0, 8).map((u) => `FEC ${u.fec} VMM ${u.vmm}`).join(', ');
  const more = unmapped.length > 8 ? ` and ${unmapped.length - 8} more` : '';
  const name = geometryFile ? basename(geometryFile) : 'the -vmm mapping';
  let calibration = false;
  try {
    calibration = geometryFile !== null && readFileSync(geometryFile, 'utf8').includes('"vmm_calibration"');
  } catch {
    /* read before; gone now */
  }
  const why = detectors === 0 ? ` (${name} defines no detector${calibration ? ': it is a calibration file; give it with -cal and the geometry with -geo' : ''})` : '';
  return `0 of ${parserHits} hits mapped: ${shown}${more} ${unmapped.length === 1 ? 'is' : 'are'} not in ${name}${why}`;
}

/** Writes the -json images of the run's cluster histograms next to the ROOT file name. */
export function writeJsonImages(rootName: string, images: { det: number; name: string; hist: Hist }[]): void {
  for (const im of images) writeFileSync(histJsonFileName(rootName, im.det, im.name), histToRootJson(im.hist));
}

export const command: Command = {
  name: 'analyze',
  summary: 'Analyse a capture exactly as vmm-sdat convertFile does',
  run: runAnalyze,
};
