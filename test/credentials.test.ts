import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const CreateApiKeyDoc = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        name
        serviceAccountId
        scopes
        allowedIps
      }
    }
  }
`);

const RotateApiKeyDoc = graphql(`
  mutation RotateApiKey($id: ID!) {
    rotateApiKey(id: $id) {
      key
    }
  }
`);

const RevokeApiKeyDoc = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

const ApiKeysDoc = graphql(`
  query ApiKeys {
    apiKeys {
      id
      name
      lastUsedAt
    }
  }
`);

const SendDoc = graphql(`
  mutation CredentialSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      type
      sender {
        id
      }
    }
  }
`);

const CredentialMeDoc = graphql(`
  query CredentialMe {
    me {
      id
      username
    }
  }
`);

const LoginDoc = graphql(`
  mutation CredentialLogin($input: LoginInput!) {
    login(input: $input) {
      token
      refreshToken
    }
  }
`);

const RefreshDoc = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      token
      refreshToken
      user {
        id
      }
    }
  }
`);

const LogoutDoc = graphql(`
  mutation Logout($refreshToken: String, $everywhere: Boolean) {
    logout(refreshToken: $refreshToken, everywhere: $everywhere)
  }
`);

let t: TestApp;
let admin: TestUser;
let alice: TestUser;
let otherAdmin: TestUser;

beforeAll(async () => {
  t = await startTestApp('credentials');
  [admin, alice, otherAdmin] = await Promise.all([adminAccount(t), registerUser(t, 'alice'), adminAccount(t, 'other-tenant')]);
});
afterAll(async () => {
  await t?.close();
});

/** Runs a document over real HTTP (the client's address is known there) with an API key. */
async function overHttp(query: string, variables: Record<string, unknown>, authorization: string) {
  const base = await t.listen();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}
const codes = (r: { errors?: Array<{ extensions?: { code?: string } }> }) => (r.errors ?? []).map((e) => e.extensions?.code);
const SEND = 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id type sender { id } } }';
const SEGMENT = 'mutation($m: ID!) { addTranscriptSegment(meetingId: $m, input: { speaker: "s", text: "t", startMs: 0, endMs: 1 }) { id } }';

