import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { collectOverSse } from './sse.js';
import type { TestUser } from './users.js';
import { collect, wsClient, type Collected } from './ws.js';

/** One way a client subscribes: a graphql-ws socket or Server-Sent Events. */
export interface SubscriptionTransport {
  name: string;
  subscribe<TResult, TVars extends Record<string, unknown>>(
    user: TestUser,
    document: TypedDocumentNode<TResult, TVars>,
    variables: TVars,
  ): Collected<TResult>;
}

/**
 * Both subscription transports against the server at `url()`; what they open is pushed onto
 * `opened`, for the test file to close after each test.
 */
export function subscriptionTransports(url: () => string, opened: Array<() => unknown>): { socket: SubscriptionTransport; serverSentEvents: SubscriptionTransport } {
  return {
    socket: {
      name: 'a socket',
      subscribe(user, document, variables) {
        const client = wsClient(url(), user.token);
        opened.push(() => client.dispose());
        return collect(client, document, variables);
      },
    },
    serverSentEvents: {
      name: 'Server-Sent Events',
      subscribe(user, document, variables) {
        const stream = collectOverSse(url(), user.token, document, variables);
        opened.push(() => stream.stop());
        return stream;
      },
    },
  };
}
