import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser } from './helpers/users.js';

const UsersByUsernameDoc = graphql(`
  query UsersByUsername($usernames: [String!]!) {
    usersByUsername(usernames: $usernames) {
      id
      username
    }
  }
`);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('users_by_username');
});
afterAll(() => t?.close());

describe('addressing people by username', () => {
  it('finds users of my tenant in the order I asked, leaving out names nobody has', async () => {
    const [me, ann, bob] = await Promise.all([registerUser(t, 'me'), registerUser(t, 'ann'), registerUser(t, 'bob')]);
    const result = await t.exec(UsersByUsernameDoc, { usernames: [bob.username, 'nobody_here', ann.username.toUpperCase()] }, me.token);
    expect(result.data?.usersByUsername).toEqual([
      { id: bob.id, username: bob.username },
      { id: ann.id, username: ann.username },
    ]);
  });

  it('never finds a user of another tenant', async () => {
    const [me, stranger] = await Promise.all([registerUser(t, 'me'), registerUser(t, 'stranger', 'other-tenant')]);
    const result = await t.exec(UsersByUsernameDoc, { usernames: [stranger.username] }, me.token);
    expect(result.data?.usersByUsername).toEqual([]);
  });

  it('refuses callers without a token or with an expired one', async () => {
    const me = await registerUser(t, 'me');
    expect(errorCodes(await t.exec(UsersByUsernameDoc, { usernames: [me.username] }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(UsersByUsernameDoc, { usernames: [me.username] }, await expiredToken(me)))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses more than 100 names at once', async () => {
    const me = await registerUser(t, 'me');
    const names = Array.from({ length: 101 }, (_, i) => `name${i}`);
    expect(errorCodes(await t.exec(UsersByUsernameDoc, { usernames: names }, me.token))).toEqual(['BAD_USER_INPUT']);
  });
});
