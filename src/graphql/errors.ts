import { GraphQLError } from 'graphql';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'RATE_LIMITED' | 'STREAM_FAILED' | 'RECALL_WINDOW_EXPIRED' | 'PERSISTED_QUERY_ONLY' | 'CURSOR_EXPIRED' | 'MESSAGE_REJECTED';

/** An error the client is meant to see: its message and `extensions.code` reach the response. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', message);
export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (message = 'Not found') => new AppError('NOT_FOUND', message);

/**
 * Ends a subscription whose stream cannot go on (its database read failed). The details are
 * logged, never sent; the client subscribes again from its last cursor.
 */
export const streamFailed = () =>
  new AppError('STREAM_FAILED', 'The stream stopped because of a server error; subscribe again from your last cursor.');
