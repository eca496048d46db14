import { graphql } from '../gql/index.js';
import type { TestApp } from './app.js';

export const RegisterDoc = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      token
      user {
        id
        username
      }
    }
  }
`);

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

let counter = 0;

/**
 * Registers a fresh user (unique name) and returns its id and token. A named tenant is first
 * made to exist with sign-up open, through the operator's path (register never creates one).
 */
export async function registerUser(t: TestApp, prefix = 'user', tenant?: string): Promise<TestUser> {
  counter += 1;
  if (tenant && tenant !== t.config.defaultTenant) await t.app.services.tenants.ensure(tenant, { openSignup: true });
  const username = `${prefix}${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const result = await t.exec(RegisterDoc, {
    input: { username, password: 'correct horse battery', displayName: username, tenant },
  });
  if (!result.data) throw new Error(`register failed: ${JSON.stringify(result.errors)}`);
  return { id: result.data.register.user.id, username, token: result.data.register.token };
}
