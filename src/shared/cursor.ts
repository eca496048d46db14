import { z } from 'zod';
import { badInput } from '../graphql/errors.js';

// A cursor is opaque to clients: base64url of `kind:position`. Inbox cursors carry a position
// in the caller's inbox sequence (docs/architecture.md: the same cursor serves paging, sync
// and resume); sent-list cursors carry a message id; transcript cursors a segment's position
// in its meeting; search cursors the message id of the last hit, or (relevance order, kind `rank`) the
// ranking's anchor and offset. The kind stops one being
// passed where another is expected.

export type CursorKind = 'inbox' | 'sent' | 'segment' | 'search' | 'rank';

const KIND_NAMES: Record<CursorKind, string> = { inbox: 'inbox', sent: 'sent', segment: 'transcript', search: 'search', rank: 'relevance search' };

export function encodeCursor(kind: CursorKind, position: number): string {
  return Buffer.from(`${kind}:${position}`).toString('base64url');
}

/** The position a cursor of `kind` carries, or null when it is not one. */
function positionOf(kind: CursorKind, cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [prefix, value] = text.split(':');
  const position = Number(value);
  return prefix === kind && /^\d+$/.test(value ?? '') && Number.isSafeInteger(position) ? position : null;
}

const invalidCursor = (kind: CursorKind, argument: string) => `${argument} is not a valid ${KIND_NAMES[kind]} cursor`;

/** The position a cursor carries; a BAD_USER_INPUT error naming `argument` when it is not one of `kind`. */
export function decodeCursor(kind: CursorKind, cursor: string, argument = 'after'): number {
  const position = positionOf(kind, cursor);
  if (position === null) throw badInput(invalidCursor(kind, argument), argument);
  return position;
}

/** The input schema of a cursor argument: its position, or an issue naming `argument`. */
export const cursorInput = (kind: CursorKind, argument: string) =>
  z.string().transform((cursor, ctx) => {
    const position = positionOf(kind, cursor);
    if (position !== null) return position;
    ctx.addIssue({ code: 'custom', message: invalidCursor(kind, argument) });
    return z.NEVER;
  });

/** The same for an optional cursor argument: null when absent or empty (from the start). */
export const optionalCursorInput = (kind: CursorKind, argument: string) =>
  z
    .string()
    .nullish()
    .transform((cursor, ctx) => {
      if (!cursor) return null;
      const position = positionOf(kind, cursor);
      if (position !== null) return position;
      ctx.addIssue({ code: 'custom', message: invalidCursor(kind, argument) });
      return z.NEVER;
    });

export const encodeInboxCursor = (seq: number) => encodeCursor('inbox', seq);
export const decodeInboxCursor = (cursor: string, argument?: string) => decodeCursor('inbox', cursor, argument);
