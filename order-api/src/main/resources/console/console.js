// The operations console. Plain DOM and SVG, no library. Every text that comes from the server is inserted as a
// text node (textContent or createTextNode), never as markup, so nothing stored in an event, an error or a name
// can run in this page. The access token lives in sessionStorage: gone when the tab closes.
'use strict';

const TOKEN = 'commerce.console.token';
const REFRESH_MILLIS = 3000;
const WINDOW_MILLIS = 15 * 60 * 1000;
const SVG = 'http://www.w3.org/2000/svg';

const state = {
  page: 'topics',
  timer: null,
  selectedGroup: null,
  chartTopic: null,
  dlqPage: 1,
  dlqSize: 20,
  backlog: [],
};

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) {
      node.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child === null || child === undefined ? '' : String(child)));
  }
  return node;
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function say(text, isError) {
  const message = $('message');
  message.textContent = text || '';
  message.className = isError ? 'error' : '';
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function time(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}

class HttpError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
  }
}

async function call(method, path) {
  const token = sessionStorage.getItem(TOKEN);
  const response = await fetch(path, {
    method,
    headers: token ? { Authorization: 'Bearer ' + token, Accept: 'application/json' } : { Accept: 'application/json' },
  });
  const body = (response.headers.get('content-type') || '').includes('json') ? await response.json() : null;
  if (response.status === 401) {
    logOut('Your session ended: log in again.');
    throw new HttpError(401, body);
  }
  if (!response.ok) {
    throw new HttpError(response.status, body);
  }
  return body;
}

// ---- log-in -------------------------------------------------------------------------------------------------

async function logIn(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  const response = await fetch('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: $('username').value, password: $('password').value }),
  });
  if (!response.ok) {
    $('login-error').textContent = response.status === 429 ? 'Too many attempts: wait and try again.'
      : 'Wrong username or password.';
    return;
  }
  const token = (await response.json()).access_token;
  sessionStorage.setItem(TOKEN, token);
  try {
    await call('GET', '/api/admin/outbox/backlog');
  } catch (e) {
    sessionStorage.removeItem(TOKEN);
    $('login-error').textContent = e.status === 403 ? 'This account is not an administrator.' : e.message;
    return;
  }
  $('password').value = '';
  showConsole($('username').value);
}

function logOut(reason) {
  sessionStorage.removeItem(TOKEN);
  clearInterval(state.timer);
  state.timer = null;
  $('tabs').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  for (const page of document.querySelectorAll('.page')) {
    page.hidden = page.id !== 'login-page';
  }
  $('login-error').textContent = reason || '';
}

function tokenUser() {
  const token = sessionStorage.getItem(TOKEN);
  try {
    return token ? JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub : null;
  } catch (e) {
    return null;
  }
}

function showConsole(user) {
  $('tabs').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = user || '';
  show(location.hash.replace('#', '') || state.page);
}

// ---- pages ----------------------------------------------------------------------------------------------------

const PAGES = {
  topics: loadTopics,
  groups: loadGroups,
  outbox: loadOutbox,
  dlq: loadDeadLetters,
  jobs: loadJobs,
  sagas: loadSagas,
};

function show(page) {
  if (!PAGES[page]) {
    page = 'topics';
  }
  state.page = page;
  history.replaceState(null, '', '#' + page);
  for (const section of document.querySelectorAll('.page')) {
    section.hidden = section.id !== page + '-page';
  }
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.classList.toggle('active', tab.dataset.page === page);
  }
  say('');
  clearInterval(state.timer);
  refresh();
  state.timer = setInterval(refresh, REFRESH_MILLIS);
}

async function refresh() {
  const page = state.page;
  try {
    await PAGES[page]();
    document.body.dataset.loaded = page;
  } catch (e) {
    if (e.status !== 401) {
      say('Could not load ' + page + ': ' + e.message, true);
    }
  }
}

