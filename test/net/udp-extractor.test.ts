/**
 * UdpExtractor: every link layer, every IPv4/UDP length case and the counter each
 * one moves, vmm-sdat's partition (truncated + udp + others = total) and the
 * documented invariants, checked after every case.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UdpExtractor, captureCounters, type CaptureStats, type UdpDatagram } from '../../src/net/index.js';
import { ADDR, concat, ether, etherWithTags, ipv4, patchIp, payload, ref, sll, sll2, withOptions } from './frames.js';

function checkInvariants(s: CaptureStats) {
  const c = captureCounters(s);
  assert.equal(c['capture.packets'], c['capture.truncated']! + c['capture.udp']! + c['capture.others']!, 'partition');
  assert.equal(
    c['capture.others'],
    c['link.unsupported']! + c['link.too_short']! + c['link.not_ipv4']! + c['ipv4.too_short']! + c['ipv4.not_udp']!,
    'others',
  );
  assert.equal(
    c['capture.udp']! + c['ipv4.reassembled']!,
    c['ipv4.bad_header']! + c['ipv4.bad_length']! + c['ipv4.fragments']! + c['udp.payloads']! + c['udp.empty_payload']! + c['udp.bad_length']!,
    'udp',
  );
}

/** Runs one packet through a fresh extractor; returns a copy of the payload and the counters that moved. */
function one(frame: Uint8Array, linkType = 1, originalLength = frame.length, opts = {}) {
  const ex = new UdpExtractor(opts);
  const d = ex.extract(ref(frame, linkType, originalLength));
  checkInvariants(ex.stats);
  const moved = Object.entries(captureCounters(ex.stats))
    .filter(([k, v]) => v !== 0 && k !== 'capture.packets' && k !== 'capture.bytes' && k !== 'udp.payload_bytes')
    .map(([k, v]) => `${k}=${v}`);
  return { d: d && copy(d), moved, stats: ex.stats };
}

const copy = (d: UdpDatagram) => ({ ...d, bytes: undefined, payload: [...d.bytes.subarray(d.offset, d.offset + d.length)] });

test('Ethernet IPv4 UDP: payload view, addresses, ports, time; vmm-sdat counts', () => {
  const p = payload(100);
  const { d, moved, stats } = one(ether(p));
  assert.deepEqual(d!.payload, [...p]);
  assert.equal(d!.srcIp, 0x0a000002);
  assert.equal(d!.dstIp, 0x0a000003);
  assert.equal(d!.srcPort, 6006);
  assert.equal(d!.dstPort, 6007);
  assert.equal(d!.tsSeconds, 100);
  assert.equal(d!.tsNanos, 5);
  assert.equal(d!.reassembled, false);
  assert.deepEqual(moved, ['capture.udp=1', 'udp.payloads=1']);
  assert.equal(stats.totalBytes, 142);
  assert.equal(stats.firstSeconds, 100);
});

test('Ethernet padding after a short datagram is excluded by the UDP length', () => {
  const f = concat(ether(payload(4)), new Uint8Array(14)); // 46 → 60-byte minimum frame
  assert.deepEqual(one(f).d!.payload, [...payload(4)]);
});

test('VLAN: 802.1Q, QinQ (802.1ad + 802.1Q) are decoded and counted (vmm-sdat: others)', () => {
  const p = payload(33);
  for (const tags of [[[0x8100, 0x0064]], [[0x88a8, 0x0005], [0x8100, 0x0064]], [[0x9100, 1]]]) {
    const { d, moved } = one(etherWithTags(ipv4(p), tags));
    assert.deepEqual(d!.payload, [...p]);
    assert.deepEqual(moved, ['capture.udp=1', 'link.vlan=1', 'udp.payloads=1']);
  }
  // a tag cut short
  assert.deepEqual(one(etherWithTags(ipv4(p), [[0x8100, 1]]).subarray(0, 16)).moved, ['capture.others=1', 'link.too_short=1']);
});

test('Linux cooked v1/v2, raw IPv4 (101, 228), BSD NULL (both byte orders) and LOOP', () => {
  const p = payload(20);
  const ip = ipv4(p);
  const cases: [string, Uint8Array, number, string][] = [
    ['sll', sll(ip), 113, 'link.linux_sll=1'],
    ['sll vlan', sll(concat([0x00, 0x07, 0x08, 0x00], ip), 0x8100), 113, 'link.linux_sll=1'],
    ['sll2', sll2(ip), 276, 'link.linux_sll2=1'],
    ['sll2 vlan', sll2(concat([0x00, 0x07, 0x08, 0x00], ip), 0x8100), 276, 'link.linux_sll2=1'],
    ['raw', ip, 101, 'link.raw_ip=1'],
    ['ipv4', ip, 228, 'link.raw_ip=1'],
    ['null le', concat([2, 0, 0, 0], ip), 0, 'link.loopback=1'], // AF_INET written little-endian
    ['null be', concat([0, 0, 0, 2], ip), 0, 'link.loopback=1'],
    ['loop', concat([0, 0, 0, 2], ip), 108, 'link.loopback=1'],
  ];
  for (const [name, f, lt, counter] of cases) {
    const { d, moved } = one(f, lt);
    assert.deepEqual(d?.payload, [...p], name);
    assert.ok(moved.includes(counter), `${name}: ${moved}`);
  }
});

