/**
 * Exact timestamp conversion: the limb arithmetic of ticksToTime/timeToTicks
 * against BigInt for every kind of resolution, including tick counts far above 2^53.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ticksToTime, timeToTicks, tsResolution } from '../../src/pcapng/timestamp.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s);
}

function reference(ticks: bigint, code: number, offset: number): [number, number] {
  const unit = code & 0x80 ? 1n << BigInt(code & 0x7f) : 10n ** BigInt(code & 0x7f);
  const sec = ticks / unit;
  return [Number(sec) + offset, Number(((ticks - sec * unit) * 1000000000n) / unit)];
}

test('ticksToTime equals BigInt arithmetic for powers of 10 and 2 (limb path and BigInt path)', () => {
  const next = rng(42);
  // 0 s, µs, ns, 10^-10, 10^-11 (limbs), 10^-12 (BigInt); 2^0, 2^-10, 2^-20, 2^-30, 2^-32 (limbs), 2^-33, 2^-40 (BigInt)
  const codes = [0, 3, 6, 9, 10, 11, 12, 0x80, 0x8a, 0x94, 0x9e, 0xa0, 0xa1, 0xa8];
  const out = { tsSeconds: 0, tsNanos: 0 };
  for (const code of codes) {
    const edge: [number, number][] = [[0, 0], [0xffffffff, 0xffffffff], [0x1678252c, 0xbd3e4515], [0x001fffff, 0xffffffff], [0, 999999999]];
    for (let i = 0; i < 2000; i++) edge.push([next() >>> (next() % 32), next()]);
    for (const [hi, lo] of edge) {
      const r = tsResolution(code, code === 9 ? -5 : 0);
      ticksToTime(hi, lo, r, out);
      const [s, ns] = reference((BigInt(hi) << 32n) | BigInt(lo), code, r.offsetSeconds);
      if (Number.isSafeInteger(s)) assert.deepEqual([out.tsSeconds, out.tsNanos], [s, ns], `code ${code} hi ${hi} lo ${lo}`);
      else assert.equal(out.tsNanos, ns); // seconds beyond 2^53 (1 s resolution, all-ones) are rounded as doubles
    }
  }
});

test('timeToTicks is exact and inverts ticksToTime at 10^-9 and 10^-6', () => {
  const next = rng(7);
  const t = { hi: 0, lo: 0 };
  const back = { tsSeconds: 0, tsNanos: 0 };
  for (let i = 0; i < 5000; i++) {
    const sec = (next() % 4102444800) + (i === 0 ? 0 : 0); // up to year 2100
    const ns = next() % 1000000000;
    for (const exp of [9, 6]) {
      timeToTicks(sec, ns, exp, t);
      const ticks = (BigInt(t.hi) << 32n) | BigInt(t.lo);
      const truncated = exp === 9 ? ns : ns - (ns % 1000);
      assert.equal(ticks, BigInt(sec) * 10n ** BigInt(exp) + BigInt(Math.floor(ns / 10 ** (9 - exp))));
      ticksToTime(t.hi, t.lo, tsResolution(exp), back);
      assert.deepEqual([back.tsSeconds, back.tsNanos], [sec, truncated]);
    }
  }
  assert.throws(() => timeToTicks(2 ** 53 - 1, 0, 9, t), /does not fit 64 bits/);
});
