import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.js';
import { graphql } from './gql/index.js';
import { errorCodes, startTestApp, type TestApp } from './helpers/app.js';
import { adminAccount, expiredToken } from './helpers/tokens.js';
import { RegisterDoc, registerUser, type TestUser } from './helpers/users.js';

const MeDoc = graphql(`
  query TenantMe {
    me {
      id
      role
    }
  }
`);

const CreateInvitationDoc = graphql(`
  mutation CreateInvitation($role: UserRole, $expiresInHours: Int) {
    createInvitation(role: $role, expiresInHours: $expiresInHours) {
      code
      tenant
      role
      expiresAt
    }
  }
`);

const SetUserRoleDoc = graphql(`
  mutation SetUserRole($userId: ID!, $role: UserRole!) {
    setUserRole(userId: $userId, role: $role)
  }
`);

const SetTenantSignupDoc = graphql(`
  mutation SetTenantSignup($open: Boolean!) {
    setTenantSignup(open: $open) {
      id
      openSignup
    }
  }
`);

const TenantDoc = graphql(`
  query OwnTenant {
    tenant {
      id
      openSignup
    }
  }
`);

const PASSWORD = 'correct horse battery';
let t: TestApp;
let n = 0;
const input = (extra: { tenant?: string; invitation?: string }) => {
  n += 1;
  return { username: `tn${n}_${Math.random().toString(36).slice(2, 7)}`, password: PASSWORD, displayName: `T ${n}`, ...extra };
};

beforeAll(async () => {
  t = await startTestApp('tenants');
});
afterAll(async () => {
  await t?.close();
});

describe('register never creates a tenant', () => {
  it('a tenant name nobody created is refused, exactly like a tenant with sign-up closed', async () => {
    await t.app.services.tenants.create('closed-corp');
    const unknown = await t.exec(RegisterDoc, { input: input({ tenant: 'no-such-corp' }) });
    const closed = await t.exec(RegisterDoc, { input: input({ tenant: 'closed-corp' }) });
    expect(errorCodes(unknown)).toEqual(['FORBIDDEN']);
    expect(unknown.errors).toEqual(closed.errors);
    expect(await t.app.services.tenants.exists('no-such-corp')).toBe(false);
  });

  it('the default tenant takes register in development and test; production closes it unless DEFAULT_TENANT_OPEN_SIGNUP', () => {
    expect(t.config.protection.defaultTenantOpenSignup).toBe(true);
    const base = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).config.protection.defaultTenantOpenSignup).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).config.protection.defaultTenantOpenSignup).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', DEFAULT_TENANT_OPEN_SIGNUP: 'true' }).config.protection.defaultTenantOpenSignup).toBe(true);
  });

  it('a server whose default tenant is closed refuses register without an invitation', async () => {
    const closed = await startTestApp('tenants_closed', { env: { DEFAULT_TENANT_OPEN_SIGNUP: 'false' } });
    try {
      expect(errorCodes(await closed.exec(RegisterDoc, { input: input({}) }))).toEqual(['FORBIDDEN']);
      const code = (await closed.app.services.tenants.invite('default', { role: 'user', createdBy: null, ttlHours: 1 })).code;
      const joined = await closed.exec(RegisterDoc, { input: input({ invitation: code }) });
      expect(joined.errors).toBeUndefined();
    } finally {
      await closed.close();
    }
  });

  it('the operator creates tenants with `npm run tenant -- create`, sign-up closed until opened', { timeout: 60_000 }, async () => {
    const run = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'scripts/tenant.ts', ...args], { env: { ...process.env, DATABASE_URL: t.config.databaseUrl, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) } });
    expect((await run('create', 'acme')).stdout).toContain('created tenant acme (sign-up closed)');
    expect(errorCodes(await t.exec(RegisterDoc, { input: input({ tenant: 'acme' }) }))).toEqual(['FORBIDDEN']);
    await run('open', 'acme');
    expect((await t.exec(RegisterDoc, { input: input({ tenant: 'acme' }) })).errors).toBeUndefined();
    const code = (await run('invite', 'acme', '--role', 'admin')).stdout.trim();
    const admin = await t.exec(RegisterDoc, { input: input({ invitation: code }) });
    expect(admin.errors).toBeUndefined();
    expect((await t.exec(MeDoc, {}, admin.data!.register.token)).data!.me.role).toBe('admin');
  });
});

