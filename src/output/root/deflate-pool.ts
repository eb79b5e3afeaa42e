/**
 * `DeflatePool`: basket compression on worker threads, so that zlib (most of
 * the ROOT writer's cost) runs beside the analysis instead of inside it.
 *
 * The pool is a ring of slots in one SharedArrayBuffer; each slot has an input
 * area, an output area and a state word (0 free → 1 submitted → 2 done → 0).
 * The caller's thread copies a payload into the next slot and returns at once;
 * completed slots are handed to their callbacks, in submission order, during
 * later `submit` calls or `drain`. When all slots are busy, `submit` blocks
 * (Atomics.wait) until the oldest completes: memory stays bounded by the ring
 * and the writer keeps its synchronous API. Workers take slots w, w + T, … in
 * ring order. Payloads larger than a slot are compressed inline after a drain,
 * so per-branch basket order is always kept. Node-only (worker_threads).
 */
import { Worker } from 'node:worker_threads';
import { rootCompress, type BlockCompressor } from './compress.js';
import { nodeDeflate } from './node-deflate.js';

export interface DeflatePoolOptions {
  /** zlib level 1–9. */
  level: number;
  /** Worker threads (default 1). */
  threads?: number;
  /** Slots in the ring (rounded up to a multiple of `threads`; default 16). */
  slots?: number;
  /** Bytes per slot input (payloads above go inline; default 128 KiB). */
  slotBytes?: number;
}

/** Worker: waits for its slots in ring order, compresses into ROOT blocks (one block: slots < 16 MiB). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { deflateSync } = require('node:zlib');
const { ctrl, data, slots, slotBytes, first, step, level } = workerData;
const st = new Int32Array(ctrl);
const buf = new Uint8Array(data);
function main() {
  for (let i = first; ; i = (i + step) % slots) {
    const s = i * 4;
    for (;;) {
      const v = Atomics.load(st, s);
      if (v === 1) break;
      Atomics.wait(st, s, v);
    }
    const inOff = i * 2 * slotBytes;
    const outOff = inOff + slotBytes;
    const n = st[s + 1];
    const z = deflateSync(buf.subarray(inOff, inOff + n), { level, memLevel: 9 });
    let out = -1;
    if (9 + z.length < n) {
      buf[outOff] = 0x5a; buf[outOff + 1] = 0x4c; buf[outOff + 2] = 8;
      buf[outOff + 3] = z.length & 255; buf[outOff + 4] = (z.length >>> 8) & 255; buf[outOff + 5] = (z.length >>> 16) & 255;
      buf[outOff + 6] = n & 255; buf[outOff + 7] = (n >>> 8) & 255; buf[outOff + 8] = (n >>> 16) & 255;
      buf.set(z, outOff + 9);
      out = 9 + z.length;
    }
    st[s + 2] = out;
    Atomics.store(st, s, 2);
    Atomics.notify(st, s);
  }
}
main();
`;

/** Longest wait for one slot before the pool reports a stalled worker. */
const STALL_MS = 60000;

export class DeflatePool implements BlockCompressor {
  private readonly level: number;
  private readonly slots: number;
  private readonly slotBytes: number;
  private readonly st: Int32Array;
  private readonly buf: Uint8Array;
  private readonly workers: Worker[] = [];
  private readonly callbacks: (((stored: Uint8Array) => void) | null)[];
  private head = 0;
  private count = 0;
  private failure: Error | null = null;

  constructor(opts: DeflatePoolOptions) {
    this.level = opts.level;
    const threads = Math.max(1, opts.threads ?? 1);
    this.slots = Math.ceil((opts.slots ?? 16) / threads) * threads;
    this.slotBytes = opts.slotBytes ?? 128 << 10;
    if (this.slotBytes >= 0xffffff) throw new Error('root: deflate pool slots must be below 16 MiB (one block)');
    const ctrl = new SharedArrayBuffer(this.slots * 16);
    const data = new SharedArrayBuffer(this.slots * 2 * this.slotBytes);
    this.st = new Int32Array(ctrl);
    this.buf = new Uint8Array(data);
    this.callbacks = new Array(this.slots).fill(null);
    for (let w = 0; w < threads; w++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [], // plain CommonJS: no loader hooks (tsx) to start
        workerData: { ctrl, data, slots: this.slots, slotBytes: this.slotBytes, first: w, step: threads, level: this.level },
      });
      worker.unref();
      worker.on('error', (e) => {
        this.failure = e instanceof Error ? e : new Error(String(e));
      });
      this.workers.push(worker);
    }
  }

  submit(payload: Uint8Array, done: (stored: Uint8Array) => void): void {
    if (payload.length > this.slotBytes) {
      this.drain();
      done(rootCompress(payload, this.level, nodeDeflate) ?? payload);
      return;
    }
    if (this.count === this.slots) this.completeHead(true);
    const slot = (this.head + this.count) % this.slots;
    const inOff = slot * 2 * this.slotBytes;
    this.buf.set(payload, inOff);
    this.st[slot * 4 + 1] = payload.length;
    this.callbacks[slot] = done;
    Atomics.store(this.st, slot * 4, 1);
    Atomics.notify(this.st, slot * 4);
    this.count++;
    while (this.count > 0 && Atomics.load(this.st, this.head * 4) === 2) this.completeHead(false);
  }

  drain(): void {
    while (this.count > 0) this.completeHead(true);
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }

  /** Hands the oldest slot to its callback, waiting for it if `block`. */
  private completeHead(block: boolean): void {
    const s = this.head * 4;
    if (block) {
      let waited = 0;
      while (Atomics.load(this.st, s) !== 2) {
        if (this.failure) throw new Error(`root: compression worker failed: ${this.failure.message}`);
        if (Atomics.wait(this.st, s, 1, 1000) === 'timed-out' && (waited += 1000) >= STALL_MS)
          throw new Error(`root: compression worker stalled for ${STALL_MS / 1000} s`);
      }
    }
    const out = this.st[s + 2]!;
    const inOff = this.head * 2 * this.slotBytes;
    const stored = out < 0 ? this.buf.subarray(inOff, inOff + this.st[s + 1]!) : this.buf.subarray(inOff + this.slotBytes, inOff + this.slotBytes + out);
    const cb = this.callbacks[this.head]!;
    this.callbacks[this.head] = null;
    try {
      cb(stored);
    } finally {
      Atomics.store(this.st, s, 0);
      Atomics.notify(this.st, s);
      this.head = (this.head + 1) % this.slots;
      this.count--;
    }
  }
}

const shared = new Map<string, DeflatePool>();

/**
 * A process-wide pool for `level`/`threads`, started on first use and kept (its
 * workers do not keep the process alive). Writers that open many files — the
 * monitor, a batch of runs — then pay the worker start-up (~0.1 s CPU) once.
 * The returned compressor's `close` only drains; writers sharing it may
 * interleave, since every callback belongs to its own writer.
 */
export function sharedDeflatePool(level: number, threads = 1): BlockCompressor {
  const key = `${level}/${threads}`;
  let pool = shared.get(key);
  if (!pool) {
    pool = new DeflatePool({ level, threads });
    shared.set(key, pool);
  }
  const p = pool;
  return {
    submit: (payload, done) => p.submit(payload, done),
    drain: () => p.drain(),
    close: () => p.drain(),
  };
}
