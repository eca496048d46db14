import { Client, fetchExchange } from '@urql/core';
import { InboxSession } from '../../packages/client/src/inbox-session.js';
import { inboxExchange } from '../../packages/client/src/urql-exchange.js';

export interface Auth {
  token: string;
  expiresAt: string;
  user: { id: string; username: string; displayName: string };
}

// The signed-in user, shared by the tabs of this browser profile.
const AUTH_KEY = 'mm-web-auth';
export const GRAPHQL_URL = new URL('/graphql', location.href).toString();

export function loadAuth(): Auth | null {
  try {
    const auth = JSON.parse(localStorage.getItem(AUTH_KEY) ?? 'null') as Auth | null;
    return auth && Date.parse(auth.expiresAt) > Date.now() ? auth : null;
  } catch {
    return null;
  }
}

export function saveAuth(auth: Auth): void {
  localStorage.setItem(AUTH_KEY, JSON.stringify(auth));
}

export function clearAuth(): void {
  localStorage.removeItem(AUTH_KEY);
}

/** For login and register: no token, no socket. */
export const anonymousClient = new Client({ url: GRAPHQL_URL, exchanges: [fetchExchange], requestPolicy: 'network-only' });

export interface Api {
  client: Client;
  session: InboxSession;
}

/** The signed-in user's client: subscriptions through the kit's session, everything with the token. */
export function createApi(): Api {
  const session = new InboxSession({ url: GRAPHQL_URL, getToken: () => loadAuth()?.token ?? null, device: 'web inbox' });
  const client = new Client({
    url: GRAPHQL_URL,
    exchanges: [inboxExchange(session), fetchExchange],
    fetch: session.fetch,
    requestPolicy: 'network-only',
  });
  return { client, session };
}
