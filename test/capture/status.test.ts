/**
 * The live status line: number formats, rates between two samples, and drawing on a
 * TTY (rewritten in place, cleared before log lines) versus nothing elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBitRate, formatBytes, formatElapsed, formatRate, StatusLine, StatusMeter } from '../../src/capture/status.js';

test('formats', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(904448), '904.4 kB');
  assert.equal(formatBytes(12_400_000), '12.4 MB');
  assert.equal(formatBytes(1_500_000_000), '1.50 GB');
  assert.equal(formatRate(950), '950');
  assert.equal(formatRate(10_234), '10.2 k');
  assert.equal(formatRate(1_234_567), '1.23 M');
  assert.equal(formatBitRate(95_100_000), '95.1 Mbit/s');
  assert.equal(formatBitRate(800), '800 bit/s');
  assert.equal(formatElapsed(83), '0:01:23');
  assert.equal(formatElapsed(3 * 3600 + 5), '3:00:05');
});

test('the meter gives rates over the time since the previous sample', () => {
  const m = new StatusMeter(0);
  assert.equal(
    m.line({ files: 3, bytes: 12_400_000, packets: 10_200, drops: 0 }, 1000),
    '3 files · 12.4 MB · 10.2 k packets · 10.2 k packets/s · 99.2 Mbit/s · drops 0 · 0:00:01',
  );
  // one second later: 5000 more packets, 9 MB more
  assert.equal(
    m.line({ files: 1, bytes: 21_400_000, packets: 15_200, drops: undefined }, 2000),
    '1 file · 21.4 MB · 15.2 k packets · 5.00 k packets/s · 72.0 Mbit/s · drops ? · 0:00:02',
  );
});

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 40, text: '', write(c: string) { s.text += c; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

test('on a TTY the line is rewritten in place and cleared before log lines; elsewhere nothing is drawn', () => {
  const tty = fakeStream(true);
  const line = new StatusLine(tty);
  assert.equal(line.enabled, true);
  line.update('1 file · 1.0 MB');
  line.update('2 files · 2.0 MB · a very long status line that does not fit');
  line.log('record: complete a.pcapng', '2 files');
  assert.equal(
    tty.text,
    '\r\x1b[K1 file · 1.0 MB' + '\r\x1b[K2 files · 2.0 MB · a very long status l' + // cut to 39 = columns − 1
    '\r\x1b[K' + 'record: complete a.pcapng\n' + '\r\x1b[K2 files',
  );
  const pipe = fakeStream(false);
  const quiet = new StatusLine(pipe);
  quiet.update('x');
  quiet.clear();
  quiet.log('record: complete a.pcapng');
  assert.equal(pipe.text, 'record: complete a.pcapng\n');
});
