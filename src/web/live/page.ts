/**
 * The live page's HTML shell: header (title, live status, global controls),
 * tabs and an empty main area that `client/main.ts` (bundled as `/live.js`)
 * fills from `/api/layout` and the WebSocket push. Without JavaScript the page
 * sends the browser to the PNG page (`monitorData.html`). Platform-neutral.
 */
import { escapeHtml } from '../page.js';

export function livePage(title: string): string {
  const t = escapeHtml(title);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t}</title>
<noscript><meta http-equiv="refresh" content="0; url=monitorData.html"></noscript>
<link rel="stylesheet" href="uPlot.min.css">
<link rel="stylesheet" href="live.css">
</head>
<body>
<header>
<h1>${t}</h1>
<div id="status" class="status" aria-live="polite">connecting…</div>
<div id="controls" class="controls"></div>
</header>
<nav id="tabs" role="tablist"></nav>
<main id="main"></main>
<footer><a href="monitorData.html">PNG page</a> · <a href="api/status">status JSON</a></footer>
<script src="live.js"></script>
</body>
</html>
`;
}
