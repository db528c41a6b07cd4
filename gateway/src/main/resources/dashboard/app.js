// The cutover dashboard: polls the admin API once a second and draws what it answers.
// Plain DOM, no library; every value is set as text, never as markup.
'use strict';

(function () {
  const TOKEN_KEY = 'molt.admin-token';
  const ACTOR_KEY = 'molt.actor';
  const POLL_MS = 1000;
  const byId = (id) => document.getElementById(id);

  let state = null;      // the last GET /admin/cutover
  let polling = false;
  let pollTimer = null;

  // ---- the token -------------------------------------------------------------------------

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function takeTokenFromFragment() {
    const match = /^#token=(.+)$/.exec(window.location.hash);
    if (match) {
      let value = match[1];
      try {
        value = decodeURIComponent(value);
      } catch (e) {
        // not percent-encoded: taken as it is
      }
      sessionStorage.setItem(TOKEN_KEY, value);
      // the token does not stay in the address bar or the history
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(method, path) {
    const headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json, application/problem+json' };
    const actor = byId('actor').value.trim();
    if (method !== 'GET') {
      headers['X-Molt-Actor'] = actor || 'dashboard';
    }
    let response;
    try {
      response = await fetch(path, { method: method, headers: headers, cache: 'no-store' });
    } catch (e) {
      throw new ApiError(0, { detail: 'the gateway cannot be reached: ' + e.message });
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return body;
  }

  function tokenRefused(error) {
    return error instanceof ApiError && (error.status === 401 || error.status === 403);
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    stopPolling();
    state = null;
    byId('dashboard').hidden = true;
    byId('logout').hidden = true;
    byId('login').hidden = false;
    byId('connection').textContent = 'not signed in';
    const error = byId('login-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  async function signIn() {
    try {
      const view = await api('GET', '/admin/cutover');
      byId('login').hidden = true;
      byId('login-error').hidden = true;
      byId('dashboard').hidden = false;
      byId('logout').hidden = false;
      render(view);
      startPolling();
    } catch (error) {
      if (tokenRefused(error)) {
        signOut('The admin token was refused (' + error.status + ' ' + (error.problem.title || '') + '): ' + error.message);
      } else {
        signOut('Could not sign in: ' + error.message);
      }
    }
  }

  // ---- polling ---------------------------------------------------------------------------

  function startPolling() {
    if (!polling) {
      polling = true;
      pollTimer = setTimeout(poll, POLL_MS);
    }
  }

  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }

  async function poll() {
    if (!polling) {
      return;
    }
    try {
      const [view, traffic, clients] = await Promise.all([
        api('GET', '/admin/cutover'),
        api('GET', '/admin/cutover/traffic?seconds=300'),
        api('GET', '/admin/cutover/clients'),
      ]);
      render(view);
      renderTraffic(traffic);
      renderClients(clients);
      byId('connection').textContent = 'live, updated ' + new Date().toLocaleTimeString();
      byId('connection').className = 'muted';
    } catch (error) {
      if (tokenRefused(error)) {
        signOut('The admin token was refused (' + error.status + '): ' + error.message);
        return;
      }
      byId('connection').textContent = 'not updating: ' + error.message;
      byId('connection').className = 'error';
    }
    if (polling) {
      pollTimer = setTimeout(poll, POLL_MS);
    }
  }

  // ---- drawing ---------------------------------------------------------------------------

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function row(cells, className) {
    const tr = el('tr', null, className);
    for (const cell of cells) {
      tr.appendChild(cell instanceof Node ? wrap(cell) : el('td', cell === null || cell === undefined ? '-' : cell));
    }
    return tr;
  }

  function wrap(node) {
    const td = el('td');
    td.appendChild(node);
    return td;
  }

  function fill(tableId, rows, empty) {
    const body = byId(tableId).tBodies[0];
    body.replaceChildren(...rows);
    if (rows.length === 0) {
      const tr = el('tr');
      const td = el('td', empty, 'muted');
      td.colSpan = byId(tableId).tHead.rows[0].cells.length;
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  function when(value) {
    if (value === null || value === undefined) {
      return null;
    }
    const date = typeof value === 'number' ? new Date(value < 1e11 ? value * 1000 : value) : new Date(value);
    return isNaN(date.getTime()) ? String(value) : date.toLocaleString();
  }

  function millis(ms) {
    if (ms === null || ms === undefined) {
      return null;
    }
    return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return null;
    }
    if (seconds < 60) {
      return seconds + ' s';
    }
    return Math.floor(seconds / 60) + ' min ' + (seconds % 60) + ' s';
  }

  function stageName(number) {
    const stage = state && state.stages ? state.stages.find((s) => s.stage === number) : null;
    return stage ? stage.name : '';
  }

  function render(view) {
    state = view;
    byId('stage').textContent = 'Stage ' + view.stage + ': ' + view.name;
    byId('epoch').textContent = 'epoch ' + view.epoch + (view.commandsInFlight ? ', commands in flight: ' + view.commandsInFlight : '');

    const strip = (view.stages || []).map((s) => {
      const li = el('li', null, s.stage < view.stage ? 'done' : s.stage === view.stage ? 'current' : 'todo');
      li.id = 'stage-' + s.stage;
      li.title = s.stage + ' ' + s.name;
      li.appendChild(el('span', s.stage, 'number'));
      li.appendChild(el('span', s.name, 'name'));
      if (s.stage === view.stage) {
        li.setAttribute('aria-current', 'step');
      }
      return li;
    });
    byId('stages').replaceChildren(...strip);

    const routes = Object.entries(view.routes || {}).map(([group, target]) => {
      const backend = view.backends && view.backends[group] ? view.backends[group][target] : null;
      const tr = row([group, target, target === 'GONE' ? '410 Gone' : target === 'NONE' ? 'not routed' : backend]);
      tr.id = 'route-' + group;
      tr.cells[1].className = 'target ' + String(target).toLowerCase();
      return tr;
    });
    fill('routes', routes, 'no route');

    byId('next-title').textContent = view.next ? 'Next: stage ' + view.next.stage + ', ' + view.next.name : 'Last stage reached';
    const blockers = (view.blockers || []).map((b) => {
      const tr = row([b.guard, b.detail, b.forceable ? 'yes' : 'no']);
      tr.className = 'blocker';
      tr.dataset.guard = b.guard;
      return tr;
    });
    fill('blockers', blockers, view.next ? 'none' : 'no next stage');
    byId('next-ready').hidden = !view.next || blockers.length > 0;
    byId('advance').disabled = !view.next;
    // some guards run only on the transition itself, so the advance's answer, not this list, says what may be forced
    byId('force').disabled = !view.next;
    byId('rollback').disabled = view.stage <= 1;

    renderReplication(view);
    renderHistory(view.history || []);
  }

  function renderReplication(view) {
    const replication = view.replication || {};
    byId('replication-summary').textContent = 'forward: ' + replication.state
        + (replication.lagMs !== null && replication.lagMs !== undefined ? ', lag ' + millis(replication.lagMs) : '')
        + (replication.error ? ', ' + replication.error : '');
    const reconciled = {};
    for (const p of view.pipelines || []) {
      reconciled[p.name] = p;
    }
    const names = new Set([...(replication.pipelines || []).map((p) => p.name), ...Object.keys(reconciled)]);
    const statuses = {};
    for (const p of replication.pipelines || []) {
      statuses[p.name] = p;
    }
    const rows = [...names].map((name) => {
      const p = statuses[name] || {};
      const r = reconciled[name] || {};
      const snapshot = p.snapshot;
      const progress = snapshot
          ? (snapshot.completed ? 'done, ' : '') + snapshot.rowsCopied + ' / ' + snapshot.rowsTotal + ' rows'
            + (snapshot.rowsTotal > 0 && !snapshot.completed ? ' (' + Math.floor(100 * snapshot.rowsCopied / snapshot.rowsTotal) + ' %)' : '')
          : null;
      const eta = snapshot && !snapshot.completed ? duration(snapshot.etaSeconds) : null;
      const lastError = r.notComingBack || (p.state === 'FAILED' ? p.reason : null) || p.reason || null;
      const tr = row([
        name,
        p.state || r.state || 'UNKNOWN',
        r.wanted === undefined ? null : (r.wanted ? 'running' : 'stopped'),
        p.lagMillis === null || p.lagMillis === undefined ? null : millis(p.lagMillis),
        progress,
        eta,
        p.eventsPerSecond === null || p.eventsPerSecond === undefined ? null : p.eventsPerSecond.toFixed(1),
        lastError,
      ]);
      tr.id = 'pipeline-' + name;
      tr.cells[1].className = 'state ' + String(p.state || r.state || '').toLowerCase();
      return tr;
    });
    fill('pipelines', rows, 'no pipeline reported');
  }

  function renderHistory(history) {
    const rows = history.slice().reverse().map((h) => {
      const blockers = (h.blockers || []).map((b) => b.guard + ': ' + b.detail).join('; ');
      const tr = row([
        when(h.at),
        h.actor,
        h.action + ' ' + h.from + ' \u2192 ' + h.to + (h.forced ? ' (forced)' : ''),
        h.outcome,
        millis(h.holdMillis),
        [h.reason, blockers].filter((x) => x).join(' | ') || null,
      ]);
      tr.className = 'outcome ' + String(h.outcome).toLowerCase();
      return tr;
    });
    fill('history', rows, 'no transition yet');
  }

  function renderClients(report) {
    const table = report.thisReplica ? report.thisReplica : report;
    const clients = report.allReplicas && Array.isArray(report.allReplicas) ? report.allReplicas : table.clients || [];
    byId('clients-summary').textContent = '(' + (table.size || 0) + ' in the table of ' + table.capacity
        + (table.overflowed ? ', overflowed: the oldest were evicted' : '') + ')';
    const rows = clients.slice().sort((a, b) => String(b.lastOldApiCall || '').localeCompare(String(a.lastOldApiCall || '')))
      .map((c) => {
        const tr = row([c.client, c.oldApiCalls, when(c.lastOldApiCall), c.newApiCalls, when(c.lastNewApiCall)]);
        if (c.oldApiCalls > 0) {
          tr.className = 'old-api';
        }
        return tr;
      });
    fill('clients', rows, 'no client seen yet');
  }

  // ---- traffic charts --------------------------------------------------------------------

  const SVG = 'http://www.w3.org/2000/svg';

  function chart(title, values, format, className) {
    const width = 220;
    const height = 44;
    const figure = el('figure', null, 'chart ' + className);
    const known = values.filter((v) => v !== null && v !== undefined);
    const max = Math.max(...known, 0);
    figure.appendChild(el('figcaption', title + (known.length ? ' (max ' + format(max) + ')' : '')));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title);
    const base = document.createElementNS(SVG, 'line');
    base.setAttribute('x1', 0);
    base.setAttribute('x2', width);
    base.setAttribute('y1', height - 0.5);
    base.setAttribute('y2', height - 0.5);
    base.setAttribute('class', 'axis');
    svg.appendChild(base);
    const step = values.length > 1 ? width / (values.length - 1) : width;
    let path = '';
    let pen = false;
    values.forEach((v, i) => {
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      const x = (i * step).toFixed(1);
      const y = (height - 2 - (max > 0 ? (v / max) * (height - 4) : 0)).toFixed(1);
      path += (pen ? ' L' : ' M') + x + ' ' + y;
      pen = true;
    });
    if (path) {
      const line = document.createElementNS(SVG, 'path');
      line.setAttribute('d', path.trim());
      line.setAttribute('class', 'line');
      svg.appendChild(line);
    }
    figure.appendChild(svg);
    return figure;
  }

  function percent(rate) {
    return (rate * 100).toFixed(rate > 0 && rate < 0.01 ? 2 : 1) + ' %';
  }

  function renderTraffic(report) {
    const cards = report.groups.map((g) => {
      const card = el('div', null, 'group');
      card.id = 'traffic-' + g.group;
      const target = state && state.routes ? state.routes[g.group] : null;
      card.appendChild(el('h3', g.group + (target ? ' \u2192 ' + target : '')));
      const figures = el('p', null, 'figures');
      const rps = el('span', g.requestsPerSecond.toFixed(1) + ' req/s', 'rps');
      const errors = el('span', percent(g.errorRate) + ' errors', g.errorRate > 0 ? 'errors bad' : 'errors');
      const p99 = el('span', 'p99 ' + (g.p99Ms === null ? '-' : millis(g.p99Ms)), 'p99');
      figures.append(rps, errors, p99);
      card.appendChild(figures);
      const rates = g.requests.map((r, i) => (r > 0 ? g.errors[i] / r : null));
      card.appendChild(chart('requests/s', g.requests, (v) => v.toFixed(0), 'requests'));
      card.appendChild(chart('error rate', rates, percent, 'error-rate'));
      card.appendChild(chart('p99', g.p99MsPerSecond, millis, 'latency'));
      return card;
    });
    byId('traffic').replaceChildren(...cards);
  }

  // ---- actions ---------------------------------------------------------------------------

  function routeChanges(from, to) {
    const fromStage = state.stages.find((s) => s.stage === from);
    const toStage = state.stages.find((s) => s.stage === to);
    if (!fromStage || !toStage) {
      return [];
    }
    return Object.keys(toStage.routes)
      .filter((group) => fromStage.routes[group] !== toStage.routes[group])
      .map((group) => group + ': ' + fromStage.routes[group] + ' \u2192 ' + toStage.routes[group]);
  }

  let pending = null;

  function ask(kind) {
    if (!state) {
      return;
    }
    const from = state.stage;
    const to = kind === 'rollback' ? from - 1 : from + 1;
    const verb = kind === 'rollback' ? 'Roll back' : kind === 'force' ? 'Force the advance' : 'Advance';
    byId('confirm-title').textContent = verb + ' from stage ' + from + ' to stage ' + to + '?';
    const text = byId('confirm-text');
    text.replaceChildren();
    text.appendChild(el('p', 'From "' + stageName(from) + '" to "' + stageName(to) + '".'));
    const changes = routeChanges(from, to);
    text.appendChild(el('p', changes.length ? 'Routes that change:' : 'No route changes; the stage guards and its actions run.'));
    if (changes.length) {
      const list = el('ul');
      changes.forEach((c) => list.appendChild(el('li', c)));
      text.appendChild(list);
    }
    if (kind === 'force') {
      const forced = (state.blockers || []).filter((b) => b.forceable).map((b) => b.guard);
      text.appendChild(el('p', 'Forceable blockers are overridden' + (forced.length ? ' (now: ' + forced.join(', ') + ')' : '')
          + '; a blocker that may not be forced still refuses the advance.', 'warn'));
    }
    byId('confirm-reason-label').textContent = kind === 'force'
        ? 'Reason (required, kept in the history)' : 'Reason (optional, kept in the history)';
    byId('confirm-reason').value = '';
    byId('confirm-error').hidden = true;
    byId('confirm-yes').textContent = verb;
    byId('confirm-yes').className = kind === 'force' ? 'danger' : '';
    pending = kind;
    byId('confirm').showModal();
    byId('confirm-reason').focus();
  }

  async function confirmed() {
    const kind = pending;
    const reason = byId('confirm-reason').value.trim();
    if (kind === 'force' && !reason) {
      byId('confirm-error').textContent = 'A forced advance needs a reason.';
      byId('confirm-error').hidden = false;
      return;
    }
    pending = null;
    byId('confirm').close();
    const query = new URLSearchParams();
    if (kind === 'force') {
      query.set('force', 'true');
    }
    if (reason) {
      query.set('reason', reason);
    }
    const path = '/admin/cutover/' + (kind === 'rollback' ? 'rollback' : 'advance') + (query.toString() ? '?' + query : '');
    const result = byId('action-result');
    result.hidden = false;
    result.className = 'pending';
    result.replaceChildren(el('p', (kind === 'rollback' ? 'Rolling back' : 'Advancing') + '...'));
    try {
      const view = await api('POST', path);
      result.className = 'ok';
      result.replaceChildren(el('p', 'Now at stage ' + view.stage + ': ' + view.name
          + (view.holdMillis !== undefined ? ' (commands held ' + view.holdMillis + ' ms)' : '')));
      (view.warnings || []).forEach((w) => result.appendChild(el('p', 'warning: ' + w, 'warn')));
      render(view);
    } catch (error) {
      if (tokenRefused(error)) {
        signOut('The admin token was refused (' + error.status + '): ' + error.message);
        return;
      }
      result.className = 'refused';
      const title = error.problem.title || 'Refused';
      result.replaceChildren(el('p', title + ': ' + error.message, 'error'));
      const blockers = error.problem.blockers || [];
      if (blockers.length) {
        const list = el('ul');
        list.id = 'refusal';
        blockers.forEach((b) => {
          const li = el('li', null, 'blocker');
          li.dataset.guard = b.guard;
          li.appendChild(el('strong', b.guard));
          li.appendChild(document.createTextNode(': ' + b.detail + (b.forceable ? ' (forceable)' : ' (not forceable)')));
          list.appendChild(li);
        });
        result.appendChild(list);
      }
    }
  }

  // ---- wiring ----------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    takeTokenFromFragment();
    byId('actor').value = sessionStorage.getItem(ACTOR_KEY) || '';
    byId('actor').addEventListener('change', () => sessionStorage.setItem(ACTOR_KEY, byId('actor').value.trim()));
    byId('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = byId('token-input').value.trim();
      if (!value) {
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, value);
      byId('token-input').value = '';
      signIn();
    });
    byId('logout').addEventListener('click', () => signOut(null));
    byId('advance').addEventListener('click', () => ask('advance'));
    byId('force').addEventListener('click', () => ask('force'));
    byId('rollback').addEventListener('click', () => ask('rollback'));
    byId('confirm-yes').addEventListener('click', confirmed);
    byId('confirm-form').addEventListener('submit', (event) => {
      event.preventDefault();
      confirmed();
    });
    byId('confirm-no').addEventListener('click', () => {
      pending = null;
      byId('confirm').close();
    });
    if (token()) {
      signIn();
    }
  });
})();
