/**
 * The health report: `HealthCounts` + geometry → the figures a shift looks at, as plain
 * JSON (written by `analyze --health-json`, served in the monitor's status).
 *
 * - `fecs`: datagrams, bytes, admitted hits, lost / duplicate / reordered frames, parser
 *   errors by kind, rates over the FEC's own time span, seconds since its last datagram
 *   (relative to the newest datagram of any FEC).
 * - `vmms`: per (FEC, VMM) with data: data words, markers, marker anomalies, rates,
 *   whether the geometry maps it, BCID/TDC/ADC distributions (64 bins each).
 * - `channels`: every channel the geometry maps, plus any channel with admitted hits:
 *   admitted hits (hits-tree entries, 2 per hit on pads as the tree has), raw data words,
 *   and the strip coordinates (detector, plane, strip; pads also strip1 = id1).
 * - `dead` (a mapped channel without hits while its detector has hits), `hot` and
 *   `noisy` (more than `hotFactor` / `noisyFactor` × the median of its VMM's mapped
 *   channels, and at least `minChannelHits`).
 * - `unmapped`: data words of (FEC, VMM) pairs absent from the geometry.
 */
import type { Geometry } from '../config/geometry.js';
import { ADC_SHIFT, BCID_SHIFT, CHANNELS, DIST_BINS, ERROR_KINDS, FECS, FEC_SLOTS, TDC_SHIFT, VMM_SLOTS, type HealthCounts } from './accountant.js';
import { DEFAULT_THRESHOLDS, type HealthThresholds } from './thresholds.js';

export interface FecHealth {
  /** FEC id; null for datagrams that name no FEC (not SRS). */
  fec: number | null;
  datagrams: number;
  bytes: number;
  hits: number;
  rawHits: number;
  framesLost: number;
  framesDuplicate: number;
  framesReordered: number;
  errors: Record<string, number>;
  firstTime: number;
  lastTime: number;
  datagramRate: number;
  byteRate: number;
  hitRate: number;
  secondsSinceLast: number;
}

export interface VmmHealth {
  fec: number;
  vmm: number;
  hits: number;
  markers: number;
  markersBackward: number;
  markerGaps: number;
  hitRate: number;
  markerRate: number;
  inGeometry: boolean;
  detector: number | null;
  plane: number | null;
  /** Distributions: bin i covers [i·w, (i+1)·w) with w = 64 (BCID), 4 (TDC), 16 (ADC). */
  bcid: number[];
  tdc: number[];
  adc: number[];
}

export interface ChannelHealth {
  fec: number;
  vmm: number;
  ch: number;
  hits: number;
  raw: number;
  detector: number | null;
  plane: number | null;
  strip: number | null;
  strip1?: number;
}

export interface ChannelFlag extends ChannelHealth {
  /** Median hits of the VMM's mapped channels. */
  median: number;
}

