'use strict';
/**
 * The sandbox's live page (GET /): users per workspace and the latest requests, refreshed by
 * polling the /_sandbox/ JSON API. Self-contained: no external assets.
 *
 * Made for watching a pipeline work: per workspace the most recently updated users come first and
 * flash when they change; each shows its identifiers, attributes (standard, then custom), events
 * and purchases with counts, and subscription states. The requests panel lists the latest 50 calls,
 * newest first, with their status and outcome (click one for its body and response). A filter box
 * narrows the users; the page only redraws when the data changed.
 *
 * The script only uses document.getElementById, document.addEventListener, fetch and setInterval
 * (plus innerHTML/textContent/className/value/onclick/oninput of elements), so the conformance
 * test can run it against a minimal fake document.
 */

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
.urow { display:grid; grid-template-columns:minmax(0,26fr) minmax(0,30fr) minmax(0,25fr) minmax(0,19fr); border-bottom:1px solid var(--line); font-size:13px; }
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
#status { font-size:12px; white-space:nowrap; }
</style>
</head>
<body>
<header>
  <h1>Braze sandbox</h1><span class="meta">instance ${instance}</span>
  <span class="spacer"></span>
  <input id="filter" type="search" placeholder="Filter users: id, email, alias, event, attribute…" aria-label="Filter users">
  <span id="status" class="meta">loading…</span>
  <button id="pause" type="button">Pause</button>
</header>
<main>
  <section class="card" id="users-card"><h2>Users</h2><div id="users" class="muted">Loading…</div></section>
  <section class="card" id="requests-card"><h2>Latest requests</h2><div id="requests" class="muted">No requests yet.</div></section>
