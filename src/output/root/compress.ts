/**
 * ROOT's compressed payload format (root-file.md §6): the payload is cut into
 * chunks of at most 0xFFFFFF bytes; each chunk becomes a 9-byte block header
 * ('Z' 'L' 8, compressed and uncompressed sizes as 3-byte little-endian) followed
 * by a zlib stream (with its 2-byte header and Adler-32, not raw deflate).
 *
 * The zlib implementation is injected (`Deflate`), so this file stays
 * platform-neutral; the node entry passes `zlib.deflateSync`.
 */

/** Compresses one chunk into a zlib-wrapped stream (RFC 1950) at `level` (1–9). */
export type Deflate = (chunk: Uint8Array, level: number) => Uint8Array;

/** Largest chunk one block can describe (3-byte sizes). */
export const MAX_BLOCK = 0xffffff;
const HEADER = 9;

/** fCompress of a file/branch: 100·algorithm + level; algorithm 1 = zlib. */
export function compressSetting(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new Error(`root: compression level must be an integer 0..9, got ${level}`);
  return level === 0 ? 0 : 100 + level;
}

/**
 * Compresses `payload` in ROOT blocks. Returns null when compression is off or the
 * result would not be strictly shorter than the raw payload (readers decide
 * "compressed" from `stored < fObjlen`, pitfall 7), so the caller stores it raw.
 */
export function rootCompress(payload: Uint8Array, level: number, deflate: Deflate): Uint8Array | null {
  if (level === 0 || payload.length === 0) return null;
  const blocks: Uint8Array[] = [];
  let total = 0;
  for (let off = 0; off < payload.length; off += MAX_BLOCK) {
    const chunk = payload.subarray(off, Math.min(payload.length, off + MAX_BLOCK));
    const z = deflate(chunk, level);
    if (z.length > MAX_BLOCK) return null; // incompressible 16 MB chunk: its size would not fit in 3 bytes
    const h = new Uint8Array(HEADER);
    h[0] = 0x5a; // 'Z'
    h[1] = 0x4c; // 'L'
    h[2] = 8; // deflate
    put24le(h, 3, z.length);
    put24le(h, 6, chunk.length);
    blocks.push(h, z);
    total += HEADER + z.length;
    if (total >= payload.length) return null;
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const b of blocks) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

function put24le(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
}

/**
 * Compresses basket payloads, possibly off the calling thread. `done` receives
 * the bytes to store — the ROOT blocks, or the raw payload when compression
 * does not make it strictly shorter — as a view valid only during the call.
 * Callbacks run in submission order, either inside `submit` or in a later
 * `submit`/`drain` call on the caller's thread.
 */
export interface BlockCompressor {
  /** `payload` is copied or consumed before `submit` returns; the caller may reuse it. */
  submit(payload: Uint8Array, done: (stored: Uint8Array) => void): void;
  /** Blocks until every submitted payload's `done` has run. */
  drain(): void;
  /** Releases threads/memory; pending work must have been drained. */
  close(): void;
}

/** A compressor that works synchronously on the caller's thread. */
export function inlineCompressor(level: number, deflate: Deflate | null): BlockCompressor {
  return {
    submit(payload, done) {
      const z = deflate ? rootCompress(payload, level, deflate) : null;
      done(z ?? payload);
    },
    drain() {},
    close() {},
  };
}
