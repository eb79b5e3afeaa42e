/**
 * IPv4 addresses as u32 numbers (network order value, e.g. 10.0.0.2 = 0x0a000002)
 * and the IPv4 header checksum (RFC 791 / RFC 1071 one's-complement sum).
 */

/** Parses dotted-quad text into a u32; throws a RangeError naming the text. */
export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) throw new RangeError(`not an IPv4 address: "${text}"`);
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new RangeError(`not an IPv4 address: "${text}"`);
    v = v * 256 + Number(p);
  }
  return v;
}

/** Formats a u32 as dotted-quad text. */
export function formatIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/**
 * One's-complement checksum of `bytes[offset … offset+length)` (length even), as
 * stored in the IPv4 header checksum field. A header with a correct checksum sums to 0.
 */
export function ipv4HeaderChecksum(bytes: Uint8Array, offset: number, length: number): number {
  let sum = 0;
  for (let i = offset; i < offset + length; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
