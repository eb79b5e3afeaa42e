/**
 * Property test (issue 2): a seeded list of hits is encoded into SRS payloads by the
 * project's generator, framed into a pcapng file, analysed from the file, and the
 * hits tree gives back every hit with the fields and times the spec says (A§7).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSrsPayload, type SrsWord } from '../../src/readout/srs/encoder.js';
import { buildUdpFrame } from '../../src/net/build-frame.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { HITS } from '../../src/table/trees.js';
import type { TableBatch } from '../../src/table/types.js';
import { column } from '../../src/table/types.js';
import { copyBatch } from '../../src/table/copy.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Geometry: detector 1, FEC 1 VMM 0/1 → planes 0/1, FEC 2 VMM 2 → plane 0; strip = channel + 64·(vmm & 1). */
const GEO = JSON.stringify({
  vmm_geometry: [
    { detector: 1, plane: 0, fec: 1, vmm: 0, id0: Array.from({ length: 64 }, (_, c) => c) },
    { detector: 1, plane: 1, fec: 1, vmm: 1, id0: Array.from({ length: 64 }, (_, c) => c + 64) },
    { detector: 1, plane: 0, fec: 2, vmm: 2, id0: Array.from({ length: 64 }, (_, c) => c + 200) },
  ],
});

interface Expected {
  fec: number;
  vmm: number;
  ch: number;
  bcid: number;
  tdc: number;
  adc: number;
  ov: number;
  readout: number;
}

for (const seed of [1, 2, 3]) {
  test(`encode → pcapng → analyze gives the hits back (seed ${seed})`, async () => {
    const r = rng(seed);
    const dir = mkdtempSync(join(tmpdir(), 'vmmscope-rt-'));
    try {
      const file = join(dir, 'gen.pcapng');
      const w = new PcapngFileWriter(file);
      const expected: Expected[] = [];
      const marker = new Map<string, number>();
      let frame = 0;
      for (let pkt = 0; pkt < 40; pkt++) {
        const fec = r() < 0.7 ? 1 : 2;
        const vmms = fec === 1 ? [0, 1] : [2];
        const words: SrsWord[] = [];
        for (const vmm of vmms) {
          // markers advance by less than 16 offset periods, so no hit is "new data" mid-way through a packet
          const ts = (marker.get(`${fec}/${vmm}`) ?? 1000) + Math.floor(r() * 4096);
          marker.set(`${fec}/${vmm}`, ts);
          words.push({ kind: 'marker', vmm, timestamp: ts });
        }
        const n = 1 + Math.floor(r() * 60);
        for (let i = 0; i < n; i++) {
          const vmm = vmms[Math.floor(r() * vmms.length)]!;
          const h = {
            kind: 'hit' as const, vmm, channel: Math.floor(r() * 64), tdc: 1 + Math.floor(r() * 255),
            adc: 16 + Math.floor(r() * 1008), bcid: Math.floor(r() * 4096), offset: Math.floor(r() * 16),
            overThreshold: r() < 0.5,
          };
          words.push(h);
          const m = marker.get(`${fec}/${vmm}`)!;
          expected.push({ fec, vmm, ch: h.channel, bcid: h.bcid, tdc: h.tdc, adc: h.adc, ov: h.overThreshold ? 1 : 0, readout: m * 25 + 102400 * h.offset });
        }
        const payload = encodeSrsPayload(frame++, fec, words);
        w.writePacket(buildUdpFrame(payload, { srcIp: `10.0.0.${fec}`, dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), 1_700_000_000 + pkt, 0);
      }
      w.close();
      const o = parseConvertArgs(['-f', file, '-geo', 'g.json', '-save', '[[1],[],[]]'], () => GEO);
      const batches: TableBatch[] = [];
      const res = await analyzeCaptureFile(file, o, { write: (t, b) => t === HITS && batches.push(copyBatch(b)) });
      assert.equal(res.capture.totalPackets, 40);
      const got = (name: string): number[] => batches.flatMap((b) => Array.from(column(b, name) as ArrayLike<number>));
      assert.equal(got('id').length, expected.length);
      assert.deepEqual(got('fec'), expected.map((e) => e.fec));
      assert.deepEqual(got('vmm'), expected.map((e) => e.vmm));
      assert.deepEqual(got('ch'), expected.map((e) => e.ch));
      assert.deepEqual(got('bcid'), expected.map((e) => e.bcid));
      assert.deepEqual(got('tdc'), expected.map((e) => e.tdc));
      assert.deepEqual(got('adc'), expected.map((e) => e.adc));
      assert.deepEqual(got('over_threshold'), expected.map((e) => e.ov));
      assert.deepEqual(got('readout_time'), expected.map((e) => e.readout));
      assert.deepEqual(got('pos'), expected.map((e) => (e.vmm === 0 ? e.ch : e.vmm === 1 ? e.ch + 64 : e.ch + 200)));
      // chip time = BCID·25 + (37.5 − TDC·60/255) at 40 MHz without calibration (A§7.4)
      assert.deepEqual(got('chip_time'), expected.map((e) => e.bcid * 25 + (37.5 - (e.tdc * 60) / 255)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
