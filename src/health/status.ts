/**
 * One-glance status: green / amber / red per FEC and per detector, each with its reasons
 * in words, from the health counts of the run (`total`) and of the latest interval
 * (`recent`: the last analysed file in the monitor; the whole capture offline).
 *
 * FEC: red when it sent nothing although the geometry lists it, when it has been silent
 * longer than `silentSeconds` (capture time, against the newest datagram of any FEC), or
 * when more than `lostFractionRed` of its frames were lost recently; amber for recent lost
 * frames, parser errors, duplicates, reordering or marker anomalies; green otherwise.
 * Detector: the worst of its FECs; red without hits while its FECs send data or when all
 * its channels are dead; amber for dead or hot channels.
 */
import type { Geometry } from '../config/geometry.js';
import { ERROR_KINDS, FECS, FEC_SLOTS, type HealthCounts } from './accountant.js';
import type { HealthReport } from './report.js';
import type { HealthThresholds } from './thresholds.js';

export type Level = 'green' | 'amber' | 'red';
export const LEVEL_VALUE: Record<Level, number> = { green: 0, amber: 1, red: 2 };

export interface SubjectStatus {
  /** "FEC 2", "detector 1". */
  subject: string;
  fec?: number;
  detector?: number;
  level: Level;
  /** Why, in words (empty for green: then `summary` says what is fine). */
  reasons: string[];
  summary: string;
}

export interface HealthStatus {
  fecs: SubjectStatus[];
  detectors: SubjectStatus[];
}

const worst = (a: Level, b: Level): Level => (LEVEL_VALUE[b] > LEVEL_VALUE[a] ? b : a);
const iso = (t: number): string => new Date(t * 1000).toISOString();
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

export function healthStatus(total: HealthCounts, recent: HealthCounts, report: HealthReport, g: Geometry | null, th: HealthThresholds): HealthStatus {
  let newest = 0;
  for (let f = 0; f < FEC_SLOTS; f++) newest = Math.max(newest, total.lastTime[f]!);
  const geoFecs = new Set(g ? g.fecs.filter((f) => f < FECS) : []);
  const fecs: SubjectStatus[] = [];
  const fecLevel = new Map<number, Level>();
  for (let f = 1; f < FECS; f++) {
    if (total.datagrams[f] === 0 && !geoFecs.has(f)) continue;
    const reasons: string[] = [];
    let level: Level = 'green';
    const flag = (l: Level, why: string): void => {
      level = worst(level, l);
      reasons.push(why);
    };
    if (total.datagrams[f] === 0) flag('red', `no data from FEC ${f} (it is in the geometry)`);
    else {
      const silent = newest - total.lastTime[f]!;
      if (silent > th.silentSeconds) flag('red', `silent since ${iso(total.lastTime[f]!)} (${silent.toFixed(1)} s without a datagram)`);
      const lost = recent.framesLost[f]!;
      const frames = lost + recent.datagrams[f]!;
      if (lost > 0 && frames > 0 && lost / frames > th.lostFractionRed) flag('red', `${plural(lost, 'frame')} lost of ${frames} (${((100 * lost) / frames).toFixed(1)} %)`);
      else if (lost >= th.lostFramesAmber && lost > 0) flag('amber', `${plural(lost, 'frame')} lost of ${frames}`);
      const kinds = ERROR_KINDS.map((k, i) => [k, recent.errors[i * FEC_SLOTS + f]!] as const).filter(([, n]) => n > 0);
      const errs = kinds.reduce((s, [, n]) => s + n, 0);
      if (errs > 0 && errs >= th.errorsAmber) flag('amber', `${plural(errs, 'parser error')} (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})`);
      const dup = recent.framesDuplicate[f]!;
      if (dup > 0 && dup >= th.errorsAmber) flag('amber', `${plural(dup, 'duplicate frame')}`);
      const reo = recent.framesReordered[f]!;
      if (reo > 0 && reo >= th.errorsAmber) flag('amber', `${plural(reo, 'reordered frame')}`);
      for (let v = 0; v < 16; v++) {
        const s = f * 32 + v;
        const gaps = recent.markerGaps[s]!;
        const back = recent.markersBackward[s]!;
        if (gaps + back > 0 && gaps + back >= th.errorsAmber)
          flag('amber', `VMM ${v}: ${gaps ? `${plural(gaps, 'marker gap')}` : ''}${gaps && back ? ', ' : ''}${back ? `${plural(back, 'marker')} back in time` : ''}`);
      }
    }
    const fr = report.fecs.find((x) => x.fec === f);
    const summary = fr ? `${fr.datagramRate.toFixed(0)} datagrams/s, ${plural(fr.datagrams, 'datagram')}, ${plural(fr.framesLost, 'frame')} lost in total` : 'no data';
    fecLevel.set(f, level);
    fecs.push({ subject: `FEC ${f}`, fec: f, level, reasons, summary });
  }

  const detectors: SubjectStatus[] = [];
  for (const det of g ? g.detectors : []) {
    const reasons: string[] = [];
    let level: Level = 'green';
    const flag = (l: Level, why: string): void => {
      level = worst(level, l);
      reasons.push(why);
    };
    const myFecs = [...new Set(g!.vmms.filter((e) => e.det === det).map((e) => e.fec))].sort((a, b) => a - b);
    for (const f of myFecs) {
      const l = fecLevel.get(f);
      if (l && l !== 'green') flag(l, `FEC ${f} is ${l}`);
    }
    const chans = report.channels.filter((c) => c.detector === det && c.strip !== null);
    const hits = chans.reduce((s, c) => s + c.hits, 0);
    const sending = myFecs.some((f) => f < FECS && total.datagrams[f]! > 0);
    if (hits === 0 && sending) flag('red', 'no hits although its FECs send data');
    const dead = report.dead.filter((c) => c.detector === det);
    const hot = report.hot.filter((c) => c.detector === det);
    const noisy = report.noisy.filter((c) => c.detector === det);
    const name = (c: { fec: number; vmm: number; ch: number }): string => `${c.fec}/${c.vmm}/${c.ch}`;
    const list = (cs: { fec: number; vmm: number; ch: number }[]): string => cs.slice(0, 8).map(name).join(', ') + (cs.length > 8 ? ', …' : '');
    if (hits > 0 && dead.length === chans.length) flag('red', 'every channel is dead');
    else if (dead.length > 0 && dead.length >= th.deadChannelsAmber) flag('amber', `${plural(dead.length, 'dead channel')} (FEC/VMM/channel ${list(dead)})`);
    if (hot.length > 0 && hot.length >= th.hotChannelsAmber) flag('amber', `${plural(hot.length, 'hot channel')} (${list(hot)})`);
    const summary = `${plural(hits, 'hit')} on ${chans.length} channels${noisy.length ? `, ${plural(noisy.length, 'noisy channel')}` : ''}`;
    detectors.push({ subject: `detector ${det}`, detector: det, level, reasons, summary });
  }
  return { fecs, detectors };
}