describe('API keys for services', () => {
  it('are shown once, stored only as a hash, and act as a service account of the tenant', async () => {
    const created = await t.exec(CreateApiKeyDoc, { input: { name: 'transcriber', scopes: ['messages:send:system', 'transcripts:write'] } }, admin.token);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^mam_\d+_/);
    const [rows] = (await t.app.database.pool.query('SELECT secret_hash FROM api_keys WHERE id = ?', [apiKey.id])) as unknown as [Array<{ secret_hash: string }>];
    expect(key).not.toContain(rows[0]!.secret_hash);
    expect(JSON.stringify(await t.exec(ApiKeysDoc, {}, admin.token))).not.toContain(key.split('_').slice(2).join('_')); // mam_<id>_<secret>: the secret may hold '_' too
    const sent = await overHttp(SEND, { input: { recipientIds: [alice.id], content: 'Summary ready', type: 'SYSTEM' } }, `Bearer ${key}`);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage).toMatchObject({ type: 'SYSTEM', sender: { id: apiKey.serviceAccountId } });
  });

  it('do only what their scopes say: a key without messages:send:system cannot send SYSTEM messages', async () => {
    const { key } = (await t.exec(CreateApiKeyDoc, { input: { name: 'reminders', scopes: ['messages:send'] } }, admin.token)).data!.createApiKey;
    expect((await overHttp(SEND, { input: { recipientIds: [alice.id], content: 'plain' } }, `Bearer ${key}`)).errors).toBeUndefined();
    const system = await overHttp(SEND, { input: { recipientIds: [alice.id], content: 'x', type: 'SYSTEM' } }, `Bearer ${key}`);
    expect(codes(system)).toEqual(['FORBIDDEN']);
    expect(codes(await overHttp(SEGMENT, { m: '1' }, `Bearer ${key}`))).toEqual(['FORBIDDEN']);
    // Operations no scope opens (tenant administration) are closed to every key.
    expect(codes(await overHttp('mutation { createInvitation { code } }', {}, `Bearer ${key}`))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(CreateApiKeyDoc, { input: { name: 'bad', scopes: ['everything'] } }, admin.token))).toEqual(['BAD_USER_INPUT']);
  });

  it('rotate: the new key works and the old one stops at once; revoke: the key stops', async () => {
    const created = (await t.exec(CreateApiKeyDoc, { input: { name: 'summary', scopes: ['messages:send'] } }, admin.token)).data!.createApiKey;
    const rotated = (await t.exec(RotateApiKeyDoc, { id: created.apiKey.id }, admin.token)).data!.rotateApiKey.key;
    expect(codes(await overHttp('{ me { id } }', {}, `Bearer ${created.key}`))).toEqual(['UNAUTHENTICATED']);
    expect((await overHttp('{ me { id } }', {}, `Bearer ${rotated}`)).errors).toBeUndefined();
    const revoked = await t.exec(RevokeApiKeyDoc, { id: created.apiKey.id }, admin.token);
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    expect(codes(await overHttp('{ me { id } }', {}, `Bearer ${rotated}`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await overHttp('{ me { id } }', {}, `ApiKey ${rotated}`))).toEqual(['UNAUTHENTICATED']);
  });

  it('with an IP allow-list, work from the listed addresses only', async () => {
    const local = (await t.exec(CreateApiKeyDoc, { input: { name: 'local', scopes: ['messages:read'], allowedIps: ['127.0.0.0/8'] } }, admin.token)).data!.createApiKey;
    const elsewhere = (await t.exec(CreateApiKeyDoc, { input: { name: 'far', scopes: ['messages:read'], allowedIps: ['203.0.113.7'] } }, admin.token)).data!.createApiKey;
    expect((await overHttp('{ unreadCount }', {}, `Bearer ${local.key}`)).errors).toBeUndefined();
    expect(codes(await overHttp('{ unreadCount }', {}, `Bearer ${elsewhere.key}`))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(CreateApiKeyDoc, { input: { name: 'bad', scopes: ['messages:read'], allowedIps: ['not-an-ip'] } }, admin.token))).toEqual(['BAD_USER_INPUT']);
  });

  it('another tenant’s admin cannot rotate or revoke a key: answered like a key that does not exist', async () => {
    const created = (await t.exec(CreateApiKeyDoc, { input: { name: 'mine', scopes: ['messages:read'] } }, admin.token)).data!.createApiKey;
    const rotateForeign = await t.exec(RotateApiKeyDoc, { id: created.apiKey.id }, otherAdmin.token);
    expect(errorCodes(rotateForeign)).toEqual(['NOT_FOUND']);
    expect(rotateForeign.errors).toEqual((await t.exec(RotateApiKeyDoc, { id: '99999999' }, otherAdmin.token)).errors);
    const revokeForeign = await t.exec(RevokeApiKeyDoc, { id: created.apiKey.id }, otherAdmin.token);
    expect(errorCodes(revokeForeign)).toEqual(['NOT_FOUND']);
    expect(revokeForeign.errors).toEqual((await t.exec(RevokeApiKeyDoc, { id: '99999999' }, otherAdmin.token)).errors);
    expect((await t.exec(ApiKeysDoc, {}, otherAdmin.token)).data!.apiKeys).toEqual([]);
    expect((await overHttp('{ me { id } }', {}, `Bearer ${created.key}`)).errors).toBeUndefined();
  });

  it('key management is for tenant admins: a user, no token and an expired token are refused', async () => {
    const input = { name: 'x', scopes: ['messages:read'] };
    expect(errorCodes(await t.exec(CreateApiKeyDoc, { input }, alice.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(CreateApiKeyDoc, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(CreateApiKeyDoc, { input }, await expiredToken(admin)))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('refresh tokens', () => {
  const login = async (user: TestUser) =>
    (await t.exec(LoginDoc, { input: { username: user.username, password: 'correct horse battery' } })).data!.login;

  it('a client keeps its session with refresh tokens alone, each used once', async () => {
    const first = await login(alice);
    const next = await t.exec(RefreshDoc, { refreshToken: first.refreshToken });
    expect(next.errors).toBeUndefined();
    expect(next.data!.refreshSession.user.id).toBe(alice.id);
    expect(next.data!.refreshSession.refreshToken).not.toBe(first.refreshToken);
    expect((await t.exec(CredentialMeDoc, {}, next.data!.refreshSession.token)).data!.me.id).toBe(alice.id);
    const third = await t.exec(RefreshDoc, { refreshToken: next.data!.refreshSession.refreshToken });
    expect(third.errors).toBeUndefined();
  });

  it('a refresh token used a second time (stolen) revokes the whole sign-in, the thief’s and the owner’s', async () => {
    const first = await login(alice);
    const owner = (await t.exec(RefreshDoc, { refreshToken: first.refreshToken })).data!.refreshSession;
    const thief = await t.exec(RefreshDoc, { refreshToken: first.refreshToken });
    expect(errorCodes(thief)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(RefreshDoc, { refreshToken: owner.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    // Another sign-in of the same user is untouched.
    const other = await login(alice);
    expect((await t.exec(RefreshDoc, { refreshToken: other.refreshToken })).errors).toBeUndefined();
  });

  it('logout revokes the sign-in; logout everywhere revokes every sign-in of the caller', async () => {
    const one = await login(alice);
    expect((await t.exec(LogoutDoc, { refreshToken: one.refreshToken })).data!.logout).toBe(true);
    expect(errorCodes(await t.exec(RefreshDoc, { refreshToken: one.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    const [a, b] = [await login(alice), await login(alice)];
    expect(errorCodes(await t.exec(LogoutDoc, { everywhere: true }))).toEqual(['UNAUTHENTICATED']);
    expect((await t.exec(LogoutDoc, { everywhere: true }, a.token)).data!.logout).toBe(true);
    expect(errorCodes(await t.exec(RefreshDoc, { refreshToken: a.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(RefreshDoc, { refreshToken: b.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(RefreshDoc, { refreshToken: 'mar_made-up' }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('an external issuer', () => {
  let external: TestApp;
  let jwksServer: Server;
  let published: JWK[];
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    published = [{ ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' }];
    jwksServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    external = await startTestApp('credentials_jwks', {
      env: { JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, JWT_JWKS_CACHE_SECONDS: '1', JWT_ISSUER: 'https://idp.example' },
    });
  });
  afterAll(async () => {
    await external?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });
  const token = (claims: Record<string, unknown>, sub: string) =>
    new SignJWT({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject(sub)
      .setIssuer('https://idp.example')
      .sign(keys.privateKey);

  it('a subject equal to a local user’s id is another person, not that local user', async () => {
    const local = await registerUser(external, 'local');
    const me = await external.exec(CredentialMeDoc, {}, await token({ preferred_username: 'imposter' }, local.id));
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.id).not.toBe(local.id);
    const localToken = await new SignJWT({ exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(local.id)
      .setIssuer('https://idp.example')
      .sign(new TextEncoder().encode(TEST_SECRET));
    expect((await external.exec(CredentialMeDoc, {}, localToken)).data!.me.username).toBe(local.username);
  });

  it('a client-credentials token of a service is limited to its scope claim', async () => {
    const service = await token({ role: 'service', scope: 'messages:read' }, 'client-reminders');
    expect((await external.exec(CredentialMeDoc, {}, service)).errors).toBeUndefined();
    const sent = await external.exec(SendDoc, { input: { recipientIds: ['1'], content: 'x' } }, service);
    expect(errorCodes(sent)).toEqual(['FORBIDDEN']);
  });

  it('a token signed with a key the issuer removed from its JWKS is refused once the key set is fetched again', async () => {
    const signed = await token({ preferred_username: 'rotated' }, 'subject-rotated');
    expect((await external.exec(CredentialMeDoc, {}, signed)).errors).toBeUndefined();
    const replacement = await generateKeyPair('RS256', { extractable: true });
    published = [{ ...(await exportJWK(replacement.publicKey)), kid: 'key-2', alg: 'RS256', use: 'sig' }];
    await new Promise((r) => setTimeout(r, 1500)); // JWT_JWKS_CACHE_SECONDS=1
    expect(errorCodes(await external.exec(CredentialMeDoc, {}, signed))).toEqual(['UNAUTHENTICATED']);
  });
});
