import { badInput } from '../graphql/errors.js';

// A cursor is opaque to clients. Inbox cursors carry a position in the caller's inbox
// sequence (DESIGN.md: the same cursor serves paging, sync and resume); sent-list cursors
// carry a message id. The prefix stops one kind being passed where the other is expected.

type CursorKind = 'inbox' | 'sent';

export function encodeCursor(kind: CursorKind, position: number): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

export function decodeCursor(kind: CursorKind, cursor: string, argument = 'after'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [prefix, value] = text.split(':');
  const position = Number(value);
  if (prefix !== kind || !/^\d+$/.test(value ?? '') || !Number.isSafeInteger(position)) {
    throw badInput(`${argument} is not a valid ${kind} cursor`, argument);
  }
  return position;
}

export const encodeInboxCursor = (seq: number) => encodeCursor('inbox', seq);
export const decodeInboxCursor = (cursor: string, argument?: string) => decodeCursor('inbox', cursor, argument);
