/**
 * The Prometheus text exposition format (version 0.0.4) of the health figures, served by
 * the monitor at `GET /metrics`: one `# HELP` and `# TYPE` line per family, counters named
 * `…_total`, labels `fec`, `vmm`, `detector`, `kind` (values escaped), no duplicate series.
 * Families without a sample yet are left out.
 */
import { ERROR_KINDS, FECS, FEC_SLOTS, type HealthCounts } from './accountant.js';
import type { HealthReport } from './report.js';
import { LEVEL_VALUE, type HealthStatus } from './status.js';

/** Monitor-side figures that are not health counts. */
export interface MonitorFigures {
  filesAnalysed: number;
  filesSkipped: number;
  filesFailed: number;
  detectors: { id: number; hits: number; clusters: number }[];
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string | number>;

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const fmt = (x: number): string => (Number.isNaN(x) ? 'NaN' : x === Infinity ? '+Inf' : x === -Infinity ? '-Inf' : String(x));

class Exposition {
  private readonly out: string[] = [];

  family(name: string, type: 'counter' | 'gauge', help: string, samples: [Labels, number][]): void {
    if (samples.length === 0) return;
    this.out.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of samples) {
      const l = Object.entries(labels).map(([k, x]) => `${k}="${escapeLabel(String(x))}"`);
      this.out.push(`${name}${l.length ? `{${l.join(',')}}` : ''} ${fmt(v)}`);
    }
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }
}

