// @ts-check
'use strict';
/**
 * The script of the sandbox's live page (see page.js), as text. It only uses
 * document.getElementById, document.addEventListener, fetch and setInterval (plus
 * innerHTML/textContent/className/value/onclick/oninput of elements), so the conformance test can
 * run it against a minimal fake document.
 */
const PAGE_SCRIPT = String.raw`(function () {
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
    (u.deprecated_external_ids || []).forEach(function (d) { lines.push('deprecated external_id: ' + d); });
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
  function messages(u) {
    var list = (u.messages || []).slice().reverse();
    if (!list.length) return none;
    var shown = list.slice(0, MAX_EVENTS_LISTED);
    var html = '<ul class="evs">' + shown.map(function (m) {
      return '<li><span class="ev">' + esc(m.name) + '</span> <span class="badge">' + esc(m.source) + '</span>' +
        (m.channels || []).map(function (c) { return '<span class="badge ok">' + esc(c) + '</span>'; }).join('') +
        ' <span class="when">' + esc(when(m.sent_at)) + '</span></li>';
    }).join('') + '</ul>';
    var key = 'm' + u.braze_id;
    lazy[key] = function () { return '<pre>' + json(shown) + '</pre>'; };
    html += '<details class="more" data-key="' + esc(key) + '"' + (open[key] ? ' open' : '') + '><summary>' +
      (list.length > shown.length ? 'latest ' + shown.length + ' of ' + list.length + ' messages, with their properties' : 'with their properties') +
      '</summary>' + (open[key] ? lazy[key]() : '') + '</details>';
    return html;
  }
  function row(u) {
    var changed = !firstDraw && seen[u.braze_id] !== u.updated_at;
    return '<div class="urow user' + (changed ? ' changed' : '') + '" data-user="' + esc(u.external_id !== undefined ? u.external_id : u.braze_id) + '">' +
      '<div class="cell">' + identifiers(u) + '</div><div class="cell">' + attributes(u) + '</div><div class="cell">' + activity(u) + '</div><div class="cell">' + subscriptions(u) + '</div><div class="cell">' + messages(u) + '</div></div>';
  }
  function matches(u, needle) {
    if (!needle) return true;
    var hay = [u.external_id, u.braze_id].concat((u.user_aliases || []).map(function (a) { return a.alias_label + ' ' + a.alias_name; }),
      (u.custom_events || []).map(function (e) { return e.name; }), (u.purchases || []).map(function (p) { return p.name; }));
    return (hay.join(' ') + ' ' + JSON.stringify(u.attributes || {}) + ' ' + JSON.stringify(u.custom_attributes || {})).toLowerCase().indexOf(needle) >= 0;
  }
  function forget(prefix) { Object.keys(lazy).forEach(function (k) { if (k.charAt(0) === prefix) delete lazy[k]; }); }
  function renderUsers(data) {
    forget('e'); forget('m');
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
      else body = '<div class="users"><div class="urow head"><div>Identifiers</div><div>Attributes</div><div>Events &amp; purchases</div><div>Subscriptions</div><div>Messages received</div></div>' +
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
      if (typeof res.deleted === 'number') parts.push(res.deleted + ' queued for deletion');
      if (res.dispatch_id) parts.push('dispatched');
      if (res.notice) parts.push(res.notice);
      if (Array.isArray(res.users)) parts.push(res.users.length + ' user' + (res.users.length === 1 ? '' : 's') + ' found');
      if (Array.isArray(res.errors) && res.errors.length) parts.push(res.errors.length + ' error' + (res.errors.length === 1 ? '' : 's'));
      if (r.status >= 300 && res.message) parts.unshift(res.message);
      if (r.fault) parts.push(r.applied ? 'injected fault after applying' : 'injected fault');
      if (r.queued && r.status < 300) parts.push(r.processedAt ? 'processed' : 'queued, not processed yet');
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
    Promise.all([get('/_sandbox/users'), get('/_sandbox/requests?limit=50'), get('/_sandbox/queue')]).then(function (res) {
      if (paused) return;
      // Redraw only what changed, so an open body, a selection or the scroll position stays put.
      if (res[0] !== last.usersText) { last.usersText = res[0]; last.users = JSON.parse(res[0]); renderUsers(last.users); }
      if (res[1] !== last.requestsText) { last.requestsText = res[1]; renderRequests(JSON.parse(res[1])); }
      var pending = (JSON.parse(res[2]).pending || []).length;
      var queueEl = $('queue');
      queueEl.textContent = pending ? pending + ' write' + (pending === 1 ? '' : 's') + ' queued' : '';
      queueEl.className = 'meta' + (pending ? ' busy' : '');
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
`;

module.exports = { PAGE_SCRIPT };