async function act(what, method, path, after) {
  try {
    const answer = await call(method, path);
    say(what + ': done.');
    if (after) {
      after(answer);
    }
  } catch (e) {
    say(what + ' failed: ' + e.message, true);
  }
  await refresh();
}

// ---- topics ---------------------------------------------------------------------------------------------------

async function loadTopics() {
  const view = await call('GET', '/api/admin/kafka/topics');
  $('topics-meta').textContent = 'Sampled ' + time(view.sampledAt) + ' every ' + view.intervalSeconds + ' s; '
    + view.samples + ' samples held (rates need two).';
  fill($('topics-table').tBodies[0], view.topics.map((topic) => el('tr', { 'data-topic': topic.name },
    el('td', {}, topic.name),
    el('td', { class: 'number' }, topic.partitionCount),
    el('td', { class: 'number end-offset' }, number(topic.endOffset)),
    el('td', { class: 'number in-rate' }, number(topic.inPerSecond)),
    el('td', { class: 'number out-rate' }, number(topic.outPerSecond)),
    el('td', {}, topic.partitions.map((p) => p.partition + ':' + (p.leader === null ? 'none' : p.leader)
      + ' [' + p.inSync.join(',') + ']').join('  ')))));
  const select = $('topics-chart-topic');
  const names = view.topics.map((t) => t.name);
  if (select.options.length !== names.length || [...select.options].some((o, i) => o.value !== names[i])) {
    select.replaceChildren(...names.map((name) => el('option', { value: name }, name)));
  }
  if (!state.chartTopic || !names.includes(state.chartTopic)) {
    const busiest = [...view.topics].sort((a, b) => b.endOffset - a.endOffset)[0];
    state.chartTopic = busiest ? busiest.name : null;
  }
  select.value = state.chartTopic || '';
  const topic = view.topics.find((t) => t.name === state.chartTopic);
  const history = topic ? topic.history : [];
  lineChart($('topics-chart'), [
    { name: 'in/s', points: history.map((r) => [Date.parse(r.at), r.inPerSecond]) },
    { name: 'out/s', points: history.map((r) => [Date.parse(r.at), r.outPerSecond]) },
  ], Date.parse(view.sampledAt));
}

// ---- consumer groups ------------------------------------------------------------------------------------------

async function loadGroups() {
  const view = await call('GET', '/api/admin/kafka/groups');
  $('groups-meta').textContent = 'Sampled ' + time(view.sampledAt) + ' every ' + view.intervalSeconds
    + ' s. Rebalances: changes of a group\'s members seen since this server started sampling.';
  if (!state.selectedGroup || !view.groups.some((g) => g.groupId === state.selectedGroup)) {
    const laggiest = [...view.groups].sort((a, b) => b.lag - a.lag)[0];
    state.selectedGroup = laggiest ? laggiest.groupId : null;
  }
  fill($('groups-table').tBodies[0], view.groups.map((group) => {
    const row = el('tr', { 'data-group': group.groupId, class: group.groupId === state.selectedGroup ? 'selected' : null },
      el('td', {}, group.groupId),
      el('td', { class: 'state' }, group.state),
      el('td', { class: 'number members' }, group.members.length),
      el('td', { class: 'number lag' }, group.lag),
      el('td', { class: 'number rebalances' }, group.rebalances));
    row.addEventListener('click', () => {
      state.selectedGroup = group.groupId;
      refresh();
    });
    return row;
  }));
  const group = view.groups.find((g) => g.groupId === state.selectedGroup);
  $('group-detail').hidden = !group;
  if (!group) {
    return;
  }
  $('group-name').textContent = group.groupId;
  lineChart($('lag-chart'), [{ name: 'lag', points: group.history.map((p) => [Date.parse(p.at), p.lag]) }],
    Date.parse(view.sampledAt));
  fill($('members-table').tBodies[0], group.members.map((m) => el('tr', {},
    el('td', {}, m.memberId), el('td', {}, m.clientId), el('td', {}, m.host), el('td', {}, m.assignment.join(', ')))));
  fill($('partitions-table').tBodies[0], group.partitions.map((p) => el('tr', {},
    el('td', {}, p.topic), el('td', { class: 'number' }, p.partition), el('td', { class: 'number' }, p.committed),
    el('td', { class: 'number' }, p.endOffset), el('td', { class: 'number' }, p.lag))));
}

