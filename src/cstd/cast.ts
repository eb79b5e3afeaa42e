/**
 * C conversions that shape vmm-sdat's numbers (analysis.md §0).
 */

/** double → uint16_t as the x86-64 build does: truncate to i32 (out of range/NaN → INT_MIN), keep the low 16 bits. */
export function u16d(x: number): number {
  const t = Math.trunc(x);
  return (t >= -2147483648 && t <= 2147483647 ? t : -2147483648) & 0xffff;
}

/** A double printed as vmm-sdat prints a u64 conversion of it. */
export function u64(x: number): string {
  return x >= 0 ? BigInt(Math.trunc(x)).toString() : BigInt.asUintN(64, BigInt(Math.trunc(x))).toString();
}
