import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium } from './helpers/browser.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { SendDoc } from './helpers/messages.js';
import { registerUser, type TestUser } from './helpers/users.js';

// GraphiQL at /graphql in headless Chromium with no network beyond the server: every request
// to another origin is refused and recorded, so a page that needs a CDN fails here.

let t: TestApp;
let url: string;
let browser: Browser;
let page: Page;
let sender: TestUser;
let reader: TestUser;
const elsewhere: string[] = [];

beforeAll(async () => {
  t = await startTestApp('graphiql');
  url = await t.listen();
  [sender, reader] = await Promise.all([registerUser(t, 'sender'), registerUser(t, 'reader')]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith(url) || requested.startsWith('blob:') || requested.startsWith('data:')) return route.continue();
    elsewhere.push(requested);
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Replaces the text of the visible Monaco editor inside `container` (no auto-closed brackets). */
async function setEditor(container: string, text: string): Promise<void> {
  const editor = page.locator(`${container} .monaco-editor:visible`).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** What an editor shows, with Monaco's non-breaking spaces as spaces. */
const textOf = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
const responseText = () => textOf('.graphiql-response');

async function run(query: string): Promise<void> {
  await setEditor('.graphiql-query-editor', query);
  // Typing may leave Monaco's suggestion list open (a click then only closes it), and GraphiQL
  // ignores the button until it has taken in the schema: click until the operation leaves.
  await page.keyboard.press('Escape');
  for (let attempt = 0; attempt < 10; attempt++) {
    const sent = page.waitForRequest((r) => r.url().startsWith(`${url}/graphql`) && !(r.postData() ?? '').includes('IntrospectionQuery'), { timeout: 2000 });
    await page.locator('.graphiql-execute-button').click();
    if (await sent.then(() => true, () => false)) return;
  }
  throw new Error('GraphiQL never sent the operation');
}

describe('GraphiQL served from the package', () => {
  it('renders its editor with the server’s name and example operations, and fetches nothing from another origin', async () => {
    await page.goto(`${url}/graphql`);
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Meeting Assistant Messaging');
    await expect.poll(() => textOf('.graphiql-query-editor'), { timeout: 10_000 }).toContain('mutation Register');
    expect(await page.locator('.graphiql-tab').count()).toBe(3);
    expect(elsewhere).toEqual([]);
  }, 60_000);

  it('a query with an Authorization header from the headers tab is answered for that user', async () => {
    await setEditor('.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${reader.token}` }));
    await run('query Me { me { id username } }');
    await expect.poll(responseText, { timeout: 15_000 }).toContain(reader.username);
  }, 30_000);

  it('a subscription shows a message pushed to the user', async () => {
    await run('subscription Arrivals { messageReceived(since: null) { content } }');
    await expect.poll(() => t.app.services.streams.userCount(), { timeout: 15_000 }).toBe(1);
    const sent = await t.exec(SendDoc, { input: { recipientIds: [reader.id], content: 'pushed into GraphiQL' } }, sender.token);
    expect(sent.errors).toBeUndefined();
    await expect.poll(responseText, { timeout: 15_000 }).toContain('pushed into GraphiQL');
    await page.screenshot({ path: artifactPath('graphiql-subscription.png') });
    expect(elsewhere).toEqual([]);
  }, 30_000);
});
