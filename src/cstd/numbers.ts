/**
 * C/C++ number conversions as vmm-sdat uses them on command-line values
 * (analysis.md §2.1, §2.3): `atoi`, `atof`/`strtod`, `stof`, `stoi`, `stod`.
 * They convert the longest valid prefix after leading white space.
 */

const WS = /^[ \t\n\v\f\r]*/;

/** Result of a prefix conversion: `length` = 0 when nothing could be converted. */
export interface Prefix {
  value: number;
  length: number;
}

/** strtod's prefix rule: decimal (with exponent), hex float, inf/infinity, nan/nan(...). */
export function strtodPrefix(s: string): Prefix {
  const ws = WS.exec(s)![0].length;
  const rest = s.slice(ws);
  let m = /^[+-]?(inf(inity)?|nan(\([0-9A-Za-z_]*\))?)/i.exec(rest);
  if (m) {
    const neg = rest[0] === '-';
    const isNan = /nan/i.test(m[0]);
    return { value: isNan ? NaN : neg ? -Infinity : Infinity, length: ws + m[0].length };
  }
  m = /^([+-]?)0[xX](?=[0-9a-fA-F]|\.[0-9a-fA-F])([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?/.exec(rest);
  if (m) {
    const int = m[2] ?? '';
    const frac = m[3] ?? '';
    let v = 0;
    for (const c of int + frac) v = v * 16 + parseInt(c, 16);
    v *= Math.pow(16, -frac.length);
    if (m[4] !== undefined) v *= Math.pow(2, Number(m[4]));
    // A trailing 'p' without digits is not part of the number.
    const len = m[0].length;
    return { value: m[1] === '-' ? -v : v, length: ws + len };
  }
  m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
  if (m) return { value: Number(m[0]), length: ws + m[0].length };
  // "0x" with no hex digits: strtod converts the "0".
  m = /^[+-]?0/.exec(rest);
  if (m) return { value: 0, length: ws + m[0].length };
  return { value: 0, length: 0 };
}

/** C `atof`: 0 when there is no numeric prefix. */
export function atof(s: string): number {
  return strtodPrefix(s).value;
}

/** C `atoi` (as glibc's strtol truncated to int): leading white space, sign, decimal digits; 0 if none. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  const big = BigInt(m[1]!);
  // strtol saturates at the long range, then the cast to int keeps the low 32 bits.
  const lmax = (1n << 63n) - 1n;
  const l = big > lmax ? lmax : big < -lmax - 1n ? -lmax - 1n : big;
  return Number(BigInt.asIntN(32, l));
}

/** C `atoi` widened the way vmm-sdat stores `-n` (u64): negative values become huge (= no limit). */
export function atoiU64(s: string): number {
  const v = atoi(s);
  return v < 0 ? Number.MAX_SAFE_INTEGER : v;
}

/** Thrown where C++ `stof`/`stoi`/`stod` would throw (no numeric prefix): vmm-sdat aborts (exit 134). */
export class CppConversionError extends Error {
  constructor(
    readonly fn: string,
    readonly input: string,
    /** The C++ exception: invalid_argument (no number) or out_of_range. */
    readonly kind: 'invalid_argument' | 'out_of_range' = 'invalid_argument',
  ) {
    super(`${fn}: ${kind === 'invalid_argument' ? 'no conversion of' : 'out of range:'} '${input}'`);
  }
}

const FLT_MIN = 1.1754943508222875e-38;

/**
 * C++ `stof`: prefix conversion to single precision; returns the f64 of the f32 result.
 * Like libstdc++ it throws when strtof reports ERANGE: a finite value beyond the float
 * range (overflow) or a non-zero value that underflows below the smallest normal float.
 */
export function stof(s: string): number {
  const p = strtodPrefix(s);
  if (p.length === 0) throw new CppConversionError('stof', s);
  const f = Math.fround(p.value);
  if (Number.isFinite(p.value) && (!Number.isFinite(f) || (p.value !== 0 && Math.abs(f) < FLT_MIN))) throw new CppConversionError('stof', s, 'out_of_range');
  return f;
}

/** C++ `stod`: prefix conversion to double. */
export function stod(s: string): number {
  const p = strtodPrefix(s);
  if (p.length === 0) throw new CppConversionError('stod', s);
  return p.value;
}

/** C++ `stoi`: decimal prefix conversion to int. */
export function stoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(s);
  if (!m) throw new CppConversionError('stoi', s);
  const v = Number(m[0].trim());
  if (v > 2147483647 || v < -2147483648) throw new CppConversionError('stoi', s, 'out_of_range');
  return v;
}
