/**
 * The live page's status line: files analysed / skipped / failed, the file
 * being analysed and its progress (or what the monitor waits for), the last
 * file, hit and cluster rates per detector, the last error, the connection
 * state and whether the view is paused. Built from the monitor's status JSON
 * (the document of `/api/status`), pushed by the server.
 */

interface MonitorStatus {
  filesAnalysed: number;
  filesSkipped: number;
  filesFailed: number;
  filesDiscarded: number;
  waiting: string | null;
  analysing: { name: string; bytesDone: number; bytesTotal: number } | null;
  lastFile: { name: string; analysedAt: string } | null;
  resets: number;
  detectors: { id: number; filesInTotal: number; totalHits: number; totalClusters: number; latest: { hitRateKHz: number | null; clusterRateKHz: number | null } | null }[];
  errors: { time: string; file: string | null; message: string }[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const rate = (v: number | null | undefined) => (v == null ? '–' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} kHz`);

export function statusHtml(raw: unknown, connected: boolean, attempt: number, paused: boolean): string {
  const conn = connected ? '<span class="ok">● live</span>' : `<span class="err">● disconnected, reconnecting${attempt > 1 ? ` (attempt ${attempt})` : ''}…</span>`;
  const parts = [conn];
  if (paused) parts.push('<span class="paused">paused</span>');
  const s = raw as MonitorStatus | null;
  if (s && typeof s === 'object' && 'filesAnalysed' in s) {
    parts.push(`files analysed <b data-k="analysed">${s.filesAnalysed}</b>`, `skipped <b>${s.filesSkipped}</b>`, `failed <b>${s.filesFailed + s.filesDiscarded}</b>`);
    if (s.analysing) {
      const p = Math.round((100 * s.analysing.bytesDone) / Math.max(1, s.analysing.bytesTotal));
      parts.push(`analysing ${esc(s.analysing.name)} <progress max="100" value="${p}"></progress> ${p} %`);
    } else if (s.waiting && !s.lastFile) parts.push(esc(s.waiting));
    if (s.lastFile) parts.push(`last: ${esc(s.lastFile.name)} at ${esc(new Date(s.lastFile.analysedAt).toTimeString().slice(0, 8))}`);
    for (const d of s.detectors)
      parts.push(`det ${d.id}: hits ${rate(d.latest?.hitRateKHz)}, clusters ${rate(d.latest?.clusterRateKHz)} · total <b data-k="clusters${d.id}">${d.totalClusters}</b> clusters in ${d.filesInTotal} file${d.filesInTotal === 1 ? '' : 's'}`);
    const e = s.errors[s.errors.length - 1];
    let html = parts.join(' · ');
    if (e) html += `<br><span class="err">last error (${esc(e.time.slice(11, 19))}): ${esc(`${e.file ? e.file + ': ' : ''}${e.message}`)}</span>`;
    return html;
  }
  return parts.join(' · ');
}
