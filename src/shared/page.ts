import { badInput } from '../graphql/errors.js';

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

/** The `first` argument of a list, checked against the largest page the server serves. */
export function pageSize(first: number | null | undefined, max: number, fallback = 20): number {
  const size = first ?? Math.min(fallback, max);
  if (!Number.isInteger(size) || size < 1 || size > max) throw badInput(`first must be between 1 and ${max}`, 'first');
  return size;
}