// ---- outbox ---------------------------------------------------------------------------------------------------

async function loadOutbox() {
  const backlog = await call('GET', '/api/admin/outbox/backlog');
  $('backlog-unpublished').textContent = number(backlog.unpublished);
  $('backlog-parked').textContent = number(backlog.parked);
  $('backlog-oldest').textContent = backlog.oldestUnpublishedAgeSeconds.toFixed(1) + ' s';
  const now = Date.now();
  state.backlog.push([now, backlog.unpublished, backlog.parked]);
  state.backlog = state.backlog.filter((p) => p[0] > now - WINDOW_MILLIS);
  lineChart($('backlog-chart'), [
    { name: 'unpublished', points: state.backlog.map((p) => [p[0], p[1]]) },
    { name: 'parked', points: state.backlog.map((p) => [p[0], p[2]]) },
  ], now);
  const rate = await call('GET', '/api/admin/outbox/publish-rate');
  lineChart($('publish-chart'), [
    { name: 'published/s', points: rate.points.map((p) => [Date.parse(p.at), p.perSecond]) },
  ], Date.parse(rate.until));
  const parked = await call('GET', '/api/admin/outbox/parked?size=100');
  fill($('parked-table').tBodies[0], parked.items.map((event) => {
    const button = el('button', { type: 'button', class: 'requeue' }, 'Requeue');
    button.addEventListener('click', () => act('Requeue of outbox event ' + event.id, 'POST',
      '/api/admin/outbox/parked/' + encodeURIComponent(event.id) + '/requeue'));
    return el('tr', { 'data-id': event.id },
      el('td', { class: 'number' }, event.id), el('td', {}, event.topic),
      el('td', {}, event.aggregateType + ' ' + event.aggregateId + ' v' + event.aggregateVersion),
      el('td', {}, event.eventType), el('td', { class: 'number' }, event.attempts),
      el('td', {}, el('pre', {}, event.lastError || '')), el('td', {}, time(event.parkedAt)), el('td', {}, button));
  }));
}

// ---- dead letters ---------------------------------------------------------------------------------------------

