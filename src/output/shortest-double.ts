/**
 * JavaScript's shortest round-trip spelling of a double (`String(x)`), written
 * straight into a byte buffer for the common case of CSV cells: non-integer
 * values with 1 ≤ |x| < 2^52 (times in ns, strip positions). Everything else
 * returns -1 and the caller falls back to `String(x)`.
 *
 * Method, exact in double arithmetic: x = I + F with F = n / 2^b (n < 2^b, the
 * fraction bits of x). A decimal I + m / 10^f parses back to x iff it lies in
 * x's rounding interval [x − 2^-(b+1), x + 2^-(b+1)] (closed iff the mantissa,
 * i.e. n, is even), that is iff 2·|n·5^f − m·2^(b−f)| ≤ 5^f. n·5^f (< 2^92) is
 * held in 24-bit limbs, so the quotient and remainder by 2^(b−f) are exact. The
 * fewest fraction digits f (found by bisection: success is monotone in f) with
 * the nearest m (ties to even m) is exactly the digit string ECMAScript's
 * Number::toString prescribes (fewest digits, then closest to x, then even),
 * in plain notation since |x| < 10^21. Platform-neutral.
 */

const LOG10_2 = Math.log10(2);
const P5: number[] = [];
for (let f = 0, p = 1; f <= 22; f++, p *= 5) P5.push(p);
const P2: number[] = [];
for (let s = 0, p = 1; s <= 60; s++, p *= 2) P2.push(p);
const TWO24 = 16777216;
const TWO48 = TWO24 * TWO24;
const TWO53 = 9007199254740992;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

// The candidate of the last `fits` call.
let candidate = 0;

/** Whether some m / 10^f lies in the rounding interval of F = n / 2^b; sets `candidate` to the nearest. */
function fits(n0: number, n1: number, n2: number, b: number, f: number, odd: boolean): boolean {
  const S = b - f;
  if (S <= 0) {
    candidate = (n2 * TWO48 + n1 * TWO24 + n0) * P5[f]! * P2[-S]!;
    return candidate < TWO53;
  }
  const p = P5[f]!;
  const p1 = Math.floor(p / TWO24);
  const p0 = p - p1 * TWO24;
  // n · 5^f in limbs of 24 bits
  // (no `%` on doubles beyond 2^31: V8 calls fmod for it; floor of a division by 2^24 is exact)
  let c = n0 * p0;
  let carry = Math.floor(c / TWO24);
  const l0 = c - carry * TWO24;
  c = carry + n1 * p0 + n0 * p1;
  carry = Math.floor(c / TWO24);
  const l1 = c - carry * TWO24;
  c = carry + n2 * p0 + n1 * p1;
  carry = Math.floor(c / TWO24);
  const l2 = c - carry * TWO24;
  const l3 = carry + n2 * p1;
  const hi = l3 * TWO24 + l2; // P = hi · 2^48 + lo
  const lo = l1 * TWO24 + l0;
  let q: number;
  let r: number;
  if (S <= 48) {
    const d = P2[S]!;
    const ql = Math.floor(lo / d);
    q = hi * P2[48 - S]! + ql;
    r = lo - ql * d;
  } else {
    const d = P2[S - 48]!;
    const qh = Math.floor(hi / d);
    q = qh;
    r = (hi - qh * d) * TWO48 + lo;
  }
  if (q >= TWO53) return false;
  const half = P2[S - 1]!;
  let dist: number;
  if (r < half || (r === half && q === 2 * Math.floor(q / 2))) {
    candidate = q;
    dist = r;
  } else {
    candidate = q + 1;
    dist = P2[S]! - r;
  }
  return odd ? 2 * dist < p : 2 * dist <= p;
}

/** ASCII pairs "00" … "99". */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** `width` decimal digits of an int32 v (< 10^9 … zero-padded), two at a time. */
function digits32(out: Uint8Array, end: number, v: number, width: number): void {
  let q = end;
  let i = width;
  while (i >= 2) {
    const t = (v / 100) | 0;
    const d = 2 * (v - 100 * t);
    out[--q] = PAIRS[d + 1]!;
    out[--q] = PAIRS[d]!;
    v = t;
    i -= 2;
  }
  if (i === 1) out[--q] = 48 + (v % 10);
}

/** `width` decimal digits of v (< 10^16, zero-padded), as two int32 halves of up to 8 digits. */
function digits(out: Uint8Array, p: number, v: number, width: number): number {
  const end = p + width;
  if (width <= 8) digits32(out, end, v, width);
  else {
    const hi = Math.floor(v / 1e8);
    digits32(out, end, v - hi * 1e8, 8);
    digits32(out, end - 8, hi, width - 8);
  }
  return end;
}

function intWidth(v: number): number {
  let w = 1;
  for (let t = 10; t <= v; t *= 10) w++;
  return w;
}

/**
 * Writes `String(x)` into `out` at `p` and returns the new position, or returns
 * -1 when x is outside the fast path (the caller then formats it as a string).
 * Needs 24 bytes of room.
 */
export function writeShortestDouble(out: Uint8Array, p: number, x: number): number {
  const a = x < 0 ? -x : x;
  if (!(a >= 1 && a < 4503599627370496)) return -1;
  const I = Math.floor(a);
  const F = a - I;
  if (F === 0) return -1;
  scratch[0] = a;
  const k = ((words[1]! >>> 20) & 0x7ff) - 1023; // 2^k ≤ a < 2^(k+1)
  const b = 52 - k; // fraction bits: F = n / 2^b
  const n = F * P2[b]!;
  const n2 = Math.floor(n / TWO48);
  const n1 = Math.floor((n - n2 * TWO48) / TWO24);
  const n0 = n - n2 * TWO48 - n1 * TWO24;
  const odd = (n0 & 1) === 1;
  let hiF = Math.ceil(b * LOG10_2); // spacing 10^-hiF < 2^-b: always fits
  if (!fits(n0, n1, n2, b, hiF, odd)) return -1; // quotient beyond 2^53
  let m = candidate;
  // most values need hiF or hiF − 1 digits: try those before bisecting the rest
  let loF = 1;
  if (hiF > 1) {
    if (!fits(n0, n1, n2, b, hiF - 1, odd)) loF = hiF;
    else {
      hiF--;
      m = candidate;
      if (hiF > 1 && !fits(n0, n1, n2, b, hiF - 1, odd)) loF = hiF;
    }
  }
  while (loF < hiF) {
    const mid = (loF + hiF) >>> 1;
    if (fits(n0, n1, n2, b, mid, odd)) {
      hiF = mid;
      m = candidate;
    } else loF = mid + 1;
  }
  const f = hiF;
  if (m >= P5[f]! * P2[f]!) return -1; // would carry into the integer part (cannot happen; safe)
  if (x < 0) out[p++] = 45;
  p = digits(out, p, I, intWidth(I));
  out[p++] = 46;
  return digits(out, p, m, f);
}
