/**
 * PcapngWriter: exact bytes of the headers and of one EPB (annotated), chunking,
 * snaplen cut, nanosecond timestamps beyond 2^53 ticks. Round trips through the
 * reader are in roundtrip.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PcapngWriter } from '../../src/pcapng/writer.js';

function collect(opts: ConstructorParameters<typeof PcapngWriter>[1] = {}) {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c), opts);
  const bytes = () => {
    w.flush();
    const n = chunks.reduce((s, c) => s + c.length, 0);
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) (out.set(c, o), (o += c.length));
    return out;
  };
  return { w, chunks, bytes };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('header blocks: SHB with shb_userappl, IDB with if_name and if_tsresol', () => {
  const { bytes } = collect({ ifName: 'udp:6006' });
  const expected = [
    // SHB
    '0a0d0d0a', // block type SHB
    '2c000000', // total length 44
    '4d3c2b1a', // byte-order magic 0x1a2b3c4d, little-endian
    '0100', '0000', // major 1, minor 0
    'ffffffffffffffff', // section length -1 (unknown)
    '0400', '0800', '766d6d73636f7065', // shb_userappl (4), 8 bytes "vmmscope"
    '00000000', // opt_endofopt
    '2c000000', // trailing total length 44
    // IDB
    '01000000', // block type IDB
    '2c000000', // total length 44
    '0100', '0000', // link type 1 (Ethernet), reserved
    '00000400', // snaplen 262144
    '0200', '0800', '7564703a36303036', // if_name (2), 8 bytes "udp:6006"
    '0900', '0100', '09000000', // if_tsresol (9), 1 byte: 9 = 10^-9 s, 3 bytes padding
    '00000000', // opt_endofopt
    '2c000000', // trailing total length 44
  ].join('');
  assert.equal(hex(bytes()), expected);
});

test('EPB: nanosecond ticks split into two u32, padding, trailing length', () => {
  const { w, bytes } = collect({ userAppl: '' });
  const headerLen = bytes().length;
  // 1619084940 s + 123456789 ns = 1619084940123456789 ticks = 0x16782b5a_0e7d8b15... checked below
  w.writePacket(Uint8Array.of(1, 2, 3, 4, 5), 1619084940, 123456789);
  const all = bytes();
  const epb = all.subarray(headerLen);
  const ticks = 1619084940n * 1000000000n + 123456789n;
  const hi = Number(ticks >> 32n), lo = Number(ticks & 0xffffffffn);
  const le32 = (v: number) => hex(new Uint8Array(new Uint32Array([v]).buffer));
  assert.equal(
    hex(epb),
    [
      '06000000', // block type EPB
      '28000000', // total length 40 = 32 + 8 (5 bytes padded)
      '00000000', // interface id 0
      le32(hi), // timestamp high u32
      le32(lo), // timestamp low u32
      '05000000', // captured length 5
      '05000000', // original length 5
      '0102030405000000', // data + 3 bytes padding
      '28000000', // trailing total length
    ].join(''),
  );
  assert.equal(w.packets, 1);
  assert.equal(w.bytesWritten, all.length);
});

test('snaplen cuts the captured bytes, original length is kept', () => {
  const { w, bytes } = collect({ snaplen: 4, userAppl: '' });
  const h = bytes().length;
  w.writePacket(Uint8Array.of(9, 8, 7, 6, 5, 4), 1, 0);
  const dv = new DataView(bytes().buffer);
  assert.equal(dv.getUint32(h + 20, true), 4); // captured
  assert.equal(dv.getUint32(h + 24, true), 6); // original
  assert.equal(dv.getUint32(h + 4, true), 36);
});

test('microsecond resolution truncates nanoseconds; length argument writes a prefix of the frame', () => {
  const { w, bytes } = collect({ tsExponent: 6, userAppl: '' });
  const h = bytes().length;
  w.writePacket(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 4294, 999999999, 3);
  const b = bytes();
  const dv = new DataView(b.buffer);
  const ticks = BigInt(dv.getUint32(h + 12, true)) * 2n ** 32n + BigInt(dv.getUint32(h + 16, true));
  assert.equal(ticks, 4294n * 1000000n + 999999n);
  assert.equal(dv.getUint32(h + 20, true), 3);
  assert.deepEqual([...b.subarray(h + 28, h + 32)], [1, 2, 3, 0]);
});

test('chunks are emitted at chunkBytes, are owned by the callback, and concatenate to the file', () => {
  const { w, chunks, bytes } = collect({ chunkBytes: 1024 });
  const frame = new Uint8Array(300).fill(7);
  for (let i = 0; i < 20; i++) w.writePacket(frame, 100 + i, i);
  assert.ok(chunks.length >= 5, `expected several chunks, got ${chunks.length}`);
  const first = chunks[0]!;
  const copy = first.slice();
  w.writePacket(frame, 200, 0); // the writer must not reuse emitted chunks
  assert.deepEqual(first, copy);
  // an oversized block is emitted alone, intact
  w.writePacket(new Uint8Array(5000).fill(1), 300, 0);
  assert.equal(bytes().length, w.bytesWritten);
});

test('invalid arguments raise RangeErrors', () => {
  const { w } = collect();
  assert.throws(() => w.writePacket(new Uint8Array(4), -1, 0), RangeError);
  assert.throws(() => w.writePacket(new Uint8Array(4), 1, 1e9), RangeError);
  assert.throws(() => w.writePacket(new Uint8Array(4), 1, 0, 4, 3), /original length 3 < captured length 4/);
  assert.throws(() => new PcapngWriter(() => {}, { tsExponent: 10 }), RangeError);
});
