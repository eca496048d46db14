import { badInput } from '../graphql/errors.js';

// A cursor is opaque to clients: base64url of `kind:position`. Inbox cursors carry a position
// in the caller's inbox sequence (docs/architecture.md: the same cursor serves paging, sync
// and resume); sent-list cursors carry a message id; transcript cursors a segment's position
// in its meeting. The kind stops one being passed where another is expected.

export type CursorKind = 'inbox' | 'sent' | 'segment';

const KIND_NAMES: Record<CursorKind, string> = { inbox: 'inbox', sent: 'sent', segment: 'transcript' };

export function encodeCursor(kind: CursorKind, position: number): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

/** The position a cursor carries; a BAD_USER_INPUT error naming `argument` when it is not one of `kind`. */
export function decodeCursor(kind: CursorKind, cursor: string, argument = 'after'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [prefix, value] = text.split(':');
  const position = Number(value);
  if (prefix !== kind || !/^\d+$/.test(value ?? '') || !Number.isSafeInteger(position)) {
    throw badInput(`${argument} is not a valid ${KIND_NAMES[kind]} cursor`, argument);
  }
  return position;
}

export const encodeInboxCursor = (seq: number) => encodeCursor('inbox', seq);
export const decodeInboxCursor = (cursor: string, argument?: string) => decodeCursor('inbox', cursor, argument);
