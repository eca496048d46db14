import { getOperationAST, Kind, type DocumentNode, type GraphQLError, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '../graphql/errors.js';
import type { Context } from '../graphql/context.js';
import type { RateLimits } from './rate-limits.js';

/**
 * Counts the root fields of every query and mutation against their limits
 * (`OPERATION_LIMITS`), before execution, over HTTP and on sockets alike. A refused operation
 * answers RATE_LIMITED with `extensions.retryAfter` (seconds) and runs none of its fields;
 * over HTTP the response also carries `Retry-After`.
 */
export function useRateLimits(limits: RateLimits): Plugin<Context> {
  const retryAfterOf = new WeakMap<Request, number>();
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      if (!limits.enabled) return undefined;
      const ctx = args.contextValue as Context & { request?: Request };
      // envelop types the execution args loosely; these two are a document and a name.
      const document = args.document as DocumentNode;
      const operation = getOperationAST(document, args.operationName as string | null | undefined);
      if (!operation) return undefined;
      try {
        for (const [field, count] of rootFieldCounts(document, operation.selectionSet)) {
          await limits.consumeOperation(field, { viewer: ctx.viewer, ip: ctx.clientIp }, count);
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.extensions.code !== 'RATE_LIMITED') throw error;
        if (ctx.request) retryAfterOf.set(ctx.request, Number(error.extensions.retryAfter));
        setResultAndStopExecution({ errors: [error] });
        return undefined;
      }
      const request = ctx.request;
      if (!request) return undefined;
      // A field may refuse by itself (login's backoff): its retryAfter becomes the header too.
      return {
        onExecuteDone: ({ result }) => {
          if (!('errors' in result) || !result.errors) return;
          const errors = result.errors as readonly GraphQLError[];
          const refusal = errors.find((e) => e.extensions.code === 'RATE_LIMITED');
          if (refusal) retryAfterOf.set(request, Number(refusal.extensions.retryAfter));
        },
      };
    },
    onResponse({ request, response }) {
      const seconds = retryAfterOf.get(request);
      if (seconds !== undefined) response.headers.set('Retry-After', String(seconds));
    },
  };
}

/** How often each root field occurs in an operation, through aliases and fragments. */
function rootFieldCounts(document: DocumentNode, selectionSet: SelectionSetNode): Map<string, number> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const counts = new Map<string, number>();
  const walk = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) counts.set(selection.name.value, (counts.get(selection.name.value) ?? 0) + 1);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else {
        // Execution follows validation, which refuses fragment cycles.
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(selectionSet);
  return counts;
}
