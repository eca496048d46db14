import { subscriptionExchange, type Exchange } from '@urql/core';
import type { InboxSession } from './inbox-session.js';

/**
 * An urql exchange that sends every subscription through the session (inbox subscriptions
 * resumed from their cursor, repeats dropped); put it before fetchExchange:
 *
 *   exchanges: [cacheExchange, inboxExchange(session), fetchExchange], fetch: session.fetch
 */
export function inboxExchange(session: InboxSession): Exchange {
  return subscriptionExchange({
    forwardSubscription: (request) => ({
      subscribe: (sink) => ({
        unsubscribe: session.subscribe(
          { query: request.query ?? '', variables: request.variables ?? {}, operationName: request.operationName ?? null },
          {
            next: (result) => sink.next(result),
            error: (error) => sink.error(error),
            complete: () => sink.complete(),
          },
        ),
      }),
    }),
  });
}
