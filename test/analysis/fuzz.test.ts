/**
 * Issue 15 item 10: a seeded, bounded fuzz of the analysis. Mutated copies of the shared
 * captures (the first 32 kB of each, then byte flips, boundary words, block-length
 * overwrites, truncations, spliced ranges, an if_tsresol option set to a random code)
 * go through the capture layers (pcapng, net, packet dates), one in four through the whole
 * library exactly as `vmmscope analyze` uses it (analyzeCaptureFile with the reference
 * cases' options), and a few mutated option values through parseConvertArgs.
 * The only acceptable failures are the typed errors the CLI turns into one line
 * (PcapngError, CaptureFileError, ConfigError); nothing else may be thrown and nothing may
 * hang (the test's timeout). A handful of the mutated captures also go through the CLI:
 * no stack trace on stderr, an exit status of 0, 255 or 134.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { DATA, hasShared, loadCase, REFERENCE } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';
import { parseConvertArgs } from '../../src/config/convert-options.js';
import { ConfigError } from '../../src/config/errors.js';
import { analyzeCaptureFile } from '../../src/analysis/analyze-file.js';
import { PcapngError } from '../../src/pcapng/errors.js';
import { CaptureFileError } from '../../src/io/capture-file.js';
import type { AnalysisOptions } from '../../src/config/options.js';
import { parseCapture } from '../../src/pcapng/parser.js';
import { UdpExtractor } from '../../src/net/udp-extractor.js';
import { formatPacketDate } from '../../src/net/packet-date.js';

const skip = !hasShared() && 'no ../shared';
const CASES = ['run_geometry', 'run_xyu', 'run_geometry_pad', 'run_triggered_mode', 'ess_LET', 'vtc_run'];
const PREFIX = 32 * 1024;
const ROUNDS = 2000;
/** Every FULL_EVERY-th capture goes through the whole analysis (its set-up dominates a 32 kB run); the rest through the capture layers. */
const FULL_EVERY = 4;

/** mulberry32: a small seeded generator, so that every failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const read = (p: string): string => readFileSync(isAbsolute(p) ? p : join(REFERENCE, p), 'utf8');

interface Seed {
  name: string;
  args: string[];
  options: AnalysisOptions;
  bytes: Uint8Array;
  /** Offsets of the blocks (pcapng) in the prefix. */
  blocks: number[];
}

function blockOffsets(b: Uint8Array): number[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  for (let p = 0; p + 12 <= b.length; ) {
    out.push(p);
    const len = v.getUint32(p + 4, true);
    if (len < 12 || len % 4) break;
    p += len;
  }
  return out;
}

function seeds(): Seed[] {
  return CASES.map((name) => {
    const c = loadCase(name);
    const args = c.args.map((a) => (a.startsWith('../data/') ? join(DATA, a.slice(8)) : a));
    const file = args[args.indexOf('-f') + 1]!;
    const bytes = new Uint8Array(readFileSync(file)).slice(0, PREFIX);
    return { name, args, options: parseConvertArgs(args, read), bytes, blocks: blockOffsets(bytes) };
  });
}

/** An IDB option if_tsresol (code 9, length 1) with `res` inserted into the first IDB. */
function withTsresol(b: Uint8Array, blocks: number[], res: number): Uint8Array {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const idb = blocks.find((p) => p + 8 <= b.length && v.getUint32(p, true) === 1);
  if (idb === undefined) return b;
  const len = v.getUint32(idb + 4, true);
  if (len < 20 || idb + len > b.length) return b; // an earlier mutation broke or cut this IDB
  const out = new Uint8Array(b.length + 8);
  out.set(b.subarray(0, idb + 16));
  const o = new DataView(out.buffer);
  o.setUint16(idb + 16, 9, true);
  o.setUint16(idb + 18, 1, true);
  out[idb + 20] = res;
  out.set(b.subarray(idb + 16), idb + 24);
  o.setUint32(idb + 4, len + 8, true);
  o.setUint32(idb + len + 8 - 4, len + 8, true);
  return out;
}

const BOUNDARY = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 12, 28, 32];

function mutate(s: Seed, r: () => number): Uint8Array {
  let b: Uint8Array = s.bytes.slice();
  const at = (): number => Math.floor(r() * b.length);
  const kinds = 1 + Math.floor(r() * 3);
  for (let k = 0; k < kinds; k++) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (Math.floor(r() * 7)) {
      case 0: // byte flips
        for (let i = 1 + Math.floor(r() * 8); i > 0; i--) b[at()]! ^= 1 << Math.floor(r() * 8);
        break;
      case 1: { // a boundary word
        const p = at() & ~3;
        if (p + 4 <= b.length) dv.setUint32(p, BOUNDARY[Math.floor(r() * BOUNDARY.length)]!, r() < 0.5);
        break;
      }
      case 2: { // a block length
        const p = s.blocks[Math.floor(r() * s.blocks.length)]!;
        if (p + 8 <= b.length) dv.setUint32(p + 4, r() < 0.5 ? BOUNDARY[Math.floor(r() * BOUNDARY.length)]! : Math.floor(r() * 70000), true);
        break;
      }
      case 3: // truncation
        b = b.slice(0, at());
        break;
      case 4: { // a range copied over another
        const a = at();
        const n = Math.floor(r() * 2000);
        b.copyWithin(at(), a, Math.min(b.length, a + n));
        break;
      }
      case 5: // impossible or odd timestamp resolutions
        b = withTsresol(b, s.blocks, [0x80, 0x00, 0x7f, 0xff, 0x81, 0x13, 0x09, 0x40][Math.floor(r() * 8)]!);
        break;
      case 6: // payload words: random bytes in a run
        for (let i = at(), n = Math.floor(r() * 64); n > 0 && i < b.length; n--, i++) b[i] = Math.floor(r() * 256);
        break;
    }
  }
  return b;
}

