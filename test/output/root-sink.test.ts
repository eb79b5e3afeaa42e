/**
 * `RootFileSink` behaviour as the analysis uses it: streaming (baskets reach
 * the disk while entries arrive, before close), the temporary file renamed only
 * at close, abort removing partial output, clear errors for misuse, and the
 * §11 order trees → histograms in the keys list.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hist1D, axis } from '../../src/histograms/hist.js';
import { RootFileSink } from '../../src/output/root/sink.js';
import { CLUSTERS_DETECTOR, CLUSTERS_PLANE, HITS } from '../../src/table/trees.js';
import { hasShared, loadReferenceBatch } from '../helpers/reference.js';
import { FileBytes, parseKeysList } from './root-inspect.js';
import { split } from './root-case.js';
import { openRoot } from './root-jsroot.js';

const skip = !hasShared() && 'no ../shared';

test('entries stream to disk as they arrive; the final name appears only at close', { skip }, async () => {
  const hits = loadReferenceBatch('run_geometry', HITS)!;
  const det = loadReferenceBatch('run_geometry', CLUSTERS_DETECTOR)!;
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-sink-'));
  try {
    const path = join(dir, 'run.root');
    const sink = new RootFileSink(path);
    sink.open({ trees: [HITS, CLUSTERS_PLANE, CLUSTERS_DETECTOR], input: 'x.pcapng' });
    const sizes: number[] = [];
    for (const part of split(hits, 10)) {
      sink.write(HITS, part);
      sizes.push(statSync(sink.file.output.tempPath).size);
    }
    sink.write(CLUSTERS_DETECTOR, det);
    assert.equal(existsSync(path), false, 'no file under the final name while writing');
    // hits: 149171 entries × 45 bytes ≈ 6.7 MB of entry data (~2.5 MB compressed); appends reach the disk in ~1 MB writes
    const before = statSync(sink.file.output.tempPath).size;
    assert.ok(sizes.at(-1)! > sizes[0]!, 'file grows while entries arrive');
    const h = new Hist1D('1_cluster', '1_cluster', axis(256, 0, 256));
    h.fill(3);
    sink.metadata([['triggers', '0']]);
    sink.close({ histograms: [h] });
    assert.equal(existsSync(sink.file.output.tempPath), false);
    const after = statSync(path).size;
    assert.ok(before > 0.6 * after, `most bytes were written before close (${before} of ${after})`);
    const fb = new FileBytes(path);
    const { keys } = parseKeysList(fb);
    fb.close();
    assert.deepEqual(
      keys.map((k) => `${k.className}:${k.name}`),
      ['TNamed:triggers', 'TTree:hits', 'TTree:clusters_plane', 'TTree:clusters_detector', 'TH1D:1_cluster'],
    );
    const f = await openRoot(path);
    assert.equal(Number((await f.readObject('hits')).fEntries), hits.length);
    assert.equal(Number((await f.readObject('clusters_plane')).fEntries), 0);
    sink.close({ histograms: [] }); // second close is a no-op
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abort removes the partial file; misuse fails with clear errors', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-sink-'));
  try {
    const path = join(dir, 'a.root');
    const sink = new RootFileSink(path);
    sink.open({ trees: [HITS], input: 'x' });
    sink.write(HITS, loadReferenceBatch('vtc_run', HITS)!);
    assert.ok(existsSync(sink.file.output.tempPath));
    sink.abort();
    assert.equal(existsSync(sink.file.output.tempPath), false);
    assert.equal(existsSync(path), false);

    assert.throws(() => new RootFileSink(join(dir, 'no-such-dir', 'x.root')), /ENOENT/);

    const s2 = new RootFileSink(join(dir, 'b.root'));
    s2.open({ trees: [HITS], input: 'x' });
    const plane = loadReferenceBatch('vtc_run', CLUSTERS_PLANE)!;
    const wrong = { ...plane, schema: { ...plane.schema, name: 'hits' } };
    assert.throws(() => s2.write(HITS, wrong), /does not match the schema of tree 'hits'/);
    s2.close({ histograms: [] });
    assert.throws(() => s2.file.writeNamed('late', 'x'), /already closed/);
    assert.throws(() => s2.file.createTree(CLUSTERS_PLANE), /already closed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
