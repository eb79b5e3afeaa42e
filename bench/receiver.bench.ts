/**
 * Built-in receiver throughput: `vmmscope record --source udp` (a child process,
 * writing pcapng files) fed on loopback by `vmmscope replay --loop` (another child
 * process), for SRS payloads of ~9000 and ~1500 bytes. For each size:
 *   1. replay at --speed max: the sender's top rate and the loss at that rate;
 *   2. at the 1 Gbit/s target (125 MB/s of payload): the loss;
 *   3. a rate search (bisection on --rate) for the highest rate with zero loss.
 * Loss = the kernel's drop counter of the receiver socket (/proc/net/udp), checked
 * at the end against packets sent vs packets written. Also prints the receiver's CPU
 * use (from /proc/PID/stat) and peak RSS. Output folder: $BENCH_DIR or the OS temp
 * folder (a ring of 3 files, ≤ 300 MB). Trial length: $BENCH_SECONDS (default 2);
 * senders for the 1.5-kB case: $BENCH_SENDERS (default 2; one Node sender tops out
 * below 1 Gbit/s of small datagrams). The socket buffer is capped by
 * net.core.rmem_max, which decides how long a descheduled receiver survives a burst.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PcapngFileWriter } from '../src/io/pcapng-file-writer.js';
import { buildUdpFrame } from '../src/net/build-frame.js';
import { encodeSrsPayload, type SrsWord } from '../src/readout/srs/encoder.js';
import { readKernelDrops } from '../src/capture/udp-receiver.js';

const entry = fileURLToPath(new URL('../test/helpers/cli-entry.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const TARGET = 125e6; // 1 Gbit/s of payload, bytes/s
const work = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'vmmscope-bench-rx-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A capture of `packets` SRS frames of `words` hit words each (16 + 6·words bytes), like a FEC sends. */
function makeCapture(path: string, words: number, packets: number): number {
  const w = new PcapngFileWriter(path);
  let size = 0;
  for (let p = 0; p < packets; p++) {
    const ws: SrsWord[] = [{ kind: 'marker', vmm: 0, timestamp: p * 4096 }];
    for (let k = 1; k < words; k++) {
      ws.push({ kind: 'hit', vmm: k % 8, channel: k % 64, tdc: (k * 7) % 256, adc: (k * 13) % 1024, bcid: (k * 11) % 4096, offset: 0, overThreshold: false });
    }
    const payload = encodeSrsPayload(p, 1, ws);
    size = payload.length;
    w.writePacket(buildUdpFrame(payload, { srcIp: '10.0.0.2', dstIp: '10.0.0.3', srcPort: 6006, dstPort: 6006 }), 1_700_000_000 + Math.floor(p / 10000), (p % 10000) * 100_000);
  }
  w.close();
  return size;
}

const children = new Set<ChildProcess>();

function cli(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', tsx, entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('close', () => children.delete(child));
  let text = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { child, out: () => text, exit: new Promise((r) => child.on('close', r)) };
}

/** utime + stime of a process in seconds (Linux). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Trial {
  sentPackets: number;
  seconds: number;
  drops: number;
  rxCpu: number;
}

/** `senders` replay processes at `rate`/senders each (or --speed max) for SECONDS. */
async function trial(file: string, port: number, rxPid: number, rate: number | undefined, senders: number): Promise<Trial> {
  const bound = [{ address: '127.0.0.1', port }];
  const d0 = readKernelDrops(bound) ?? 0;
  const c0 = cpuSeconds(rxPid);
  const args = ['replay', file, '--to', `127.0.0.1:${port}`, '--speed', 'max', '--loop'];
  if (rate !== undefined) args.push('--rate', String(rate / senders / 1e6));
  const txs = Array.from({ length: senders }, () => cli(args));
  for (const tx of txs) {
    while (!tx.out().includes('replay: ')) {
      if (tx.child.exitCode !== null) throw new Error(`replay failed:\n${tx.out()}`);
      await sleep(20);
    }
  }
  await sleep(SECONDS * 1000);
  for (const tx of txs) tx.child.kill('SIGINT');
  await Promise.all(txs.map((t) => t.exit));
  await sleep(300); // let the receiver empty its socket
  let sentPackets = 0;
  let seconds = 0;
  for (const tx of txs) {
    const m = /replay: (\d+) datagrams, .* in ([\d.]+) s/.exec(tx.out());
    if (!m) throw new Error(`replay output not understood:\n${tx.out()}`);
    sentPackets += Number(m[1]);
    seconds = Math.max(seconds, Number(m[2]));
  }
  return { sentPackets, seconds, drops: (readKernelDrops(bound) ?? 0) - d0, rxCpu: (cpuSeconds(rxPid) - c0) / seconds };
}

