/**
 * vmmscope's node API: everything of the platform-neutral API plus file reading
 * and writing (captures, CSV, ROOT, Parquet) and whole-file analysis.
 */
export * from './index.js';
export * from './io/index.js';
export { analyzeCaptureFile, type AnalyzeFileOptions, type AnalyzeFileResult } from './analysis/analyze-file.js';
export { CsvSink } from './output/csv-sink.js';
export { RootFileSink } from './output/root/sink.js';
export { ParquetSink } from './output/parquet/sink.js';
