/**
 * Package hygiene (after hyparquet's package.test.js): the platform-neutral entry
 * imports no node: module and no package, every dependency is pinned exactly, the public
 * entry points load, and they export exactly the listed names (widening the API is a
 * decision: add the name here and document it in src/index.ts or src/node.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

test('dependencies and devDependencies are pinned to exact versions', () => {
  for (const field of ['dependencies', 'devDependencies']) {
    for (const [name, v] of Object.entries(pkg[field] as Record<string, string>)) assert.match(v, /^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/, `${field}.${name} = ${v}`); // exact, a release tag allowed (@duckdb/node-api 1.5.6-r.1)
  }
});

test('the platform-neutral entry (src/index.ts) reaches no node: module and no package (bare specifier)', async () => {
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (url: URL): void => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
      else bad.push(`${url.pathname.split('/src/')[1]} → ${spec}`); // node: module or a package
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

const NEUTRAL_API = [
  'Analysis', 'CLUSTERS_DETECTOR', 'CLUSTERS_PLANE', 'CaptureParser', 'ConfigError', 'EssDecoder', 'HITS', 'Hist1D', 'Hist2D',
  'Logger', 'MemoryOutput', 'MemorySpillStore', 'MonitorState', 'PcapngError', 'PcapngWriter', 'RootFileWriter', 'SrsParser', 'TableBuilder',
  'UdpExtractor', 'VtcDecoder', 'columnIndex', 'copyBatch', 'isJagged', 'parseConvertArgs', 'parseGeometry', 'silentLogger', 'teeSink',
];
const NODE_API = [
  'CaptureFileError', 'CsvSink', 'FileSpillStore', 'Monitor', 'ParquetSink', 'PcapngFileWriter', 'Recorder', 'RingFollower', 'RootFile', 'RootFileSink',
  'analyzeCaptureFile', 'readCaptureFile', 'readCaptureFileAsync', 'replayCapture',
];

test('the public API is exactly the listed names (vmmscope: 27, vmmscope/node: those + 14)', async () => {
  const core = await import('../src/index.js');
  assert.deepEqual(Object.keys(core).sort(), [...NEUTRAL_API].sort());
  const node = await import('../src/node.js');
  assert.deepEqual(Object.keys(node).sort(), [...NEUTRAL_API, ...NODE_API].sort());
});

test('every value export of an entry point has a doc comment', () => {
  for (const entry of ['index.ts', 'node.ts']) {
    const lines = readFileSync(new URL(`../src/${entry}`, import.meta.url), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/^export \{/.test(line)) return;
      const values = line.replace(/^export \{([^}]*)\}.*$/, '$1').split(',').map((x) => x.trim()).filter((x) => x && !x.startsWith('type '));
      if (values.length) assert.match(lines[i - 1] ?? '', /^\/\*\*.*\*\/$|^export \{/, `src/${entry}:${i + 1} exports ${values.join(', ')} without a /** … */ line above`);
    });
  }
});
