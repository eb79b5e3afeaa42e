/**
 * The built-in receiver's sockets: the kernel's per-socket drop counter (Linux
 * /proc/net/udp) is found and counts exactly what a full buffer lost, and bind
 * failures give a message with the way out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { readKernelDrops, ReceiverError, UdpReceiver } from '../../src/capture/udp-receiver.js';

// Lines as Linux 6.1 prints them (header, one socket on 127.0.0.1:5973 with 17 drops, one on 0.0.0.0:6006).
const PROC = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  181: 0100007F:1755 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 80812 2 0000000001dccef7 17        
  902: 00000000:1776 00000000:0000 07 00000000:00001100 00:00000000 00000000     0        0 80813 2 0000000002ab01c3 0         
`;

test('drop counter: parsed from /proc/net/udp by local address and port', { skip: process.arch !== 'x64' && process.arch !== 'arm64' && 'little-endian layout assumed' }, () => {
  assert.equal(readKernelDrops([{ address: '127.0.0.1', port: 0x1755 }], PROC), 17);
  assert.equal(readKernelDrops([{ address: '0.0.0.0', port: 6006 }], PROC), 0);
  assert.equal(readKernelDrops([{ address: '127.0.0.1', port: 0x1755 }, { address: '0.0.0.0', port: 6006 }], PROC), 17);
  assert.equal(readKernelDrops([{ address: '127.0.0.1', port: 6006 }], PROC), undefined);
});

test('a full socket buffer: received + dropped = sent', { skip: !existsSync('/proc/net/udp') && 'no /proc/net/udp (not Linux)' }, async () => {
  let received = 0;
  const rx = new UdpReceiver([{ host: '127.0.0.1', port: 0 }], () => received++, 1); // the kernel rounds up to its minimum
  const [bound] = await rx.open();
  const tx = createSocket('udp4');
  try {
    const payload = new Uint8Array(1000);
    const sent = 300;
    // All sends happen in this tick: the receiver cannot read before its buffer overflows.
    for (let i = 0; i < sent; i++) tx.send(payload, bound!.endpoint.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
    const drops = rx.drops()!;
    assert.ok(drops > 0, `${drops} drops`);
    assert.equal(received + drops, sent, `received ${received} + dropped ${drops}`);
    assert.equal(rx.packets, received);
    assert.equal(rx.bytes, received * 1000);
    rx.close();
    assert.equal(rx.drops(), drops, 'the count is kept after close');
  } finally {
    tx.close();
    rx.close();
  }
});

test('bind failures say what to do', async () => {
  const a = new UdpReceiver([{ host: '127.0.0.1', port: 0 }], () => undefined);
  const [bound] = await a.open();
  try {
    const b = new UdpReceiver([{ host: '127.0.0.1', port: bound!.endpoint.port }], () => undefined);
    await assert.rejects(b.open(), (e: Error) => e instanceof ReceiverError && /cannot listen on 127\.0\.0\.1:\d+: the port is in use by another program/.test(e.message));
    const c = new UdpReceiver([{ host: '192.0.2.77', port: 6006 }], () => undefined);
    await assert.rejects(c.open(), /cannot listen on 192\.0\.2\.77:6006: 192\.0\.2\.77 is not an address of this machine/);
  } finally {
    a.close();
  }
});
