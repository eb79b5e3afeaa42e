/**
 * `monitorData.html`: the monitor page of the legacy tool (monitoring.md §4.5)
 * without its CDN dependencies. Three tabs — "All measurements" (default),
 * "Last measurement", "Cluster statistics" — each showing that figure of every
 * monitored detector; a `<meta refresh>` (default 10 s); the chosen tab survives
 * the refresh (localStorage, as the original, and the URL fragment). Everything
 * is inline (CSS and ~20 lines of script), so the page works offline, from the
 * monitor's server or opened as a file. Without JavaScript all three sections
 * are shown one below the other. Platform-neutral (returns a string).
 */
import { figureName, type FigureKind } from './figure-names.js';

export interface PageStatus {
  filesAnalysed: number;
  filesSkipped: number;
  filesFailed: number;
  lastFile: string | null;
  lastTime: string | null;
  waiting: string | null;
  lastError: string | null;
  /** One-glance health per FEC and detector (src/health/status.ts), when known. */
  health?: { subject: string; level: 'green' | 'amber' | 'red'; reason: string }[];
}

export interface PageOptions {
  title?: string;
  refreshSeconds: number;
  detectors: readonly number[];
  /** Appended to image URLs as `?v=` so that browsers fetch changed figures (served page only). */
  version?: string | number;
  status?: PageStatus;
  /** Served by the monitor: shows the reset button and the status link. */
  served: boolean;
  /** Adds the ToF tab (det_tof_<id>.png). */
  tof?: boolean;
}

export const TABS = [
  { id: 'total', label: 'All measurements' },
  { id: 'latest', label: 'Last measurement' },
  { id: 'stats', label: 'Cluster statistics' },
] as const satisfies readonly { id: FigureKind; label: string }[];

/** The fourth tab of monitorData_tof.html, when the monitor has a time-of-flight page. */
export const TOF_TAB = { id: 'tof', label: 'ToF' } as const satisfies { id: FigureKind; label: string };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{margin:0;font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#111;background:#f4f4f4}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;padding:.5rem 1rem;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:1.15rem;margin:0}
.status{font-size:.85rem;color:#333}
.status .err{color:#a00}
.h-green{color:#080}.h-amber{color:#c70}.h-red{color:#c00;font-weight:bold}
header form{margin:0 0 0 auto}
button{font:inherit;font-size:.85rem;padding:.2rem .7rem;cursor:pointer}
nav{display:flex;gap:.2rem;padding:.5rem 1rem 0;border-bottom:1px solid #bbb}
nav a{padding:.4rem 1rem;border:1px solid #bbb;border-bottom:none;border-radius:.3rem .3rem 0 0;background:#e6e6e6;color:#024;text-decoration:none;font-size:.95rem}
nav a.active{background:#fff;font-weight:bold;margin-bottom:-1px;border-bottom:1px solid #fff}
section{padding:.6rem 1rem}
section h2{font-size:1rem;margin:.2rem 0}
.js section h2{display:none}
figure{margin:0 0 1rem}
figure img{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #ccc}
figcaption{font-size:.85rem;color:#444;margin:.2rem 0}
`;

const SCRIPT = `
(function(){
document.documentElement.className='js';
var KEY='vmmscope.monitor.tab',tabs=Array.prototype.map.call(document.querySelectorAll('section[role=tabpanel]'),function(s){return s.id});
function show(t){
 if(tabs.indexOf(t)<0)t='total';
 tabs.forEach(function(id){
  document.getElementById(id).hidden=(id!==t);
  var a=document.querySelector('[data-tab="'+id+'"]');
  a.className=(id===t)?'active':'';a.setAttribute('aria-selected',id===t?'true':'false');
 });
 try{localStorage.setItem(KEY,t)}catch(e){}
}
var saved=null;try{saved=localStorage.getItem(KEY)}catch(e){}
var h=location.hash.slice(1);
show(tabs.indexOf(h)>=0?h:saved);
Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'),function(a){
 a.addEventListener('click',function(e){e.preventDefault();var t=a.getAttribute('data-tab');show(t);
  try{history.replaceState(null,'','#'+t)}catch(x){}});
});
})();
`;

function statusHtml(s: PageStatus): string {
  const parts = [
    `files analysed <b>${s.filesAnalysed}</b>`,
    `skipped <b>${s.filesSkipped}</b>`,
    `failed <b>${s.filesFailed}</b>`,
  ];
  if (s.lastFile) parts.push(`last: ${escapeHtml(s.lastFile)}${s.lastTime ? ` at ${escapeHtml(s.lastTime)}` : ''}`);
  if (s.waiting) parts.push(escapeHtml(s.waiting));
  let html = parts.join(' · ');
  if (s.lastError) html += `<br><span class="err">last error: ${escapeHtml(s.lastError)}</span>`;
  if (s.health?.length)
    html += `<br>health: ${s.health
      .map((h) => `<span class="h-${h.level}" title="${escapeHtml(h.reason)}">● ${escapeHtml(h.subject)} ${h.level}</span>${h.level === 'green' ? '' : ` (${escapeHtml(h.reason)})`}`)
      .join(' · ')}`;
  return html;
}

/** The page as an HTML string. */
export function renderPage(o: PageOptions): string {
  const title = escapeHtml(o.title ?? 'Monitoring Detector');
  const q = o.served && o.version !== undefined ? `?v=${encodeURIComponent(String(o.version))}` : '';
  const refresh = Math.max(1, Math.round(o.refreshSeconds));
  const tabs: readonly { id: FigureKind; label: string }[] = o.tof ? [...TABS, TOF_TAB] : TABS;
  const nav = tabs.map((t) => `<a href="#${t.id}" data-tab="${t.id}" role="tab">${t.label}</a>`).join('');
  const sections = tabs.map((t) => {
    const figs = o.detectors
      .map(
        (d) =>
          `<figure><figcaption>Detector ${d}</figcaption><img src="${figureName(t.id, d)}${q}" width="1700" height="900" alt="${t.label}, detector ${d}"></figure>`,
      )
      .join('\n');
    return `<section id="${t.id}" role="tabpanel"><h2>${t.label}</h2>\n${figs}\n</section>`;
  }).join('\n');
  const status = o.status ? `<div class="status">${statusHtml(o.status)}${o.served ? ' · <a href="api/status">status JSON</a>' : ''}</div>` : '';
  const reset = o.served
    ? '<form method="post" action="api/reset"><button type="submit" title="Clear the totals and time series of every detector">Reset totals</button></form>'
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${refresh}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${title}</h1>${status}${reset}</header>
<nav role="tablist">${nav}</nav>
${sections}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
