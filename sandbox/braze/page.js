// @ts-check
'use strict';
/**
 * The sandbox's live page (GET /): users per workspace and the latest requests, refreshed by
 * polling the /_sandbox/ JSON API. Self-contained: no external assets.
 *
 * Made for watching a pipeline work: per workspace the most recently updated users come first and
 * flash when they change; each shows its identifiers, attributes (standard, then custom), events
 * and purchases with counts, subscription states and the messages it was "sent" with their
 * properties. The requests panel lists the latest 50 calls, newest first, with their status and
 * outcome, queued writes marked until Braze would have processed them (click one for its body and
 * response). The header counts the writes still queued. A filter box narrows the users; the page
 * only redraws when the data changed. The script is in page-script.js.
 */

const { PAGE_SCRIPT } = require('./page-script');

/**
 * @param {{instance: string}} info
 * @returns {string} the HTML page
 */
function renderPage(info) {
	const instance = String(info.instance).replace(/[^A-Za-z0-9-]/g, '');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Braze sandbox (${instance})</title>
<link rel="icon" href="data:,">
<style>
:root { --bg:#f4f5f8; --card:#fff; --ink:#1d2330; --muted:#687085; --line:#e3e6ec; --soft:#f7f8fa;
  --ok:#137a3d; --okbg:#e5f5ea; --warn:#8a5a00; --warnbg:#fdf1d8; --err:#b3261e; --errbg:#fbe7e5; --accent:#5b3cc4; --accentbg:#efebfb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--ink); }
header { position:sticky; top:0; z-index:2; display:flex; align-items:center; gap:14px; padding:10px 20px; background:var(--accent); color:#fff; box-shadow:0 1px 3px rgba(0,0,0,.15); }
header h1 { font-size:17px; margin:0; font-weight:600; }
header .meta { opacity:.9; font-size:13px; }
header .spacer { flex:1; }
header input { width:min(320px, 40vw); border:0; border-radius:6px; padding:5px 9px; font:inherit; font-size:13px; }
header button { border:1px solid rgba(255,255,255,.7); background:transparent; color:#fff; border-radius:6px; padding:4px 12px; font:inherit; font-size:13px; cursor:pointer; }
header button:hover { background:rgba(255,255,255,.12); }
#status::before { content:""; display:inline-block; width:8px; height:8px; border-radius:50%; background:#7ee2a0; margin-right:6px; vertical-align:1px; }
#status.paused::before { background:#ffd166; } #status.down::before { background:#ff8a80; }
main { display:grid; grid-template-columns:minmax(0,2.2fr) minmax(380px,1fr); gap:16px; padding:16px 20px; align-items:start; }
@media (max-width: 1100px) { main { grid-template-columns:minmax(0,1fr); } }
section.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; min-width:0; }
#requests-card { position:sticky; top:64px; max-height:calc(100vh - 80px); overflow:auto; }
h2 { font-size:15px; margin:0 0 6px; }
h3 { display:flex; align-items:baseline; gap:8px; font-size:14px; margin:16px 0 6px; padding-bottom:4px; border-bottom:2px solid var(--accentbg); color:var(--accent); }
h3:first-child { margin-top:4px; }
h3 .count { color:var(--muted); font-weight:400; font-size:13px; }
.muted { color:var(--muted); }
.empty { color:var(--muted); font-style:italic; margin:6px 0 10px; }
/* Users: grid rows rather than a table, so rows off screen skip layout (hundreds of users stay fast). */
.urow { display:grid; grid-template-columns:minmax(0,22fr) minmax(0,25fr) minmax(0,20fr) minmax(0,15fr) minmax(0,18fr); border-bottom:1px solid var(--line); font-size:13px; }
.urow > div { padding:6px 8px; overflow-wrap:break-word; min-width:0; }
.urow.head > div { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.03em; background:var(--soft); white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
.urow.user { content-visibility:auto; contain-intrinsic-size:auto 96px; }
.urow.user:hover { background:#fafbfc; }
.urow.changed { animation:flash 3s ease-out; }
/* Requests: one <details> each; its summary is the row, the bodies open below at full width. */
.req { border-bottom:1px solid var(--line); font-size:13px; }
.req > summary { display:grid; grid-template-columns:58px minmax(0,1fr) auto; gap:8px; padding:6px 4px; list-style:none; cursor:pointer; }
.req > summary::-webkit-details-marker { display:none; }
.req > summary:hover { background:#fafbfc; }
.req .path::before { content:"▸ "; color:var(--muted); } .req[open] .path::before { content:"▾ "; }
.req .meta { display:flex; flex-direction:column; align-items:flex-end; gap:2px; white-space:nowrap; }
.req .meta .badge { margin:0; }
.req .body { padding:0 4px 8px 70px; }
@keyframes flash { from { background:#fff3b0; } to { background:transparent; } }
code, pre, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12px; }
pre { margin:4px 0; white-space:pre-wrap; overflow-wrap:break-word; background:var(--soft); border:1px solid var(--line); padding:6px; border-radius:4px; max-height:260px; overflow:auto; }
.id { margin:0 0 2px; } .id.main { font-weight:600; }
.id.minor { color:var(--muted); font-size:12px; }
.badge { display:inline-block; padding:0 7px; margin:1px 4px 1px 0; border-radius:10px; font-size:12px; background:#eef0f4; white-space:nowrap; max-width:100%; overflow:hidden; text-overflow:ellipsis; vertical-align:top; }
.badge.kind { background:var(--warnbg); color:var(--warn); }
.ok { background:var(--okbg); color:var(--ok); } .no { background:var(--errbg); color:var(--err); }
.kv { margin:0; display:grid; grid-template-columns:fit-content(50%) minmax(0, 1fr); gap:1px 10px; }
.pair { margin:0 0 3px; } .pair .k { color:var(--muted); margin-right:6px; overflow-wrap:anywhere; }
.kv dt { color:var(--muted); overflow-wrap:anywhere; } .kv dd { margin:0; }
.sub { font-size:11px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:6px 0 2px; }
.sub:first-child { margin-top:0; }
ul.evs { list-style:none; margin:0; padding:0; }
ul.evs li { margin:0 0 2px; }
.ev { font-weight:600; }
.when { color:var(--muted); font-size:12px; white-space:nowrap; }
details summary { cursor:pointer; }
details.more summary { color:var(--muted); font-size:12px; margin-top:3px; }
.s2 { color:var(--ok); font-weight:700; } .s4 { color:var(--warn); font-weight:700; } .s5, .sx { color:var(--err); font-weight:700; }
.outcome { display:block; color:var(--muted); font-size:12px; }
.outcome.bad { color:var(--err); }
.lbl { font-size:11px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin-top:6px; }
#status, #queue { font-size:12px; white-space:nowrap; }
#queue.busy::before { content:"⏳ "; }
</style>
</head>
<body>
<header>
  <h1>Braze sandbox</h1><span class="meta">instance ${instance}</span>
  <span class="spacer"></span>
  <input id="filter" type="search" placeholder="Filter users: id, email, alias, event, attribute…" aria-label="Filter users">
  <span id="queue" class="meta" title="writes Braze has accepted and not processed yet"></span>
  <span id="status" class="meta">loading…</span>
  <button id="pause" type="button">Pause</button>
</header>
<main>
  <section class="card" id="users-card"><h2>Users</h2><div id="users" class="muted">Loading…</div></section>
  <section class="card" id="requests-card"><h2>Latest requests</h2><div id="requests" class="muted">No requests yet.</div></section>
</main>
<script>
${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

module.exports = { renderPage };
