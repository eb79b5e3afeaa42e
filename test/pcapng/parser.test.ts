/**
 * CaptureParser on hand-built inputs: annotated byte fixtures first (one field per
 * comment), then generated blocks for both byte orders, several sections and
 * interfaces, SPB/PB, classic pcap, truncation and every structural error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureParser, parseCapture, PcapngError, type PacketRef } from '../../src/pcapng/index.js';
import * as B from './build.js';

interface Seen {
  data: number[];
  cap: number;
  orig: number;
  linkType: number;
  ifId: number;
  sec: number;
  ns: number;
  index: number;
  fileOffset: number;
}
const snap = (p: PacketRef): Seen => ({
  data: [...p.bytes.subarray(p.offset, p.offset + p.capturedLength)],
  cap: p.capturedLength,
  orig: p.originalLength,
  linkType: p.linkType,
  ifId: p.interfaceId,
  sec: p.tsSeconds,
  ns: p.tsNanos,
  index: p.index,
  fileOffset: p.fileOffset,
});

function parseAll(bytes: Uint8Array) {
  const seen: Seen[] = [];
  const parser = parseCapture(bytes, (p) => void seen.push(snap(p)));
  return { seen, parser };
}

function parseUntilError(bytes: Uint8Array) {
  const seen: Seen[] = [];
  const parser = new CaptureParser((p) => void seen.push(snap(p)));
  let error: unknown;
  try {
    parser.push(bytes);
    parser.end();
  } catch (e) {
    error = e;
  }
  return { seen, parser, error: error as PcapngError };
}

// A big-endian section with nanosecond resolution and one EPB, byte by byte.
const BE_NS_FIXTURE = Uint8Array.from([
  // SHB (offset 0)
  0x0a, 0x0d, 0x0d, 0x0a, // block type SHB (palindrome)
  0x00, 0x00, 0x00, 0x1c, // total length 28
  0x1a, 0x2b, 0x3c, 0x4d, // byte-order magic as written big-endian
  0x00, 0x01, 0x00, 0x00, // version 1.0
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length -1
  0x00, 0x00, 0x00, 0x1c, // trailing total length
  // IDB (offset 28)
  0x00, 0x00, 0x00, 0x01, // block type IDB
  0x00, 0x00, 0x00, 0x20, // total length 32
  0x00, 0x01, 0x00, 0x00, // link type 1 (Ethernet), reserved
  0x00, 0x00, 0xff, 0xff, // snaplen 65535
  0x00, 0x09, 0x00, 0x01, 0x09, 0x00, 0x00, 0x00, // if_tsresol (9), length 1, value 9 (10^-9 s), padding
  0x00, 0x00, 0x00, 0x00, // opt_endofopt
  0x00, 0x00, 0x00, 0x20, // trailing total length
  // EPB (offset 60)
  0x00, 0x00, 0x00, 0x06, // block type EPB
  0x00, 0x00, 0x00, 0x28, // total length 40
  0x00, 0x00, 0x00, 0x00, // interface id 0
  0x16, 0x78, 0x25, 0x2c, // timestamp high: ticks = 0x1678252c_bd3e4515 = 1619084940123456789 ns
  0xbd, 0x3e, 0x45, 0x15, // timestamp low
  0x00, 0x00, 0x00, 0x05, // captured length 5
  0x00, 0x00, 0x00, 0x07, // original length 7 (snapped)
  0xde, 0xad, 0xbe, 0xef, 0x01, 0x00, 0x00, 0x00, // 5 data bytes + 3 padding
  0x00, 0x00, 0x00, 0x28, // trailing total length
]);

test('annotated big-endian fixture: every PacketRef field', () => {
  assert.equal(0x1678252cbd3e4515n, 1619084940123456789n); // the fixture's tick count
  const { seen, parser } = parseAll(BE_NS_FIXTURE);
  assert.deepEqual(seen, [
    { data: [0xde, 0xad, 0xbe, 0xef, 0x01], cap: 5, orig: 7, linkType: 1, ifId: 0, sec: 1619084940, ns: 123456789, index: 0, fileOffset: 60 },
  ]);
  assert.equal(parser.section?.littleEndian, false);
  assert.equal(parser.interfaces[0]!.snaplen, 65535);
  assert.deepEqual({ ...parser.stats, skippedByType: undefined }, {
    format: 'pcapng', bytes: 100, blocks: 3, packets: 1, sections: 1, interfaces: 1,
    skippedBlocks: 0, skippedByType: undefined, truncatedBytes: 0, truncatedOffset: -1, truncatedBlockLength: -1,
  });
});

// Little-endian: default resolution (µs), one SPB and one obsolete PB.
const LE_SPB_PB_FIXTURE = Uint8Array.from([
  // SHB (offset 0)
  0x0a, 0x0d, 0x0d, 0x0a, // block type SHB
  0x1c, 0x00, 0x00, 0x00, // total length 28
  0x4d, 0x3c, 0x2b, 0x1a, // byte-order magic, little-endian
  0x01, 0x00, 0x00, 0x00, // version 1.0
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // section length -1
  0x1c, 0x00, 0x00, 0x00, // trailing total length
  // IDB (offset 28), no options → microseconds
  0x01, 0x00, 0x00, 0x00, // block type IDB
  0x14, 0x00, 0x00, 0x00, // total length 20
  0x71, 0x00, 0x00, 0x00, // link type 113 (Linux SLL), reserved
  0x04, 0x00, 0x00, 0x00, // snaplen 4
  0x14, 0x00, 0x00, 0x00, // trailing total length
  // SPB (offset 48)
  0x03, 0x00, 0x00, 0x00, // block type SPB
  0x18, 0x00, 0x00, 0x00, // total length 24
  0x06, 0x00, 0x00, 0x00, // original length 6
  0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x00, 0x00, 0x00, // data cut to snaplen 4 by the writer; 4 more bytes in the block
  0x18, 0x00, 0x00, 0x00, // trailing total length
  // PB (offset 72)
  0x02, 0x00, 0x00, 0x00, // block type PB (obsolete)
  0x24, 0x00, 0x00, 0x00, // total length 36
  0x00, 0x00, 0x07, 0x00, // interface id 0 (u16), drops count 7 (u16)
  0x00, 0x00, 0x00, 0x00, // timestamp high
  0x15, 0xcd, 0x5b, 0x07, // timestamp low: 123456789 µs = 123 s + 456789 µs
  0x03, 0x00, 0x00, 0x00, // captured length 3
  0x03, 0x00, 0x00, 0x00, // original length 3
  0x01, 0x02, 0x03, 0x00, // data + 1 padding
  0x24, 0x00, 0x00, 0x00, // trailing total length
]);

test('annotated little-endian fixture: SPB (interface 0, snaplen, no time) and obsolete PB', () => {
  const { seen } = parseAll(LE_SPB_PB_FIXTURE);
  assert.deepEqual(seen, [
    { data: [0x0a, 0x0b, 0x0c, 0x0d], cap: 4, orig: 6, linkType: 113, ifId: 0, sec: 0, ns: 0, index: 0, fileOffset: 48 },
    { data: [1, 2, 3], cap: 3, orig: 3, linkType: 113, ifId: 0, sec: 123, ns: 456789000, index: 1, fileOffset: 72 },
  ]);
});

test('several sections in both byte orders, interfaces with their own if_tsresol, skipped blocks counted', () => {
  const d = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);
  const file = B.concat(
    B.shb('le', [{ code: 4, value: B.text('test-writer') }]),
    B.idb('le', 1, 0, [B.tsresol(6)]), // interface 0: µs
    B.idb('le', 101, 0, [B.ifName('raw0'), B.tsresol(0x8a)]), // interface 1: 2^-10 s
    B.block('le', 4, new Uint8Array(8)), // NRB: skipped
    B.epb('le', 1, (5n << 10n) | 512n, d(3)), // 5.5 s on interface 1
    B.epb('le', 0, 1700000000999999n, d(1)), // µs on interface 0
    B.shb('be'),
    B.idb('be', 276, 0, [B.tsresol(9), B.tsoffset('be', 1000)]), // ns + 1000 s offset
    B.block('be', 5, new Uint8Array(12)), // ISB: skipped
    B.block('be', 0x40000bad, new Uint8Array(4)), // custom block: skipped
    B.epb('be', 0, 9007199254740993123n, d(2)), // > 2^53 ticks: must stay exact
  );
  const { seen, parser } = parseAll(file);
  assert.deepEqual(
    seen.map((s) => [s.linkType, s.ifId, s.sec, s.ns, s.index]),
    [
      [101, 1, 5, 500000000, 0],
      [1, 0, 1700000000, 999999000, 1],
      [276, 0, 9007199254 + 1000, 740993123, 2],
    ],
  );
  assert.equal(parser.stats.sections, 2);
  assert.equal(parser.stats.interfaces, 3);
  assert.deepEqual(parser.stats.skippedByType, { '0x00000004': 1, '0x00000005': 1, '0x40000bad': 1 });
  assert.equal(parser.stats.skippedBlocks, 3);
  assert.equal(parser.section?.littleEndian, false);
  assert.equal(parser.interfaces.length, 1); // the second section's interfaces only
  assert.equal(parser.stats.bytes, file.length);
});

test('classic pcap: µs and ns magics, both byte orders, link type from the header', () => {
  for (const e of ['le', 'be'] as const) {
    const us = B.concat(B.pcapHeader(e, false, 1), B.pcapRecord(e, 1619084940, 999999, Uint8Array.of(1, 2)), B.pcapRecord(e, 7, 5, Uint8Array.of(3), 60));
    const a = parseAll(us);
    assert.equal(a.parser.stats.format, 'pcap');
    assert.deepEqual(a.seen, [
      { data: [1, 2], cap: 2, orig: 2, linkType: 1, ifId: 0, sec: 1619084940, ns: 999999000, index: 0, fileOffset: 24 },
      { data: [3], cap: 1, orig: 60, linkType: 1, ifId: 0, sec: 7, ns: 5000, index: 1, fileOffset: 42 },
    ]);
    const ns = B.concat(B.pcapHeader(e, true, 228), B.pcapRecord(e, 10, 123456789, Uint8Array.of(9)));
    const b = parseAll(ns);
    assert.deepEqual(b.seen.map((s) => [s.linkType, s.sec, s.ns]), [[228, 10, 123456789]]);
    assert.equal(b.parser.section?.littleEndian, e === 'le');
  }
});

test('the callback can stop the parser; later input is ignored', () => {
  const file = B.concat(B.shb('le'), B.idb('le', 1, 0), B.epb('le', 0, 1n, Uint8Array.of(1)), B.epb('le', 0, 2n, Uint8Array.of(2)));
  let n = 0;
  const p = new CaptureParser(() => (++n === 1 ? false : undefined));
  p.push(file);
  p.push(file);
  p.end();
  assert.equal(n, 1);
  assert.ok(p.stopped);
});

test('a truncated last block is counted after every complete packet was delivered', () => {
  const good = B.concat(B.shb('le'), B.idb('le', 1, 0), B.epb('le', 0, 1n, Uint8Array.of(1, 2, 3, 4)));
  const last = B.epb('le', 0, 2n, new Uint8Array(100));
  for (const cut of [3, 8, 50]) {
    const { seen, parser } = parseAll(B.concat(good, last.subarray(0, cut)));
    assert.equal(seen.length, 1);
    assert.equal(parser.stats.truncatedBytes, cut);
    assert.equal(parser.stats.truncatedOffset, good.length);
    assert.equal(parser.stats.truncatedBlockLength, cut >= 8 ? last.length : -1);
  }
  // classic pcap record cut in its data
  const pc = B.concat(B.pcapHeader('le', false, 1), B.pcapRecord('le', 1, 0, Uint8Array.of(1)), B.pcapRecord('le', 2, 0, new Uint8Array(10)).subarray(0, 20));
  const r = parseAll(pc);
  assert.equal(r.seen.length, 1);
  assert.equal(r.parser.stats.truncatedBytes, 20);
  assert.equal(r.parser.stats.truncatedBlockLength, 26);
});

test('input shorter than the file header: truncated_header; empty input says so', () => {
  const e1 = parseUntilError(new Uint8Array(0)).error;
  assert.equal(e1.code, 'truncated_header');
  assert.equal(e1.message, 'pcapng: empty input: no capture file header at offset 0 (block 0)');
  const e2 = parseUntilError(B.pcapHeader('le', false, 1).subarray(0, 10)).error;
  assert.equal(e2.code, 'truncated_header');
  assert.equal(e2.actual, 10);
});

test('not a capture: the first bytes are named; gzip gets a hint', () => {
  const e = parseUntilError(B.text('{"detectors": []}')).error;
  assert.ok(e instanceof PcapngError);
  assert.equal(e.code, 'not_capture');
  assert.equal(e.message, 'pcapng: not a pcapng or pcap file: first bytes 7b 22 64 65 74 65 63 74 at offset 0 (block 0)');
  const gz = parseUntilError(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0)).error;
  assert.match(gz.message, /gzip-compressed: decompress it first/);
});

test('structural errors are thrown after the packets before them, with code, offset, block, expected/actual', () => {
  const head = B.concat(B.shb('le'), B.idb('le', 1, 0), B.epb('le', 0, 1n, Uint8Array.of(1)));
  const at = head.length;
  const cases: [string, Uint8Array, string, number | string][] = [];
  const bad4 = B.epb('le', 0, 2n, Uint8Array.of(2));
  new DataView(bad4.buffer).setUint32(4, 38, true); // not a multiple of 4
  cases.push(['bad_block_length', bad4, 'block type 0x00000006 total length 38 not a multiple of 4', 38]);
  const small = B.epb('le', 0, 2n, Uint8Array.of(2));
  new DataView(small.buffer).setUint32(4, 28, true); // below the EPB minimum of 32
  cases.push(['bad_block_length', small, 'block type 0x00000006 total length 28 < minimum 32', 28]);
  const trail = B.epb('le', 0, 2n, Uint8Array.of(2));
  new DataView(trail.buffer).setUint32(trail.length - 4, 44, true);
  const capl = B.epb('le', 0, 2n, Uint8Array.of(2));
  new DataView(capl.buffer).setUint32(20, 9, true); // captured length beyond the block
  cases.push(['bad_captured_length', capl, 'packet captured length 9 > 4 bytes available in its 36-byte block', 9]);
  cases.push(['unknown_interface', B.epb('le', 3, 2n, Uint8Array.of(2)), 'packet refers to interface 3 but the section has 1 interface(s)', 3]);
  const bom = B.shb('le');
  new DataView(bom.buffer).setUint32(8, 0x11223344, true);
  cases.push(['bad_byte_order_magic', bom, 'section header byte-order magic 44332211', '44332211']);
  cases.push(['unsupported_version', B.shb('be', [], 2), 'section header version 2.0', 2]);
  const opt = B.idb('le', 1, 0, [B.ifName('eth0')]);
  new DataView(opt.buffer).setUint16(18, 200, true); // if_name claims 200 bytes
  cases.push(['bad_option', opt, 'option 2 of 200 bytes runs past the end of its block', 200]);

  for (const [code, blockBytes, detail, actual] of cases) {
    const { seen, error, parser } = parseUntilError(B.concat(head, blockBytes, B.epb('le', 0, 3n, Uint8Array.of(3))));
    assert.ok(error instanceof PcapngError, code);
    assert.equal(seen.length, 1, code);
    assert.equal(error.code, code);
    assert.equal(error.offset, at, code);
    assert.equal(error.block, 3, code);
    assert.equal(error.actual, actual, code);
    assert.equal(error.message, `pcapng: ${detail} at offset ${at} (block 3)`);
    assert.throws(() => parser.push(new Uint8Array(4)), (e) => e === error); // stays failed
  }
  const t = parseUntilError(B.concat(head, trail)).error;
  assert.equal(t.code, 'trailing_length_mismatch');
  assert.equal(t.offset, at);
  assert.equal(t.expected, 36);
  assert.equal(t.actual, 44);
  assert.equal(t.detail, 'block type 0x00000006 trailing length 44 ≠ leading length 36');
});

test('classic pcap: a record length above max(snaplen, 262144) is corrupt', () => {
  const rec = B.pcapRecord('be', 1, 0, Uint8Array.of(1));
  new DataView(rec.buffer).setUint32(8, 300000, false);
  const { seen, error } = parseUntilError(B.concat(B.pcapHeader('be', false, 1), B.pcapRecord('be', 1, 0, Uint8Array.of(7)), rec));
  assert.equal(seen.length, 1);
  assert.equal(error.code, 'bad_captured_length');
  assert.equal(error.offset, 24 + 17);
  assert.equal(error.block, 1);
});

test('an oversized block length is rejected by the limit, not buffered', () => {
  const big = B.epb('le', 0, 1n, Uint8Array.of(1));
  new DataView(big.buffer).setUint32(4, 0x7ffffff0, true);
  const { error } = parseUntilError(B.concat(B.shb('le'), B.idb('le', 1, 0), big));
  assert.equal(error.code, 'bad_block_length');
  assert.match(error.message, /> limit 16777216/);
});