describe('invitations', () => {
  let admin: TestUser;
  beforeAll(async () => {
    await t.app.services.tenants.create('invite-corp');
    admin = await adminAccount(t, 'invite-corp');
  });

  it('a tenant admin invites; the invited person joins that tenant with the invitation’s role, once', async () => {
    const invitation = await t.exec(CreateInvitationDoc, { role: 'admin' }, admin.token);
    expect(invitation.data!.createInvitation).toMatchObject({ tenant: 'invite-corp', role: 'admin' });
    const code = invitation.data!.createInvitation.code;
    const joined = await t.exec(RegisterDoc, { input: input({ invitation: code }) });
    expect(joined.errors).toBeUndefined();
    const me = await t.exec(MeDoc, {}, joined.data!.register.token);
    expect(me.data!.me.role).toBe('admin');
    const [user] = await t.app.services.stores.users.findByIds([Number(joined.data!.register.user.id)]);
    expect(user!.tenantId).toBe('invite-corp');
    // Used once: a second person with the same code is refused like an unknown code.
    const again = await t.exec(RegisterDoc, { input: input({ invitation: code }) });
    const unknown = await t.exec(RegisterDoc, { input: input({ invitation: 'inv_not-a-real-code' }) });
    expect(errorCodes(again)).toEqual(['FORBIDDEN']);
    expect(again.errors).toEqual(unknown.errors);
  });

  it('only the code’s hash is stored', async () => {
    const code = (await t.exec(CreateInvitationDoc, {}, admin.token)).data!.createInvitation.code;
    const [rows] = (await t.app.database.pool.query('SELECT code_hash FROM tenant_invitations')) as unknown as [Array<{ code_hash: string }>];
    expect(rows.some((r) => r.code_hash.includes(code) || code.includes(r.code_hash))).toBe(false);
  });

  it('is refused to users who are not admins, without a token and with an expired one', async () => {
    const member = await registerUser(t, 'member', 'invite-corp');
    expect(errorCodes(await t.exec(CreateInvitationDoc, {}, member.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(CreateInvitationDoc, {}))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(CreateInvitationDoc, {}, await expiredToken(admin, 'invite-corp')))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('tenant admins manage their own tenant only', () => {
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  beforeAll(async () => {
    admin = await adminAccount(t, 'roles-corp');
    member = await registerUser(t, 'member', 'roles-corp');
    outsider = await registerUser(t, 'outsider', 'other-corp');
  });

  it('an admin changes a member’s role, and the member’s next request carries it', async () => {
    expect((await t.exec(MeDoc, {}, member.token)).data!.me.role).toBe('user');
    expect((await t.exec(SetUserRoleDoc, { userId: member.id, role: 'admin' }, admin.token)).data!.setUserRole).toBe(true);
    expect((await t.exec(MeDoc, {}, member.token)).data!.me.role).toBe('admin');
    await t.exec(SetUserRoleDoc, { userId: member.id, role: 'user' }, admin.token);
  });

  it('a user of another tenant is answered exactly like a user that does not exist, and keeps their role', async () => {
    const foreign = await t.exec(SetUserRoleDoc, { userId: outsider.id, role: 'admin' }, admin.token);
    const missing = await t.exec(SetUserRoleDoc, { userId: '987654321', role: 'admin' }, admin.token);
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    expect(foreign.errors).toEqual(missing.errors);
    expect((await t.exec(MeDoc, {}, outsider.token)).data!.me.role).toBe('user');
  });

  it('a member cannot change roles; no token and an expired token are refused', async () => {
    expect(errorCodes(await t.exec(SetUserRoleDoc, { userId: member.id, role: 'admin' }, member.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(SetUserRoleDoc, { userId: member.id, role: 'admin' }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(SetUserRoleDoc, { userId: member.id, role: 'admin' }, await expiredToken(admin, 'roles-corp')))).toEqual(['UNAUTHENTICATED']);
  });

  it('an admin opens and closes sign-up of their own tenant', async () => {
    await t.app.services.tenants.create('signup-corp');
    const signupAdmin = await adminAccount(t, 'signup-corp');
    expect((await t.exec(TenantDoc, {}, signupAdmin.token)).data!.tenant).toEqual({ id: 'signup-corp', openSignup: false });
    await t.exec(SetTenantSignupDoc, { open: true }, signupAdmin.token);
    expect((await t.exec(RegisterDoc, { input: input({ tenant: 'signup-corp' }) })).errors).toBeUndefined();
    await t.exec(SetTenantSignupDoc, { open: false }, signupAdmin.token);
    expect(errorCodes(await t.exec(RegisterDoc, { input: input({ tenant: 'signup-corp' }) }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.exec(SetTenantSignupDoc, { open: true }, member.token))).toEqual(['FORBIDDEN']);
  });
});
