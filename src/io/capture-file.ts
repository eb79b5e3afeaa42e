/**
 * Node: reading a capture file of any size with bounded memory. One chunk buffer
 * (default 1 MiB; two for the async reader, which reads ahead) is reused for the
 * whole file; the push parser keeps at most one block besides it. The
 * synchronous reader is the fast path of the CLI; the asynchronous one yields to
 * the event loop between chunks so that a monitor stays responsive and an
 * AbortSignal (Ctrl-C) can stop it between two chunks.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { CaptureParser, type CaptureParserOptions, type PacketCallback } from '../pcapng/parser.js';
import { PcapngError } from '../pcapng/errors.js';

export interface ReadCaptureOptions {
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Checked between chunks; when aborted, reading stops and the result says `aborted`. */
  signal?: AbortSignal;
  /** Called after every chunk with the bytes read so far and the file size at open time. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  parser?: CaptureParserOptions;
  /** Read at most this many bytes (a file that keeps growing is read as far as it was); default: to the end. */
  maxBytes?: number;
}

export interface CaptureReadResult {
  file: string;
  /** Bytes read from the file. */
  bytesRead: number;
  /** File size when it was opened, or `maxBytes` if smaller (a growing file may be read past the size unless `maxBytes` is given). */
  totalBytes: number;
  /** The packet callback returned false. */
  stopped: boolean;
  /** The signal aborted the read; the parser was not ended (no truncation counted). */
  aborted: boolean;
  /** The parser, for `stats`, `section`, `interfaces`. */
  parser: CaptureParser;
}

/** A capture file could not be opened or read; names the file and the system error. */
export class CaptureFileError extends Error {
  override readonly name = 'CaptureFileError';
  constructor(
    readonly file: string,
    /** System error code such as ENOENT, EACCES, EISDIR (or '' if none). */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_CHUNK = 1 << 20;

function ioError(file: string, action: string, e: unknown): CaptureFileError {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const reason: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EMFILE: 'too many open files',
  };
  const why = reason[code] ?? err?.message ?? String(e);
  return new CaptureFileError(file, code, `${action} capture file ${file}: ${why}${code ? ` (${code})` : ''}`, { cause: e });
}

/** Feeds `chunk[0 … n)` to the parser and reports progress; false once the packet callback stopped the reading. */
function pushChunk(chunk: Uint8Array, n: number, result: CaptureReadResult, options: ReadCaptureOptions): boolean {
  result.bytesRead += n;
  result.parser.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  options.onProgress?.(result.bytesRead, result.totalBytes);
  if (result.parser.stopped) result.stopped = true;
  return !result.stopped;
}

function withFile(e: unknown, file: string): unknown {
  return e instanceof PcapngError ? e.withFile(file) : e;
}

/**
 * Reads `file` synchronously, calling `onPacket` for every packet (the PacketRef is
 * reused: copy what you keep). Throws CaptureFileError (open/read) or PcapngError
 * naming the file (structural damage, after every packet before it was delivered).
 */
export function readCaptureFile(file: string, onPacket: PacketCallback, options: ReadCaptureOptions = {}): CaptureReadResult {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw ioError(file, 'cannot open', e);
  }
  const parser = new CaptureParser(onPacket, options.parser);
  const result: CaptureReadResult = { file, bytesRead: 0, totalBytes: 0, stopped: false, aborted: false, parser };
  try {
    const limit = options.maxBytes ?? Infinity;
    result.totalBytes = Math.min(fstatSync(fd).size, limit);
    const chunk = new Uint8Array(options.chunkSize ?? DEFAULT_CHUNK);
    for (;;) {
      if (options.signal?.aborted) {
        result.aborted = true;
        return result;
      }
      let n: number;
      try {
        n = readSync(fd, chunk, 0, Math.min(chunk.length, limit - result.bytesRead), null);
      } catch (e) {
        throw ioError(file, `cannot read (at offset ${result.bytesRead})`, e);
      }
      if (n === 0) break;
      if (!pushChunk(chunk, n, result, options)) return result;
    }
    parser.end();
    return result;
  } catch (e) {
    throw withFile(e, file);
  } finally {
    closeSync(fd);
  }
}

/**
 * Asynchronous variant of {@link readCaptureFile}: reads the next chunk while the
 * current one is parsed and yields to the event loop between chunks.
 */
export async function readCaptureFileAsync(file: string, onPacket: PacketCallback, options: ReadCaptureOptions = {}): Promise<CaptureReadResult> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw ioError(file, 'cannot open', e);
  }
  const parser = new CaptureParser(onPacket, options.parser);
  const result: CaptureReadResult = { file, bytesRead: 0, totalBytes: 0, stopped: false, aborted: false, parser };
  let pendingRead: Promise<number> | undefined;
  try {
    const limit = options.maxBytes ?? Infinity;
    result.totalBytes = Math.min((await fh.stat()).size, limit);
    const size = options.chunkSize ?? DEFAULT_CHUNK;
    const bufs = [new Uint8Array(size), new Uint8Array(size)];
    let requested = 0; // bytes read so far by the reads issued (one runs ahead of the parsing; they never overlap)
    const read = (i: number) => {
      const want = Math.min(size, limit - requested);
      if (want <= 0) return Promise.resolve(0);
      return fh.read(bufs[i]!, 0, want, null).then(
        (r) => ((requested += r.bytesRead), r.bytesRead),
        (e) => Promise.reject(ioError(file, `cannot read (at offset ${result.bytesRead})`, e)),
      );
    };
    let cur = 0;
    pendingRead = read(cur);
    for (;;) {
      const n = await pendingRead;
      if (options.signal?.aborted) {
        result.aborted = true;
        return result;
      }
      if (n === 0) break;
      const chunk = bufs[cur]!;
      cur ^= 1;
      pendingRead = read(cur); // read ahead into the other buffer while this one is parsed
      pendingRead.catch(() => {}); // handled when awaited; avoid an unhandled rejection if we stop early
      if (!pushChunk(chunk, n, result, options)) return result;
    }
    parser.end();
    return result;
  } catch (e) {
    throw withFile(e, file);
  } finally {
    await pendingRead?.catch(() => 0); // never close the handle under a read in flight
    await fh.close();
  }
}
