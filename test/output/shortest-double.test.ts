/**
 * `writeShortestDouble` spells every double exactly as `String(x)` does, or
 * declines (-1): a million values of the kinds the trees hold and of the hard
 * kinds (short decimals and their neighbours, ties to even, every binade, random bit
 * patterns), seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeShortestDouble } from '../../src/output/shortest-double.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function next(x: number, dir: 1 | -1): number {
  f64[0] = x;
  const lo = u32[0]! + dir;
  if (lo > 0xffffffff) {
    u32[0] = 0;
    u32[1]! += 1;
  } else if (lo < 0) {
    u32[0] = 0xffffffff;
    u32[1]! -= 1;
  } else u32[0] = lo;
  return f64[0];
}

test('one million doubles: equal to String(x) or declined', () => {
  const r = rng(20261204);
  const out = new Uint8Array(32);
  const values: number[] = [1.5, 2.5, 0.5 + 2 ** 51, 4503599627370495.5, 75530.57352941176, 1.0000000000000002, 9.999999999999998, 1.7976931348623157e308, -3.25];
  for (let i = 0; i < 150_000; i++) {
    values.push(1 + r() * 9); // [1, 10): up to 17 digits
    values.push(r() * 2e5); // times in ns
    values.push(-(1 + r() * 300)); // negative deltas
    const dec = Math.round(r() * 1e6) / 10 ** Math.floor(r() * 7); // short decimals …
    values.push(dec, next(dec, 1), next(dec, -1)); // … and their neighbours
    values.push(2 ** Math.floor(r() * 52) * (1 + r())); // every binade
    u32[0] = (r() * 4294967296) >>> 0; // random bit patterns with exponents 0..52
    u32[1] = ((1023 + Math.floor(r() * 53)) << 20) | ((r() * 1048576) >>> 0);
    values.push(f64[0]);
    // ties between two candidates (x = I + 1/4 with a quarter ulp: .2 and .3 equally near; even wins)
    const I = 2 ** (47 + Math.floor(r() * 4)) + Math.floor(r() * 2 ** 40);
    values.push(I + 0.25, I + 0.75, I + 0.125, I + 0.375);
  }
  let fast = 0;
  for (const x of values) {
    const n = writeShortestDouble(out, 0, x);
    if (n < 0) continue;
    fast++;
    const got = Buffer.from(out.subarray(0, n)).toString('latin1');
    if (got !== String(x)) assert.fail(`${String(x)} written as ${got}`);
  }
  assert.ok(fast > values.length * 0.8, `fast path taken for ${fast} of ${values.length}`);
});
