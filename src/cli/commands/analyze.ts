/**
 * `vmmscope analyze`: vmm-sdat's convertFile with the same options, defaults,
 * validation, exit codes and console output, plus an output choice
 * (`--format root|csv|parquet`, `--out`). stdout carries exactly what convertFile
 * prints; our own notes (progress, capture damage, extra counters) go to stderr.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { parseConvertArgs } from '../../config/convert-options.js';
import { ConfigError } from '../../config/errors.js';
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
import { loadReference, loadThresholds, writeHealthJson } from '../../health/health-file.js';

/** `none`: the full analysis and its console statistics, no file written. */
type Format = OutputFormat | 'none';

interface OwnOptions {
  format: Format;
  out: string | undefined;
  /** Number of threads, or 0 for auto. */
  threads: number;
  progress: boolean;
  help: boolean;
  rest: string[];
  /** --health-json FILE, --health-thresholds FILE, --health-reference FILE (src/health). */
  health: { json?: string; thresholds?: string; reference?: string };
}

function splitOwnOptions(argv: string[]): OwnOptions {
  const o: OwnOptions = { format: 'root', out: undefined, threads: 0, progress: true, help: false, rest: [], health: {} };
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--help' || t === '-h') o.help = true;
    else if (t === '--no-progress') o.progress = false;
    else if (t === '--health-json' || t === '--health-thresholds' || t === '--health-reference') {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${t} needs a FILE`);
      o.health[t === '--health-json' ? 'json' : t === '--health-thresholds' ? 'thresholds' : 'reference'] = v;
    }    else if (t === '--format' || t === '--out' || t === '--threads') {
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
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    if (e.kind === 'usage') process.stdout.write(convertUsage() + '\n' + convertErrorBlock(e.message, e.argument));
    else if (e.kind === 'abort') process.stderr.write(`vmmscope analyze: ${e.message}\n`);
    return e.exitCode;
  }
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
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      bar.clear();
      process.stderr.write('\nvmmscope analyze: interrupted — finishing the output with the packets read so far (Ctrl-C again to abandon it)\n');
      ac.abort();
    } else {
      sink.abort?.();
      process.stderr.write('vmmscope analyze: abandoned; no output written\n');
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
      print: (line) => {
        bar.clear();
        print(line);
      },
      onProgress: (done, total) => bar.update(done, total),
      health: own.health.json !== undefined,
    });
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
    if (res.interrupted) process.stderr.write(`vmmscope analyze: stopped by Ctrl-C after ${res.bytesRead} bytes; the output holds what was analysed\n`);
    const ms = Date.now() - start;
    if (legacy) {
      if (o.statistics) for (const l of analysisSummaryLegacy(res.parserHits, ms, o.dataFormat === 'ESS' ? 160 : 64, res.triggers)) print(l);
    } else {
      for (const [section, msg] of analysisSummaryReport(res.parserHits, ms)) log.log('INFO', section, msg);
      for (const msg of formatUdpPacketStatistics(res.capture)) log.log('INFO', 'ReaderPcap', msg);
    }
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
    if (e instanceof ConfigError) {
      process.stderr.write(`vmmscope analyze: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
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
