/**
 * File naming of data taking (monitoring.md §2–§3) and ring index arithmetic:
 * legacy names, dumpcap's ring names as it really wrote them, the stale-file pattern.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatLocalTimestamp,
  padIndex,
  parseDumpcapFileName,
  ringFileMatcher,
  ringFileName,
  ringSlot,
  ringSlotsOldestFirst,
  runFileName,
  semaphoreFileName,
  staleRingFilePattern,
  stemProblem,
} from '../../src/capture/naming.js';

test('legacy physics-run and ring names', () => {
  // storePcapngData.py: sipm_test_00003_20240320143005.pcapng
  assert.equal(runFileName('sipm_test', 3, '20240320143005'), 'sipm_test_00003_20240320143005.pcapng');
  // storeMonitoringData.py: monitoring_00007.pcapng, semaphore monitoring_semaphore.txt
  assert.equal(ringFileName('monitoring', 7), 'monitoring_00007.pcapng');
  assert.equal(semaphoreFileName('monitoring'), 'monitoring_semaphore.txt');
  assert.equal(padIndex(0), '00000');
  assert.equal(padIndex(123456), '123456', 'wider numbers are not cut (Python %05d)');
  assert.throws(() => padIndex(-1), /integer ≥ 0/);
  assert.throws(() => runFileName('x', 0, '2024032014300'), /YYYYmmddHHMMSS/);
});

test('local timestamp YYYYmmddHHMMSS', () => {
  const d = new Date(2024, 2, 20, 14, 30, 5); // local time, month 0-based
  assert.equal(formatLocalTimestamp(d), '20240320143005');
  assert.equal(formatLocalTimestamp(new Date(2025, 0, 1, 0, 0, 0)), '20250101000000');
});

test('ring slot = counter mod N, and the age order of the slots', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => ringSlot(c, 10)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  assert.equal(ringSlot(5, 1), 0);
  assert.throws(() => ringSlot(1, 0), /ring size/);
  assert.throws(() => ringSlot(-1, 3), /counter/);
  assert.deepEqual(ringSlotsOldestFirst(0, 4), []);
  assert.deepEqual(ringSlotsOldestFirst(3, 4), [0, 1, 2]); // not wrapped yet
  assert.deepEqual(ringSlotsOldestFirst(4, 4), [0, 1, 2, 3]);
  assert.deepEqual(ringSlotsOldestFirst(6, 4), [2, 3, 0, 1]); // newest = slot 1 = (6−1) mod 4
  assert.deepEqual(ringSlotsOldestFirst(8, 4), [0, 1, 2, 3]);
  assert.deepEqual(ringSlotsOldestFirst(9, 1), [0]);
});

test('dumpcap ring-buffer names are parsed (names as dumpcap 4.0 wrote them)', () => {
  assert.deepEqual(parseDumpcapFileName('/tmp/dc/r_00001_20261123223135.pcapng'), { stem: 'r', number: 1, timestamp: '20261123223135', extension: 'pcapng' });
  assert.deepEqual(parseDumpcapFileName('ring_00219_20261123210415.pcapng'), { stem: 'ring', number: 219, timestamp: '20261123210415', extension: 'pcapng' });
  // stems that themselves contain _NNNNN_ parts: the last group is dumpcap's
  assert.deepEqual(parseDumpcapFileName('run_00002_20240101000000_00003_20240102000000.pcapng')?.number, 3);
  assert.deepEqual(parseDumpcapFileName('x_100000_20240102000000.pcap')?.number, 100000);
  assert.equal(parseDumpcapFileName('monitoring_00007.pcapng'), undefined);
  assert.equal(parseDumpcapFileName('r_0001_20261123223135.pcapng'), undefined);
});

test('the ring follower recognises exactly the ring files of its stem, in both namings', () => {
  const m = ringFileMatcher('mon.1');
  assert.deepEqual(m(ringFileName('mon.1', 7)), { naming: 'semaphore', index: 7 });
  assert.deepEqual(m('mon.1_00012_20261123223135.pcapng'), { naming: 'dumpcap', index: 12 });
  assert.deepEqual(m('mon.1_20261123223135_00013.pcap'), { naming: 'dumpcap', index: 13 }); // -b nametimenum:2
  for (const other of ['monx1_00007.pcapng', 'mon.1_0007.pcapng', 'mon.1_00007.pcap', 'mon.1_00012_20261123223135.root', semaphoreFileName('mon.1'), 'other_00007.pcapng'])
    assert.equal(m(other), undefined, other);
});

test('stale ring files: slots, their ROOT outputs and the semaphore; never runs or other stems', () => {
  const re = staleRingFilePattern('monitoring');
  for (const n of ['monitoring_00000.pcapng', 'monitoring_00009.pcapng', 'monitoring_00007_20250417103012.root', 'monitoring_00007_20250417103012_GEO.root', 'monitoring_semaphore.txt', 'monitoring_semaphore.txt.tmp-1234']) {
    assert.ok(re.test(n), n);
  }
  for (const n of ['monitoring_vtc_00000.pcapng', 'monitoring_00003_20240320143005.pcapng', 'monitoring2_00000.pcapng', 'xmonitoring_00000.pcapng', 'monitoring_00000.pcapng.bak', 'monitoring.pcapng']) {
    assert.ok(!re.test(n), n);
  }
  // regular-expression characters in a stem are literal
  assert.ok(staleRingFilePattern('a.b+c').test('a.b+c_00001.pcapng'));
  assert.ok(!staleRingFilePattern('a.b+c').test('aXb+c_00001.pcapng'));
});

test('stem check', () => {
  assert.equal(stemProblem('run_xray'), undefined);
  assert.match(stemProblem('')!, /empty/);
  assert.match(stemProblem('data/run')!, /--dir/);
  assert.match(stemProblem('..')!, /must not/);
});