/** The exposition text of the health counts, report and status plus the monitor's figures. */
export function prometheusText(c: HealthCounts | null, report: HealthReport | null, status: HealthStatus, m: MonitorFigures): string {
  const e = new Exposition();
  const fecs: number[] = [];
  if (c) for (let f = 0; f < FECS; f++) if (c.datagrams[f]! > 0) fecs.push(f);
  const perFec = (a: Float64Array | undefined): [Labels, number][] => (a ? fecs.map((f) => [{ fec: f }, a[f]!]) : []);
  e.family('vmmscope_fec_datagrams_total', 'counter', 'UDP datagrams received from the FEC.', perFec(c?.datagrams));
  e.family('vmmscope_fec_bytes_total', 'counter', 'UDP payload bytes received from the FEC.', perFec(c?.bytes));
  e.family('vmmscope_fec_frames_lost_total', 'counter', 'Frames lost: gaps in the FEC frame-counter sequence in arrival order.', perFec(c?.framesLost));
  e.family('vmmscope_fec_frames_duplicate_total', 'counter', 'Frames whose counter repeated the previous one.', perFec(c?.framesDuplicate));
  e.family('vmmscope_fec_frames_reordered_total', 'counter', 'Frames that arrived after a later frame of the same FEC.', perFec(c?.framesReordered));
  const errs: [Labels, number][] = [];
  if (c)
    for (let f = 0; f < FEC_SLOTS; f++)
      ERROR_KINDS.forEach((k, i) => {
        const n = c.errors[i * FEC_SLOTS + f]!;
        if (n > 0) errs.push([{ fec: f < FECS ? f : 'none', kind: k }, n]);
      });
  e.family('vmmscope_fec_parser_errors_total', 'counter', 'Rejected frames by kind (short_frame, bad_data_id, fec_zero, bad_length).', errs);
  const rep = report?.fecs.filter((f) => f.fec !== null) ?? [];
  e.family('vmmscope_fec_hits_total', 'counter', 'Hits admitted by vmm-sdat rules (hits-tree entries) of the FEC.', rep.map((f) => [{ fec: f.fec! }, f.hits]));
  e.family('vmmscope_fec_last_datagram_timestamp_seconds', 'gauge', 'Capture time of the last datagram of the FEC (Unix seconds).', rep.map((f) => [{ fec: f.fec! }, f.lastTime]));
  e.family('vmmscope_fec_seconds_since_last_datagram', 'gauge', 'Seconds between the newest datagram of any FEC and the last of this FEC (capture time).', rep.map((f) => [{ fec: f.fec! }, f.secondsSinceLast]));
  e.family('vmmscope_fec_status', 'gauge', 'One-glance status of the FEC: 0 green, 1 amber, 2 red.', status.fecs.map((s) => [{ fec: s.fec! }, LEVEL_VALUE[s.level]]));

  const vmmHits: [Labels, number][] = [];
  if (c && report) {
    const seen = new Map<string, number>();
    for (const ch of report.channels) seen.set(`${ch.fec}/${ch.vmm}`, (seen.get(`${ch.fec}/${ch.vmm}`) ?? 0) + ch.hits);
    for (const [k, n] of seen) {
      const [fec, vmm] = k.split('/');
      vmmHits.push([{ fec: fec!, vmm: vmm! }, n]);
    }
  }
  e.family('vmmscope_vmm_hits_total', 'counter', 'Hits admitted by vmm-sdat rules (hits-tree entries) of the VMM.', vmmHits);
  const vm = report?.vmms ?? [];
  e.family('vmmscope_vmm_data_words_total', 'counter', 'Data words (raw hits, before the admission rules) of the VMM.', vm.map((v) => [{ fec: v.fec, vmm: v.vmm }, v.hits]));
  const mk = vm.filter((v) => v.vmm < 16);
  e.family('vmmscope_vmm_markers_total', 'counter', 'Timestamp markers of the VMM.', mk.map((v) => [{ fec: v.fec, vmm: v.vmm }, v.markers]));
  e.family('vmmscope_vmm_marker_gaps_total', 'counter', 'Marker steps of more than two marker periods (missing markers).', mk.map((v) => [{ fec: v.fec, vmm: v.vmm }, v.markerGaps]));
  e.family('vmmscope_vmm_markers_backward_total', 'counter', 'Markers earlier than the previous marker of the VMM (not a 42-bit wrap).', mk.map((v) => [{ fec: v.fec, vmm: v.vmm }, v.markersBackward]));

  e.family('vmmscope_detector_hits_total', 'counter', 'Hits of the detector in the monitor totals.', m.detectors.map((d) => [{ detector: d.id }, d.hits]));
  e.family('vmmscope_detector_clusters_total', 'counter', 'Detector clusters in the monitor totals.', m.detectors.map((d) => [{ detector: d.id }, d.clusters]));
  e.family('vmmscope_detector_status', 'gauge', 'One-glance status of the detector: 0 green, 1 amber, 2 red.', status.detectors.map((s) => [{ detector: s.detector! }, LEVEL_VALUE[s.level]]));
  const per = (list: { detector: number | null }[] | undefined): [Labels, number][] => {
    const n = new Map<number, number>();
    for (const s of status.detectors) n.set(s.detector!, 0);
    for (const x of list ?? []) if (x.detector !== null) n.set(x.detector, (n.get(x.detector) ?? 0) + 1);
    return [...n].map(([d, k]) => [{ detector: d }, k]);
  };
  e.family('vmmscope_detector_dead_channels', 'gauge', 'Mapped channels without hits while the detector has hits.', per(report?.dead));
  e.family('vmmscope_detector_hot_channels', 'gauge', 'Channels far above the median of their VMM.', per(report?.hot));
  if (report) e.family('vmmscope_unmapped_hits_total', 'counter', 'Data words of FEC/VMM pairs absent from the geometry.', [[{}, report.unmapped.hits]]);
  const drops: [Labels, number][] = [];
  if (c && c.isbIfDrop >= 0) drops.push([{ kind: 'ifdrop' }, c.isbIfDrop]);
  if (c && c.isbOsDrop >= 0) drops.push([{ kind: 'osdrop' }, c.isbOsDrop]);
  e.family('vmmscope_capture_drops_total', 'counter', 'Packets dropped by the capture (pcapng Interface Statistics Blocks: interface and OS drops).', drops);
  e.family('vmmscope_monitor_files_analysed_total', 'counter', 'Capture files analysed by the monitor.', [[{}, m.filesAnalysed]]);
  e.family('vmmscope_monitor_files_skipped_total', 'counter', 'Complete ring files skipped because the monitor fell behind.', [[{}, m.filesSkipped]]);
  e.family('vmmscope_monitor_files_failed_total', 'counter', 'Capture files that could not be analysed.', [[{}, m.filesFailed]]);
  return e.text();
}
