/**
 * Off-thread basket compression (`DeflatePool`) must not change a single byte:
 * the same run written with inline compression, one worker, and two workers on
 * a tiny ring (so `submit` blocks, and large vector baskets take the inline
 * path after a drain) gives identical files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeflatePool } from '../../src/output/root/deflate-pool.js';
import { RootFile } from '../../src/output/root/node-file.js';
import { TREES } from '../../src/table/trees.js';
import type { TableBatch } from '../../src/table/types.js';
import { hasShared, loadReferenceBatch } from '../helpers/reference.js';
import { split } from './root-case.js';

test('inline, 1-worker and 2-worker compression write identical files', { skip: !hasShared() && 'no ../shared' }, () => {
  const batches = TREES.map((s) => loadReferenceBatch('run_xyu', s)).filter((b): b is TableBatch => b !== null);
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-pool-'));
  try {
    const variants: [string, number | undefined, DeflatePool | undefined][] = [
      ['inline', 0, undefined],
      ['one worker', 1, undefined],
      ['two workers, 4 slots of 34 kB', undefined, new DeflatePool({ level: 1, threads: 2, slots: 4, slotBytes: 34000 })],
    ];
    const digests = variants.map(([name, threads, pool]) => {
      const p = join(dir, `${name}.root`);
      const f = new RootFile(p, { fileName: 'run.root', datime: 0x78420000, uuid: new Uint8Array(16), threads, compressor: pool });
      for (const b of batches) for (const part of split(b, 9)) f.fill(part);
      f.writeNamed('bc', '44.444000');
      f.close();
      return createHash('sha256').update(readFileSync(p)).digest('hex');
    });
    assert.equal(digests[1], digests[0], 'one worker = inline');
    assert.equal(digests[2], digests[0], 'two workers with blocking and inline fallback = inline');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
