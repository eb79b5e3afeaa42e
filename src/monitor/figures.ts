/**
 * Renders the monitor's PNG figures from the monitor state and writes them
 * atomically (temporary file in the same folder, then rename), so that a
 * browser or a file viewer never sees half a PNG. Names as the legacy monitor
 * (web/figure-names.ts).
 */
import { rename, writeFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DetectorFileResult } from './file-panels.js';
import type { MonitorState } from './state.js';
import { drawLatestFigure, drawStatsFigure, drawTofFigure, drawTotalFigure, FIGURE_HEIGHT, FIGURE_WIDTH } from './figure-layout.js';
import { pngStyle, renderPng } from '../plots/png.js';
import { formatCount } from '../plots/ticks.js';
import { figureName } from '../web/figure-names.js';


function hms(d: Date): string {
  return d.toTimeString().slice(0, 8);
}

function rate(v: number): string {
  return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} kHz`;
}

/**
 * Draws and PNG-encodes every figure of every detector (encodings run in
 * parallel off the main thread). Returns name → PNG bytes.
 */
export async function renderFigures(state: MonitorState, startedAt: Date): Promise<Map<string, Buffer>> {
  const style = pngStyle();
  const b = state.binning;
  const jobs: Promise<[string, Buffer]>[] = [];
  const lf = state.latestFile;
  // each figure is drawn in one go on this thread: yield between them so that the server answers in between
  const next = () => new Promise<void>((r) => setImmediate(r));
  for (const [i, d] of state.detectors.entries()) {
    const since = state.resets ? `since reset (${state.resets}×)` : `since ${hms(startedAt)}`;
    const totalHeader = `Detector ${d.id} · All measurements · ${d.filesInTotal} file${d.filesInTotal === 1 ? '' : 's'} ${since}`;
    const latest = state.latest(i);
    const c = latest?.counts;
    const latestHeader = lf && c
      ? `Detector ${d.id} · Last measurement · ${lf.name} · hits ${formatCount(c.hits[0])} + ${formatCount(c.hits[1])}, ${formatCount(c.clusters)} clusters`
      : `Detector ${d.id} · Last measurement · waiting for the first file`;
    const r = d.lastRates;
    const statsHeader =
      `Detector ${d.id} · Cluster statistics · totals of ${d.filesInTotal} file${d.filesInTotal === 1 ? '' : 's'}` +
      (r ? ` · last file: hit rate ${rate(r.hitRateKHz)}, cluster rate ${rate(r.clusterRateKHz)}` : '');
    const empty = latest ?? new DetectorFileResult(d.id, b);
    jobs.push(renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (ctx) => drawTotalFigure(ctx, d, b, totalHeader, style)).then((p) => [figureName('total', d.id), p]));
    await next();
    jobs.push(renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (ctx) => drawLatestFigure(ctx, empty, b, latestHeader, style)).then((p) => [figureName('latest', d.id), p]));
    await next();
    jobs.push(renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (ctx) => drawStatsFigure(ctx, d, statsHeader, style)).then((p) => [figureName('stats', d.id), p]));
    await next();
    const tof = d.totalTof;
    if (tof) {
      const o = tof.options;
      const tofHeader = `Detector ${d.id} · ToF · totals of ${d.filesInTotal} file${d.filesInTotal === 1 ? '' : 's'} · flight path ${o.flightPathM} m · thermal window ${Number((o.windowS[0] * 1e3).toPrecision(6))}–${Number((o.windowS[1] * 1e3).toPrecision(6))} ms`;
      jobs.push(renderPng(FIGURE_WIDTH, FIGURE_HEIGHT, (ctx) => drawTofFigure(ctx, tof, tofHeader, style)).then((p) => [figureName('tof', d.id), p]));
      await next();
    }
  }
  return new Map(await Promise.all(jobs));
}

let tmpCounter = 0;

/** Writes `data` to `path` atomically: a temporary sibling file, then rename (same file system). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${tmpCounter++}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** Writes every figure of `figs` into `dir` atomically. */
export async function writeFigures(dir: string, figs: Map<string, Buffer>): Promise<void> {
  await Promise.all([...figs].map(([name, png]) => writeFileAtomic(join(dir, name), png)));
}

/**
 * One drawing of the monitor's output: renders the figures of `state`, hands them to
 * `onFigures` (the monitor keeps them for the server), then writes the PNGs and the PNG
 * page (`page()`, asked after the figures are on disk) into `dir`.
 */
export async function renderAndWrite(state: MonitorState, startedAt: Date, dir: string, onFigures: (figs: Map<string, Buffer>) => void, page: () => string): Promise<void> {
  const figs = await renderFigures(state, startedAt);
  onFigures(figs);
  await writeFigures(dir, figs);
  await writeFileAtomic(join(dir, 'monitorData.html'), page());
}
