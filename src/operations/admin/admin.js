/* global Chart, document, window, fetch, sessionStorage, TextDecoder, Blob, URL, AbortController, setTimeout, setInterval, clearInterval, console */
// The admin dashboard (docs/operations.md). Everything goes through the GraphQL API with the
// token of the `login` mutation; the live status is the `operationsStatus` subscription over
// Server-Sent Events. No build step: this file is served as it is.
'use strict';

const TOKEN_KEY = 'mm-admin-token';
const LIVE_POINTS = 60;
const $ = (id) => document.getElementById(id);

let token = sessionStorage.getItem(TOKEN_KEY);
let live = null;
let alertsTimer = null;
let lastReport = null;
const charts = {};

async function gql(query, variables) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const result = await response.json();
  if (result.errors && result.errors.length > 0) {
    const error = new Error(result.errors[0].message);
    error.code = result.errors[0].extensions && result.errors[0].extensions.code;
    throw error;
  }
  return result.data;
}

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { token user { username role } } }`;
const STATUS_FIELDS = `at clusterWide sockets onlineUsers messagesPerSecond pushesPerSecond pushLatencyP50Ms pushLatencyP99Ms
  pushFailureRatio queueDepth queueLagSeconds deadLetters redisMode databaseOk openAlerts instances { id sockets redisMode }`;
const ALERTS = `query Alerts { alerts(first: 20) { id severity rule summary tenant startedAt resolvedAt } }`;
const REPORT = `query Report($from: String!, $to: String!) { adminStats(from: $from, to: $to, topSenders: 10) {
  from to rolledUpAt
  totals { messages recipients delivered successRate readRate avgTimeToReadMs }
  pushes { type priority messages recipients delivered successRate avgDeliveryMs read readRate avgTimeToReadMs }
  days { day activeUsers messages }
  topSenders { userId username messages } } }`;

const fmt = (v, digits = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const duration = (ms) => {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60000).toFixed(1)} min`;
};

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

function fillTable(id, rows, columns) {
  const body = $(id).querySelector('tbody');
  body.replaceChildren();
  for (const item of rows) {
    const tr = document.createElement('tr');
    for (const column of columns) cell(tr, column(item), column.className ? column.className(item) : undefined);
    body.appendChild(tr);
  }
}

