/**
 * Platform-neutral entry of the ROOT writer (root-file.md, layout S). The node
 * file binding and the analysis sink are in `node-file.ts` and `sink.ts`.
 */
export { RootFileWriter, type RandomAccessOutput, type RootWriterOptions } from './file-writer.js';
export { MemoryOutput } from './memory-output.js';
export { TreeWriter } from './ttree.js';
export { rootCompress, compressSetting, type Deflate } from './compress.js';
export { classChecksum, recordClass, type ClassSpec, type ElementSpec } from './streamer-info.js';
export { datimeOf } from './key.js';
