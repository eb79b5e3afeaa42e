/**
 * The built-in receiver ends every file with an Interface Statistics Block (datagrams
 * received, kernel drops since the start), as dumpcap does: `record --listen` of a
 * replayed real capture, then `analyze --health-json` of the last file reads the counters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, hasShared } from '../helpers/reference.js';
import { runCli } from '../helpers/cli.js';
import { killRunning, startRecord } from '../capture/e2e-helpers.js';
import { readCaptureFile } from '../../src/io/capture-file.js';

test('record --listen: each file ends with an ISB (isb_ifrecv = datagrams so far, isb_osdrop = kernel drops)', { skip: !hasShared() && 'no ../shared', timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmmscope-isb-'));
  try {
    const { rec, port } = await startRecord(['--listen', '127.0.0.1:0', '--name', 'run', '--files', '1000', '--filesize', '300', '--dir', dir]);
    const r = await runCli(['replay', join(DATA, 'example.pcapng'), '--to', `127.0.0.1:${port}`, '--speed', '1']);
    assert.equal(r.status, 0, r.stderr);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(await rec.interrupt(), 130, rec.stderr);
    const files = readdirSync(dir).filter((n) => n.endsWith('.pcapng')).sort().map((n) => join(dir, n));
    assert.ok(files.length >= 3);
    let sofar = 0;
    for (const f of files) {
      const read = readCaptureFile(f, () => {});
      sofar += read.parser.stats.packets;
      const st = read.parser.interfaceStatistics['0:0'];
      assert.ok(st, `${f} has an ISB`);
      assert.equal(st.ifRecv, sofar, 'datagrams received since the start');
      assert.equal(st.osDrop, 0);
    }
    assert.equal(sofar, 100);
    const out = join(dir, 'h.json');
    const a = await runCli(['analyze', '-f', files.at(-1)!, '-geo', join(DATA, 'example_geometry.json'), '--format', 'csv', '--out', join(dir, 'csv'), '--health-json', out, '--no-progress']);
    assert.equal(a.status, 0, a.stderr);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).drops, { isbIfDrop: null, isbOsDrop: 0 });
  } finally {
    killRunning();
    rmSync(dir, { recursive: true, force: true });
  }
});
