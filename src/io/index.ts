/** Node-only capture file I/O: bounded-memory readers and the buffered pcapng file writer. */
export { readCaptureFile, readCaptureFileAsync, CaptureFileError, type ReadCaptureOptions, type CaptureReadResult } from './capture-file.js';
export { PcapngFileWriter, type PcapngFileWriterOptions } from './pcapng-file-writer.js';