async function loadDeadLetters() {
  const topics = await call('GET', '/api/admin/kafka/topics');
  const names = topics.topics.map((t) => t.name).filter((name) => name.endsWith('-dlq'));
  const select = $('dlq-topic');
  const chosen = select.value || new URLSearchParams(location.search).get('dlq') || names[0];
  if (select.options.length !== names.length || [...select.options].some((o, i) => o.value !== names[i])) {
    select.replaceChildren(...names.map((name) => el('option', { value: name }, name)));
  }
  if (!chosen) {
    fill($('dlq-table').tBodies[0], []);
    $('dlq-paging').textContent = 'no dead-letter topic yet';
    return;
  }
  select.value = chosen;
  const page = await call('GET', '/api/admin/dlq/' + encodeURIComponent(chosen) + '?page=' + state.dlqPage
    + '&size=' + state.dlqSize);
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  $('dlq-paging').textContent = 'page ' + page.page + ' of ' + pages + ' (' + page.total + ' records)';
  $('dlq-previous').disabled = page.page <= 1;
  $('dlq-next').disabled = page.page >= pages;
  fill($('dlq-table').tBodies[0], page.items.map((record) => {
    const path = '/api/admin/dlq/' + encodeURIComponent(record.topic) + '/' + record.partition + '/' + record.offset;
    const position = record.topic + '/' + record.partition + '/' + record.offset;
    const replay = el('button', { type: 'button', class: 'replay' }, 'Replay');
    replay.disabled = record.status === 'DISCARDED' || record.originalTopic === null || record.valueDropped;
    replay.addEventListener('click', () => act('Replay of ' + position, 'POST', path + '/replay'));
    const discard = el('button', { type: 'button', class: 'discard' }, 'Discard');
    discard.disabled = record.status === 'DISCARDED';
    discard.addEventListener('click', () => {
      if (confirm('Discard ' + position + '? It can no longer be replayed.')) {
        act('Discard of ' + position, 'POST', path + '/discard');
      }
    });
    const status = record.status === null ? 'new' : record.status + (record.status === 'REPLAYED'
      ? ' ×' + record.replays : '') + ' by ' + record.updatedBy + ', ' + time(record.updatedAt);
    return el('tr', { 'data-position': position },
      el('td', {}, position, el('br'), time(record.timestamp)),
      el('td', {}, record.originalTopic === null ? '–' : record.originalTopic + '/' + record.originalPartition + '/'
        + record.originalOffset),
      el('td', {}, el('strong', {}, record.consumer || ''), el('pre', { class: 'dlq-error' }, record.error || '')),
      el('td', {}, record.eventType ? record.eventType + ' ' + (record.eventId || '') : '', el('pre', { class: 'dlq-value' },
        record.valueDropped ? '(value dropped: too large)' : record.value)),
      el('td', { class: 'status status-' + (record.status || 'NEW') }, status),
      el('td', {}, replay, ' ', discard));
  }));
}

// ---- jobs -----------------------------------------------------------------------------------------------------

async function loadJobs() {
  const jobs = await call('GET', '/api/admin/reindex/products?size=20');
  fill($('jobs-table').tBodies[0], jobs.items.map((job) => el('tr', { 'data-job': job.id },
    el('td', {}, job.id), el('td', { class: 'status' }, job.status),
    el('td', { class: 'number' }, number(job.indexed) + ' of ' + number(job.total)),
    el('td', {}, job.indexName || ''), el('td', {}, time(job.startedAt)), el('td', {}, time(job.finishedAt)),
    el('td', {}, el('pre', {}, job.error || '')))));
  const replays = await call('GET', '/api/admin/replay?size=20');
  fill($('replay-table').tBodies[0], replays.items.map((job) => {
    const read = job.partitions.reduce((sum, p) => sum + p.read, 0);
    const end = job.partitions.reduce((sum, p) => sum + p.end, 0);
    return el('tr', { 'data-replay': job.id },
      el('td', {}, job.id), el('td', {}, job.readModel), el('td', { class: 'status' }, job.status),
      el('td', {}, job.phase || ''),
      el('td', { class: 'number' }, number(read) + ' of ' + number(end) + ' (' + job.partitions.length + ' partitions)'),
      el('td', { class: 'number' }, number(job.applied)), el('td', {}, time(job.startedAt)),
      el('td', {}, time(job.finishedAt)), el('td', {}, el('pre', {}, job.error || job.verification || '')));
  }));
}

// ---- sagas ----------------------------------------------------------------------------------------------------

async function loadSagas() {
  const status = $('saga-status').value;
  const sagas = await call('GET', '/api/admin/sagas?size=50&status=' + encodeURIComponent(status));
  fill($('sagas-table').tBodies[0], sagas.items.map((saga) => {
    const retry = el('button', { type: 'button', class: 'retry' }, 'Retry');
    retry.disabled = saga.status !== 'STUCK';
    retry.addEventListener('click', () => act('Retry of order ' + saga.orderId + '\'s saga', 'POST',
      '/api/admin/sagas/' + encodeURIComponent(saga.orderId) + '/retry'));
    return el('tr', { 'data-order': saga.orderId },
      el('td', { class: 'number' }, saga.orderId), el('td', { class: 'status' }, saga.status),
      el('td', {}, saga.step || ''), el('td', { class: 'number' }, saga.attempts),
      el('td', {}, el('pre', {}, saga.lastError || '')), el('td', {}, time(saga.updatedAt)), el('td', {}, retry));
  }));
}