export interface HealthReport {
  fecs: FecHealth[];
  vmms: VmmHealth[];
  channels: ChannelHealth[];
  dead: ChannelFlag[];
  hot: ChannelFlag[];
  noisy: ChannelFlag[];
  unmapped: { hits: number; pairs: { fec: number; vmm: number; hits: number }[] };
  drops: { isbIfDrop: number | null; isbOsDrop: number | null };
  totals: { datagrams: number; bytes: number; hits: number; framesLost: number; framesDuplicate: number; framesReordered: number; parserErrors: number };
  /** Binning of the distributions. */
  bins: { count: number; bcidWidth: number; tdcWidth: number; adcWidth: number };
  thresholds: HealthThresholds;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const rate = (n: number, seconds: number): number => (seconds > 0 ? n / seconds : 0);

export function healthReport(c: HealthCounts, g: Geometry, th: HealthThresholds = DEFAULT_THRESHOLDS): HealthReport {
  const geoSlots = c.channelHits.length / CHANNELS;
  let newest = 0;
  for (let f = 0; f < FEC_SLOTS; f++) newest = Math.max(newest, c.lastTime[f]!);
  // admitted hits per FEC; geometry slot = fec · 16 + vmm
  const fecHits = new Float64Array(FEC_SLOTS);
  for (let s = 0; s < geoSlots; s++) {
    let n = 0;
    for (let ch = 0; ch < CHANNELS; ch++) n += c.channelHits[s * CHANNELS + ch]!;
    if (n && s >> 4 < FECS) fecHits[s >> 4]! += n;
  }
  const fecs: FecHealth[] = [];
  for (let f = 0; f < FEC_SLOTS; f++) {
    if (c.datagrams[f] === 0) continue;
    let raw = 0;
    if (f < FECS) for (let v = 0; v < 32; v++) raw += c.vmmHits[f * 32 + v]!;
    const errors: Record<string, number> = {};
    ERROR_KINDS.forEach((k, i) => {
      const n = c.errors[i * FEC_SLOTS + f]!;
      if (n) errors[k] = n;
    });
    const span = c.lastTime[f]! - c.firstTime[f]!;
    fecs.push({
      fec: f < FECS ? f : null,
      datagrams: c.datagrams[f]!,
      bytes: c.bytes[f]!,
      hits: fecHits[f]!,
      rawHits: raw,
      framesLost: c.framesLost[f]!,
      framesDuplicate: c.framesDuplicate[f]!,
      framesReordered: c.framesReordered[f]!,
      errors,
      firstTime: c.firstTime[f]!,
      lastTime: c.lastTime[f]!,
      datagramRate: rate(c.datagrams[f]!, span),
      byteRate: rate(c.bytes[f]!, span),
      hitRate: rate(fecHits[f]!, span),
      secondsSinceLast: newest - c.lastTime[f]!,
    });
  }

  const entryOf = new Map<number, { det: number; plane: number }>();
  for (const e of g.vmms) entryOf.set(e.fec * 16 + e.vmm, { det: e.det, plane: e.plane });
  const vmms: VmmHealth[] = [];
  const unmappedPairs: { fec: number; vmm: number; hits: number }[] = [];
  let unmappedHits = 0;
  for (let s = 0; s < VMM_SLOTS; s++) {
    if (c.vmmHits[s] === 0 && c.markers[s] === 0) continue;
    const fec = s >> 5;
    const vmm = s & 31;
    const e = entryOf.get(fec * 16 + vmm);
    const inGeometry = vmm < 16 && e !== undefined;
    const span = c.lastTime[fec]! - c.firstTime[fec]!;
    const h = s * DIST_BINS;
    vmms.push({
      fec, vmm, hits: c.vmmHits[s]!, markers: c.markers[s]!, markersBackward: c.markersBackward[s]!, markerGaps: c.markerGaps[s]!,
      hitRate: rate(c.vmmHits[s]!, span), markerRate: rate(c.markers[s]!, span), inGeometry,
      detector: inGeometry ? e.det : null, plane: inGeometry ? e.plane : null,
      bcid: Array.from(c.bcid.subarray(h, h + DIST_BINS)), tdc: Array.from(c.tdc.subarray(h, h + DIST_BINS)), adc: Array.from(c.adc.subarray(h, h + DIST_BINS)),
    });
    if (!inGeometry && c.vmmHits[s]! > 0) {
      unmappedHits += c.vmmHits[s]!;
      unmappedPairs.push({ fec, vmm, hits: c.vmmHits[s]! });
    }
  }

  // channels, per geometry VMM entry, and the flags
  const detHits = new Map<number, number>();
  const channels: ChannelHealth[] = [];
  const perVmm: { chans: ChannelHealth[]; det: number }[] = [];
  const seen = new Set<number>();
  for (const e of g.vmms) {
    const slot = e.fec * 16 + e.vmm;
    if (seen.has(slot) || slot >= geoSlots) continue;
    seen.add(slot);
    const pad = g.isPad[e.det] === 1;
    const chans: ChannelHealth[] = [];
    for (let ch = 0; ch < CHANNELS; ch++) {
      const pos0 = g.pos0[slot * CHANNELS + ch]!;
      const hits = c.channelHits[slot * CHANNELS + ch]!;
      if (pos0 === -1 && hits === 0) continue;
      const raw = e.fec < FECS ? c.rawChannels[(e.fec * 32 + e.vmm) * CHANNELS + ch]! : 0;
      const row: ChannelHealth = { fec: e.fec, vmm: e.vmm, ch, hits, raw, detector: e.det, plane: pad ? null : g.slotPlane[slot]!, strip: pos0 === -1 ? null : pos0 };
      if (pad) row.strip1 = g.pos1[slot * CHANNELS + ch]!;
      channels.push(row);
      if (pos0 !== -1) chans.push(row);
      detHits.set(e.det, (detHits.get(e.det) ?? 0) + hits);
    }
    perVmm.push({ chans, det: e.det });
  }
  const dead: ChannelFlag[] = [];
  const hot: ChannelFlag[] = [];
  const noisy: ChannelFlag[] = [];
  for (const { chans, det } of perVmm) {
    if (!detHits.get(det)) continue; // a detector without data has no dead channels, it is silent
    const m = median(chans.map((x) => x.hits));
    const base = Math.max(m, 1);
    for (const x of chans) {
      if (x.hits === 0) dead.push({ ...x, median: m });
      else if (x.hits >= th.minChannelHits && x.hits > th.hotFactor * base) hot.push({ ...x, median: m });
      else if (x.hits >= th.minChannelHits && x.hits > th.noisyFactor * base) noisy.push({ ...x, median: m });
    }
  }

  const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
  return {
    fecs, vmms, channels, dead, hot, noisy,
    unmapped: { hits: unmappedHits, pairs: unmappedPairs },
    drops: { isbIfDrop: c.isbIfDrop >= 0 ? c.isbIfDrop : null, isbOsDrop: c.isbOsDrop >= 0 ? c.isbOsDrop : null },
    totals: {
      datagrams: sum(c.datagrams), bytes: sum(c.bytes), hits: c.channelHits.reduce((t, x) => t + x, 0), framesLost: sum(c.framesLost),
      framesDuplicate: sum(c.framesDuplicate), framesReordered: sum(c.framesReordered), parserErrors: sum(c.errors),
    },
    bins: { count: DIST_BINS, bcidWidth: 1 << BCID_SHIFT, tdcWidth: 1 << TDC_SHIFT, adcWidth: 1 << ADC_SHIFT },
    thresholds: th,
  };
}
