/**
 * C printf number formatting (`%.Nf`, `%.Ne`, `%g`) on the exact binary value of a
 * double with round-half-even, as glibc does. JavaScript's toFixed/toExponential
 * round exact ties up ("pick the larger n"), which differs from printf on values
 * like 12.25 → "12.2". Non-finite values print as glibc prints them (`inf`, `-nan`).
 */

/** Exact decimal expansion of a finite double: digits (no leading zeros) and the decimal exponent of the first digit. */
function exactDigits(x: number): { neg: boolean; digits: string; exp: number } {
  const neg = x < 0 || Object.is(x, -0);
  x = Math.abs(x);
  if (x === 0) return { neg, digits: '0', exp: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const be = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (be === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = be - 1075;
  }
  // value = mant · 2^e2 = (mant · 5^-e2) · 10^e2 when e2 < 0
  let s: string;
  let pointFromRight: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    pointFromRight = 0;
  } else {
    s = (mant * 5n ** BigInt(-e2)).toString();
    pointFromRight = -e2;
  }
  // value = s · 10^-pointFromRight
  const stripped = s.replace(/0+$/, '');
  const exp = s.length - 1 - pointFromRight;
  return { neg, digits: stripped === '' ? '0' : stripped, exp };
}

/** Rounds a digit string to `n` digits (n ≥ 0) with half-even; returns digits and a carry flag. */
function roundDigits(d: string, n: number): { digits: string; carry: boolean } {
  if (d.length <= n) return { digits: d.padEnd(n, '0'), carry: false };
  const keep = d.slice(0, n);
  const next = d.charCodeAt(n) - 48;
  const rest = d.slice(n + 1);
  let up = next > 5 || (next === 5 && /[1-9]/.test(rest));
  if (next === 5 && !/[1-9]/.test(rest)) {
    const last = n > 0 ? keep.charCodeAt(n - 1) - 48 : 0;
    up = last % 2 === 1;
  }
  if (!up) return { digits: keep, carry: false };
  if (n === 0) return { digits: '', carry: true };
  const arr = keep.split('').map(Number);
  let i = n - 1;
  while (i >= 0) {
    if (arr[i]! < 9) {
      arr[i]!++;
      break;
    }
    arr[i] = 0;
    i--;
  }
  return { digits: arr.join(''), carry: i < 0 };
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return '-nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** printf `%.{prec}f` */
export function fmtF(x: number, prec = 6): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const { neg, digits, exp } = exactDigits(x);
  // number of digits before the point is exp + 1 (may be ≤ 0)
  const intDigits = exp + 1;
  let all: string;
  let intLen: number;
  if (intDigits > 0) {
    all = digits;
    intLen = intDigits;
  } else {
    all = '0'.repeat(-intDigits) + digits;
    intLen = 0;
  }
  const r = roundDigits(all, intLen + prec);
  let d = r.digits;
  if (r.carry) {
    d = '1' + d;
    intLen++;
  }
  const ip = intLen > 0 ? d.slice(0, intLen) : '0';
  const fp = d.slice(intLen);
  const body = prec > 0 ? `${ip}.${fp}` : ip;
  return (neg && /[1-9]/.test(body) ? '-' : neg ? '-' : '') + body;
}

/** printf `%.{prec}e` */
export function fmtE(x: number, prec = 6): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const { neg, digits, exp } = exactDigits(x);
  if (digits === '0') return `${neg ? '-' : ''}${(0).toFixed(prec)}e+00`;
  const r = roundDigits(digits, prec + 1);
  let d = r.digits;
  let e = exp;
  if (r.carry) {
    d = '1' + d.slice(0, prec);
    e++;
  }
  const mant = prec > 0 ? `${d[0]}.${d.slice(1)}` : d[0]!;
  const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : `${Math.abs(e)}`;
  return `${neg ? '-' : ''}${mant}e${e < 0 ? '-' : '+'}${es}`;
}

/** printf `%g` (precision 6 by default): the default formatting of C++ streams. */
export function fmtG(x: number, prec = 6): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const P = prec === 0 ? 1 : prec;
  const { digits, exp } = exactDigits(x);
  let X = exp;
  if (digits !== '0') {
    const r = roundDigits(digits, P);
    if (r.carry) X++;
  }
  let s: string;
  if (P > X && X >= -4) s = fmtF(x, P - 1 - X);
  else s = fmtE(x, P - 1);
  // remove trailing zeros (no '#' flag)
  if (s.includes('e')) {
    const [m, ex] = s.split('e');
    return (m!.includes('.') ? m!.replace(/\.?0+$/, '') : m!) + 'e' + ex;
  }
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
