/** buildUdpFrame / encodeUdpFrame: annotated header bytes and a verified IPv4 checksum. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUdpFrame, encodeUdpFrame, resolveUdpAddressing } from '../../src/net/build-frame.js';
import { ipv4HeaderChecksum, formatIpv4, parseIpv4 } from '../../src/net/ipv4-address.js';

test('frame bytes match the SRS frames of example.pcapng (same addressing and ip id)', () => {
  // The first packet of ../shared/data/example.pcapng: 10.0.0.2:6006 → 10.0.0.3:6006, 8968-byte payload (UDP length 8976),
  // IP id 0, DF, TTL 64, header checksum 0x03c5. We rebuild the header around a zero payload.
  const f = buildUdpFrame(new Uint8Array(8968), {
    srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006,
    dstMac: '68:05:ca:c1:8b:43', srcMac: '00:50:c2:f2:52:2d',
  });
  assert.equal(f.length, 9010);
  const hdr = Buffer.from(f.subarray(0, 42)).toString('hex');
  assert.equal(
    hdr,
    [
      '6805cac18b43', '0050c2f2522d', '0800', // dst MAC, src MAC, EtherType IPv4
      '45', '00', '2324', '0000', '4000', '40', '11', '03c5', // v4/IHL5, DSCP, len 8996, id 0, DF, TTL 64, UDP, checksum
      '0a000002', '0a000003', // addresses
      '1776', '1776', '2310', '0000', // ports 6006, UDP length 8976, checksum 0
    ].join(''),
  );
  assert.equal(ipv4HeaderChecksum(f, 14, 20), 0); // a correct header sums to zero
});

test('encodeUdpFrame writes at an offset, with a payload slice and an ip id override', () => {
  const a = resolveUdpAddressing({ srcIp: 0x7f000001, dstIp: '127.0.0.1', srcPort: 1, dstPort: 65535, ipId: 5 });
  const target = new Uint8Array(100).fill(0xee);
  const payload = Uint8Array.of(0, 1, 2, 3, 4, 5);
  const n = encodeUdpFrame(target, 10, payload, 2, 3, a, 0xabcd);
  assert.equal(n, 45);
  assert.equal(target[9], 0xee);
  assert.equal(target[55], 0xee);
  assert.deepEqual([...target.subarray(52, 55)], [2, 3, 4]);
  assert.deepEqual([...target.subarray(28, 30)], [0xab, 0xcd]); // ip id
  assert.deepEqual([...target.subarray(48, 50)], [0, 11]); // UDP length 8 + 3
  assert.equal(ipv4HeaderChecksum(target, 24, 20), 0);
});

test('bad addressing is rejected with the field name', () => {
  const base = { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 1, dstPort: 2 };
  assert.throws(() => buildUdpFrame(new Uint8Array(1), { ...base, srcIp: '10.0.0' }), /not an IPv4 address: "10.0.0"/);
  assert.throws(() => buildUdpFrame(new Uint8Array(1), { ...base, dstPort: 70000 }), /dstPort: 70000/);
  assert.throws(() => buildUdpFrame(new Uint8Array(1), { ...base, srcMac: '00:11' }), /srcMac/);
  assert.throws(() => buildUdpFrame(new Uint8Array(65508), base), /exceeds the IPv4 maximum 65507/);
  assert.equal(formatIpv4(parseIpv4('192.168.1.254')), '192.168.1.254');
});
