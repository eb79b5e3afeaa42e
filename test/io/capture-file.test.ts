/**
 * Node file reading and writing: sync/async readers on a real capture with small
 * chunks and progress, clear errors naming the file (missing, directory, not a
 * capture, corrupt), truncated files, abort; PcapngFileWriter round trip,
 * buffering, close semantics and a write error on /dev/full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaptureFile, readCaptureFileAsync, CaptureFileError } from '../../src/io/capture-file.js';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { PcapngError } from '../../src/pcapng/index.js';
import { UdpExtractor, buildUdpFrame } from '../../src/net/index.js';
import { DATA, hasShared } from '../helpers/reference.js';

const tmp = mkdtempSync(join(tmpdir(), 'vmmscope-io-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const skip = !hasShared() && 'needs ../shared/data';
const EXAMPLE = join(DATA, 'example.pcapng');

test('sync and async readers deliver the same packets as an in-memory parse, with progress', { skip }, async () => {
  const collect = () => {
    const ex = new UdpExtractor();
    const sums: number[] = [];
    const progress: number[] = [];
    const cb = (p: Parameters<UdpExtractor['extract']>[0]) => {
      const d = ex.extract(p);
      if (d) sums.push(d.bytes.subarray(d.offset, d.offset + d.length).reduce((a, b) => (a * 31 + b) >>> 0, 0));
    };
    return { ex, sums, progress, cb };
  };
  const a = collect();
  const ra = readCaptureFile(EXAMPLE, a.cb, { chunkSize: 10007, onProgress: (n, t) => a.progress.push(n / t) });
  const b = collect();
  const rb = await readCaptureFileAsync(EXAMPLE, b.cb, { chunkSize: 65536, onProgress: (n, t) => b.progress.push(n / t) });
  assert.equal(ra.bytesRead, statSync(EXAMPLE).size);
  assert.equal(rb.bytesRead, ra.bytesRead);
  assert.equal(ra.parser.stats.packets, 100);
  assert.equal(a.ex.stats.udpPayloads, 100);
  assert.deepEqual(b.sums, a.sums);
  assert.equal(a.progress.at(-1), 1);
  assert.ok(a.progress.every((v, i) => i === 0 || v > a.progress[i - 1]!));
  assert.equal(b.progress.length, Math.ceil(ra.bytesRead / 65536));
});

test('stop from the callback; abort signal for the async reader', { skip }, async () => {
  let n = 0;
  const r = readCaptureFile(EXAMPLE, () => (++n === 3 ? false : undefined), { chunkSize: 4096 });
  assert.equal(n, 3);
  assert.ok(r.stopped);
  const ac = new AbortController();
  let m = 0;
  const ra = await readCaptureFileAsync(EXAMPLE, () => void (++m === 5 && ac.abort()), { chunkSize: 20000, signal: ac.signal });
  assert.ok(ra.aborted);
  assert.ok(m >= 5 && m < 100);
  assert.equal(ra.parser.stats.truncatedBytes, 0); // not ended: no truncation counted
});

test('missing file, directory: CaptureFileError naming the file', async () => {
  const missing = join(tmp, 'nope.pcapng');
  assert.throws(() => readCaptureFile(missing, () => {}), (e: unknown) => {
    assert.ok(e instanceof CaptureFileError);
    assert.equal(e.code, 'ENOENT');
    assert.equal(e.message, `cannot open capture file ${missing}: no such file or directory (ENOENT)`);
    return true;
  });
  await assert.rejects(readCaptureFileAsync(missing, () => {}), /cannot open capture file .*nope\.pcapng: no such file/);
  assert.throws(() => readCaptureFile(tmp, () => {}), /capture file .*: is a directory \(EISDIR\)/);
});

test('not a capture / corrupt block: PcapngError naming the file, after the good packets', { skip }, async () => {
  const json = join(tmp, 'geometry.pcapng');
  writeFileSync(json, '{"x": 1}\n');
  assert.throws(() => readCaptureFile(json, () => {}), (e: unknown) => {
    assert.ok(e instanceof PcapngError);
    assert.equal(e.file, json);
    assert.equal(e.message, `${json}: pcapng: not a pcapng or pcap file: first bytes 7b 22 78 22 3a 20 31 7d at offset 0 (block 0)`);
    return true;
  });
  const bytes = readFileSync(EXAMPLE);
  const bad = Buffer.from(bytes);
  // corrupt the trailing length of the 51st block (packet index 48): SHB, IDB, then EPBs of 9044 bytes
  const blockAt = 28 + 20 + 49 * 9044;
  bad.writeUInt32LE(4, blockAt + 9044 - 4);
  const f = join(tmp, 'corrupt.pcapng');
  writeFileSync(f, bad);
  for (const read of [readCaptureFile, readCaptureFileAsync]) {
    let n = 0;
    await assert.rejects(Promise.resolve().then(() => read(f, () => void n++, { chunkSize: 50000 })), (e: unknown) => {
      assert.ok(e instanceof PcapngError);
      assert.equal(e.code, 'trailing_length_mismatch');
      assert.equal(e.offset, blockAt);
      assert.equal(e.block, 51);
      assert.match(e.message, /corrupt\.pcapng: pcapng: block type 0x00000006 trailing length 4 ≠ leading length 9044 at offset/);
      return true;
    });
    assert.equal(n, 49);
  }
});

test('a truncated file yields every complete packet and reports the lost bytes', { skip }, () => {
  const bytes = readFileSync(EXAMPLE);
  const f = join(tmp, 'cut.pcapng');
  writeFileSync(f, bytes.subarray(0, 28 + 20 + 10 * 9044 + 100));
  let n = 0;
  const r = readCaptureFile(f, () => void n++);
  assert.equal(n, 10);
  assert.equal(r.parser.stats.truncatedBytes, 100);
  assert.equal(r.parser.stats.truncatedOffset, 28 + 20 + 10 * 9044);
});

test('PcapngFileWriter: buffered writes, flush, close, read back', () => {
  const f = join(tmp, 'w.pcapng');
  const w = new PcapngFileWriter(f, { bufferBytes: 4096, ifName: 'lo' });
  const frame = buildUdpFrame(new Uint8Array(1000).fill(7), { srcIp: '127.0.0.1', dstIp: '127.0.0.1', srcPort: 1, dstPort: 6006 });
  for (let i = 0; i < 10; i++) w.writePacket(frame, 1700000000 + i, i);
  assert.ok(statSync(f).size > 0 && statSync(f).size < w.bytesWritten); // some written, some buffered
  w.close();
  w.close(); // idempotent
  assert.equal(statSync(f).size, w.bytesWritten);
  assert.throws(() => w.writePacket(frame, 1, 0), /already closed/);
  const ex = new UdpExtractor();
  const times: number[] = [];
  readCaptureFile(f, (p) => void (ex.extract(p) && times.push(p.tsSeconds)));
  assert.equal(ex.stats.udpPayloads, 10);
  assert.deepEqual(times, Array.from({ length: 10 }, (_, i) => 1700000000 + i));
  assert.throws(() => new PcapngFileWriter(f, { exclusive: true }), (e: unknown) => e instanceof CaptureFileError && e.code === 'EEXIST');
});

test('PcapngFileWriter: a write error closes the file and is thrown again on every call', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const w = new PcapngFileWriter('/dev/full', { bufferBytes: 1024 });
  const frame = new Uint8Array(600);
  let err: unknown;
  try {
    for (let i = 0; i < 10; i++) w.writePacket(frame, 1, 0);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof CaptureFileError);
  assert.equal(err.code, 'ENOSPC');
  assert.match(err.message, /^cannot write capture file \/dev\/full: ENOSPC/);
  assert.throws(() => w.writePacket(frame, 1, 0), (e) => e === err);
  assert.doesNotThrow(() => w.close()); // already closed after the failure
});
