/**
 * Exact conversion between pcapng 64-bit timestamps (a count of ticks of
 * 10^-n or 2^-n seconds, stored as two u32 halves) and (integer seconds,
 * nanoseconds). A nanosecond timestamp since 1970 is ~1.7e18 > 2^53, so it
 * cannot go through one double: the 64-bit value is divided in 16-bit limbs,
 * each step exact in double arithmetic, with no allocation. Resolutions that
 * the limb arithmetic cannot cover exactly (10^-12 and finer, 2^-33 and finer)
 * take a BigInt path, which allocates but is never used by real capture tools.
 */

/** How one interface's timestamps are to be read; one object per IDB (not per packet). */
export interface TsResolution {
  /** Raw `if_tsresol` byte (default 6 = microseconds). */
  readonly code: number;
  /** True for 2^-exp, false for 10^-exp. */
  readonly pow2: boolean;
  readonly exp: number;
  /** `if_tsoffset`: seconds added to every timestamp of the interface. */
  readonly offsetSeconds: number;
}

/** A mutable target for a converted timestamp. */
export interface TimeTarget {
  tsSeconds: number;
  tsNanos: number;
}

const TWO32 = 4294967296;
const LIMB = 65536;

/** Decodes an `if_tsresol` byte. */
export function tsResolution(code: number, offsetSeconds = 0): TsResolution {
  return { code, pow2: (code & 0x80) !== 0, exp: code & 0x7f, offsetSeconds };
}

/** Microsecond resolution, the pcapng default when an IDB has no `if_tsresol`. */
export const TS_MICRO: TsResolution = tsResolution(6);

/**
 * Writes the time of the tick count `hi·2^32 + lo` into `out` (seconds rounded down,
 * nanoseconds truncated toward zero). Exact for every resolution.
 */
export function ticksToTime(hi: number, lo: number, r: TsResolution, out: TimeTarget): void {
  if (!r.pow2) {
    if (r.exp <= 11) {
      // divisor 10^exp ≤ 1e11 < 2^37: every partial dividend below stays < 2^53.
      const d = POW10[r.exp]!;
      const qh = Math.floor(hi / d);
      let rem = hi - qh * d;
      let x = rem * LIMB + (lo >>> 16);
      const q1 = Math.floor(x / d);
      rem = x - q1 * d;
      x = rem * LIMB + (lo & 0xffff);
      const q2 = Math.floor(x / d);
      rem = x - q2 * d;
      out.tsSeconds = qh * TWO32 + q1 * LIMB + q2 + r.offsetSeconds;
      out.tsNanos = r.exp <= 9 ? rem * POW10[9 - r.exp]! : Math.floor(rem / POW10[r.exp - 9]!);
      return;
    }
  } else if (r.exp <= 32) {
    const k = r.exp;
    const unit = 2 ** k;
    const loSec = Math.floor(lo / unit);
    const rem = lo - loSec * unit;
    out.tsSeconds = hi * 2 ** (32 - k) + loSec + r.offsetSeconds;
    // rem < 2^k ≤ 2^32, 1e9 = 2^9·1953125: rem·1953125 < 2^53, and the division by a power of two is exact.
    out.tsNanos = k >= 9 ? Math.floor((rem * 1953125) / 2 ** (k - 9)) : rem * 1953125 * 2 ** (9 - k);
    return;
  }
  ticksToTimeBig(hi, lo, r, out);
}

function ticksToTimeBig(hi: number, lo: number, r: TsResolution, out: TimeTarget): void {
  const ticks = (BigInt(hi) << 32n) | BigInt(lo);
  const unit = r.pow2 ? 1n << BigInt(r.exp) : 10n ** BigInt(r.exp);
  const sec = ticks / unit;
  out.tsSeconds = Number(sec) + r.offsetSeconds;
  out.tsNanos = Number(((ticks - sec * unit) * 1000000000n) / unit);
}

/** 10^0 … 10^11 as exact doubles. */
const POW10: readonly number[] = Array.from({ length: 12 }, (_, i) => 10 ** i);

/** Output of {@link timeToTicks}: the two u32 halves of the tick count. */
export interface Ticks {
  hi: number;
  lo: number;
}

/**
 * Tick count for (seconds, nanos) at resolution 10^-exp (exp 0…9), written into `out`.
 * Nanoseconds finer than the resolution are truncated. Exact for 0 ≤ seconds < 2^53
 * as long as the result fits 64 bits; throws a RangeError otherwise.
 */
export function timeToTicks(seconds: number, nanos: number, exp: number, out: Ticks): Ticks {
  if (!(seconds >= 0) || !Number.isSafeInteger(seconds)) throw new RangeError(`pcapng: timestamp seconds ${seconds} not a non-negative integer`);
  if (!(nanos >= 0 && nanos < 1e9)) throw new RangeError(`pcapng: timestamp nanoseconds ${nanos} outside 0…999999999`);
  const mult = POW10[exp]!;
  const add = Math.floor(nanos / POW10[9 - exp]!);
  // seconds·mult + add in base-2^16 limbs: each product < 2^16·2^30, plus carry, stays exact.
  let s = seconds;
  let carry = add;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let i = 0; i < 4; i++) {
    const limb = s % LIMB;
    s = (s - limb) / LIMB;
    const p = limb * mult + carry;
    const digit = p % LIMB;
    carry = (p - digit) / LIMB;
    if (i === 0) l0 = digit;
    else if (i === 1) l1 = digit;
    else if (i === 2) l2 = digit;
    else l3 = digit;
  }
  if (carry !== 0 || s !== 0) throw new RangeError(`pcapng: timestamp ${seconds} s does not fit 64 bits at 10^-${exp} s`);
  out.hi = l3 * LIMB + l2;
  out.lo = l1 * LIMB + l0;
  return out;
}
