import { ApolloLink } from '@apollo/client';
import { getOperationAST, OperationTypeNode } from 'graphql';
import { Observable } from 'rxjs';
import type { InboxSession } from './inbox-session.js';

/**
 * An Apollo link that sends every subscription through the session (inbox subscriptions
 * resumed from their cursor, repeats dropped) and forwards queries and mutations:
 *
 *   link: ApolloLink.from([createInboxLink(session), new HttpLink({ uri, fetch: session.fetch })])
 */
export function createInboxLink(session: InboxSession): ApolloLink {
  return new ApolloLink((operation, forward) => {
    if (getOperationAST(operation.query, operation.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) return forward(operation);
    return new Observable<ApolloLink.Result>((observer) =>
      session.subscribe(
        { query: operation.query, variables: operation.variables, operationName: operation.operationName },
        {
          next: (result) => observer.next(result as ApolloLink.Result),
          error: (error) => observer.error(error),
          complete: () => observer.complete(),
        },
      ),
    );
  });
}
