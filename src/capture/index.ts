/**
 * Data taking (node only): `vmmscope record` and `vmmscope replay` as a library —
 * the recorder and its sources, ring/run file naming, the atomic semaphore, and the
 * replay emulator. See docs/recording.md.
 */
export { Recorder, type RecorderHooks, type RecordSummary } from './recorder.js';
export { RECORD_OPTIONS, resolveRecordOptions, type RecordOptions } from './record-options.js';
export { Replayer, replayCapture, type ReplayOptions, type ReplaySummary } from './replay.js';
export { FileSequence, type CompletedFile, type SequenceMode } from './file-sequence.js';
export { ReceiverSource, type ReceiverSourceOptions } from './receiver-source.js';
export { DumpcapSource, type DumpcapSourceOptions } from './dumpcap-source.js';
export type { Source, SourceCounters, SourceEvents, SourceResult } from './source.js';
export { UdpReceiver, ReceiverError, readKernelDrops, type BoundSocket } from './udp-receiver.js';
export { CaptureSetupError, checkDumpcap, findDumpcap, listInterfaces, dumpcapArgs, type DumpcapArgs } from './dumpcap.js';
export { readSemaphore, writeSemaphore, semaphorePath } from './semaphore.js';
export { clearStaleRingFiles, type StaleCleanup } from './stale.js';
export { repairCapture, endsWithCompleteBlock, type RepairResult } from './repair.js';
export {
  formatLocalTimestamp,
  parseDumpcapFileName,
  ringFileName,
  ringSlot,
  ringSlotsOldestFirst,
  runFileName,
  semaphoreFileName,
  staleRingFilePattern,
  type DumpcapFileName,
} from './naming.js';
export { parseEndpoint, formatEndpoint, type Endpoint } from './endpoint.js';
