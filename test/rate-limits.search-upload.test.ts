import { sql } from 'drizzle-orm';
import { print, type FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import type { LimitsSearchQuery, LimitsUploadMutation } from './gql/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { registerUser, type TestUser } from './helpers/users.js';

const LimitsSearchDoc = graphql(`
  query LimitsSearch($query: String!) {
    search(query: $query, first: 5) {
      edges {
        node {
          message {
            id
            content
          }
        }
      }
    }
  }
`);
const LimitsUploadDoc = graphql(`
  mutation LimitsUpload($file: File!) {
    uploadAttachment(file: $file) {
      id
      fileName
      url
    }
  }
`);
const LimitsLoginDoc = graphql(`
  mutation LimitsLogin($input: LoginInput!) {
    login(input: $input) {
      token
    }
  }
`);
const LimitsSendDoc = graphql(`
  mutation LimitsSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);

// Both limits short, so that a test can wait a window out; registering and logging in loose.
const SEARCHES = 3;
const UPLOADS = 2;
const WINDOW_SECONDS = 3;

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp('limits_search_upload', {
    env: {
      RATE_LIMITS_ENABLED: 'true',
      RATE_LIMIT_SEARCH: `${SEARCHES}/${WINDOW_SECONDS}`,
      RATE_LIMIT_UPLOAD: `${UPLOADS}/${WINDOW_SECONDS}`,
      RATE_LIMIT_REGISTER_IP: '1000/60',
      RATE_LIMIT_LOGIN_IP: '1000/60',
      ATTACHMENT_CLEANUP_INTERVAL_MS: '0',
    },
  });
  base = await t.listen();
});
afterAll(() => t?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer<T> {
  response: Response;
  body: FormattedExecutionResult<T>;
  code: unknown;
  retryAfter: unknown;
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const body = (await response.json()) as FormattedExecutionResult<T>;
  const extensions = body.errors?.[0]?.extensions;
  return { response, body, code: extensions?.code, retryAfter: extensions?.retryAfter };
}

/** A search over HTTP as a client makes it, for the status and headers it sees. */
async function search(token: string, query = 'budget'): Promise<Answer<LimitsSearchQuery>> {
  await t.app.services.search.idle();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(LimitsSearchDoc), variables: { query } }),
  });
  return answer(response);
}

/** An upload as a GraphQL multipart request (what upload links send). */
async function upload(token: string, name: string): Promise<Answer<LimitsUploadMutation>> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(LimitsUploadDoc), variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([Buffer.from(`notes for ${name}\n`)], name, { type: 'text/plain' }));
  const response = await fetch(`${base}/graphql`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return answer(response);
}

/** Checks the refusal a client sees: RATE_LIMITED, a retryAfter within the window, the same in Retry-After, no data. */
function expectRefused(refused: Answer<unknown>): number {
  expect(refused.code).toBe('RATE_LIMITED');
  expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
  expect(refused.retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(refused.response.headers.get('retry-after')).toBe(String(refused.retryAfter));
  expect(refused.body.data ?? null).toBeNull();
  return refused.retryAfter as number;
}

/**
 * The same user signed in a second time: another token (another device). Tokens carry their
 * issue time in seconds, so the login waits for the next second to get a token of its own.
 */
async function secondDevice(user: TestUser): Promise<string> {
  await sleep(1000 - (Date.now() % 1000) + 20);
  const result = await t.exec(LimitsLoginDoc, { input: { username: user.username, password: 'correct horse battery' } });
  const token = result.data!.login.token;
  expect(token).not.toBe(user.token);
  return token;
}

async function attachmentsOf(user: TestUser): Promise<number> {
  const [rows] = (await t.app.database.db.execute(
    sql`SELECT COUNT(*) AS n FROM attachments WHERE uploader_id = ${Number(user.id)}`,
  )) as unknown as [Array<{ n: number }>];
  return Number(rows[0]!.n);
}

describe('the per-user limit on search', () => {
  it('a user over the limit gets RATE_LIMITED with retryAfter and Retry-After, and finds their messages again after waiting that long', async () => {
    const [alice, bob] = [await registerUser(t, 'ls'), await registerUser(t, 'ls')];
    expect(
      (await t.exec(LimitsSendDoc, { input: { recipientIds: [alice.id], content: 'budget for the offsite' } }, bob.token)).errors,
    ).toBeUndefined();
    for (let i = 0; i < SEARCHES; i++) {
      const allowed = await search(alice.token);
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.body.data!.search.edges.map((e) => e.node.message.content)).toEqual(['budget for the offsite']);
    }
    const retryAfter = expectRefused(await search(alice.token));

    await sleep(retryAfter * 1000 + 100);
    const after = await search(alice.token);
    expect(after.response.headers.get('retry-after')).toBeNull();
    expect(after.body.data!.search.edges.map((e) => e.node.message.content)).toEqual(['budget for the offsite']);
  });

  it('the count belongs to the user: their other device is refused too, while another user from the same address searches on', async () => {
    const [alice, bob] = [await registerUser(t, 'ls'), await registerUser(t, 'ls')];
    const laptop = await secondDevice(alice);
    for (let i = 0; i < SEARCHES; i++) expect((await search(alice.token)).body.errors).toBeUndefined();

    expectRefused(await search(laptop));
    // Every request of this test comes from 127.0.0.1: the count is not the address's.
    for (let i = 0; i < SEARCHES; i++) {
      const other = await search(bob.token);
      expect(other.body.errors).toBeUndefined();
      expect(other.body.data!.search.edges).toEqual([]);
    }
    expectRefused(await search(bob.token));
  });

  it('an operation with more searches (aliases) than the user has left is refused as a whole', async () => {
    const alice = await registerUser(t, 'ls');
    const query = `query { ${Array.from({ length: SEARCHES + 1 }, (_, i) => `s${i}: search(query: "budget") { edges { cursor } }`).join(' ')} }`;
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ query }),
    });
    // None of the searches ran: no partial answer.
    expectRefused(await answer(response));
  });
});

describe('the per-user limit on uploads', () => {
  it('a user over the limit gets RATE_LIMITED with retryAfter and Retry-After, nothing of the refused file is kept, and uploading works after the wait', async () => {
    const alice = await registerUser(t, 'lu');
    for (let i = 0; i < UPLOADS; i++) {
      const allowed = await upload(alice.token, `part-${i}.txt`);
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.body.data!.uploadAttachment.fileName).toBe(`part-${i}.txt`);
    }
    const retryAfter = expectRefused(await upload(alice.token, 'one-too-many.txt'));
    expect(await attachmentsOf(alice)).toBe(UPLOADS);

    await sleep(retryAfter * 1000 + 100);
    const after = await upload(alice.token, 'after-the-wait.txt');
    expect(after.response.headers.get('retry-after')).toBeNull();
    expect(after.body.data!.uploadAttachment.fileName).toBe('after-the-wait.txt');
    const download = await fetch(`${base}${after.body.data!.uploadAttachment.url!}`);
    expect(await download.text()).toBe('notes for after-the-wait.txt\n');
  });

  it('the count belongs to the user: their other device is refused too, while another user from the same address uploads on', async () => {
    const [alice, bob] = [await registerUser(t, 'lu'), await registerUser(t, 'lu')];
    const laptop = await secondDevice(alice);
    for (let i = 0; i < UPLOADS; i++) expect((await upload(alice.token, `a-${i}.txt`)).body.errors).toBeUndefined();

    expectRefused(await upload(laptop, 'from-the-laptop.txt'));
    for (let i = 0; i < UPLOADS; i++)
      expect((await upload(bob.token, `b-${i}.txt`)).body.data!.uploadAttachment.fileName).toBe(`b-${i}.txt`);
    expectRefused(await upload(bob.token, 'b-too-many.txt'));
    expect([await attachmentsOf(alice), await attachmentsOf(bob)]).toEqual([UPLOADS, UPLOADS]);
  });

  it('uploads and searches are counted apart: a user who spent their uploads still searches', async () => {
    const alice = await registerUser(t, 'lu');
    for (let i = 0; i < UPLOADS; i++) expect((await upload(alice.token, `c-${i}.txt`)).body.errors).toBeUndefined();
    expectRefused(await upload(alice.token, 'c-too-many.txt'));
    const searched = await search(alice.token);
    expect(searched.body.errors).toBeUndefined();
    expect(searched.body.data!.search.edges).toEqual([]);
  });
});
