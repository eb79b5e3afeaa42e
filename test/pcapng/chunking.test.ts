/**
 * Chunk-boundary property: the same capture fed in chunks of 1, 7, 4096 bytes and
 * of seeded random sizes yields identical packets (bytes, lengths, times, indices,
 * offsets) and statistics as a single push. Real captures from ../shared/data and a
 * generated multi-section file in both byte orders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureParser, type PacketRef } from '../../src/pcapng/index.js';
import { DATA, hasShared } from '../helpers/reference.js';
import * as B from './build.js';

function fnv(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

const line = (p: PacketRef) =>
  `${p.index} ${p.fileOffset} ${p.tsSeconds}.${p.tsNanos} ${p.capturedLength}/${p.originalLength} ${p.linkType}:${p.interfaceId} ${fnv(p.bytes, p.offset, p.offset + p.capturedLength)}`;

function run(bytes: Uint8Array, sizes: () => number): { lines: string[]; stats: string } {
  const lines: string[] = [];
  const parser = new CaptureParser((p) => void lines.push(line(p)));
  const buf = new Uint8Array(bytes.length);
  for (let o = 0; o < bytes.length; ) {
    const n = Math.min(sizes(), bytes.length - o);
    // copy each chunk into a reused buffer, as the file reader does, and scribble over it
    // after the push: a parser that kept a view of an old chunk would deliver wrong bytes
    const chunk = buf.subarray(0, n);
    chunk.set(bytes.subarray(o, o + n));
    parser.push(chunk);
    chunk.fill(0xaa);
    o += n;
  }
  parser.end();
  return { lines, stats: JSON.stringify(parser.stats) };
}

function seeded(seed: number, max: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), 1 + (s % max));
}

function checkAllChunkings(bytes: Uint8Array, sizes: number[]) {
  const whole = run(bytes, () => bytes.length);
  assert.ok(whole.lines.length > 0);
  for (const n of sizes) assert.deepEqual(run(bytes, () => n), whole, `chunks of ${n}`);
  assert.deepEqual(run(bytes, seeded(1, 20000)), whole, 'random chunks ≤ 20000');
  assert.deepEqual(run(bytes, seeded(2, 50)), whole, 'random chunks ≤ 50');
}

test('generated multi-section capture in both byte orders: chunk sizes 1…13 and random', () => {
  const f = B.concat(
    B.shb('be'),
    B.idb('be', 1, 0, [B.tsresol(9)]),
    B.epb('be', 0, 1619084940123456789n, new Uint8Array(61).fill(3)),
    B.block('be', 5, new Uint8Array(20)),
    B.shb('le'),
    B.idb('le', 113, 128),
    B.spb('le', 200, new Uint8Array(128).fill(9)),
    B.pb('le', 0, 77n, Uint8Array.of(1, 2, 3)),
    B.epb('le', 0, 5n, new Uint8Array(9000).fill(5)),
  );
  checkAllChunkings(f, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 4096]);
});

test('real captures: chunks of 1, 7, 4096 bytes and random chunks give identical packets', { skip: !hasShared() && 'needs ../shared/data' }, () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.pcapng'));
  assert.ok(files.length >= 6);
  for (const f of files) {
    const b = readFileSync(join(DATA, f));
    const bytes = new Uint8Array(b.buffer, b.byteOffset, b.length);
    // 1-byte chunks on the largest file only (900 k pushes); 7 and 4096 on all
    checkAllChunkings(bytes, f === 'example.pcapng' ? [1, 7, 4096] : [7, 4096]);
  }
});
