import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  print,
  type FormattedExecutionResult,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, TEST_SECRET, type TestApp } from './helpers/app.js';
import { RegisterDoc, registerUser, type TestUser } from './helpers/users.js';

const LoginDoc = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      user {
        id
        username
      }
    }
  }
`);

const MeDoc = graphql(`
  query Me {
    me {
      id
      username
      displayName
      role
    }
  }
`);

const UnreadCountDoc = graphql(`
  query UnreadCountOnly {
    unreadCount
  }
`);

const PASSWORD = 'correct horse battery';
const now = () => Math.floor(Date.now() / 1000);
const secretKey = new TextEncoder().encode(TEST_SECRET);

/** Runs an operation with the Authorization header exactly as given (or none). */
async function execRaw<TResult>(
  t: TestApp,
  query: string | TypedDocumentNode<TResult, Record<string, never>>,
  authorization?: string,
  variables?: Record<string, unknown>,
): Promise<FormattedExecutionResult<TResult>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await t.app.yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
  });
  return (await response.json()) as FormattedExecutionResult<TResult>;
}

/** An HS256 token signed with `key` (the test secret unless told), valid for an hour unless told. */
async function hsToken(claims: JWTPayload & { sub: string }, key: Uint8Array = secretKey): Promise<string> {
  return new SignJWT({ exp: now() + 3600, iat: now(), ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(key);
}

async function rsToken(claims: JWTPayload & { sub: string }, key: CryptoKey, kid?: string): Promise<string> {
  return new SignJWT({ exp: now() + 3600, iat: now(), ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })
    .sign(key);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let t: TestApp;
let alice: TestUser;

beforeAll(async () => {
  t = await startTestApp('auth');
  alice = await registerUser(t, 'alice');
});
afterAll(() => t?.close());

describe('registering and logging in', () => {
  it('a new user registers, logs in with the same password and sees themselves in `me`', async () => {
    const username = `dana_${Date.now()}`;
    const registered = await t.exec(RegisterDoc, { input: { username, password: PASSWORD, displayName: 'Dana' } });
    expect(registered.errors).toBeUndefined();

    const login = await t.exec(LoginDoc, { input: { username, password: PASSWORD } });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user.id).toBe(registered.data!.register.user.id);
    expect(new Date(login.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await t.exec(MeDoc, {}, login.data!.login.token);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({
      id: registered.data!.register.user.id,
      username,
      displayName: 'Dana',
      role: 'user',
    });
  });

  it('a wrong password and an unknown username are refused alike, with the same message', async () => {
    const wrong = await t.exec(LoginDoc, { input: { username: alice.username, password: 'not the password' } });
    const unknown = await t.exec(LoginDoc, { input: { username: 'nobody_by_this_name', password: PASSWORD } });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(wrong.data).toBeNull();
  });

  it('the same username cannot be registered twice in a tenant', async () => {
    const again = await t.exec(RegisterDoc, {
      input: { username: alice.username, password: 'another password', displayName: 'Impostor' },
    });
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    // The first owner still logs in with their own password.
    const login = await t.exec(LoginDoc, { input: { username: alice.username, password: PASSWORD } });
    expect(login.data!.login.user.id).toBe(alice.id);
  });

  it.each([
    ['a password shorter than 8 characters', { password: 'short' }],
    ['a username with spaces', { username: 'has space' }],
    ['a username of two characters', { username: 'ab' }],
    ['an empty display name', { displayName: '   ' }],
    ['a tenant with a slash', { tenant: 'a/b' }],
  ])('%s is refused with BAD_USER_INPUT and creates no account', async (_label, override) => {
    const input = { username: `ok_${Math.random().toString(36).slice(2, 10)}`, password: PASSWORD, displayName: 'Ok', ...override };
    const result = await t.exec(RegisterDoc, { input });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    const login = await t.exec(LoginDoc, { input: { username: input.username, password: input.password } });
    expect(errorCodes(login)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('tokens the server refuses', () => {
  async function expectRefused(authorization: string | undefined) {
    const docs: Array<TypedDocumentNode<unknown, Record<string, never>>> = [MeDoc, UnreadCountDoc];
    for (const doc of docs) {
      const result = await execRaw(t, doc, authorization);
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
      expect(result.data).toBeNull();
    }
  }

  it('a token signed by hand with the server’s secret is accepted (the tokens below differ in one thing)', async () => {
    const token = await hsToken({ sub: alice.id, tid: 'default' });
    const me = await execRaw(t, MeDoc, `Bearer ${token}`);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.id).toBe(alice.id);
  });

  it('no token', async () => {
    await expectRefused(undefined);
  });

  it('a malformed Authorization header', async () => {
    await expectRefused(`Basic ${Buffer.from('alice:pw').toString('base64')}`);
    await expectRefused('Bearer');
    await expectRefused('Bearer not.a.jwt');
    await expectRefused(`Bearer ${alice.token} extra`);
  });

  it('a token signed with another secret', async () => {
    const forged = await hsToken({ sub: alice.id, tid: 'default' }, new TextEncoder().encode('x'.repeat(48)));
    await expectRefused(`Bearer ${forged}`);
  });

  it('an unsigned token (alg: none)', async () => {
    const payload = { sub: alice.id, tid: 'default', iat: now(), exp: now() + 3600 };
    await expectRefused(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`);
    // The same with the genuine signature of a real token pasted on.
    const realSignature = alice.token.split('.')[2];
    await expectRefused(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.${realSignature}`);
  });

  it('an expired token, past the clock tolerance', async () => {
    const expired = await hsToken({ sub: alice.id, tid: 'default', iat: now() - 3600, exp: now() - 30 });
    await expectRefused(`Bearer ${expired}`);
  });

  it('a token whose tenant is not the user’s tenant', async () => {
    const token = await hsToken({ sub: alice.id, tid: 'some-other-tenant' });
    await expectRefused(`Bearer ${token}`);
  });

  it('a token for a user that does not exist', async () => {
    const token = await hsToken({ sub: '987654321', tid: 'default' });
    await expectRefused(`Bearer ${token}`);
  });

  it('an RS256 token when no external issuer is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRefused(`Bearer ${await rsToken({ sub: alice.id }, privateKey)}`);
  });
});

describe('audience and issuer', () => {
  let scoped: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    scoped = await startTestApp('auth_aud', {
      env: { JWT_AUDIENCE: 'messaging-api', JWT_ISSUER: 'https://id.example.test' },
    });
    user = await registerUser(scoped, 'aud');
  });
  afterAll(() => scoped?.close());

  it('the server’s own tokens carry its audience and issuer and are accepted', async () => {
    const me = await scoped.exec(MeDoc, {}, user.token);
    expect(me.data!.me.id).toBe(user.id);
    const [, payload] = user.token.split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      aud: 'messaging-api',
      iss: 'https://id.example.test',
    });
  });

  it('a token for another audience is refused, though signed with the right secret', async () => {
    const base = { sub: user.id, tid: 'default', iss: 'https://id.example.test' };
    const good = await hsToken({ ...base, aud: 'messaging-api' });
    expect((await execRaw(scoped, MeDoc, `Bearer ${good}`)).data!.me.id).toBe(user.id);

    const other = await hsToken({ ...base, aud: 'billing-api' });
    const result = await execRaw(scoped, UnreadCountDoc, `Bearer ${other}`);
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('a token from another issuer is refused', async () => {
    const other = await hsToken({ sub: user.id, tid: 'default', iss: 'https://evil.example', aud: 'messaging-api' });
    expect(errorCodes(await execRaw(scoped, MeDoc, `Bearer ${other}`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('an external issuer with a public key', () => {
  let external: TestApp;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let publicPem: string;
  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    publicPem = await exportSPKI(keys.publicKey);
    external = await startTestApp('auth_pem', { env: { JWT_PUBLIC_KEY: publicPem } });
  });
  afterAll(() => external?.close());

  async function userCount(): Promise<number> {
    const [rows] = await external.app.database.pool.query('SELECT COUNT(*) AS n FROM users');
    return Number((rows as Array<{ n: number }>)[0]!.n);
  }

  it('a user of the issuer is created on their first request and found again on the next', async () => {
    const sub = '4242';
    const before = await userCount();
    const first = await rsToken({ sub, preferred_username: 'erin', name: 'Erin External' }, keys.privateKey);
    const me = await execRaw(external, MeDoc, `Bearer ${first}`);
    expect(me.errors).toBeUndefined();
    // Keyed by (issuer, subject): the local id is the server's own, not the issuer's `sub`.
    expect(me.data!.me).toMatchObject({ username: 'erin', displayName: 'Erin External', role: 'user' });
    const localId = me.data!.me.id;
    expect(await userCount()).toBe(before + 1);

    // A later token (new iat, other name claims) is the same person: no second account.
    const second = await rsToken({ sub, preferred_username: 'erin2', iat: now() + 1 }, keys.privateKey);
    const again = await execRaw(external, MeDoc, `Bearer ${second}`);
    expect(again.data!.me.id).toBe(localId);
    expect(again.data!.me.username).toBe('erin');
    expect(await userCount()).toBe(before + 1);
  });

  it('a token signed by another key is refused and creates nobody', async () => {
    const stranger = await generateKeyPair('RS256');
    const before = await userCount();
    const token = await rsToken({ sub: '4343' }, stranger.privateKey);
    expect(errorCodes(await execRaw(external, MeDoc, `Bearer ${token}`))).toEqual(['UNAUTHENTICATED']);
    expect(await userCount()).toBe(before);
  });

  it('an HS256 token keyed with the public key’s PEM text (algorithm switching) is refused', async () => {
    const before = await userCount();
    const token = await hsToken({ sub: '4444' }, new TextEncoder().encode(publicPem));
    expect(errorCodes(await execRaw(external, MeDoc, `Bearer ${token}`))).toEqual(['UNAUTHENTICATED']);
    expect(await userCount()).toBe(before);
  });

  it('an expired token of the issuer is refused', async () => {
    const token = await rsToken({ sub: '4242', iat: now() - 3600, exp: now() - 30 }, keys.privateKey);
    expect(errorCodes(await execRaw(external, UnreadCountDoc, `Bearer ${token}`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('an external issuer with a JWKS URL', () => {
  let external: TestApp;
  let jwksServer: Server;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    external = await startTestApp('auth_jwks', { env: { JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` } });
  });
  afterAll(async () => {
    await external?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  it('a token signed with a published key is accepted and its user created', async () => {
    const token = await rsToken({ sub: '5151', preferred_username: 'frank' }, keys.privateKey, 'key-1');
    const me = await execRaw(external, MeDoc, `Bearer ${token}`);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ username: 'frank' });
  });

  it('a token signed with a key the issuer does not publish is refused', async () => {
    const stranger = await generateKeyPair('RS256');
    const token = await rsToken({ sub: '5252' }, stranger.privateKey, 'key-1');
    expect(errorCodes(await execRaw(external, MeDoc, `Bearer ${token}`))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('every operation needs a token', () => {
  // refreshSession and logout carry a refresh token, authenticate a token of its own (docs/security.md).
  const PUBLIC_FIELDS = new Set(['register', 'login', 'refreshSession', 'logout', 'authenticate']);

  /** A literal of the given input type; required input fields only. */
  function literal(type: GraphQLInputType): string {
    if (isNonNullType(type)) return literal(type.ofType);
    if (isListType(type)) return `[${literal(type.ofType)}]`;
    if (isEnumType(type)) return type.getValues()[0]!.name;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
      return `{${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')}}`;
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'Int':
        case 'Float':
          return '1';
        case 'Boolean':
          return 'true';
        case 'ID':
          return '"1"';
        case 'DateTime':
          return '"2024-01-01T00:00:00.000Z"';
        default:
          return '"x"';
      }
    }
    throw new Error(`no literal for ${String(type)}`);
  }

  function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
    const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    const argText = args.length > 0 ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
    const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
    return `${kind} { ${field.name}${argText}${selection} }`;
  }

  const operations = (['query', 'mutation'] as const).flatMap((kind) => {
    const root = kind === 'query' ? schema.getQueryType() : schema.getMutationType();
    return Object.values(root?.getFields() ?? {})
      .filter((f) => !PUBLIC_FIELDS.has(f.name))
      // A File is sent only in a multipart request, never as a literal: test/attachments.test.ts
      // checks uploadAttachment without a token and with an expired one.
      .filter((f) => !f.args.some((a) => getNamedType(a.type).name === 'File'))
      .map((f) => [`${kind} ${f.name}`, operationFor(kind, f)] as const);
  });

  it('the schema has protected queries and mutations to check', () => {
    expect(operations.map(([name]) => name)).toEqual(
      expect.arrayContaining(['query me', 'query messages', 'mutation sendMessage', 'mutation markRead']),
    );
  });

  it.each(operations)('%s is refused without a token and with an expired one', async (_name, operation) => {
    const expired = await hsToken({ sub: alice.id, tid: 'default', iat: now() - 3600, exp: now() - 30 });
    for (const authorization of [undefined, `Bearer ${expired}`]) {
      const result = await execRaw(t, operation, authorization);
      expect(errorCodes(result), `${operation} with ${authorization ?? 'no token'}`).toEqual(['UNAUTHENTICATED']);
    }
    // Control: the same text is a valid operation, so the refusal above is about the token.
    const valid = await execRaw(t, operation, `Bearer ${alice.token}`);
    expect(errorCodes(valid)).not.toContain('UNAUTHENTICATED');
    expect(errorCodes(valid)).not.toContain('GRAPHQL_VALIDATION_FAILED');
  });
});
