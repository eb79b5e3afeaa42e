/**
 * IPv4 fragment reassembly through UdpExtractor: in order, out of order,
 * interleaved datagrams, overlaps, missing fragments, timeout, slot eviction, and
 * reassembly switched off — each with the fragment counters' invariant
 * fragments = used + dropped + pending.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UdpExtractor, type UdpExtractorOptions } from '../../src/net/index.js';
import { ETH_HEAD, concat, fragment, ipv4, payload, ref } from './frames.js';

/** A 9000-byte SRS-sized datagram in 1480-byte fragments (7 packets), as Ethernet frames. */
function fragments(id: number, seed = 1, size = 9000, src = '10.0.0.2'): Uint8Array[] {
  return fragment(ipv4(payload(size, seed), { srcIp: src }), 1480, id).map((ip) => concat(ETH_HEAD, ip));
}

function feed(frames: Uint8Array[], opts: UdpExtractorOptions = {}, times?: number[]) {
  const ex = new UdpExtractor(opts);
  const out: { payload: number[]; reassembled: boolean; index: number; src: number }[] = [];
  frames.forEach((f, i) => {
    const p = ref(f, 1, f.length, times?.[i] ?? 100);
    p.index = i;
    const d = ex.extract(p);
    if (d) out.push({ payload: [...d.bytes.subarray(d.offset, d.offset + d.length)], reassembled: d.reassembled, index: d.packetIndex, src: d.srcIp });
  });
  ex.finish();
  const s = ex.stats;
  assert.equal(s.ipv4Fragments, s.ipv4FragmentsUsed + s.ipv4FragmentsDropped + s.ipv4FragmentsPending, 'fragment invariant');
  assert.equal(s.totalPackets, s.udpPackets + s.otherPackets + s.truncatedPackets);
  return { out, s };
}

test('a 9000-byte datagram in 7 fragments is rebuilt, delivered at its last fragment', () => {
  const fr = fragments(7);
  assert.equal(fr.length, 7);
  const { out, s } = feed(fr);
  assert.equal(out.length, 1);
  assert.deepEqual(out[0]!.payload, [...payload(9000)]);
  assert.equal(out[0]!.reassembled, true);
  assert.equal(out[0]!.index, 6);
  assert.equal(s.udpPackets, 7); // vmm-sdat counts every fragment as "ipproto udp"
  assert.equal(s.ipv4Fragments, 7);
  assert.equal(s.ipv4Reassembled, 1);
  assert.equal(s.ipv4FragmentsUsed, 7);
  assert.equal(s.udpPayloads, 1);
});

test('out of order and interleaved with another datagram', () => {
  const a = fragments(1, 1);
  const b = fragments(2, 2);
  const order = [a[6]!, b[0]!, a[2]!, a[0]!, b[6]!, a[1]!, b[1]!, b[2]!, a[3]!, a[5]!, b[3]!, b[5]!, a[4]!, b[4]!];
  const { out, s } = feed(order);
  assert.equal(out.length, 2);
  assert.deepEqual(out[0]!.payload, [...payload(9000, 1)]);
  assert.deepEqual(out[1]!.payload, [...payload(9000, 2)]);
  assert.equal(s.ipv4FragmentsUsed, 14);
});

test('same IP id from two sources are different datagrams', () => {
  const a = fragments(5, 1, 3000, '10.0.0.2');
  const b = fragments(5, 2, 3000, '10.0.0.9');
  const { out } = feed([a[0]!, b[0]!, a[1]!, b[1]!, a[2]!, b[2]!]);
  assert.deepEqual(out.map((o) => o.src), [0x0a000002, 0x0a000009]);
  assert.deepEqual(out[1]!.payload, [...payload(3000, 2)]);
});

test('a duplicate/overlapping fragment drops the datagram; a missing one leaves it pending', () => {
  const a = fragments(1);
  const dup = feed([a[0]!, a[1]!, a[1]!, a[2]!]);
  assert.equal(dup.out.length, 0);
  assert.equal(dup.s.ipv4FragmentsDropped, 3); // the two held + the duplicate
  assert.equal(dup.s.ipv4FragmentsPending, 1); // a[2] opened a new datagram that never completes
  const miss = feed([a[0]!, a[1]!, a[3]!, a[4]!, a[5]!, a[6]!]);
  assert.equal(miss.out.length, 0);
  assert.equal(miss.s.ipv4FragmentsPending, 6);
});

test('datagrams older than the timeout (capture time) are dropped', () => {
  const a = fragments(1);
  const times = [100, 100, 100, 100, 100, 100, 200];
  const { out, s } = feed(a, { fragmentTimeoutSeconds: 30 }, times);
  assert.equal(out.length, 0);
  assert.equal(s.ipv4FragmentsDropped, 6);
  assert.equal(s.ipv4FragmentsPending, 1);
});

test('with 2 slots, a third datagram evicts the oldest', () => {
  const a = fragments(1, 1), b = fragments(2, 2), c = fragments(3, 3);
  const { out, s } = feed([a[0]!, b[0]!, c[0]!, ...b.slice(1), ...c.slice(1)], { maxReassemblies: 2 });
  assert.deepEqual(out.map((o) => o.payload[0]), [payload(1, 2)[0], payload(1, 3)[0]]);
  assert.equal(s.ipv4FragmentsDropped, 1);
});

test('a bad last fragment (inconsistent end) and oversize data are dropped', () => {
  const a = fragments(1, 1, 3000);
  const last = a[2]!.slice();
  last[14 + 7] += 1; // fragment offset + 8 bytes: a second, different end
  const { out, s } = feed([a[0]!, a[2]!, last, a[1]!]);
  assert.equal(out.length, 0);
  assert.ok(s.ipv4FragmentsDropped >= 3);
});

test('reassemble: false counts fragments as dropped and delivers nothing', () => {
  const { out, s } = feed(fragments(1), { reassemble: false });
  assert.equal(out.length, 0);
  assert.equal(s.ipv4FragmentsDropped, 7);
});
