/**
 * The built-in receiver's sockets: one UDP socket per `--listen HOST:PORT` (several
 * FECs = several ports/addresses), each with a large receive buffer, counting packets
 * and bytes, and reading the kernel's per-socket drop counter (Linux `/proc/net/udp`,
 * the "drops" column: datagrams discarded because the receive buffer was full).
 * Needs no capture rights. IPv4 only, since the files carry Ethernet/IPv4/UDP frames.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Endpoint } from './endpoint.js';

/** Called for every datagram; `msg` is Node's buffer for this datagram only. */
export type DatagramHandler = (msg: Buffer, rinfo: RemoteInfo, listenIndex: number) => void;

/** A socket could not be opened; the message says why and what to do. */
export class ReceiverError extends Error {
  override readonly name = 'ReceiverError';
}

/** One bound socket. */
export interface BoundSocket {
  readonly endpoint: Endpoint;
  /** Effective receive buffer in bytes as the kernel reports it (Linux doubles the request). */
  readonly recvBufferBytes: number;
}

function bindError(e: NodeJS.ErrnoException, ep: Endpoint): ReceiverError {
  const where = `${ep.host}:${ep.port}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return new ReceiverError(`cannot listen on ${where}: the port is in use by another program (another vmmscope record, or a DAQ program); stop it or choose another --listen port`);
    case 'EADDRNOTAVAIL':
      return new ReceiverError(`cannot listen on ${where}: ${ep.host} is not an address of this machine; use the address of the network card the FECs send to, or 0.0.0.0 for all`);
    case 'EACCES':
      return new ReceiverError(`cannot listen on ${where}: ports below 1024 need root; use a port ≥ 1024 (SRS FECs send to 6006 by default)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ReceiverError(`cannot listen on ${where}: the host name ${ep.host} does not resolve`);
    default:
      return new ReceiverError(`cannot listen on ${where}: ${e.message}`);
  }
}

/** The hex form of an IPv4 address in /proc/net/udp (host byte order of the raw u32). */
function procAddress(ip: string): string {
  const b = ip.split('.').map(Number);
  const bytes = endianness() === 'LE' ? [b[3]!, b[2]!, b[1]!, b[0]!] : b;
  return bytes.map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/**
 * Sums the "drops" column of `/proc/net/udp` over the sockets bound to the given
 * local address:port pairs; undefined where the file does not exist (not Linux).
 */
export function readKernelDrops(bound: readonly { address: string; port: number }[], procText?: string): number | undefined {
  let text = procText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/net/udp', 'latin1');
    } catch {
      return undefined;
    }
  }
  const keys = new Set(bound.map((b) => `${procAddress(b.address)}:${b.port.toString(16).padStart(4, '0').toUpperCase()}`));
  let drops = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 13 || !keys.has(f[1]!)) continue;
    drops += Number(f[f.length - 1]);
    found = true;
  }
  return found ? drops : undefined;
}

export class UdpReceiver {
  /** Datagrams received (all sockets). */
  packets = 0;
  /** Payload bytes received. */
  bytes = 0;
  private readonly sockets: Socket[] = [];
  private readonly bound: { address: string; port: number }[] = [];
  private dropsAtStart = 0;
  private lastDrops = 0;
  private closed = false;

  /**
   * @param endpoints addresses to listen on (IPv4 literal or host name, port)
   * @param recvBufferBytes requested SO_RCVBUF per socket (capped by the kernel)
   */
  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly onDatagram: DatagramHandler,
    private readonly recvBufferBytes = 64 << 20,
  ) {}

  /** Binds every socket; rejects with a {@link ReceiverError} (and closes the others) if one fails. */
  async open(): Promise<BoundSocket[]> {
    const out: BoundSocket[] = [];
    try {
      for (let i = 0; i < this.endpoints.length; i++) out.push(await this.bindOne(this.endpoints[i]!, i));
    } catch (e) {
      this.close();
      throw e;
    }
    this.dropsAtStart = readKernelDrops(this.bound) ?? 0;
    return out;
  }

  private bindOne(ep: Endpoint, index: number): Promise<BoundSocket> {
    return new Promise((resolve, reject) => {
      const s = createSocket({ type: 'udp4', recvBufferSize: this.recvBufferBytes });
      const fail = (e: Error): void => {
        s.close();
        reject(bindError(e as NodeJS.ErrnoException, ep));
      };
      s.once('error', fail);
      s.bind(ep.port, ep.host, () => {
        s.off('error', fail);
        s.on('error', () => undefined); // later socket errors (ICMP) are not fatal for a receiver
        try {
          s.setRecvBufferSize(this.recvBufferBytes);
        } catch {
          /* keep the kernel's value */
        }
        const a = s.address();
        this.bound.push({ address: a.address, port: a.port });
        this.sockets.push(s);
        s.on('message', (msg, rinfo) => {
          this.packets++;
          this.bytes += msg.length;
          this.onDatagram(msg, rinfo, index);
        });
        resolve({ endpoint: { host: a.address, port: a.port }, recvBufferBytes: s.getRecvBufferSize() });
      });
    });
  }

  /** Datagrams the kernel dropped for our sockets since `open()`; undefined when unknown (not Linux). */
  drops(): number | undefined {
    if (this.closed) return this.lastDrops;
    const d = readKernelDrops(this.bound);
    if (d === undefined) return this.bound.length ? undefined : 0;
    this.lastDrops = d - this.dropsAtStart;
    return this.lastDrops;
  }

  /** Stops receiving: no datagram is delivered after this returns. Keeps the last drop count. */
  close(): void {
    if (this.sockets.length) this.drops();
    this.closed = true;
    for (const s of this.sockets) {
      s.removeAllListeners('message');
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
    this.sockets.length = 0;
  }

  /** The drop count read at close (or last read). */
  get finalDrops(): number {
    return this.lastDrops;
  }
}
