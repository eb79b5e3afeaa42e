/**
 * Benchmark input: a large SRS capture made by replaying a real one N times, each
 * replay with marker times shifted past the previous replay and continuing frame
 * counters, so that the analysis sees one long, consistent run (not committed;
 * written to a temporary folder).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseCapture } from '../../src/pcapng/parser.js';
import { UdpExtractor } from '../../src/net/udp-extractor.js';
import { buildUdpFrame } from '../../src/net/build-frame.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { shiftSrsPayload } from '../../src/readout/srs/encoder.js';

interface Packet {
  payload: Uint8Array;
  sec: number;
  nsec: number;
  srcPort: number;
  dstPort: number;
}

/** UDP payloads (copies) and times of a capture. */
export function capturePayloads(file: string): Packet[] {
  const ex = new UdpExtractor();
  const out: Packet[] = [];
  parseCapture(new Uint8Array(readFileSync(file)), (p) => {
    const d = ex.extract(p);
    if (d && d.length) out.push({ payload: d.bytes.slice(d.offset, d.offset + d.length), sec: p.tsSeconds, nsec: p.tsNanos, srcPort: d.srcPort, dstPort: d.dstPort });
  });
  return out;
}

/** Smallest and largest 42-bit marker timestamp (BC) of SRS payloads (VMM 0…15 markers). */
function markerRange(ps: Packet[]): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const { payload: b } of ps) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let q = 16; q + 6 <= b.length; q += 6) {
      const d2 = v.getUint16(q + 4);
      if (d2 & 0x8000 || ((d2 >> 10) & 31) >= 16) continue;
      const ts = v.getUint32(q) * 1024 + (d2 & 1023);
      lo = Math.min(lo, ts);
      hi = Math.max(hi, ts);
    }
  }
  return [lo, hi];
}

/**
 * Writes `out` with replays of `source` until it reaches `targetBytes`. Returns the
 * number of replays and hit words written.
 */
export function writeReplayedCapture(source: string, out: string, targetBytes: number): { replays: number; bytes: number } {
  const ps = capturePayloads(source);
  // Each replay continues one marker period after the previous one ended.
  const [lo, hi] = markerRange(ps);
  const span = hi - lo + (1 << 16);
  const w = new PcapngFileWriter(out);
  let frame = 0;
  let replays = 0;
  const first = ps[0]!;
  const spanSeconds = Math.max(1, (ps[ps.length - 1]!.sec - first.sec) + 1);
  while (w.bytesWritten < targetBytes) {
    for (const p of ps) {
      const pl = p.payload.slice();
      shiftSrsPayload(pl, 0, pl.length, (replays * span) % 2 ** 42, frame++);
      const f = buildUdpFrame(pl, { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: p.srcPort, dstPort: p.dstPort });
      w.writePacket(f, p.sec + replays * spanSeconds, p.nsec);
    }
    replays++;
  }
  w.close();
  return { replays, bytes: statSync(out).size };
}