test('not IPv4 / not UDP / unsupported link: "others" with the reason', () => {
  const ip = ipv4(payload(8));
  const arp = concat(ether(payload(0)).subarray(0, 12), [0x08, 0x06], new Uint8Array(28));
  const v6 = concat(ether(payload(0)).subarray(0, 12), [0x86, 0xdd], new Uint8Array(48));
  const tcp = patchIp(ether(payload(8)), 9, [6]);
  const cases: [Uint8Array, number, string[]][] = [
    [arp, 1, ['capture.others=1', 'link.not_ipv4=1']],
    [v6, 1, ['capture.others=1', 'link.not_ipv4=1']],
    [tcp, 1, ['capture.others=1', 'ipv4.not_udp=1']],
    [ip, 105, ['capture.others=1', 'link.unsupported=1']], // 802.11
    [concat([0x60], new Uint8Array(39)), 101, ['capture.others=1', 'link.not_ipv4=1']], // raw IPv6
    [concat([0x18, 0, 0, 0], ip), 0, ['capture.others=1', 'link.not_ipv4=1']], // NULL, AF 24 (IPv6)
    [ether(payload(0)).subarray(0, 13), 1, ['capture.others=1', 'link.too_short=1']],
    [ether(payload(0)).subarray(0, 23), 1, ['capture.others=1', 'ipv4.too_short=1']], // BPF cannot read ip[9]
  ];
  for (const [f, lt, moved] of cases) assert.deepEqual(one(f, lt).moved, moved);
});

test('truncated records (captured ≠ original) are counted and skipped first, like vmm-sdat', () => {
  const f = ether(payload(50));
  const { d, moved, stats } = one(f, 1, f.length + 10);
  assert.equal(d, null);
  assert.deepEqual(moved, ['capture.truncated=1']);
  assert.equal(stats.totalBytes, f.length + 10); // original lengths
});

test('IPv4 header problems: bad version/IHL, total length beyond the frame; options decoded', () => {
  const f = ether(payload(16));
  assert.deepEqual(one(patchIp(f, 0, [0x65])).moved, ['capture.udp=1', 'ipv4.bad_header=1']); // version 6
  assert.deepEqual(one(patchIp(f, 0, [0x44])).moved, ['capture.udp=1', 'ipv4.bad_header=1']); // IHL 4
  assert.deepEqual(one(patchIp(f, 2, [0x01, 0x00])).moved, ['capture.udp=1', 'ipv4.bad_length=1']); // 256 > frame
  assert.deepEqual(one(patchIp(f, 2, [0x00, 0x10])).moved, ['capture.udp=1', 'ipv4.bad_length=1']); // 16 < IHL
  const withOpt = concat(f.subarray(0, 14), withOptions(f.subarray(14), 3));
  const r = one(withOpt);
  assert.deepEqual(r.d!.payload, [...payload(16)]);
  assert.deepEqual(r.moved, ['capture.udp=1', 'ipv4.options=1', 'udp.payloads=1']);
  assert.equal(r.d!.srcPort, ADDR.srcPort);
});

test('UDP lengths: 0 (vmm-sdat: udp, skipped), < 8, beyond the IP payload, exactly 8 (empty), shorter than IP payload', () => {
  const f = ether(payload(16));
  const udpLen = (v: number) => {
    const g = f.slice();
    g[38] = v >> 8;
    g[39] = v & 255;
    return g;
  };
  assert.deepEqual(one(udpLen(0)).moved, ['capture.udp=1', 'udp.bad_length=1']);
  assert.deepEqual(one(udpLen(5)).moved, ['capture.udp=1', 'udp.bad_length=1']);
  assert.deepEqual(one(udpLen(25)).moved, ['capture.udp=1', 'udp.bad_length=1']);
  assert.deepEqual(one(udpLen(8)).moved, ['capture.udp=1', 'udp.empty_payload=1']);
  assert.deepEqual(one(udpLen(12)).d!.payload, [...payload(4)]); // vmm-sdat uses the UDP length too
  assert.deepEqual(one(patchIp(f, 2, [0, 27])).moved, ['capture.udp=1', 'udp.bad_length=1']); // IP payload 7 < UDP header
});

test('payload cap: 10000 bytes by default (vmm-sdat), configurable', () => {
  const p = payload(12000);
  const a = one(ether(p));
  assert.equal(a.d!.length, 10000);
  assert.deepEqual(a.d!.payload, [...p.subarray(0, 10000)]);
  assert.deepEqual(a.moved, ['capture.udp=1', 'udp.payload_capped=1', 'udp.payloads=1']);
  const b = one(ether(p), 1, undefined, { payloadCap: Infinity });
  assert.equal(b.d!.length, 12000);
});

test('first/last seconds come from every record, truncated and non-UDP ones included', () => {
  const ex = new UdpExtractor();
  const f = ether(payload(10));
  ex.extract(ref(f, 1, f.length + 1, 50)); // truncated, still sets the first time
  ex.extract(ref(f, 1, f.length, 60));
  ex.extract(ref(concat(f.subarray(0, 12), [0x08, 0x06]), 1, 14, 70)); // ARP
  assert.equal(ex.stats.firstSeconds, 50);
  assert.equal(ex.stats.lastSeconds, 70);
  checkInvariants(ex.stats);
});

test('CaptureStats.merge adds counts and spans first/last seconds (several files)', () => {
  const a = new UdpExtractor();
  const b = new UdpExtractor();
  a.extract(ref(ether(payload(10)), 1, undefined, 10));
  b.extract(ref(ether(payload(10)), 1, undefined, 20));
  b.extract(ref(concat(ether(payload(0)).subarray(0, 12), [0x08, 0x06]), 1, undefined, 30));
  const m = a.stats.merge(b.stats);
  assert.deepEqual([m.totalPackets, m.udpPackets, m.otherPackets, m.udpPayloads, m.firstSeconds, m.lastSeconds], [3, 2, 1, 2, 10, 30]);
  checkInvariants(m);
});