function acceptable(e: unknown): boolean {
  return e instanceof PcapngError || e instanceof CaptureFileError || e instanceof ConfigError;
}

const nullSink = { write(): void {} };

test(`fuzz: ${ROUNDS} mutated captures (${ROUNDS / FULL_EVERY} fully analysed) end in a result or a typed error`, { skip, timeout: 120_000 }, async () => {
  const all = seeds();
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-fuzz-'));
  const r = rng(20261204);
  const outcomes = { ok: 0, damaged: 0, refused: 0, analysed: 0 };
  const t0 = Date.now();
  try {
    const file = join(dir, 'm.pcapng');
    for (let i = 0; i < ROUNDS; i++) {
      const s = all[Math.floor(i / FULL_EVERY) % all.length]!;
      const bytes = mutate(s, r);
      try {
        if (i % FULL_EVERY !== 0) {
          // the capture layers alone (where structural damage is met), as the analysis reads them
          const ex = new UdpExtractor();
          let damaged = false;
          try {
            parseCapture(bytes, (p) => void ex.extract(p));
          } catch (e) {
            if (!(e instanceof PcapngError) || ex.stats.totalPackets === 0) throw e;
            damaged = true;
          }
          ex.finish();
          if (ex.stats.totalPackets > 0) formatPacketDate(ex.stats.lastSeconds, 'UTC');
          if (damaged) outcomes.damaged++;
          else outcomes.ok++;
          continue;
        }
        writeFileSync(file, bytes);
        outcomes.analysed++;
        const res = await analyzeCaptureFile(file, s.options, nullSink, { sync: true, histograms: i % 8 === 0, timeZone: 'UTC' });
        if (res.damage) outcomes.damaged++;
        else outcomes.ok++;
      } catch (e) {
        if (!acceptable(e)) assert.fail(`round ${i} (${s.name}): ${(e as Error)?.stack ?? e}`);
        outcomes.refused++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`fuzz: ${ROUNDS} captures in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(outcomes)}`);
  // the mutations reach every outcome (a fuzz that never breaks a capture would prove nothing)
  assert.ok(outcomes.ok > 100 && outcomes.damaged > 100 && outcomes.refused > 50 && outcomes.analysed === ROUNDS / FULL_EVERY, JSON.stringify(outcomes));
});

const NASTY = ['0', 'abc', '', 'inf', '-inf', 'nan', '1e30', '1e9', '-1', '1e7', '[1,,2]', '0x10', '-0', '4294967296'];
const FLAGS = ['-bc', '-tac', '-th', '-cs', '-ccs', '-dt', '-mst', '-mp1', '-spc', '-dp', '-crl', '-cru', '-n', '-algo', '-cahi', '-hm', '-t0', '-save'];

test('fuzz: mutated option values are parsed, refused with a typed error, or analysed', { skip, timeout: 120_000 }, async () => {
  const s = seeds()[0]!;
  const file = join(mkdtempSync(join(tmpdir(), 'vmmscope-fuzz-')), 'small.pcapng');
  writeFileSync(file, s.bytes.slice(0, 16 * 1024));
  const r = rng(7);
  let refused = 0;
  for (let i = 0; i < 150; i++) {
    const flag = FLAGS[Math.floor(r() * FLAGS.length)]!;
    const value = NASTY[Math.floor(r() * NASTY.length)]!;
    const args = [...s.args, flag, flag === '-t0' ? `[[1,0,${value}]]` : value];
    args[args.indexOf('-f') + 1] = file;
    try {
      const o = parseConvertArgs(args, read);
      await analyzeCaptureFile(file, o, nullSink, { sync: true, timeZone: 'UTC' });
    } catch (e) {
      if (!acceptable(e)) assert.fail(`${flag} '${value}': ${(e as Error)?.stack ?? e}`);
      refused++;
    }
  }
  assert.ok(refused > 10, `${refused} refused`);
  rmSync(join(file, '..'), { recursive: true, force: true });
});

test('fuzz: a handful of mutated captures through the CLI: no stack trace, a known exit status', { skip, timeout: 180_000 }, async () => {
  const all = seeds();
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-fuzz-cli-'));
  const r = rng(99);
  try {
    for (let i = 0; i < 5; i++) {
      const s = all[i % all.length]!;
      const file = join(dir, `m${i}.pcapng`);
      writeFileSync(file, mutate(s, r));
      const args = [...s.args];
      args[args.indexOf('-f') + 1] = file;
      const res = await runCli(['analyze', ...args, '--format', 'csv', '--out', join(dir, `o${i}`), '--no-progress']);
      assert.ok([0, 255, 134].includes(res.status ?? -1), `status ${res.status}: ${res.stderr}`);
      assert.doesNotMatch(res.stderr, /\n\s+at .+:\d+:\d+\)?\n/, res.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
