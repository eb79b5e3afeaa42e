/**
 * Package hygiene (after hyparquet's package.test.js): the platform-neutral entry
 * imports no node: module, every dependency is pinned exactly, and the public entry
 * points load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

test('dependencies and devDependencies are pinned to exact versions', () => {
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, v] of Object.entries(pkg[field] as Record<string, string>)) assert.match(v, /^\d+\.\d+\.\d+$/, `${field}.${name} = ${v}`);
  }
});

test('the platform-neutral entry (src/index.ts) reaches no node: module', async () => {
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (url: URL): void => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (spec.startsWith('node:')) bad.push(`${url.pathname.split('/src/')[1]} → ${spec}`);
      else if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
    }
  };
  visit(new URL('../src/index.ts', import.meta.url));
  assert.deepEqual(bad, []);
  assert.ok(seen.size > 40, `walked ${seen.size} modules`);
});

test('entry points load and export the main API', async () => {
  const core = await import('../src/index.js');
  for (const name of ['Analysis', 'parseConvertArgs', 'CaptureParser', 'UdpExtractor', 'SrsParser', 'EssDecoder', 'VtcDecoder', 'TableBuilder', 'Hist1D', 'MonitorState'])
    assert.equal(typeof (core as Record<string, unknown>)[name], 'function', name);
  const node = await import('../src/node.js');
  for (const name of ['analyzeCaptureFile', 'CsvSink', 'RootFileSink', 'ParquetSink', 'Monitor', 'Recorder', 'readCaptureFile'])
    assert.equal(typeof (node as Record<string, unknown>)[name], 'function', name);
});
