import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { registerUser, type TestUser } from './helpers/users.js';

// The HTTP fast path (src/transport/http-fast-path.ts) answers a plain JSON POST without
// Yoga's Fetch-API round trip; these tests hold it to Yoga's own answers. Each request goes
// once over a real socket (the fast path, or Yoga where it hands the request back) and once
// through `yoga.fetch` (Yoga alone).

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const COMPARED_HEADERS = [
  'content-type',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-max-age',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'vary',
  'retry-after',
];

async function answerOf(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* compared as text */
  }
  return { status: response.status, headers, body };
}

describe('the HTTP fast path answers as Yoga does', () => {
  let t: TestApp;
  let url: string;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp('http_fast_path', { env: { CORS_ORIGINS: 'http://app.example' } });
    url = await t.listen();
    alice = await registerUser(t, 'alice');
  });
  afterAll(async () => t?.close());

  const both = async (body: string, headers: Record<string, string> = {}) => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body };
    const fast = await answerOf(await fetch(`${url}/graphql`, init));
    const yoga = await answerOf(await t.app.yoga.fetch('http://test/graphql', init));
    return { fast, yoga };
  };
  const bearer = () => ({ authorization: `Bearer ${alice.token}` });

  it('a query with a token: the same data, status and content type', async () => {
    const { fast, yoga } = await both(JSON.stringify({ query: '{ me { id username } }' }), bearer());
    expect(fast).toEqual(yoga);
    expect(fast.status).toBe(200);
    expect(fast.body).toMatchObject({ data: { me: { username: alice.username } } });
  });

  it('a query without a token: the same UNAUTHENTICATED error', async () => {
    const { fast, yoga } = await both(JSON.stringify({ query: '{ me { id } }' }));
    expect(fast).toEqual(yoga);
    expect(JSON.stringify(fast.body)).toContain('UNAUTHENTICATED');
  });

  it('errors under application/graphql-response+json keep the status Yoga gives them', async () => {
    const accept = { accept: 'application/graphql-response+json,application/json;q=0.9' };
    for (const query of ['{ me { id } }', '{ nope }', '{ me { ']) {
      const { fast, yoga } = await both(JSON.stringify({ query }), accept);
      expect(fast).toEqual(yoga);
    }
  });

  it('validation and syntax errors, bad parameters, bad JSON and batches get Yoga’s answers', async () => {
    const bodies = [
      JSON.stringify({ query: '{ nope }' }),
      JSON.stringify({ query: '{ me { ' }),
      JSON.stringify({ query: '{ me { id } }', unexpected: 1 }),
      JSON.stringify({ query: 42 }),
      JSON.stringify({ query: '{ me { id } }', variables: [1] }),
      JSON.stringify([{ query: '{ me { id } }' }, { query: '{ unreadCount }' }]),
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
      '{"query": ',
    ];
    for (const body of bodies) {
      const { fast, yoga } = await both(body, bearer());
      expect({ request: body, ...fast }).toEqual({ request: body, ...yoga });
    }
  });

  it('an allowed origin gets the same CORS headers; a mutation runs once and answers like Yoga', async () => {
    const origin = { origin: 'http://app.example', ...bearer() };
    const body = JSON.stringify({ query: 'mutation Mark { markAllRead { __typename } }', operationName: 'Mark' });
    const { fast, yoga } = await both(body, origin);
    expect(fast).toEqual(yoga);
    expect(fast.body).toEqual({ data: { markAllRead: { __typename: 'MarkReadPayload' } } });
    expect(fast.headers['access-control-allow-origin']).toBe('http://app.example');
  });

  it('sendMessage over the fast path commits once and answers with the message', async () => {
    const bob = await registerUser(t, 'bob');
    const query = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id content } }';
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ query, variables: { input: { recipientIds: [bob.id], content: 'over the fast path' } } }),
    });
    expect(response.status).toBe(200);
    const sent = (await response.json()) as { data: { sendMessage: { id: string; content: string } } };
    expect(sent.data.sendMessage.content).toBe('over the fast path');
    const inbox = await t.app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bob.token}` },
      body: JSON.stringify({ query: '{ messages(first: 5) { edges { node { id content } } } }' }),
    });
    expect(await inbox.json()).toEqual({ data: { messages: { edges: [{ node: sent.data.sendMessage }] } } });
  });

  it('a subscription POSTed for an event stream is still served by Yoga’s SSE', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, application/json', ...bearer() },
      body: JSON.stringify({ query: 'subscription { unreadCountsChanged { total } }' }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('unreadCountsChanged')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('"total":0');
  });
});
