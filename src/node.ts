/**
 * vmmscope's node API: the platform-neutral API plus files (capture reading, pcapng
 * writing), the file sinks (CSV, ROOT, Parquet), whole-file analysis, recording, replay
 * and the monitor. `test/package.test.ts` holds this list, so widening it is a decision.
 */
export * from './index.js';

// Capture files of any size, bounded memory
/** Reads a capture file (sync / async) into a packet callback; `CaptureFileError` when unreadable. */
export { readCaptureFile, readCaptureFileAsync, CaptureFileError, type ReadCaptureOptions, type CaptureReadResult } from './io/capture-file.js';
/** Writes a pcapng file with buffered, bounded memory. */
export { PcapngFileWriter, type PcapngFileWriterOptions } from './io/pcapng-file-writer.js';

// Whole-file analysis and its outputs
/** Analyses one capture file into a sink (one or two threads). */
export { analyzeCaptureFile } from './analysis/analyze-file.js';
/** The temporary file pending hits beyond a budget go to (`analyzeCaptureFile(…, { spill: true })` makes one). */
export { FileSpillStore } from './analysis/spill-file.js';
export type { AnalyzeFileOptions, AnalyzeFileResult } from './analysis/file-run.js';
/** Sinks writing vmm-sdat's outputs: a CSV folder, a ROOT file, Parquet files. */
export { CsvSink } from './output/csv-sink.js';
export { RootFileSink } from './output/root/sink.js';
export { ParquetSink, type ParquetSinkOptions } from './output/parquet/sink.js';
/** A RootFileWriter on a file (atomic rename at close, optional compression threads). */
export { RootFile, type RootFileOptions } from './output/root/node-file.js';

// Data taking and monitoring
/** `vmmscope record` as a library: dumpcap or the built-in UDP receiver, run or ring files. */
export { Recorder } from './capture/recorder.js';
/** `vmmscope replay` as a library: sends a capture's UDP payloads again. */
export { replayCapture, type ReplayOptions } from './capture/replay.js';
/** `vmmscope monitor` as a library: follows a ring, analyses, renders figures, serves the page. */
export { Monitor } from './monitor/monitor.js';
/** Says which complete ring file to analyse next (semaphore or dumpcap naming). */
export { RingFollower } from './monitor/ring-follower.js';
