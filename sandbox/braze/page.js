'use strict';
/**
 * The sandbox's live page (GET /): users per workspace and the latest requests, refreshed by
 * polling the /_sandbox/ JSON API. Self-contained: no external assets.
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
<style>
:root { --bg:#f6f7f9; --card:#fff; --ink:#1d2330; --muted:#6b7385; --line:#e2e5ea; --ok:#137a3d; --warn:#9a6400; --err:#b3261e; --accent:#5b3cc4; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; align-items:center; gap:16px; padding:12px 20px; background:var(--accent); color:#fff; }
header h1 { font-size:17px; margin:0; font-weight:600; }
header .meta { opacity:.85; font-size:13px; }
header .spacer { flex:1; }
header button { border:1px solid rgba(255,255,255,.6); background:transparent; color:#fff; border-radius:6px; padding:4px 10px; cursor:pointer; }
main { display:grid; grid-template-columns: minmax(0,3fr) minmax(0,2fr); gap:16px; padding:16px 20px; }
@media (max-width: 1100px) { main { grid-template-columns: 1fr; } }
section.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
h2 { font-size:15px; margin:0 0 8px; }
h3 { font-size:14px; margin:14px 0 6px; color:var(--accent); }
.muted { color:var(--muted); }
table { width:100%; border-collapse:collapse; font-size:13px; }
th, td { text-align:left; vertical-align:top; padding:5px 6px; border-bottom:1px solid var(--line); }
th { color:var(--muted); font-weight:600; white-space:nowrap; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12px; }
pre { margin:4px 0; white-space:pre-wrap; word-break:break-word; background:#f3f1fb; padding:6px; border-radius:4px; max-height:260px; overflow:auto; }
.tag { display:inline-block; padding:0 6px; margin:1px 2px 1px 0; border-radius:10px; background:#eef0f4; font-size:12px; }
.s2 { color:var(--ok); font-weight:600; } .s4 { color:var(--warn); font-weight:600; } .s5, .sx { color:var(--err); font-weight:600; }
details summary { cursor:pointer; }
.kv { margin:0; display:grid; grid-template-columns:max-content 1fr; gap:0 8px; }
.kv dt { color:var(--muted); } .kv dd { margin:0; }
#status { font-size:12px; }
</style>
</head>
<body>
<header>
  <h1>Braze sandbox</h1><span class="meta">instance ${instance}</span>
  <span class="spacer"></span>
  <span id="status" class="meta">loading…</span>
  <button id="pause" type="button">Pause</button>
</header>
<main>
  <section class="card"><h2>Users</h2><div id="users" class="muted">No users yet.</div></section>
  <section class="card"><h2>Latest requests</h2><div id="requests" class="muted">No requests yet.</div></section>
</main>
<script>
(function () {
  var paused = false;
  var open = {};
  document.getElementById('pause').onclick = function () { paused = !paused; this.textContent = paused ? 'Resume' : 'Pause'; };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&':'&amp;', '<':'&lt;', '>':'&gt;', '"':'&quot;', "'":'&#39;' }[c]; }); }
  function json(v) { return esc(JSON.stringify(v, null, 2)); }
  function tags(list) { return list.map(function (t) { return '<span class="tag">' + esc(t) + '</span>'; }).join(''); }
  function kv(obj) {
    var keys = Object.keys(obj || {});
    if (!keys.length) return '<span class="muted">–</span>';
    return '<dl class="kv">' + keys.map(function (k) {
      var v = obj[k];
      return '<dt>' + esc(k) + '</dt><dd>' + (typeof v === 'object' && v !== null ? '<code>' + esc(JSON.stringify(v)) + '</code>' : esc(v)) + '</dd>';
    }).join('') + '</dl>';
  }
  function user(u) {
    var ids = [];
    if (u.external_id !== undefined) ids.push('external_id: ' + u.external_id);
    (u.user_aliases || []).forEach(function (a) { ids.push('alias: ' + a.alias_label + '=' + a.alias_name + (a.visible_at ? ' (visible ' + a.visible_at + ')' : '')); });
    if (u.attributes.email) ids.push('email: ' + u.attributes.email);
    if (u.attributes.phone) ids.push('phone: ' + u.attributes.phone);
    ids.push('braze_id: ' + u.braze_id);
    var subs = {};
    if (u.attributes.email_subscribe) subs.email_subscribe = u.attributes.email_subscribe;
    if (u.attributes.push_subscribe) subs.push_subscribe = u.attributes.push_subscribe;
    Object.keys(u.subscription_groups || {}).forEach(function (g) { subs['group ' + g] = u.subscription_groups[g]; });
    var std = {};
    Object.keys(u.attributes).forEach(function (k) { if (['email','phone','email_subscribe','push_subscribe'].indexOf(k) < 0) std[k] = u.attributes[k]; });
    var events = (u.custom_events || []).map(function (e) { return e.name + ' ×' + e.count + ' (last ' + e.last + ')'; });
    var purchases = (u.purchases || []).map(function (p) { return p.name + ' ×' + p.count; });
    var key = 'u' + u.braze_id;
    var attrs = (Object.keys(std).length ? kv(std) : '') + (Object.keys(u.custom_attributes || {}).length ? kv(u.custom_attributes) : '') || '<span class="muted">–</span>';
    return '<tr><td>' + tags(ids) + '</td><td>' + attrs + '</td><td>' + (events.length ? tags(events) : '<span class="muted">–</span>') +
      (purchases.length ? '<div>' + tags(purchases) + '</div>' : '') +
      (u.events.length ? '<details data-key="' + key + '"' + (open[key] ? ' open' : '') + '><summary class="muted">' + u.events.length + ' event(s)</summary><pre>' + json(u.events) + '</pre></details>' : '') +
      '</td><td>' + kv(subs) + '</td></tr>';
  }
  function renderUsers(data) {
    var names = Object.keys(data.workspaces || {});
    var html = names.map(function (w) {
      var list = data.workspaces[w];
      return '<h3>' + esc(w) + ' <span class="muted">(' + list.length + ' user' + (list.length === 1 ? '' : 's') + ')</span></h3>' +
        (list.length ? '<table><thead><tr><th>Identifiers</th><th>Attributes</th><th>Events / purchases</th><th>Subscriptions</th></tr></thead><tbody>' +
        list.map(user).join('') + '</tbody></table>' : '<p class="muted">No users.</p>');
    }).join('');
    document.getElementById('users').innerHTML = html || 'No workspaces.';
    document.getElementById('users').className = '';
  }
  function renderRequests(data) {
    var list = (data.requests || []).slice().reverse();
    if (!list.length) { document.getElementById('requests').innerHTML = '<span class="muted">No requests yet.</span>'; return; }
    document.getElementById('requests').innerHTML = '<table><thead><tr><th>Time</th><th>Request</th><th>Workspace</th><th>Status</th></tr></thead><tbody>' +
      list.map(function (r) {
        var st = r.dropped ? 'dropped' : r.status;
        var cls = r.dropped ? 'sx' : 's' + String(r.status).charAt(0);
        var key = 'r' + r.id;
        var extra = [];
        if (r.fault) extra.push('fault ' + (r.fault.drop ? 'drop' : r.fault.status) + (r.applied ? ' after applying' : ''));
        if (r.note) extra.push(r.note);
        return '<tr><td class="muted">' + esc(r.time.slice(11, 23)) + '</td><td><details data-key="' + key + '"' + (open[key] ? ' open' : '') + '><summary><code>' + esc(r.method + ' ' + r.path) + '</code>' +
          (extra.length ? ' <span class="muted">' + esc(extra.join('; ')) + '</span>' : '') + '</summary>' +
          '<div class="muted">request</div><pre>' + json(r.body === undefined ? null : r.body) + '</pre>' +
          '<div class="muted">response</div><pre>' + json(r.applied ? { sent: r.response, applied: r.appliedResponse } : (r.response === undefined ? null : r.response)) + '</pre></details></td>' +
          '<td>' + esc(r.workspace || '–') + '</td><td class="' + cls + '">' + esc(st) + '</td></tr>';
      }).join('') + '</tbody></table>';
  }
  document.addEventListener('toggle', function (e) { var k = e.target.getAttribute && e.target.getAttribute('data-key'); if (k) open[k] = e.target.open; }, true);
  function refresh() {
    if (paused) return;
    Promise.all([
      fetch('/_sandbox/users', { cache: 'no-store' }).then(function (r) { return r.json(); }),
      fetch('/_sandbox/requests?limit=50', { cache: 'no-store' }).then(function (r) { return r.json(); })
    ]).then(function (res) {
      renderUsers(res[0]); renderRequests(res[1]);
      document.getElementById('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    }).catch(function (e) { document.getElementById('status').textContent = 'sandbox unreachable (' + e.message + ')'; });
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
