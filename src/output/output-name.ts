/**
 * Output names: vmm-sdat's output file name and the path each `--format` writes to.
 */
import type { OutputFormat } from './file-sink.js';

/**
 * vmm-sdat's output file name (analysis.md §2.7): the input name without its last 7
 * characters if it contains `.pcapng`, then `_YYYYMMDDhhmmss` (local time), `_<info>`
 * if given, `.root`. The path part is kept.
 */
export function vmmsdatOutputName(file: string, info: string, now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  const stem = file.includes('.pcapng') ? file.slice(0, -7) : file;
  return `${stem}_${stamp}${info ? `_${info}` : ''}.root`;
}

/**
 * Where `--format` puts the output of a run whose vmm-sdat name is `rootName` (…`.root`):
 * the ROOT file itself, the CSV folder without `.root`, or `….parquet` (one file per tree
 * beside it, docs/parquet.md). Used by `analyze` and `monitor --keep`.
 */
export function outputPath(format: OutputFormat, rootName: string): string {
  const stem = rootName.endsWith('.root') ? rootName.slice(0, -5) : rootName;
  return format === 'root' ? rootName : format === 'csv' ? stem : `${stem}.parquet`;
}
