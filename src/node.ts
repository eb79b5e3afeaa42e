/**
 * vmmscope's node API: everything of the platform-neutral API plus file reading
 * and writing (captures, CSV, ROOT, Parquet) and whole-file analysis.
 */
export * from './index.js';
export * from './io/index.js';
export { analyzeCaptureFile } from './analysis/analyze-file.js';
export type { AnalyzeFileOptions, AnalyzeFileResult } from './analysis/file-run.js';
export { CsvSink } from './output/csv-sink.js';
export { RootFile, type RootFileOptions } from './output/root/node-file.js';
export { RootFileSink } from './output/root/sink.js';
export { ParquetSink, type ParquetSinkOptions } from './output/parquet/sink.js';
export { parquetLayout } from './output/parquet/paths.js';
export { Monitor } from './monitor/monitor.js';
export { RingFollower } from './monitor/ring-follower.js';
export { createCaptureAnalyzer, type FileAnalyzer } from './monitor/analyzer.js';
export { startMonitorServer } from './web/server.js';
export { renderPng } from './plots/png.js';
export { Recorder } from './capture/recorder.js';
export { replayCapture, type ReplayOptions } from './capture/replay.js';
