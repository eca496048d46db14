import { z } from 'zod';

/** A Relay connection page: what every list of the API returns. */
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

export interface PageInfo {
  hasNextPage: boolean;
  /** Pages only go forward (`first`/`after`); a page that started after a cursor has one before it. */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A page from rows read with one row more than asked for (`first + 1`): that extra row only
 * says whether there is a next page. `after` is whether the read started after a cursor.
 */
export function buildPage<T>(rows: T[], first: number, cursorOf: (row: T) => string, after: boolean, hasNextPage = rows.length > first): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The input schema of a list's `first`: between 1 and the largest page the server serves; `fallback` when absent. */
export const pageSizeInput = (max: number, fallback = 20) =>
  z
    .number()
    .int(`first must be between 1 and ${max}`)
    .min(1, `first must be between 1 and ${max}`)
    .max(max, `first must be between 1 and ${max}`)
    .nullish()
    .transform((first) => first ?? Math.min(fallback, max));
