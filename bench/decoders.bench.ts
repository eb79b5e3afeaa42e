/**
 * ESS and VTC decoder throughput. Captures are generated in a temp folder by replaying
 * the payloads of example_LET.pcapng (ESS: sequence numbers and pulse/readout seconds
 * advanced per round so the stream stays valid) and monitoring_vtc_00000.pcapng (VTC:
 * frame counters advanced) — BENCH_DECODER_MB each (default 100). Prints readouts/s for
 * the decoder alone on payloads in memory and for file → pcapng parser → UDP extractor →
 * decoder, plus peak RSS. Files are deleted afterwards.
 */
import { best } from './lib/timing.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCapture } from '../src/pcapng/index.js';
import { UdpExtractor, buildUdpFrame } from '../src/net/index.js';
import { readCaptureFile } from '../src/io/capture-file.js';
import { PcapngFileWriter } from '../src/io/pcapng-file-writer.js';
import { EssDecoder } from '../src/readout/ess/decoder.js';
import { VtcDecoder } from '../src/readout/vtc/decoder.js';
import type { PayloadDecoder } from '../src/readout/decoder.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const TARGET_BYTES = Number(process.env.BENCH_DECODER_MB ?? 100) * 1e6;

function payloads(source: string): { bytes: Uint8Array; sec: number; ns: number }[] {
  const src = readFileSync(join(DATA, source));
  const ex = new UdpExtractor();
  const out: { bytes: Uint8Array; sec: number; ns: number }[] = [];
  parseCapture(new Uint8Array(src.buffer, src.byteOffset, src.length), (p) => {
    const d = ex.extract(p);
    if (d) out.push({ bytes: d.bytes.slice(d.offset, d.offset + d.length), sec: d.tsSeconds, ns: d.tsNanos });
  });
  return out;
}

/** Round r of a payload: ESS sequence numbers and seconds, VTC frame counters moved on. */
function advance(format: 'ESS' | 'VTC', p: Uint8Array, round: number, perRound: number[], index: number): Uint8Array {
  const b = p.slice();
  const dv = new DataView(b.buffer);
  if (format === 'VTC') {
    dv.setUint32(4, dv.getUint32(4, false) + round * perRound[0]!, false);
    return b;
  }
  const q = b[8]!;
  dv.setUint32(26, round * perRound[q]! + Math.floor(index / 2), true); // queues 0/1 alternate: sequence 0, 1, 2 … per queue
  const shift = round * 8; // seconds: the capture spans ~7.1 s
  for (const off of [10, 18]) dv.setUint32(off, dv.getUint32(off, true) + shift, true);
  for (let r = 30; r < b.length; r += 20) dv.setUint32(r + 4, dv.getUint32(r + 4, true) + shift, true);
  return b;
}

function generate(path: string, format: 'ESS' | 'VTC', source: string): { packets: number; payloadBytes: number } {
  const list = payloads(source);
  const perRound = format === 'VTC' ? [list.length] : [list.length / 2, list.length / 2];
  const w = new PcapngFileWriter(path, { ifName: 'bench' });
  let round = 0;
  let payloadBytes = 0;
  const addr = { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 9000, dstPort: 9000 };
  while (w.bytesWritten < TARGET_BYTES) {
    list.forEach((p, i) => {
      const b = advance(format, p.bytes, round, perRound, i);
      payloadBytes += b.length;
      w.writePacket(buildUdpFrame(b, addr), p.sec + round * 8, p.ns);
    });
    round++;
  }
  w.close();
  return { packets: w.packets, payloadBytes };
}


function line(name: string, readouts: number, bytes: number, ms: number): void {
  const s = ms / 1000;
  console.log(`${name.padEnd(40)} ${(readouts / 1e6 / s).toFixed(2).padStart(6)} M readouts/s  ${(bytes / 1e6 / s).toFixed(0).padStart(5)} MB/s  (${ms.toFixed(0)} ms)`);
}

function bench(dir: string, format: 'ESS' | 'VTC', source: string, make: () => PayloadDecoder): void {
  const file = join(dir, `${format}.pcapng`);
  const t0 = performance.now();
  const g = generate(file, format, source);
  console.log(`\n${format}: ${source} replayed into ${(statSync(file).size / 1e6).toFixed(0)} MB, ${g.packets} packets (${(performance.now() - t0).toFixed(0)} ms)`);

  // payloads in memory (one buffer, offsets) → decoder only
  const mem = readFileSync(file);
  const bytes = new Uint8Array(mem.buffer, mem.byteOffset, mem.length);
  const offs: number[] = [];
  const lens: number[] = [];
  const ex = new UdpExtractor({ payloadCap: Infinity });
  parseCapture(bytes, (p) => {
    const d = ex.extract(p);
    if (d && d.bytes.buffer === bytes.buffer) {
      offs.push(d.bytes.byteOffset - bytes.byteOffset + d.offset);
      lens.push(d.length);
    }
  });
  const decodeOnly = best(3, () => {
    const dec = make();
    let n = 0;
    for (let i = 0; i < offs.length; i++) n += dec.decode(bytes, offs[i]!, lens[i]!);
    return { n, dec };
  });
  const c = decodeOnly.value.dec.counters();
  line('memory payloads → decoder', decodeOnly.value.n, g.payloadBytes, decodeOnly.ms);
  const errors = format === 'ESS' ? c['ErrorSeqNum']! + c['BadFrames']! : c['ParserBadFrames']! + c['ParserFrameSeqErrors']!;
  console.log(`  (${offs.length} payloads, ${decodeOnly.value.n} readouts returned, ${errors} sequence/bad-frame errors)`);

  const full = best(3, () => {
    const dec = make();
    const x = new UdpExtractor();
    let n = 0;
    readCaptureFile(file, (p) => {
      const d = x.extract(p);
      if (d && d.length > 0) n += dec.decode(d.bytes, d.offset, d.length);
    });
    return n;
  });
  line('file → pcapng → UDP → decoder (sync)', full.value, statSync(file).size, full.ms);
  rmSync(file);
}

const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-decoders-'));
try {
  bench(dir, 'ESS', 'example_LET.pcapng', () => new EssDecoder({ tbc: 22.5 }));
  bench(dir, 'VTC', 'monitoring_vtc_00000.pcapng', () => new VtcDecoder({ toff: 102400 }));
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole files held in memory for the decoder-only figures)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
