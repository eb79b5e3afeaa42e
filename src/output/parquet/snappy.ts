/**
 * Snappy compression (raw block format, as Parquet's SNAPPY codec stores pages):
 * the reference implementation's greedy matcher (hash of 4 bytes, skip
 * heuristic, 64 KiB fragments), in TypeScript because Node has no Snappy. Only
 * the compressor: readers bring their own decompressor. Platform-neutral.
 */

const BLOCK = 1 << 16;
const HASH_LOG = 14;
const table = new Uint16Array(1 << HASH_LOG);

/** Upper bound of the compressed size of `n` bytes. */
export function snappyMaxLength(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

function load32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

function hash(v: number): number {
  return Math.imul(v, 0x1e35a7bd) >>> (32 - HASH_LOG);
}

function literal(src: Uint8Array, from: number, to: number, out: Uint8Array, op: number): number {
  const n = to - from - 1;
  if (n < 60) out[op++] = n << 2;
  else if (n < 0x100) {
    out[op++] = 60 << 2;
    out[op++] = n;
  } else if (n < 0x10000) {
    out[op++] = 61 << 2;
    out[op++] = n & 0xff;
    out[op++] = n >>> 8;
  } else {
    out[op++] = 62 << 2;
    out[op++] = n & 0xff;
    out[op++] = (n >>> 8) & 0xff;
    out[op++] = n >>> 16;
  }
  if (to - from < 32) {
    // short literals byte by byte: a subarray per literal costs more than the copy
    for (let i = from; i < to; i++) out[op++] = src[i]!;
    return op;
  }
  out.set(src.subarray(from, to), op);
  return op + to - from;
}

function copyBelow64(offset: number, len: number, out: Uint8Array, op: number): number {
  if (len < 12 && offset < 2048) {
    out[op++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
    out[op++] = offset & 0xff;
  } else {
    out[op++] = 2 | ((len - 1) << 2);
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
  }
  return op;
}

function copy(offset: number, len: number, out: Uint8Array, op: number): number {
  while (len >= 68) {
    op = copyBelow64(offset, 64, out, op);
    len -= 64;
  }
  if (len > 64) {
    op = copyBelow64(offset, 60, out, op);
    len -= 60;
  }
  return copyBelow64(offset, len, out, op);
}

/** Compresses one fragment `src[start, end)` (≤ 64 KiB) into `out` at `op`; returns the new `op`. */
function fragment(src: Uint8Array, start: number, end: number, out: Uint8Array, op: number): number {
  let ip = start;
  let nextEmit = start;
  if (end - start >= 15) {
    table.fill(0);
    const limit = end - 15;
    let nextHash = hash(load32(src, ++ip));
    for (;;) {
      let skip = 32;
      let next = ip;
      let candidate: number;
      do {
        ip = next;
        const h = nextHash;
        next = ip + (skip++ >>> 5);
        if (next > limit) return nextEmit < end ? literal(src, nextEmit, end, out, op) : op;
        nextHash = hash(load32(src, next));
        candidate = start + table[h]!;
        table[h] = ip - start;
      } while (load32(src, ip) !== load32(src, candidate));
      op = literal(src, nextEmit, ip, out, op);
      for (;;) {
        const base = ip;
        let m = 4;
        while (ip + m + 4 <= end && load32(src, candidate + m) === load32(src, ip + m)) m += 4;
        while (ip + m < end && src[candidate + m] === src[ip + m]) m++;
        ip += m;
        op = copy(base - candidate, m, out, op);
        nextEmit = ip;
        if (ip >= limit) return nextEmit < end ? literal(src, nextEmit, end, out, op) : op;
        table[hash(load32(src, ip - 1))] = ip - 1 - start;
        const h = hash(load32(src, ip));
        candidate = start + table[h]!;
        table[h] = ip - start;
        if (load32(src, ip) !== load32(src, candidate)) break;
      }
      nextHash = hash(load32(src, ++ip));
    }
  }
  return nextEmit < end ? literal(src, nextEmit, end, out, op) : op;
}

/**
 * Snappy-compresses `src` into `out` (at least `snappyMaxLength(src.length)`
 * bytes); returns the compressed length.
 */
export function snappyCompressInto(src: Uint8Array, out: Uint8Array): number {
  let op = 0;
  let n = src.length;
  while (n >= 0x80) {
    out[op++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[op++] = n;
  for (let s = 0; s < src.length; s += BLOCK) op = fragment(src, s, Math.min(src.length, s + BLOCK), out, op);
  return op;
}

/** Snappy-compressed copy of `src`. */
export function snappyCompress(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(snappyMaxLength(src.length));
  return out.subarray(0, snappyCompressInto(src, out));
}
