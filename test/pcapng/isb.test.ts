/**
 * Interface Statistics Blocks: the writer's ISB (as dumpcap writes at the end of a file)
 * read back by our parser (isb_ifrecv / isb_ifdrop / isb_osdrop, the last block per
 * interface wins). 
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PcapngWriter } from '../../src/pcapng/writer.js';
import { parseCapture } from '../../src/pcapng/parser.js';

function written(write: (w: PcapngWriter) => void): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new PcapngWriter((c) => chunks.push(c));
  write(w);
  w.flush();
  return Uint8Array.from(chunks.flatMap((c) => [...c]));
}

test('ISB drop counters: written, read back, the last block of an interface wins, missing counters −1', () => {
  const bytes = written((w) => {
    w.writePacket(new Uint8Array(60), 1_700_000_000, 5);
    w.writeStatistics(1_700_000_001, 0, { ifRecv: 10, ifDrop: 1 });
    w.writePacket(new Uint8Array(60), 1_700_000_002, 5);
    w.writeStatistics(1_700_000_003, 0, { ifRecv: 2 ** 40 + 3, ifDrop: 4, osDrop: 9 });
  });
  const p = parseCapture(bytes, () => {});
  assert.equal(p.stats.packets, 2);
  assert.equal(p.stats.skippedByType['0x00000005'], 2);
  assert.deepEqual(p.interfaceStatistics, { '0:0': { section: 0, interfaceId: 0, ifRecv: 2 ** 40 + 3, ifDrop: 4, osDrop: 9 } });
  const q = parseCapture(written((w) => w.writeStatistics(1, 0, { osDrop: 2 })), () => {});
  assert.deepEqual(q.interfaceStatistics['0:0'], { section: 0, interfaceId: 0, ifRecv: -1, ifDrop: -1, osDrop: 2 });
});