function line(label: string, t: Trial, payload: number): string {
  const pps = t.sentPackets / t.seconds;
  const mbs = (pps * payload) / 1e6;
  return `  ${label.padEnd(34)} ${mbs.toFixed(1).padStart(7)} MB/s  ${(mbs * 8 / 1000).toFixed(2)} Gbit/s  ${(pps / 1000).toFixed(1).padStart(6)} k packets/s  loss ${t.drops}/${t.sentPackets}  receiver CPU ${(t.rxCpu * 100).toFixed(0)}%`;
}

async function benchSize(words: number, senders: number): Promise<void> {
  const file = join(work, `srs-${words}.pcapng`);
  const payload = makeCapture(file, words, 2000);
  const out = join(work, `rx-${words}`);
  const rx = cli(['record', '--source', 'udp', '--listen', '127.0.0.1:0', '--name', 'bench', '--ring', '3', '--filesize', '100000', '--dir', out]);
  while (!/listening on 127\.0\.0\.1:(\d+)/.test(rx.out())) {
    if (rx.child.exitCode !== null) throw new Error(rx.out());
    await sleep(50);
  }
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(rx.out())![1]);
  const buf = /socket receive buffer ([\d.]+) MiB/.exec(rx.out())![1];
  process.stdout.write(`payload ${payload} bytes (SRS frame, ${words - 1} hits + 1 marker), ${senders} replay sender(s), socket buffer ${buf} MiB, files in ${out}\n`);
  let sent = 0;
  const top = await trial(file, port, rx.child.pid!, undefined, senders);
  sent += top.sentPackets;
  process.stdout.write(line(`replay --speed max${top.drops === 0 ? ' (sender limit)' : ''}`, top, payload) + '\n');
  const atTarget = await trial(file, port, rx.child.pid!, TARGET, senders);
  sent += atTarget.sentPackets;
  process.stdout.write(line('--rate 125 (1 Gbit/s)', atTarget, payload) + '\n');
  // Bisection between the best zero-loss rate so far and the sender's top rate.
  const rateOf = (t: Trial): number => (t.sentPackets * payload) / t.seconds;
  const clean = [top, atTarget].filter((t) => t.drops === 0).sort((a, b) => rateOf(b) - rateOf(a));
  let best: Trial | undefined = clean[0];
  let lo = best ? rateOf(best) : 0;
  let hi = top.drops === 0 ? lo : rateOf(top);
  for (let i = 0; i < 5 && hi - lo > 0.04 * hi; i++) {
    const r = lo === 0 ? hi / 2 : (lo + hi) / 2;
    const t = await trial(file, port, rx.child.pid!, r, senders);
    sent += t.sentPackets;
    if (t.drops === 0) {
      lo = r;
      if (!best || rateOf(t) > rateOf(best)) best = t;
    } else hi = r;
  }
  if (best) process.stdout.write(line('highest rate with zero loss', best, payload) + '\n');
  else process.stdout.write('  no zero-loss rate found\n');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${rx.child.pid}/status`, 'utf8'));
  rx.child.kill('SIGINT');
  await rx.exit;
  const w = /stopped: \d+ file\(s\), [\d.]+ [kMG]?B, (\d+) packets, drops (\d+)/.exec(rx.out());
  if (w) process.stdout.write(`  check: ${sent} sent = ${w[1]} written + ${w[2]} dropped${sent === Number(w[1]) + Number(w[2]) ? '' : '  (MISMATCH)'}; receiver peak RSS ${hwm ? (Number(hwm[1]) / 1024).toFixed(0) : '?'} MB\n`);
  else process.stdout.write(`  receiver output not understood:\n${rx.out()}\n`);
}

try {
  // One sender reaches 1 Gbit/s with 9-kB payloads; with 1.5-kB payloads two share the packet rate.
  await benchSize(1497, 1);
  await benchSize(247, Number(process.env.BENCH_SENDERS ?? 2));
  process.stdout.write(`machine: ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; net.core.rmem_max ${readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim()}\n`);
  process.stdout.write(`bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
} finally {
  for (const c of children) c.kill('SIGKILL'); // after a failure: no receiver or sender left running
  rmSync(work, { recursive: true, force: true });
}
