/**
 * `--follow stream` on dumpcap's own ring naming (`STEM_NNNNN_YYYYmmddHHMMSS.pcapng` in
 * the folder, numbers from 1): two captures written in pieces cut in the middle of
 * pcapng blocks; every datagram is delivered once, in order, each cut block when its
 * rest arrives; the first file counts as complete when the second appears; a block
 * still cut when following stops is counted as an incomplete last block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RingStreamSource } from '../../src/monitor/stream/ring-stream-source.js';
import { DATA, hasShared } from '../helpers/reference.js';
import { readPayloads } from '../capture/e2e-helpers.js';
import { sleep, until, writeCapture } from './stream-helpers.js';

test('follow stream: dumpcap ring files read while they grow, blocks cut at the end read when complete', { skip: !hasShared() && 'no ../shared', timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-ringstream-'));
  const src = new RingStreamSource(dir, 'ring', 20);
  try {
    const payloads = readPayloads(join(DATA, 'example.pcapng'));
    const [a, b] = [payloads.slice(0, 60), payloads.slice(60)];
    writeCapture(join(dir, 'a.cap'), a);
    writeCapture(join(dir, 'b.cap'), b);
    const [ba, bb] = [readFileSync(join(dir, 'a.cap')), readFileSync(join(dir, 'b.cap'))];
    const got: Uint8Array[] = [];
    await src.start((p) => got.push(p));
    const f1 = join(dir, 'ring_00001_20261204120000.pcapng');
    const f2 = join(dir, 'ring_00002_20261204120100.pcapng');
    // file 1 in 7 pieces of odd sizes (cuts inside blocks)
    writeFileSync(f1, '');
    const step = Math.ceil(ba.length / 7) + 13;
    for (let o = 0; o < ba.length; o += step) {
      appendFileSync(f1, ba.subarray(o, Math.min(ba.length, o + step)));
      await sleep(60);
      assert.ok(got.length <= a.length);
    }
    await until('file 1 read', () => got.length === a.length, 10_000);
    assert.equal(src.filesRead, 0, 'file 1 is still the newest: not complete yet');
    // file 2 appears: file 1 is complete; file 2 ends with a cut block when we stop
    writeFileSync(f2, bb.subarray(0, bb.length - 100));
    await until('file 2 read', () => got.length === payloads.length - 1 && src.filesRead === 1, 10_000);
    await src.stop();
    assert.equal(src.filesRead, 2, JSON.stringify(src.errors));
    assert.equal(src.filesSkipped, 0);
    assert.ok(got.every((p, i) => Buffer.from(p).equals(payloads[i]!)), 'every datagram once, in order');
    assert.equal(src.errors.length, 1);
    assert.match(src.errors[0]!, /ring_00002_20261204120100\.pcapng: incomplete last block \(\d+ bytes\) ignored/);
    // started late: every file present (default), or the newest only
    for (const [start, want] of [['oldest', payloads.length - 1], ['newest', b.length - 1]] as const) {
      const late: Uint8Array[] = [];
      const s2 = new RingStreamSource(dir, 'ring', 20, undefined, start);
      await s2.start((p) => late.push(p));
      await until(`${start}: the files read`, () => late.length === want, 10_000).finally(() => s2.stop());
      assert.equal(s2.filesRead, start === 'oldest' ? 2 : 1);
    }
  } finally {
    await src.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
