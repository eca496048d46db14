import { SignJWT } from 'jose';
import { TokenService } from '../../src/auth/tokens.js';
import type { TestApp } from './app.js';
import { TEST_SECRET } from './app.js';
import type { TestUser } from './users.js';

const now = () => Math.floor(Date.now() / 1000);

/** A token of the user that expired a minute ago (well past the clock tolerance). */
export function expiredToken(user: TestUser, tenant = 'default'): Promise<string> {
  return new SignJWT({ tid: tenant, iat: now() - 3600, exp: now() - 60 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .sign(new TextEncoder().encode(TEST_SECRET));
}

let counter = 0;

/** A `service` account (such as the transcriber) of the tenant, with a valid token. */
export function serviceAccount(t: TestApp, tenant = t.config.defaultTenant): Promise<TestUser> {
  return accountWithRole(t, 'service', tenant);
}

/** A tenant admin, with a valid token. */
export function adminAccount(t: TestApp, tenant = t.config.defaultTenant): Promise<TestUser> {
  return accountWithRole(t, 'admin', tenant);
}

async function accountWithRole(t: TestApp, role: 'service' | 'admin', tenant: string): Promise<TestUser> {
  counter += 1;
  const username = `${role}${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const id = await t.app.services.stores.users.insert({
    tenantId: tenant,
    username,
    displayName: username,
    passwordHash: null,
    role,
  });
  const { token } = await new TokenService(t.config.jwt).sign({ id, tenantId: tenant });
  return { id: String(id), username, token };
}
