/**
 * Writer → reader round trips: the payloads of every real capture rewritten with
 * buildUdpFrame + PcapngWriter (ns and µs resolution) come back identical through
 * CaptureParser + UdpExtractor, with their timestamps; interface metadata survives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PcapngWriter, parseCapture } from '../../src/pcapng/index.js';
import { UdpExtractor, encodeUdpFrame, resolveUdpAddressing } from '../../src/net/index.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { concat } from './build.js';

function writeAll(opts: ConstructorParameters<typeof PcapngWriter>[1], fill: (w: PcapngWriter) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c), opts);
  fill(w);
  w.flush();
  return concat(...chunks);
}

test('real payloads → frames → pcapng (ns and µs) → parser + extractor give them back', { skip: !hasShared() && 'needs ../shared/data' }, () => {
  const src = readFileSync(join(DATA, 'example_triggered_mode.pcapng'));
  const original: { sec: number; ns: number; payload: Uint8Array; srcPort: number }[] = [];
  const ex0 = new UdpExtractor();
  parseCapture(new Uint8Array(src.buffer, src.byteOffset, src.length), (p) => {
    const d = ex0.extract(p);
    if (d) original.push({ sec: d.tsSeconds, ns: d.tsNanos, payload: d.bytes.slice(d.offset, d.offset + d.length), srcPort: d.srcPort });
  });
  assert.equal(original.length, 36);
  const addr = resolveUdpAddressing({ srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 });
  const scratch = new Uint8Array(65536);
  for (const exp of [9, 6]) {
    const file = writeAll({ tsExponent: exp, ifName: 'udp:6006', chunkBytes: 4096 }, (w) => {
      for (const o of original) {
        const n = encodeUdpFrame(scratch, 0, o.payload, 0, o.payload.length, addr);
        w.writePacket(scratch, o.sec, o.ns, n);
      }
    });
    const ex = new UdpExtractor();
    const back: typeof original = [];
    const parser = parseCapture(file, (p) => {
      const d = ex.extract(p);
      if (d) back.push({ sec: d.tsSeconds, ns: d.tsNanos, payload: d.bytes.slice(d.offset, d.offset + d.length), srcPort: d.srcPort });
    });
    assert.equal(parser.section?.userAppl, 'vmmscope');
    assert.equal(parser.interfaces[0]!.name, 'udp:6006');
    assert.equal(parser.interfaces[0]!.tsResolution.exp, exp);
    assert.equal(back.length, original.length);
    back.forEach((b, i) => {
      const o = original[i]!;
      assert.deepEqual(b.payload, o.payload);
      assert.equal(b.sec, o.sec);
      assert.equal(b.ns, exp === 9 ? o.ns : o.ns - (o.ns % 1000));
      assert.equal(b.srcPort, 6006);
    });
    assert.equal(ex.stats.udpPackets, 36);
    assert.equal(ex.stats.otherPackets, 0);
  }
});

test('link type, snaplen and original length survive; frames longer than the snaplen are truncated packets', () => {
  const file = writeAll({ linkType: 113, snaplen: 64 }, (w) => {
    w.writePacket(new Uint8Array(40).fill(1), 5, 6);
    w.writePacket(new Uint8Array(100).fill(2), 7, 8);
  });
  const seen: [number, number, number, number][] = [];
  parseCapture(file, (p) => void seen.push([p.linkType, p.capturedLength, p.originalLength, p.tsNanos]));
  assert.deepEqual(seen, [
    [113, 40, 40, 6],
    [113, 64, 100, 8],
  ]);
});
