/**
 * Test helper: replays a capture with the real `Replayer` (loop, faults) into a UDP
 * socket of the test and writes what arrived, in arrival order and with the receive
 * times, as a pcapng file (Ethernet/IPv4/UDP frames built by the project's encoder) —
 * the recording a FEC's receiver would make, without a child process.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { PcapngFileWriter } from '../../src/io/pcapng-file-writer.js';
import { buildUdpFrame } from '../../src/net/build-frame.js';
import { Replayer, type ReplayOptions, type ReplaySummary } from '../../src/capture/replay.js';

export interface Recorded {
  summary: ReplaySummary;
  /** Payloads in arrival order (copies). */
  payloads: Buffer[];
  /** Their receive times, ns since 1970. */
  times: bigint[];
}

/** Writes payloads with their times (ns since 1970) as a pcapng file of UDP frames. */
export function writeDatagrams(out: string, payloads: readonly Uint8Array[], times: readonly bigint[]): void {
  const w = new PcapngFileWriter(out);
  payloads.forEach((p, i) => {
    const ns = times[i]!;
    w.writePacket(buildUdpFrame(p, { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n));
  });
  w.close();
}

/**
 * Replays `file` with `options` (speed, loop, passes, faults; the destination is set
 * here) and writes the received datagrams to `out` (null: only returns them). Paced (default 4 MB/s) with a large
 * receive buffer so that loopback loses nothing; the test checks the count anyway.
 */
export async function replayAndRecord(file: string, out: string | null, options: Partial<ReplayOptions> = {}): Promise<Recorded> {
  const sock = createSocket({ type: 'udp4', recvBufferSize: 16 << 20 });
  const payloads: Buffer[] = [];
  const times: bigint[] = [];
  sock.on('message', (m) => {
    payloads.push(m);
    times.push(process.hrtime.bigint());
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const port = (sock.address() as AddressInfo).port;
  const t0 = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  try {
    const summary = await new Replayer({ speed: 'max', rateBytesPerSecond: 4e6, ...options, file, to: { host: '127.0.0.1', port } }).run();
    // the last datagrams may still be in the socket's queue
    for (let i = 0; i < 50 && payloads.length < summary.packets; i++) await new Promise((r) => setTimeout(r, 20));
    if (out !== null) writeDatagrams(out, payloads, times.map((t) => t0 + t));
    return { summary, payloads, times: times.map((t) => t0 + t) };
  } finally {
    sock.close();
  }
}