// ---- charts ---------------------------------------------------------------------------------------------------

/** Lines over the last 15 minutes up to {@code end}; each series is {name, points: [[millis, value], ...]}. */
function lineChart(chart, series, end) {
  const width = 800;
  const height = 220;
  const left = 56;
  const right = 110;
  const top = 12;
  const bottom = 26;
  const start = end - WINDOW_MILLIS;
  const values = series.flatMap((s) => s.points.map((p) => p[1]));
  const max = niceMax(Math.max(1, ...values));
  const x = (t) => left + (Math.max(start, t) - start) / WINDOW_MILLIS * (width - left - right);
  const y = (v) => height - bottom - v / max * (height - top - bottom);
  const nodes = [];
  for (let i = 0; i <= 4; i++) {
    const value = max * i / 4;
    nodes.push(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
    nodes.push(svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, compact(value)));
  }
  for (let minutes = 15; minutes >= 0; minutes -= 5) {
    const t = end - minutes * 60000;
    nodes.push(svg('text', { x: x(t), y: height - 8, 'text-anchor': 'middle' }, minutes === 0 ? 'now' : '-' + minutes + ' min'));
  }
  nodes.push(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }));
  nodes.push(svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  series.forEach((s, i) => {
    const points = s.points.filter((p) => p[0] >= start);
    if (points.length > 1) {
      nodes.push(svg('polyline', { class: 'series-' + i, points: points.map((p) => x(p[0]) + ',' + y(p[1])).join(' ') }));
    } else if (points.length === 1) {
      nodes.push(svg('circle', { class: 'series-' + i, cx: x(points[0][0]), cy: y(points[0][1]), r: 3 }));
    }
    const last = points.length ? points[points.length - 1][1] : null;
    nodes.push(svg('rect', { class: 'series-' + i, x: width - right + 10, y: top + i * 18, width: 10, height: 10 }));
    nodes.push(svg('text', { x: width - right + 24, y: top + i * 18 + 9, 'data-series': s.name },
      s.name + (last === null ? '' : ' ' + compact(last))));
  });
  chart.replaceChildren(...nodes);
}

function niceMax(value) {
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) {
      return step * power;
    }
  }
  return 10 * power;
}

function compact(value) {
  if (value >= 1e6) return (value / 1e6).toFixed(1) + 'M';
  if (value >= 1e4) return (value / 1e3).toFixed(0) + 'k';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

// ---- start ----------------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (event) => logIn(event).catch((e) => {
    $('login-error').textContent = e.message;
  }));
  $('logout').addEventListener('click', () => logOut(''));
  for (const tab of document.querySelectorAll('#tabs button')) {
    tab.addEventListener('click', () => show(tab.dataset.page));
  }
  $('topics-chart-topic').addEventListener('change', (event) => {
    state.chartTopic = event.target.value;
    refresh();
  });
  $('dlq-topic').addEventListener('change', () => {
    state.dlqPage = 1;
    refresh();
  });
  $('dlq-previous').addEventListener('click', () => {
    state.dlqPage = Math.max(1, state.dlqPage - 1);
    refresh();
  });
  $('dlq-next').addEventListener('click', () => {
    state.dlqPage += 1;
    refresh();
  });
  $('saga-status').addEventListener('change', refresh);
  $('requeue-all').addEventListener('click', () => {
    if (confirm('Requeue every parked outbox event?')) {
      act('Requeue of every parked event', 'POST', '/api/admin/outbox/parked/requeue');
    }
  });
  $('reindex-start').addEventListener('click', () => act('Reindex', 'POST', '/api/admin/reindex/products'));
  if (sessionStorage.getItem(TOKEN)) {
    showConsole(tokenUser());
  } else {
    logOut('');
  }
});
