/**
 * The stream monitor on loopback with the real analysis (run_geometry options,
 * example.pcapng: two FECs, 100 datagrams, 149171 hits in vmm-sdat's tree):
 * `--listen` totals equal the offline analysis of the same datagrams (histogram
 * contents included); a FEC that starts later; a pause (idle flush = two captures);
 * the skipping path under a throttled analysis with the counters adding up; and
 * replay → recorder ring → `--follow stream` with clusters across file switches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from '../../src/capture/recorder.js';
import { resolveRecordOptions } from '../../src/capture/record-options.js';
import { ListenSource } from '../../src/monitor/stream/listen-source.js';
import { RingStreamSource } from '../../src/monitor/stream/ring-stream-source.js';
import { DATA, hasShared, referenceLines } from '../helpers/reference.js';
import { readPayloads } from '../capture/e2e-helpers.js';
import { geometryOptions, offline, send, sleep, streamMonitor, totalsOf, totalsOfSink, until, writeCapture } from './stream-helpers.js';

const EXAMPLE = join(DATA, 'example.pcapng');
const skip = !hasShared() && 'no ../shared';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vmmscope-stream-'));
}

test('--listen: totals equal the offline analysis of the capture (vmm-sdat hits), several updates', { skip, timeout: 120_000 }, async () => {
  const dir = tmp();
  try {
    const o = await geometryOptions();
    const src = new ListenSource([{ host: '127.0.0.1', port: 0 }]);
    const mon = streamMonitor(join(dir, 'out'), o, src);
    await mon.start();
    const payloads = readPayloads(EXAMPLE);
    await send(src.bound[0]!.endpoint.port, payloads, 8);
    await until('all datagrams', () => mon.queue.counters.datagrams === payloads.length);
    await mon.stop();
    const c = mon.queue.counters;
    assert.equal(c.skippedDatagrams, 0);
    assert.equal(c.analysedDatagrams, 100);
    assert.ok(mon.clock.updates >= 3, `${mon.clock.updates} updates`);
    const ref = await offline(EXAMPLE, o);
    assert.deepEqual(totalsOf(mon.state.detectors[0]!), totalsOfSink(ref));
    assert.ok(mon.state.detectors[0]!.totalClusters > 10000, `${mon.state.detectors[0]!.totalClusters} clusters`);
    assert.equal(mon.clock.totalHits, referenceLines('run_geometry', 'hits')!.length - 1, 'every hit of vmm-sdat');
    assert.equal(mon.clock.totalClusters, referenceLines('run_geometry', 'clusters_detector')!.length - 1, 'every detector cluster of vmm-sdat');
    const s = mon.status() as { stream: { analysedPercent: number; share: string | null; lastInterval: { seconds: number } } };
    assert.equal(s.stream.analysedPercent, 100);
    assert.equal(s.stream.share, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--listen: a FEC that starts later, then a pause: idle flush = the two parts as two captures', { skip, timeout: 120_000 }, async () => {
  const dir = tmp();
  try {
    const o = await geometryOptions();
    const all = readPayloads(EXAMPLE);
    // FEC 1 starts after the first 30 datagrams (only FEC 2 before); then a pause after 70
    const late = all.filter((p, i) => i >= 30 || p[7]! >> 4 === 2);
    const cut = late.length - 30;
    const [a, b] = [late.slice(0, cut), late.slice(cut)];
    const src = new ListenSource([{ host: '127.0.0.1', port: 0 }]);
    const mon = streamMonitor(join(dir, 'out'), o, src, { idleFlushSeconds: 1 });
    await mon.start();
    const port = src.bound[0]!.endpoint.port;
    await send(port, a, 8);
    await until('the idle flush', () => mon.analysis.rounds === 1, 30_000);
    await send(port, b, 8);
    await until('all datagrams', () => mon.queue.counters.datagrams === late.length);
    await mon.stop();
    assert.equal(mon.analysis.rounds, 2);
    assert.equal(mon.queue.counters.skippedDatagrams, 0);
    writeCapture(join(dir, 'a.pcapng'), a);
    writeCapture(join(dir, 'b.pcapng'), b);
    writeCapture(join(dir, 'ab.pcapng'), late);
    const [ra, rb, rab] = [await offline(join(dir, 'a.pcapng'), o), await offline(join(dir, 'b.pcapng'), o), await offline(join(dir, 'ab.pcapng'), o)];
    const d = mon.state.detectors[0]!;
    const parts = (k: 'hits' | 'clusters') => (totalsOfSink(ra) as Record<string, number>)[k]! + (totalsOfSink(rb) as Record<string, number>)[k]!;
    assert.equal(d.totalHits, parts('hits'));
    assert.equal(d.totalClusters, parts('clusters'));
    assert.ok(d.totalClusters > 5000, `${d.totalClusters} clusters`);
    // the one documented difference: one capture has no boundary at the pause
    const one = totalsOfSink(rab) as { clusters: number };
    assert.notEqual(one.clusters, d.totalClusters, 'the pause ended a round');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a throttled analysis skips whole datagrams; analysed + skipped = received, nothing lost by the receiver', { skip, timeout: 120_000 }, async () => {
  const dir = tmp();
  try {
    const o = await geometryOptions();
    const src = new ListenSource([{ host: '127.0.0.1', port: 0 }]);
    const busy = (ms: number) => {
      const t = performance.now();
      while (performance.now() - t < ms);
    };
    const mon = streamMonitor(join(dir, 'out'), o, src, { maxDelayMs: 100, throttle: () => busy(15) });
    await mon.start();
    const payloads = readPayloads(EXAMPLE);
    await send(src.bound[0]!.endpoint.port, [...payloads, ...payloads], 0);
    await until('all datagrams', () => mon.queue.counters.datagrams === 200);
    await mon.stop();
    const c = mon.queue.counters;
    assert.equal(src.status().kernelDrops ?? 0, 0, 'no kernel drops');
    assert.ok(c.skippedDatagrams > 20, `${c.skippedDatagrams} skipped`);
    assert.ok(c.analysedDatagrams > 0);
    assert.equal(c.analysedDatagrams + c.skippedDatagrams, 200);
    assert.equal(c.analysedBytes + c.skippedBytes, c.bytes);
    assert.equal(c.bytes, 2 * payloads.reduce((s, p) => s + p.length, 0));
    const pct = Math.round((100 * c.analysedBytes) / c.bytes);
    assert.equal(mon.share(), `analysing ${pct} % of the data`);
    assert.match(mon.page(true), new RegExp(`analysing ${pct} % of the data`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replay → recorder ring → --follow stream: the whole capture, clusters across file switches', { skip, timeout: 180_000 }, async () => {
  const dir = tmp();
  const ring = join(dir, 'ring');
  try {
    const o = await geometryOptions();
    const rec = new Recorder(resolveRecordOptions({ name: 'mon', dir: ring, ring: 10, filesize: 150, source: 'udp', listen: ['127.0.0.1:0'], nice: 0 }));
    let port = 0;
    const follow = new RingStreamSource(ring, 'mon', 50);
    const mon = streamMonitor(join(dir, 'out'), o, follow);
    await mon.start();
    await rec.start();
    port = (rec as unknown as { source: { bound: { endpoint: { port: number } }[] } }).source.bound[0]!.endpoint.port;
    const payloads = readPayloads(EXAMPLE);
    await send(port, payloads, 8);
    await sleep(300);
    rec.stop();
    const sum = await rec.finished();
    assert.equal(sum.packets, 100);
    await until('the last file read', () => follow.filesRead === sum.files && mon.queue.length === 0, 30_000);
    await mon.stop();
    assert.ok(sum.files >= 5, `${sum.files} files`);
    assert.equal(follow.filesSkipped, 0);
    assert.deepEqual(follow.errors, []);
    assert.equal(mon.queue.counters.datagrams, 100);
    const whole = await offline(EXAMPLE, o);
    assert.deepEqual(totalsOf(mon.state.detectors[0]!), totalsOfSink(whole));
    // per file, clusters at the switches are cut: the stream has those of the whole capture
    let perFile = 0;
    for (const f of readdirSync(ring).filter((n) => /^mon_\d{5}\.pcapng$/.test(n))) perFile += (totalsOfSink(await offline(join(ring, f), o)) as { clusters: number }).clusters;
    assert.notEqual(perFile, mon.state.detectors[0]!.totalClusters, 'file-by-file analysis differs at the switches');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
