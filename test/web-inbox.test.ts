import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { artifactPath, launchChromium } from './helpers/browser.js';
import { SendDoc } from './helpers/messages.js';
import { freePort } from './helpers/redis-server.js';
import { spawnServer, type ServerProcess } from './helpers/server-process.js';
import { registerUser, type TestUser } from './helpers/users.js';

const WebTestUnreadDoc = graphql(`
  query WebTestUnread {
    unreadCount
  }
`);

const PASSWORD = 'correct horse battery'; // what registerUser gives every user

let t: TestApp;
let server: ServerProcess | null = null;
let port: number;
let env: Record<string, string>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // A real server process serves /app (and is restarted below); the in-process app on the same
  // database and Redis prefix registers users and sends while the process is down.
  t = await startTestApp('web_inbox', { keepDatabase: true });
  env = { DATABASE_URL: t.config.databaseUrl, JWT_SECRET: TEST_SECRET, REDIS_KEY_PREFIX: t.config.redis!.keyPrefix };
  port = await freePort();
  server = await spawnServer(env, port);
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.kill('SIGKILL');
  await t?.close();
});

const appUrl = () => `http://127.0.0.1:${port}/app/`;

async function signIn(user: TestUser, context?: BrowserContext): Promise<Page> {
  if (!context) {
    context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    contexts.push(context);
  }
  const page = await context.newPage();
  // Nothing may come from anywhere but the server.
  page.on('request', (request) => {
    if (!request.url().startsWith(`http://127.0.0.1:${port}/`) && !request.url().startsWith(`ws://127.0.0.1:${port}/`)) {
      throw new Error(`the app loaded ${request.url()}`);
    }
  });
  await page.goto(appUrl());
  if (await page.locator('input[name=password]').isVisible()) {
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
  }
  await page.getByTestId('connection').getByText('live', { exact: true }).waitFor();
  return page;
}

/** What the page shows, asked again until it matches (a live update may take a moment under load). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

const message = (page: Page, content: string) => page.getByTestId('message').filter({ hasText: content });

describe('the web inbox in a browser', { timeout: 120_000 }, () => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let bobFirstTab: Page;

  it('shows a message sent from one browser live in the other user’s inbox, and a read in a second tab clears the badge in the first', async () => {
    [alice, bob, carol] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob'), registerUser(t, 'carol')]);
    const aliceTab = await signIn(alice);
    bobFirstTab = await signIn(bob);
    await eventually(() => bobFirstTab.getByTestId('unread-total').textContent()).toBe('0');

    // Alice sends to two people by username.
    await aliceTab.fill('input[name=to]', `${bob.username}, ${carol.username}`);
    await aliceTab.fill('textarea[name=content]', 'Lunch at noon?');
    await aliceTab.selectOption('.compose select[name=priority]', 'URGENT');
    await aliceTab.click('.compose button[type=submit]');
    await eventually(() => aliceTab.getByTestId('send-result').textContent()).toContain(`Sent to ${bob.username}, ${carol.username}`);
    await aliceTab.screenshot({ path: artifactPath('web-inbox-1-alice-sent.png') });

    // It arrives in Bob's open tab without a reload, with the badge.
    await message(bobFirstTab, 'Lunch at noon?').waitFor();
    await eventually(() => bobFirstTab.getByTestId('unread-total').textContent()).toBe('1');
    await bobFirstTab.screenshot({ path: artifactPath('web-inbox-2-bob-received.png') });
    expect((await t.exec(WebTestUnreadDoc, {}, carol.token)).data?.unreadCount).toBe(1);

    // Bob reads it in a second tab; the first tab's badge clears.
    const bobSecondTab = await signIn(bob, bobFirstTab.context());
    await message(bobSecondTab, 'Lunch at noon?').getByTestId('mark-read').click();
    await eventually(() => bobFirstTab.getByTestId('unread-total').textContent()).toBe('0');
    await eventually(() => message(bobFirstTab, 'Lunch at noon?').getAttribute('class')).toContain(' read');
    await bobSecondTab.screenshot({ path: artifactPath('web-inbox-3-bob-second-tab-read.png') });
    await bobFirstTab.screenshot({ path: artifactPath('web-inbox-4-bob-first-tab-cleared.png') });

    // The unread filter hides what was read.
    await bobFirstTab.check('input[name=unreadOnly]');
    await eventually(() => message(bobFirstTab, 'Lunch at noon?').count()).toBe(0);
    await bobFirstTab.uncheck('input[name=unreadOnly]');
    await eventually(() => message(bobFirstTab, 'Lunch at noon?').count()).toBe(1);
    await bobSecondTab.close();
  });

  it('reconnects after the server restarts and shows what arrived meanwhile, once', async () => {
    await server!.kill('SIGTERM');
    await bobFirstTab.getByTestId('connection').getByText('reconnecting…').waitFor();
    // The unread filter turned on while the server is away: that list cannot load now.
    await bobFirstTab.check('input[name=unreadOnly]');
    for (const content of ['Sent while the server was down', 'And a second one']) {
      const result = await t.exec(SendDoc, { input: { recipientIds: [bob.id], content } }, alice.token);
      expect(result.errors).toBeUndefined();
    }
    server = await spawnServer(env, port);
    await bobFirstTab.getByTestId('connection').getByText('live', { exact: true }).waitFor({ timeout: 20_000 });
    await message(bobFirstTab, 'And a second one').waitFor();
    // Live again, the list is read again for the filter: the read message leaves it.
    await eventually(() => message(bobFirstTab, 'Lunch at noon?').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 500)); // time for a repeat to show up
    expect(await message(bobFirstTab, 'Sent while the server was down').count()).toBe(1);
    expect(await message(bobFirstTab, 'And a second one').count()).toBe(1);
    await bobFirstTab.uncheck('input[name=unreadOnly]');
    await eventually(() => message(bobFirstTab, 'Lunch at noon?').count()).toBe(1);
    expect(await message(bobFirstTab, 'Sent while the server was down').count()).toBe(1);
    expect(await message(bobFirstTab, 'And a second one').count()).toBe(1);
    await eventually(() => bobFirstTab.getByTestId('unread-total').textContent()).toBe('2');
    await bobFirstTab.screenshot({ path: artifactPath('web-inbox-5-after-restart.png') });
  });
});

describe('the web inbox route', () => {
  it('serves the built app at /app/ from the server itself, with a policy that allows nothing from elsewhere', async () => {
    const redirect = await fetch(`http://127.0.0.1:${port}/app`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/app/');
    const page = await fetch(appUrl());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`http://127.0.0.1:${port}${script}`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // A path the app routes itself answers with the page; nothing outside web/dist is served.
    expect(await (await fetch(`${appUrl()}some/view`)).text()).toBe(html);
    expect((await fetch(`${appUrl()}..%2f..%2fpackage.json`)).status).not.toBe(500);
    expect(await (await fetch(`${appUrl()}..%2f..%2fpackage.json`)).text()).not.toContain('"dependencies"');
  });
});
