import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { RequestCache } from '@pothos/plugin-scope-auth';

/**
 * Compiled execution (graphql-jit) for every operation on every transport: Yoga's envelop
 * (HTTP, SSE, socket queries and mutations) and the socket server's lean subscriptions.
 *
 * Not graphql-jit's own `subscribe` nor @envelop/graphql-jit:
 * - graphql-jit's `subscribe` calls the subscribe resolver with the operation's variables
 *   in place of the field's arguments (upstream: zalando-incubator/graphql-jit#183, also
 *   reported against @envelop/graphql-jit as graphql-hive/envelop#2008). A `since` written
 *   inline, in a variable of another name or as another variable's default never reached
 *   the resolver, and an aliased root field failed outright. So the source event stream
 *   comes from graphql-js's `createSourceEventStream`, which coerces the root field's
 *   arguments like any field's, and graphql-jit only executes each event.
 * - @envelop/graphql-jit caches compiled documents by document alone: a document holding
 *   several operations (GraphiQL sends the whole editor) ran whichever was compiled first,
 *   whatever `operationName` asked for. Here the cache is per document and operation name.
 */

/** Per parsed document (Yoga's parse cache hands out one object per query text), per operation name. */
const compiledDocuments = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

function compiled(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CompiledQuery | ExecutionResult {
  let byName = compiledDocuments.get(document);
  if (!byName) compiledDocuments.set(document, (byName = new Map<string, CompiledQuery>()));
  const cached = byName.get(operationName ?? '');
  if (cached) return cached;
  const entry = compileQuery(schema, document, operationName ?? undefined);
  // Only what compiled is kept: operation names the document lacks are not (they are the client's to choose).
  if (isCompiledQuery(entry)) byName.set(operationName ?? '', entry);
  return entry;
}

/** graphql-js's `subscribe`, with each event executed by the compiled document instead of `execute`. */
export async function subscribeCompiled(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const query = compiled(args.schema, args.document, args.operationName);
  if (!isCompiledQuery(query)) return query;
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  // The subscribe resolver's auth checks are done; see ExecutedEvents.
  forgetAuthCache(args.contextValue);
  return new ExecutedEvents(stream[Symbol.asyncIterator](), query, args.contextValue, args.variableValues);
}

/**
 * Drops what Pothos's scope-auth cached for this context (scopes, grants, per-type results:
 * a handful of Maps, about 1 KB). A subscription's context lives as long as the
 * subscription, and the cache is only needed while one execution runs: the subscribe
 * resolver's, then each event's. Dropping it between them also means each event's checks
 * see the viewer as it is now (an in-band `authenticate` may have changed its role).
 */
function forgetAuthCache(contextValue: unknown): void {
  if (typeof contextValue === 'object' && contextValue !== null) RequestCache.clearForContext(contextValue);
}

/** Executes a query or mutation with its compiled document. */
export function executeCompiled(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult {
  const query = compiled(args.schema, args.document, args.operationName);
  if (!isCompiledQuery(query)) return query;
  return query.query(args.rootValue, args.contextValue, args.variableValues);
}

/** Makes an envelop (Yoga's, or the socket server's) execute and subscribe compiled. */
export function useCompiledExecution(): Plugin {
  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(executeCompiled);
    },
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribeCompiled);
    },
  };
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The source stream with each event executed: one small object per subscription, not an
 * async generator (ending it ends the source at once instead of at the next event).
 */
class ExecutedEvents implements AsyncIterableIterator<ExecutionResult> {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly query: CompiledQuery,
    private readonly contextValue: unknown,
    private readonly variables: ExecutionArgs['variableValues'],
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const event = await this.source.next();
    if (event.done) return DONE;
    try {
      return { value: await this.query.query(event.value, this.contextValue, this.variables), done: false };
    } catch (error) {
      await this.return();
      throw error;
    } finally {
      // Events are executed one at a time (the consumer awaits each), so none is running now.
      forgetAuthCache(this.contextValue);
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    await this.source.return?.();
    return DONE;
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    if (!this.source.throw) throw error;
    await this.source.throw(error);
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