function lineChart(id, datasets) {
  return new Chart($(id), {
    type: 'line',
    data: { labels: [], datasets: datasets.map((label) => ({ label, data: [], tension: 0.2, pointRadius: 0 })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
}

function setupCharts() {
  charts.throughput = lineChart('chart-throughput', ['messages/s', 'pushes/s']);
  charts.latency = lineChart('chart-latency', ['p50', 'p99']);
  charts.pushes = new Chart($('chart-pushes'), {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'messages', data: [] }, { label: 'delivered recipients', data: [] }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  });
  charts.active = new Chart($('chart-active'), {
    type: 'line',
    data: { labels: [], datasets: [{ label: 'active users', data: [] }, { label: 'messages', data: [] }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
}

function pushPoint(chart, label, values) {
  chart.data.labels.push(label);
  values.forEach((v, i) => chart.data.datasets[i].data.push(v));
  if (chart.data.labels.length > LIVE_POINTS) {
    chart.data.labels.shift();
    for (const d of chart.data.datasets) d.data.shift();
  }
  chart.update('none');
}

function showStatus(s) {
  $('s-instances').textContent = String(s.instances.length);
  $('s-sockets').textContent = String(s.sockets);
  $('s-online').textContent = String(s.onlineUsers);
  $('s-mps').textContent = fmt(s.messagesPerSecond, 2);
  $('s-latency').textContent = `${fmt(s.pushLatencyP50Ms)} / ${fmt(s.pushLatencyP99Ms)}`;
  $('s-failures').textContent = pct(s.pushFailureRatio);
  $('s-queue').textContent = `${s.queueDepth === null ? '–' : s.queueDepth} / ${fmt(s.queueLagSeconds)}`;
  $('s-redis').textContent = s.redisMode + (s.clusterWide ? '' : ' (this instance only)');
  $('s-db').textContent = s.databaseOk ? 'ok' : 'failing';
  $('s-alerts').textContent = String(s.openAlerts);
  const label = new Date(s.at).toLocaleTimeString();
  pushPoint(charts.throughput, label, [s.messagesPerSecond, s.pushesPerSecond]);
  pushPoint(charts.latency, label, [s.pushLatencyP50Ms, s.pushLatencyP99Ms]);
}

/** The subscription over SSE (fetch, so the token goes in a header); it reconnects after a drop. */
async function followStatus() {
  const controller = new AbortController();
  live = controller;
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `subscription Status { operationsStatus { ${STATUS_FIELDS} } }` }),
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    $('live-state').textContent = 'live';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
        if (!data.trim()) continue;
        const payload = JSON.parse(data);
        if (payload.errors) {
          $('live-state').textContent = payload.errors[0].message;
          return;
        }
        if (payload.data && payload.data.operationsStatus) showStatus(payload.data.operationsStatus);
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    console.warn('status stream ended', error);
  }
  if (live === controller && token) {
    $('live-state').textContent = 'reconnecting…';
    setTimeout(followStatus, 3000);
  }
}

async function loadAlerts() {
  try {
    const { alerts } = await gql(ALERTS);
    fillTable('alerts', alerts, [
      (a) => new Date(a.startedAt).toLocaleString(),
      Object.assign((a) => a.severity, { className: (a) => a.severity }),
      (a) => a.rule + (a.tenant ? '' : ' (installation)'),
      (a) => a.summary,
      (a) => (a.resolvedAt ? new Date(a.resolvedAt).toLocaleString() : 'open'),
    ]);
  } catch (error) {
    console.warn('alerts failed', error);
  }
}

async function loadReport(from, to) {
  $('report-error').textContent = '';
  $('report-state').textContent = 'loading…';
  try {
    const { adminStats: r } = await gql(REPORT, { from, to });
    lastReport = r;
    $('r-messages').textContent = String(r.totals.messages);
    $('r-success').textContent = pct(r.totals.successRate);
    $('r-read').textContent = pct(r.totals.readRate);
    $('r-ttr').textContent = duration(r.totals.avgTimeToReadMs);
    charts.pushes.data.labels = r.pushes.map((p) => `${p.type} ${p.priority}`);
    charts.pushes.data.datasets[0].data = r.pushes.map((p) => p.messages);
    charts.pushes.data.datasets[1].data = r.pushes.map((p) => p.delivered);
    charts.pushes.update('none');
    charts.active.data.labels = r.days.map((d) => d.day);
    charts.active.data.datasets[0].data = r.days.map((d) => d.activeUsers);
    charts.active.data.datasets[1].data = r.days.map((d) => d.messages);
    charts.active.update('none');
    fillTable('pushes', r.pushes, [
      (p) => p.type,
      (p) => p.priority,
      (p) => String(p.messages),
      (p) => String(p.recipients),
      (p) => pct(p.successRate),
      (p) => fmt(p.avgDeliveryMs, 0),
      (p) => pct(p.readRate),
      (p) => duration(p.avgTimeToReadMs),
    ]);
    fillTable('senders', r.topSenders, [(s) => s.username || `#${s.userId}`, (s) => String(s.messages)]);
    $('export-csv').disabled = false;
    $('report-state').textContent = r.rolledUpAt ? `as of ${new Date(r.rolledUpAt).toLocaleString()}` : '';
  } catch (error) {
    $('report-error').textContent = error.message;
    $('report-state').textContent = '';
  }
}

const csvField = (v) => {
  const text = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as CSV: one section per table, as spreadsheets expect. */
function reportCsv(r) {
  const lines = [['section', 'key', 'priority', 'messages', 'recipients', 'delivered', 'success_rate', 'avg_delivery_ms', 'read', 'read_rate', 'avg_time_to_read_ms']];
  for (const p of r.pushes) {
    lines.push(['pushes', p.type, p.priority, p.messages, p.recipients, p.delivered, p.successRate, p.avgDeliveryMs, p.read, p.readRate, p.avgTimeToReadMs]);
  }
  for (const d of r.days) lines.push(['day', d.day, '', d.messages, '', '', '', '', '', '', '', `active_users=${d.activeUsers}`]);
  for (const s of r.topSenders) lines.push(['top_sender', s.username || s.userId, '', s.messages]);
  return lines.map((l) => l.map(csvField).join(',')).join('\n') + '\n';
}

function exportCsv() {
  if (!lastReport) return;
  const url = URL.createObjectURL(new Blob([reportCsv(lastReport)], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `report-${lastReport.from}-${lastReport.to}.csv`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function openDashboard() {
  try {
    const data = await gql(`query Me { me { username role } operationsStatus { ${STATUS_FIELDS} } }`);
    $('who').textContent = data.me.username;
    $('login-view').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    if (!charts.throughput) setupCharts();
    showStatus(data.operationsStatus);
    void followStatus();
    void loadAlerts();
    alertsTimer = setInterval(loadAlerts, 15000);
    const to = new Date();
    const from = new Date(to.getTime() - 29 * 86400000);
    const form = $('report-form');
    form.from.value = from.toISOString().slice(0, 10);
    form.to.value = to.toISOString().slice(0, 10);
    void loadReport(form.from.value, form.to.value);
  } catch (error) {
    signOut(error.code === 'FORBIDDEN' ? 'This dashboard is for tenant admins.' : error.message);
  }
}

function signOut(message) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  if (live) live.abort();
  live = null;
  if (alertsTimer) clearInterval(alertsTimer);
  $('dashboard').hidden = true;
  $('logout').hidden = true;
  $('login-view').hidden = false;
  $('who').textContent = '';
  $('login-error').textContent = message || '';
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  $('login-error').textContent = '';
  try {
    const input = { username: form.username.value, password: form.password.value, tenant: form.tenant.value || null };
    const { login } = await gql(LOGIN, { input });
    token = login.token;
    sessionStorage.setItem(TOKEN_KEY, token);
    await openDashboard();
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});
$('report-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void loadReport(event.target.from.value, event.target.to.value);
});
$('export-csv').addEventListener('click', exportCsv);
$('logout').addEventListener('click', () => signOut(''));
window.addEventListener('DOMContentLoaded', () => {
  if (token) void openDashboard();
});
