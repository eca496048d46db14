import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import type { AppConfig } from '../config.js';
import { parseInput } from '../graphql/input.js';
import { Message, MessageFilter, messageFilterInput } from '../inbox/inbox.graphql.js';
import { optionalCursorInput } from '../shared/cursor.js';
import { RELEVANCE_WINDOW } from './relevance.js';
import { pageSizeInput } from '../shared/page.js';
import type { SearchHit as SearchHitShape } from './search.service.js';
import type { Snippet as SnippetShape } from './snippet.js';

const Highlight = builder.objectRef<{ offset: number; length: number }>('Highlight').implement({
  description: 'A matched part of a snippet’s text: offset and length in UTF-16 code units (JavaScript string indices).',
  fields: (t) => ({
    offset: t.exposeInt('offset'),
    length: t.exposeInt('length'),
  }),
});

const Snippet = builder.objectRef<SnippetShape>('Snippet').implement({
  description:
    'Plain text around the first match, with the matches as ranges. It holds no markup: render `text` as text and style the ranges.',
  fields: (t) => ({
    text: t.exposeString('text'),
    highlights: t.field({ type: [Highlight], resolve: (s) => s.highlights }),
  }),
});

const SearchHit = builder.objectRef<SearchHitShape>('SearchHit').implement({
  fields: (t) => ({
    message: t.field({ type: Message, resolve: (hit) => hit.message }),
    snippet: t.field({ type: Snippet, resolve: (hit) => hit.snippet }),
  }),
});

const SearchOrderRef = builder.enumType('SearchOrder', {
  description: 'The order of search results (docs/search.md).',
  values: {
    NEWEST: { description: 'Newest first (the default), over every match.' },
    RELEVANCE: {
      description: `The ${RELEVANCE_WINDOW} newest matches, most relevant first: how often and how exactly the query’s words occur, relative to the message’s length, with a bonus for the query as written.`,
    },
  } as const,
});

const SearchConnection = builder.connectionObject({ type: SearchHit, name: 'SearchConnection' }, { name: 'SearchEdge' });

/** The input schema of `search`, built once per configuration (page size and query length are configured). */
const searchInputs = new WeakMap<object, ReturnType<typeof buildSearchInput>>();
const buildSearchInput = (maxPageSize: number, maxQueryLength: number) =>
  z.object({
    query: z
      .string()
      .transform((q) => q.trim())
      .refine((q) => q.length > 0, 'query must not be empty')
      .refine((q) => q.length <= maxQueryLength, `query is longer than ${maxQueryLength} characters`),
    first: pageSizeInput(maxPageSize),
    // A cursor of the order asked for: parsed after the order is known.
    after: z.string().nullish(),
    filter: messageFilterInput,
    orderBy: z.enum(['NEWEST', 'RELEVANCE']).nullish().transform((o) => o ?? 'NEWEST'),
  }).transform(({ after, orderBy, ...rest }, ctx) => {
    const cursor = optionalCursorInput(orderBy === 'NEWEST' ? 'search' : 'rank', 'after').safeParse(after);
    if (!cursor.success) {
      for (const issue of cursor.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['after'] });
      return z.NEVER;
    }
    return { ...rest, orderBy, position: cursor.data };
  });
function searchInput(config: AppConfig): ReturnType<typeof buildSearchInput> {
  let schema = searchInputs.get(config);
  if (!schema) searchInputs.set(config, (schema = buildSearchInput(config.limits.maxPageSize, config.search.maxQueryLength)));
  return schema;
}

builder.queryFields((t) => ({
  search: t.withAuth({ viewer: true }).field({
    type: SearchConnection,
    description:
      'Messages the caller sent or received that contain every word of `query` (Chinese, English or both; docs/search.md), newest first or by relevance, with a snippet each. Recalled messages are never found.',
    args: {
      query: t.arg.string({ required: true }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
      filter: t.arg({ type: MessageFilter }),
      orderBy: t.arg({ type: SearchOrderRef, description: 'NEWEST unless given. A cursor only continues the order it came from.' }),
    },
    resolve: async (_root, args, ctx) => {
      const { query, first, position, filter, orderBy } = parseInput(searchInput(ctx.services.config), args);
      const page = await ctx.services.search.search(ctx.viewer, { query, first, position, filter, order: orderBy });
      for (const { node } of page.edges) {
        ctx.loaders.message.prime(node.message.id, node.message);
        ctx.loaders.receipt.prime(node.message.id, node.receipt);
      }
      return page;
    },
  }),
}));
