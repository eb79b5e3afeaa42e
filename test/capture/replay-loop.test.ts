/**
 * `replay --loop` as a FEC emulator: the real example capture replayed in three passes,
 * recorded as it arrived and analysed. Every pass continues the run: per FEC the frame
 * counters never repeat and only move forward, the marker timestamps of every VMM
 * increase over the whole recording, and the analysis sees three
 * times the original's hits. Without the shift (`shiftLoops: false`) the same replay
 * repeats counters — the old behaviour the test tells apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayAndRecord } from '../helpers/replay-record.js';
import { DATA, REFERENCE, hasShared, loadCase } from '../helpers/reference.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { collectingSink } from '../helpers/analysis-harness.js';

const EXAMPLE = join(DATA, 'example.pcapng');

/** Per FEC the frame counters in arrival order, and per FEC·VMM the marker timestamps (SRS, VMM < 16). */
function sequences(payloads: Buffer[]): { frames: Map<number, number[]>; markers: Map<number, number[]> } {
  const frames = new Map<number, number[]>();
  const markers = new Map<number, number[]>();
  for (const p of payloads) {
    const fec = p[7]! >> 4;
    (frames.get(fec) ?? frames.set(fec, []).get(fec)!).push(p.readUInt32BE(0));
    for (let q = 16; q + 6 <= p.length; q += 6) {
      const d2 = p.readUInt16BE(q + 4);
      if (d2 & 0x8000 || ((d2 >> 10) & 31) >= 16) continue;
      const key = fec * 16 + ((d2 >> 10) & 31);
      (markers.get(key) ?? markers.set(key, []).get(key)!).push(p.readUInt32BE(q) * 1024 + (d2 & 1023));
    }
  }
  return { frames, markers };
}

async function analyse(file: string): Promise<{ hits: number }> {
  const c = loadCase('run_geometry');
  const args = [...c.args];
  args[args.indexOf('-f') + 1] = file;
  const o = parseConvertArgs(args.map((a) => (a.startsWith('../') ? join(REFERENCE, a) : a)), (p) => readFileSync(p, 'utf8'));
  const sink = collectingSink();
  await analyzeCaptureFile(file, o, sink);
  return { hits: sink.rows['hits']!.length };
}

test('replay --loop --passes 3: one long run (frame counters and markers continue, 3× the hits)', { skip: !hasShared() && 'no ../shared', timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-loop-'));
  try {
    const once = await replayAndRecord(EXAMPLE, join(dir, 'once.pcapng'));
    const looped = await replayAndRecord(EXAMPLE, join(dir, 'looped.pcapng'), { loop: true, passes: 3 });
    assert.equal(once.payloads.length, 100);
    assert.equal(looped.summary.loops, 3);
    assert.equal(looped.payloads.length, 300, 'nothing lost on loopback');

    const { frames, markers } = sequences(looped.payloads);
    const orig = sequences(once.payloads);
    for (const [fec, fcs] of frames) {
      const o = orig.frames.get(fec)!;
      const range = o[o.length - 1]! - o[0]! + 1;
      for (let i = 1; i < fcs.length; i++) assert.ok(fcs[i]! > fcs[i - 1]!, `FEC ${fec}: frame counter ${fcs[i]} after ${fcs[i - 1]} (index ${i})`);
      assert.equal(new Set(fcs).size, fcs.length, `FEC ${fec}: no repeated frame counter`);
      // pass k = the original counters + k × the FEC's counter range: the file's own gaps repeat, nothing else
      assert.deepEqual(fcs, [0, 1, 2].flatMap((k) => o.map((f) => f + k * range)));
    }
    let markerCount = 0;
    for (const [key, ts] of markers) {
      for (let i = 1; i < ts.length; i++) assert.ok(ts[i]! > ts[i - 1]!, `FEC·VMM ${key}: marker ${ts[i]} after ${ts[i - 1]}`);
      markerCount += ts.length;
    }
    assert.equal(markerCount, 3 * [...orig.markers.values()].reduce((s, m) => s + m.length, 0));

    const a1 = await analyse(join(dir, 'once.pcapng'));
    const a3 = await analyse(join(dir, 'looped.pcapng'));
    assert.ok(a1.hits > 1000);
    assert.equal(a3.hits, 3 * a1.hits);

    // the old behaviour, for contrast: counters repeat every pass
    const verbatim = await replayAndRecord(EXAMPLE, join(dir, 'verbatim.pcapng'), { loop: true, passes: 2, shiftLoops: false });
    const vf = sequences(verbatim.payloads).frames.get(2)!;
    assert.notEqual(new Set(vf).size, vf.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
