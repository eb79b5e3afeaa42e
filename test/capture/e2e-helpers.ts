/**
 * Helpers of the capture tests: read the UDP payloads of a capture (with our reader),
 * run `vmmscope record` as a child process and talk to it (wait for a line, Ctrl-C),
 * and find out whether dumpcap may capture on loopback here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { readCaptureFile } from '../../src/io/capture-file.js';
import { UdpExtractor } from '../../src/net/udp-extractor.js';
import { checkDumpcap } from '../../src/capture/dumpcap.js';

/** One UDP datagram of a capture: payload and addressing. */
export interface Datagram {
  payload: Buffer;
  srcPort: number;
  dstPort: number;
  srcIp: number;
  dstIp: number;
}

/** Every UDP datagram of `path` in file order, and whether the file ended mid-block. */
export function readCapture(path: string): { datagrams: Datagram[]; truncatedBytes: number; packets: number } {
  const x = new UdpExtractor({ payloadCap: Infinity });
  const datagrams: Datagram[] = [];
  const r = readCaptureFile(path, (p) => {
    const d = x.extract(p);
    if (d) datagrams.push({ payload: Buffer.from(d.bytes.subarray(d.offset, d.offset + d.length)), srcPort: d.srcPort, dstPort: d.dstPort, srcIp: d.srcIp, dstIp: d.dstIp });
  });
  return { datagrams, truncatedBytes: r.parser.stats.truncatedBytes, packets: r.parser.stats.packets };
}

/** The UDP payloads of `path` in file order (copies). */
export function readPayloads(path: string): Buffer[] {
  return readCapture(path).datagrams.map((d) => d.payload);
}

const entry = fileURLToPath(new URL('../helpers/cli-entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

const running = new Set<CliProcess>();

/** Kills (SIGKILL) every CLI child still running, e.g. after a failed assertion; call in `finally`. */
export function killRunning(): void {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  running.clear();
}

/** A running CLI child process. */
export class CliProcess {
  readonly child: ChildProcess;
  stderr = '';
  stdout = '';
  readonly exit: Promise<number | null>;
  private waiters: { test: (stderr: string) => boolean; resolve: () => void }[] = [];

  /**
   * @param args CLI arguments (`record …`)
   * @param wrap optional command that runs the CLI: its arguments may use `{CLI}`, which
   *   is replaced by the quoted command line of the CLI (for `sh -c` wrappers)
   */
  constructor(args: string[], wrap?: string[]) {
    const cli = [process.execPath, '--import', tsx, entry, ...args];
    const quoted = cli.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const [cmd, ...rest] = wrap ? wrap.map((w) => w.replace('{CLI}', quoted)) : cli;
    this.child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
      this.waiters = this.waiters.filter((w) => {
        const ok = w.test(this.stderr);
        if (ok) w.resolve();
        return !ok;
      });
    });
    this.exit = new Promise((res) => this.child.on('close', (code) => res(code)));
    running.add(this);
    void this.exit.then(() => running.delete(this));
  }

  /** Resolves once `test(stderr)` holds; rejects after `timeoutMs` or if the process ends first. */
  waitUntil(test: (stderr: string) => boolean, what: string, timeoutMs = 30000): Promise<void> {
    if (test(this.stderr)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timeout waiting for ${what}; stderr:\n${this.stderr}`)), timeoutMs);
      const w = { test, resolve: () => (clearTimeout(t), resolve()) };
      this.waiters.push(w);
      void this.exit.then(() => {
        if (this.waiters.includes(w)) {
          clearTimeout(t);
          reject(new Error(`process ended before ${what}; stderr:\n${this.stderr}`));
        }
      });
    });
  }

  /** Resolves with the first match of `re` in stderr (see waitUntil). */
  async waitFor(re: RegExp, timeoutMs = 30000): Promise<RegExpMatchArray> {
    await this.waitUntil((t) => re.test(t), String(re), timeoutMs);
    return this.stderr.match(re)!;
  }

  /** Sends SIGINT (Ctrl-C) and waits for the exit status. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exit;
  }
}

/**
 * Starts `vmmscope record …` and waits until it is taking data; returns it and the
 * listening ports of the built-in receiver (one per --listen, in order).
 */
export async function startRecord(args: string[], wrap?: string[], listens?: number): Promise<{ rec: CliProcess; port: number; ports: number[] }> {
  const rec = new CliProcess(['record', ...args], wrap);
  // Sockets expected: one per --listen flag (or as told, e.g. when they come from --config).
  const want = listens ?? Math.max(1, args.filter((a) => a === '--listen' || a === '-l').length);
  const portsIn = (t: string) => [...t.matchAll(/record: listening on [\d.]+:(\d+)/g)].map((m) => Number(m[1]));
  await rec.waitUntil((t) => /record: dumpcap capturing on/.test(t) || portsIn(t).length >= want, 'the recording to start');
  const ports = portsIn(rec.stderr);
  return { rec, port: ports[0] ?? 0, ports };
}

/** A UDP port that was free a moment ago on 127.0.0.1 (for dumpcap filters). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let dumpcapState: string | true | undefined;

/** true when dumpcap exists and may capture on `lo`; otherwise the reason to skip. */
export async function dumpcapOnLoopback(): Promise<true | string> {
  if (dumpcapState === undefined) {
    try {
      await checkDumpcap(['lo']);
      dumpcapState = true;
    } catch (e) {
      dumpcapState = `dumpcap cannot capture on lo here: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  return dumpcapState;
}

/** Concatenation check helper: index of `part` as a contiguous run inside `whole`, or −1. */
export function indexOfRun(whole: Buffer[], part: Buffer[]): number {
  outer: for (let i = 0; i + part.length <= whole.length; i++) {
    for (let k = 0; k < part.length; k++) if (!whole[i + k]!.equals(part[k]!)) continue outer;
    return i;
  }
  return -1;
}
