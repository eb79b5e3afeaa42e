#!/usr/bin/env node
// Builds the live page's browser assets into dist/web/static/: esbuild bundles
// src/web/live/client/main.ts (with uPlot and the shared plotting code of src/plots)
// into live.js; live.css and uPlot's stylesheet are copied. Run by `npm run build`
// and `prepare`; the tests call buildWeb() so they always serve the current code.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildWeb({ minify = true } = {}) {
  const out = `${root}dist/web/static/`;
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [`${root}src/web/live/client/main.ts`],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    outfile: `${out}live.js`,
    minify,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  copyFileSync(`${root}src/web/live/client/live.css`, `${out}live.css`);
  copyFileSync(`${root}node_modules/uplot/dist/uPlot.min.css`, `${out}uPlot.min.css`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildWeb();
