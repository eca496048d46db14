import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { artifactPath, launchChromium } from './helpers/browser.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { collect, until, wsClient } from './helpers/ws.js';

const DashPushDoc = graphql(`
  subscription DashPush {
    messageReceived {
      id
    }
  }
`);

const DashReadDoc = graphql(`
  mutation DashRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      unreadCount
    }
  }
`);

const PASSWORD = 'correct horse battery';
let t: TestApp;
let url: string;
let browser: Browser;
let admin: TestUser;
let alice: TestUser;

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('#login-form button[type=submit]');
}

beforeAll(async () => {
  t = await startTestApp('ops_dashboard', { env: { ALERT_EVAL_INTERVAL_MS: '500', ADMIN_STATUS_INTERVAL_MS: '500' } });
  url = await t.listen();
  admin = await registerUser(t, 'dashadmin');
  await t.app.database.pool.query("UPDATE users SET role = 'admin' WHERE id = ?", [admin.id]);
  alice = await registerUser(t, 'dalice');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the admin dashboard at /admin', () => {
  it('shows an admin live status and a report with non-empty charts after traffic, and exports it as CSV', async () => {
    const bob = await registerUser(t, 'dbob');
    const client = wsClient(url, bob.token);
    const pushed = collect(client, DashPushDoc);
    await until(() => t.app.services.streams.userCount() > 0);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const priority = (['URGENT', 'NORMAL', 'LOW'] as const)[i % 3];
      const sent = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: `traffic ${i}`, priority } }, alice.token);
      ids.push(sent.data!.sendMessage.id);
    }
    await pushed.waitFor(12);
    await t.exec(DashReadDoc, { ids: ids.slice(0, 6) }, bob.token);

    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await signIn(page, admin);
    await page.waitForSelector('#dashboard:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#live-state')?.textContent === 'live');
    // The live charts fill from the subscription; the report's from adminStats.
    await page.waitForFunction(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { labels: unknown[] } } | undefined } }).Chart;
      return (chart.getChart('chart-throughput')?.data.labels.length ?? 0) >= 3 && (chart.getChart('chart-pushes')?.data.labels.length ?? 0) > 0;
    });
    const charts = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: Array<{ data: number[] }> } } } }).Chart;
      const pushes = chart.getChart('chart-pushes').data;
      const active = chart.getChart('chart-active').data;
      return { pushLabels: pushes.labels, messages: pushes.datasets[0]!.data, activeDays: active.labels, activeUsers: active.datasets[0]!.data };
    });
    expect(charts.pushLabels.sort()).toEqual(['TEXT LOW', 'TEXT NORMAL', 'TEXT URGENT']);
    expect(charts.messages.reduce((a, b) => a + b, 0)).toBe(12);
    expect(charts.activeDays).toContain(new Date().toISOString().slice(0, 10));
    expect(Math.max(...charts.activeUsers)).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('#r-messages')).toBe('12');
    expect(await page.textContent('#r-read')).toBe('50.0%');
    expect(await page.textContent('#s-sockets')).toBe('1');
    expect(await page.textContent('#senders tbody tr td')).toBe(alice.username);
    // Traffic while the page is open moves the live charts.
    for (let i = 0; i < 6; i++) {
      await t.exec(SendDoc, { input: { recipientIds: [bob.id], content: `live ${i}` } }, alice.token);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await page.waitForFunction(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: Array<{ data: Array<number | null> }> } } } }).Chart;
      const live = (id: string) => chart.getChart(id).data.datasets.flatMap((d) => d.data);
      return live('chart-throughput').some((v) => (v ?? 0) > 0) && live('chart-latency').some((v) => v !== null);
    });
    await page.screenshot({ path: artifactPath('admin-dashboard.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toContain('section,key,priority,messages');
    expect(csv).toMatch(/^pushes,TEXT,URGENT,4,4,/m);

    // What the open dashboard costs: server CPU (this process runs the app) and the page's main thread.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    const windowMs = 10_000;
    const serverOpen = process.cpuUsage();
    const pageStart = await taskSeconds();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const open = process.cpuUsage(serverOpen);
    const pageCpu = (await taskSeconds()) - pageStart;
    await page.close();
    const serverClosed = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const closed = process.cpuUsage(serverClosed);
    const percent = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1000 / windowMs) * 100;
    const cost = {
      statusIntervalMs: 500,
      serverPercentWithDashboard: Number(percent(open).toFixed(2)),
      serverPercentWithout: Number(percent(closed).toFixed(2)),
      pageMainThreadPercent: Number(((pageCpu * 1000 * 100) / windowMs).toFixed(2)),
    };
    writeFileSync(artifactPath('admin-dashboard-cpu.json'), `${JSON.stringify(cost, null, 2)}\n`);
    console.log('admin dashboard CPU', cost);
    pushed.stop();
    await client.dispose();
  }, 90_000);

  it('refuses a user who is not an admin, after the same login', async () => {
    const page = await browser.newPage();
    await signIn(page, alice);
    await page.waitForFunction(() => (document.querySelector('#login-error')?.textContent ?? '') !== '');
    expect(await page.textContent('#login-error')).toBe('This dashboard is for tenant admins.');
    expect(await page.isHidden('#dashboard')).toBe(true);
    await page.close();
  });

  it('serves Chart.js and its own files from this server, with a policy that allows nothing from elsewhere', async () => {
    const html = await fetch(`${url}/admin`);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const chart = await fetch(`${url}/admin/vendor/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('Chart');
    expect((await fetch(`${url}/admin/../package.json`)).status).toBe(404);
  });
});
