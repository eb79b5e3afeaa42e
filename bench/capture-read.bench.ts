/**
 * Capture reading throughput: a ~200 MB pcapng generated in a temp folder by
 * replaying example.pcapng's packets (timestamps shifted, ns resolution),
 * read through CaptureParser alone and through parser + UdpExtractor, from the
 * file (sync and async readers) and from memory. A second file replays the
 * 1.5 kB VTC frames of monitoring_vtc_00000.pcapng for a packets/s figure with
 * small packets. Prints MB/s, packets/s and peak RSS. Files are deleted afterwards.
 */
import { best } from './lib/timing.js';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCapture } from '../src/pcapng/index.js';
import { UdpExtractor } from '../src/net/index.js';
import { readCaptureFile, readCaptureFileAsync } from '../src/io/capture-file.js';
import { PcapngFileWriter } from '../src/io/pcapng-file-writer.js';

const DATA = fileURLToPath(new URL('../../shared/data/', import.meta.url));
const TARGET_BYTES = Number(process.env.BENCH_CAPTURE_MB ?? 200) * 1e6;

function generate(path: string, source: string, target: number): number {
  const src = readFileSync(join(DATA, source));
  const frames: { frame: Uint8Array; sec: number; ns: number }[] = [];
  parseCapture(new Uint8Array(src.buffer, src.byteOffset, src.length), (p) => {
    frames.push({ frame: p.bytes.slice(p.offset, p.offset + p.capturedLength), sec: p.tsSeconds, ns: p.tsNanos });
  });
  const w = new PcapngFileWriter(path, { ifName: 'bench' });
  let round = 0;
  while (w.bytesWritten < target) {
    for (const f of frames) w.writePacket(f.frame, f.sec + round, f.ns);
    round++;
  }
  w.close();
  return w.packets;
}


function report(name: string, bytes: number, packets: number, ms: number, payloadBytes?: number): void {
  const s = ms / 1000;
  const extra = payloadBytes !== undefined ? `, payload ${(payloadBytes / 1e6 / s).toFixed(0)} MB/s` : '';
  console.log(`${name.padEnd(44)} ${(bytes / 1e6 / s).toFixed(0).padStart(6)} MB/s  ${(packets / 1e6 / s).toFixed(3)} M packets/s  (${ms.toFixed(0)} ms${extra})`);
}

async function benchFile(dir: string, source: string, target: number, label: string): Promise<void> {
  const file = join(dir, `replay-${label}.pcapng`);
  const t0 = performance.now();
  const packets = generate(file, source, target);
  const size = statSync(file).size;
  const genMs = performance.now() - t0;
  console.log(`\n${label}: replayed ${source} into ${(size / 1e6).toFixed(0)} MB, ${packets} packets in ${genMs.toFixed(0)} ms (PcapngFileWriter incl. replay: ${(size / 1e6 / (genMs / 1000)).toFixed(0)} MB/s)`);
  readCaptureFile(file, () => {}); // warm the page cache

  const parseOnly = best(3, () => readCaptureFile(file, () => {}).parser.stats.packets);
  report('file → parser (sync, 1 MiB chunks)', size, parseOnly.value, parseOnly.ms);

  const full = best(3, () => {
    const ex = new UdpExtractor();
    let sum = 0;
    readCaptureFile(file, (p) => {
      const d = ex.extract(p);
      if (d) sum += d.bytes[d.offset]!; // touch the payload
    });
    return { ex, sum };
  });
  report('file → parser → UDP payloads (sync)', size, packets, full.ms, full.value.ex.stats.udpPayloadBytes);

  let asyncMs = Infinity;
  for (let i = 0; i < 3; i++) {
    const ex = new UdpExtractor();
    const ta = performance.now();
    await readCaptureFileAsync(file, (p) => void ex.extract(p));
    asyncMs = Math.min(asyncMs, performance.now() - ta);
  }
  report('file → parser → UDP payloads (async)', size, packets, asyncMs);
  console.log(`peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (file reads use one or two 1 MiB chunks)`);

  const mem = readFileSync(file);
  const bytes = new Uint8Array(mem.buffer, mem.byteOffset, mem.length);
  const inMem = best(3, () => {
    const ex = new UdpExtractor();
    parseCapture(bytes, (p) => void ex.extract(p));
    return ex;
  });
  report('memory → parser → UDP payloads (one push)', size, packets, inMem.ms);
  rmSync(file);
}

const dir = mkdtempSync(join(tmpdir(), 'vmmscope-bench-'));
try {
  await benchFile(dir, 'example.pcapng', TARGET_BYTES, 'SRS 9 kB frames');
  await benchFile(dir, 'monitoring_vtc_00000.pcapng', TARGET_BYTES / 2, 'VTC 1.5 kB frames');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
