/**
 * The file writers behind `--format` (node): ROOT (default), CSV, Parquet. ROOT and
 * Parquet are loaded lazily, so a CSV run does not load them. Every sink writes under
 * temporary names and renames at close; `abort` removes what it wrote.
 */
import type { AnalysisSink } from '../table/sink.js';
import { CsvSink } from './csv-sink.js';

export type OutputFormat = 'root' | 'csv' | 'parquet';

export type FileSink = AnalysisSink & { abort?: () => void };

/** A sink that writes nothing (`analyze --format none`: the analysis and its statistics only). */
export function discardSink(): FileSink {
  return { write() {} };
}

/** A ROOT file, a CSV folder, or Parquet files (a folder or a `FILE.parquet` stem) at `path`. */
export async function openFileSink(format: OutputFormat, path: string): Promise<FileSink> {
  if (format === 'csv') return new CsvSink(path);
  if (format === 'parquet') {
    const { ParquetSink } = await import('./parquet/sink.js');
    return new ParquetSink(path);
  }
  const { RootFileSink } = await import('./root/sink.js');
  return new RootFileSink(path);
}