</main>
<script>
(function () {
  var MAX_USERS_SHOWN = 300;   // per workspace; the filter finds the others
  var MAX_EVENTS_LISTED = 20;  // raw events shown per user (newest)
  var STANDARD_HIDDEN = ['email', 'phone', 'email_subscribe', 'push_subscribe'];
  var paused = false;
  var open = {};          // details elements left open, by data-key
  var lazy = {};          // data-key -> function giving the content of a details element (drawn when opened)
  var seen = {};          // braze_id -> updated_at at the previous draw
  var firstDraw = true;
  var last = { usersText: null, requestsText: null, users: null };
  var filterEl = document.getElementById('filter');
  var statusEl = document.getElementById('status');

  function $(id) { return document.getElementById(id); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&':'&amp;', '<':'&lt;', '>':'&gt;', '"':'&quot;', "'":'&#39;' }[c]; }); }
  function json(v) { return esc(JSON.stringify(v, null, 2)); }
  function pad(n, w) { n = String(n); while (n.length < (w || 2)) n = '0' + n; return n; }
  /** Local time, with the date when it is not today. */
  function when(iso, ms) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    var t = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + (ms ? '.' + pad(d.getMilliseconds(), 3) : '');
    var now = new Date();
    if (d.toDateString() === now.toDateString()) return t;
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + t;
  }
  function stateClass(s) { return s === 'opted_in' || s === 'subscribed' ? 'ok' : s === 'unsubscribed' ? 'no' : ''; }
  function value(v) {
    if (v === null) return '<span class="muted">null</span>';
    if (Array.isArray(v) && v.every(function (x) { return x === null || typeof x !== 'object'; }))
      return v.length ? v.map(function (x) { return '<span class="badge">' + esc(x) + '</span>'; }).join('') : '<span class="muted">[ ]</span>';
    if (typeof v === 'object') return '<code>' + esc(JSON.stringify(v)) + '</code>';
    return esc(v);
  }
  function kv(obj, render) {
    return '<dl class="kv">' + Object.keys(obj).map(function (k) {
      return '<dt>' + esc(k) + '</dt><dd>' + (render || value)(obj[k]) + '</dd>';
    }).join('') + '</dl>';
  }
  var none = '<span class="muted">–</span>';

  function identifiers(u) {
    var a = u.attributes || {};
    var lines = [];
    if (u.external_id !== undefined) lines.push('external_id: ' + u.external_id);
    (u.user_aliases || []).forEach(function (al) {
      lines.push('alias: ' + al.alias_name + ' (label ' + al.alias_label + ')' + (al.visible_at ? ' – findable from ' + when(al.visible_at) : ''));
    });
    if (a.email) lines.push('email: ' + a.email);
    if (a.phone) lines.push('phone: ' + a.phone);
    var kind = u.external_id !== undefined ? '' : (u.user_aliases || []).length ? 'alias-only' : a.email ? 'email-only' : a.phone ? 'phone-only' : 'anonymous';
    var html = lines.map(function (l, i) { return '<div class="id' + (i === 0 ? ' main' : '') + '">' + esc(l) + '</div>'; }).join('');
    if (kind) html += '<span class="badge kind">' + kind + '</span>';
    html += '<div class="id minor mono">braze_id: ' + esc(u.braze_id) + '</div>';
    if (u.updated_at) html += '<div class="id minor">updated ' + esc(when(u.updated_at)) + '</div>';
    return html;
  }
  function attributes(u) {
    var std = {};
    Object.keys(u.attributes || {}).forEach(function (k) { if (STANDARD_HIDDEN.indexOf(k) < 0) std[k] = u.attributes[k]; });
    var custom = u.custom_attributes || {};
    var html = '';
    if (Object.keys(std).length) html += '<div class="sub">standard</div>' + kv(std);
    if (Object.keys(custom).length) html += '<div class="sub">custom</div>' + kv(custom);
    return html || none;
  }
  function activity(u) {
    var html = '';
    var events = u.custom_events || [];
    var purchases = u.purchases || [];
    if (events.length) html += '<div class="sub">events</div><ul class="evs">' + events.map(function (e) {
      return '<li><span class="ev">' + esc(e.name + ' ×' + e.count) + '</span> <span class="when">last ' + esc(when(e.last)) + '</span></li>';
    }).join('') + '</ul>';
    if (purchases.length) html += '<div class="sub">purchases</div><ul class="evs">' + purchases.map(function (p) {
      return '<li><span class="ev">' + esc(p.name + ' ×' + p.count) + '</span> <span class="when">last ' + esc(when(p.last)) + '</span></li>';
    }).join('') + '</ul>';
    var raw = u.events || [];
    if (raw.length) {
      var key = 'e' + u.braze_id;
      var shown = raw.slice(-MAX_EVENTS_LISTED).reverse();
      lazy[key] = function () { return '<pre>' + json(shown) + '</pre>'; };
      html += '<details class="more" data-key="' + esc(key) + '"' + (open[key] ? ' open' : '') + '><summary>' +
        (raw.length > shown.length ? 'latest ' + shown.length + ' of ' + raw.length + ' events received' : raw.length + ' event' + (raw.length === 1 ? '' : 's') + ' received') +
        '</summary>' + (open[key] ? lazy[key]() : '') + '</details>';
    }
    return html || none;
  }
  function subscriptions(u) {
    var a = u.attributes || {};
    var subs = {};
    if (a.email_subscribe) subs.email_subscribe = a.email_subscribe;
    if (a.push_subscribe) subs.push_subscribe = a.push_subscribe;
    var groups = u.subscription_groups || {};
    var badge = function (s) { return '<span class="badge ' + stateClass(s) + '">' + esc(s) + '</span>'; };
    var pairs = function (obj) { return Object.keys(obj).map(function (k) { return '<div class="pair"><span class="k">' + esc(k) + '</span>' + badge(obj[k]) + '</div>'; }).join(''); };
    var html = pairs(subs);
    if (Object.keys(groups).length) html += '<div class="sub">groups</div>' + pairs(groups);
    return html || none;
  }
  function row(u) {
    var changed = !firstDraw && seen[u.braze_id] !== u.updated_at;
    return '<div class="urow user' + (changed ? ' changed' : '') + '" data-user="' + esc(u.external_id !== undefined ? u.external_id : u.braze_id) + '">' +
      '<div class="cell">' + identifiers(u) + '</div><div class="cell">' + attributes(u) + '</div><div class="cell">' + activity(u) + '</div><div class="cell">' + subscriptions(u) + '</div></div>';
  }
  function matches(u, needle) {
    if (!needle) return true;
    var hay = [u.external_id, u.braze_id].concat((u.user_aliases || []).map(function (a) { return a.alias_label + ' ' + a.alias_name; }),
      (u.custom_events || []).map(function (e) { return e.name; }), (u.purchases || []).map(function (p) { return p.name; }));
    return (hay.join(' ') + ' ' + JSON.stringify(u.attributes || {}) + ' ' + JSON.stringify(u.custom_attributes || {})).toLowerCase().indexOf(needle) >= 0;
  }
  function forget(prefix) { Object.keys(lazy).forEach(function (k) { if (k.charAt(0) === prefix) delete lazy[k]; }); }
  function renderUsers(data) {
    forget('e');
    var needle = String((filterEl && filterEl.value) || '').trim().toLowerCase();
    var names = Object.keys(data.workspaces || {});
    var html = names.map(function (w) {
      var all = (data.workspaces[w] || []).slice();
      // Most recently updated first; for equal times, the most recently created first.
      all.forEach(function (u, i) { u._i = i; });
      all.sort(function (x, y) { return x.updated_at === y.updated_at ? y._i - x._i : (x.updated_at < y.updated_at ? 1 : -1); });
      var list = all.filter(function (u) { return matches(u, needle); });
      var shown = list.slice(0, MAX_USERS_SHOWN);
      var count = all.length + ' user' + (all.length === 1 ? '' : 's') + (needle ? ', ' + list.length + ' matching' : '');
      var body;
      if (!all.length) body = '<p class="empty">No users yet.</p>';
      else if (!list.length) body = '<p class="empty">No user matches the filter.</p>';
      else body = '<div class="users"><div class="urow head"><div>Identifiers</div><div>Attributes</div><div>Events &amp; purchases</div><div>Subscriptions</div></div>' +
        shown.map(row).join('') + '</div>' +
        (list.length > shown.length ? '<p class="empty">' + (list.length - shown.length) + ' more not shown: use the filter.</p>' : '');
      return '<div class="workspace" data-workspace="' + esc(w) + '"><h3>' + esc(w) + ' <span class="count">' + esc(count) + '</span></h3>' + body + '</div>';
    }).join('');
    var el = $('users');
    el.innerHTML = html || '<p class="empty">No workspaces.</p>';
    el.className = '';
    seen = {};
    names.forEach(function (w) { (data.workspaces[w] || []).forEach(function (u) { seen[u.braze_id] = u.updated_at; }); });
    firstDraw = false;
  }
  /** One line on what a request did: counts on success, the message otherwise. */
  function outcome(r) {
    var res = r.applied ? r.appliedResponse : r.response;
    if (r.dropped) return { text: 'connection dropped' + (r.applied ? ' after applying' : ''), bad: true };
    if (res && typeof res === 'object') {
      var parts = [];
      Object.keys(res).forEach(function (k) {
        var m = /^(.*)_processed$/.exec(k);
        if (m) parts.push(res[k] + ' ' + (res[k] === 1 ? m[1].replace(/s$/, '') : m[1]));
      });
      if (typeof res.deleted === 'number') parts.push(res.deleted + ' deleted');
      if (Array.isArray(res.users)) parts.push(res.users.length + ' user' + (res.users.length === 1 ? '' : 's') + ' found');
      if (Array.isArray(res.errors) && res.errors.length) parts.push(res.errors.length + ' error' + (res.errors.length === 1 ? '' : 's'));
      if (r.status >= 300 && res.message) parts.unshift(res.message);
      if (r.fault) parts.push(r.applied ? 'injected fault after applying' : 'injected fault');
      return { text: parts.join(' · ').trim(), bad: r.status >= 300 || Boolean(res.errors && res.errors.length) };
    }
    if (r.fault) return { text: 'injected fault', bad: true };
    return { text: '', bad: r.status >= 300 };
  }
  function renderRequests(data) {
    forget('r');
    var list = (data.requests || []).slice().reverse();
    var el = $('requests');
    el.className = '';
    if (!list.length) { el.innerHTML = '<p class="empty">No requests yet.</p>'; return; }
    el.innerHTML = '<div class="reqs">' + list.map(function (r) {
      var st = r.dropped ? 'dropped' : r.status;
      var cls = r.dropped ? 'sx' : 's' + String(r.status).charAt(0);
      var key = 'r' + r.id;
      var o = outcome(r);
      lazy[key] = function () {
        return '<div class="body"><div class="lbl">request body</div><pre>' + json(r.body === undefined ? null : r.body) + '</pre>' +
          '<div class="lbl">response</div><pre>' + json(r.applied ? { sent: r.response, applied: r.appliedResponse } : (r.response === undefined ? null : r.response)) + '</pre></div>';
      };
      return '<details class="req" data-request="' + esc(r.id) + '" data-key="' + key + '"' + (open[key] ? ' open' : '') + '><summary>' +
        '<span class="status ' + cls + '">' + esc(st) + '</span>' +
        '<span class="what"><code class="path">' + esc(r.method + ' ' + r.path) + '</code>' +
        (o.text ? '<span class="outcome' + (o.bad ? ' bad' : '') + '">' + esc(o.text) + '</span>' : '') +
        (r.note ? '<span class="outcome">' + esc(r.note) + '</span>' : '') + '</span>' +
        '<span class="meta"><span class="mono muted">' + esc(when(r.time, true)) + '</span>' + (r.workspace ? '<span class="badge">' + esc(r.workspace) + '</span>' : '') + '</span>' +
        '</summary>' + (open[key] ? lazy[key]() : '') + '</details>';
    }).join('') + '</div>';
  }
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    var k = d.getAttribute && d.getAttribute('data-key');
    if (!k) return;
    open[k] = d.open;
    // Bodies are drawn only when opened: hundreds of closed ones would slow every redraw.
    if (d.open && lazy[k] && d.children.length < 2) d.insertAdjacentHTML('beforeend', lazy[k]());
  }, true);
  $('pause').onclick = function () {
    paused = !paused;
    this.textContent = paused ? 'Resume' : 'Pause';
    statusEl.className = 'meta' + (paused ? ' paused' : '');
    statusEl.textContent = paused ? 'paused' : 'resuming…';
    if (!paused) refresh();
  };
  if (filterEl) filterEl.oninput = function () { if (last.users) renderUsers(last.users); };
  function get(path) {
    return fetch(path, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    });
  }
  function refresh() {
    if (paused) return;
    Promise.all([get('/_sandbox/users'), get('/_sandbox/requests?limit=50')]).then(function (res) {
      if (paused) return;
      // Redraw only what changed, so an open body, a selection or the scroll position stays put.
      if (res[0] !== last.usersText) { last.usersText = res[0]; last.users = JSON.parse(res[0]); renderUsers(last.users); }
      if (res[1] !== last.requestsText) { last.requestsText = res[1]; renderRequests(JSON.parse(res[1])); }
      statusEl.className = 'meta';
      statusEl.textContent = 'updated ' + when(new Date().toISOString());
    }).catch(function (e) {
      statusEl.className = 'meta down';
      statusEl.textContent = 'sandbox unreachable (' + e.message + ')';
    });
  }
  refresh();
  setInterval(refresh, 1500);
})();
</script>
</body>
</html>
`;
}

module.exports = { renderPage };
