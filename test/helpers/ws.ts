import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client for `baseUrl` (http://host:port) authenticated with `token`. */
export function wsClient(baseUrl: string, token: string | null, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    ...options,
  });
}

export interface Collected<T> {
  results: T[];
  errors: unknown[];
  done: boolean;
  /** Resolves when `count` results arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** An empty collection; the transport (socket, SSE) fills it and sets `stop`. */
export function collection<T>(): Collected<T> {
  const collected: Collected<T> = {
    results: [],
    errors: [],
    done: false,
    waitFor: (count, timeoutMs = 10_000) => until(() => collected.results.length >= count, timeoutMs, () =>
      `expected ${count} results, got ${collected.results.length} (errors: ${JSON.stringify(collected.errors)})`,
    ).then(() => collected.results),
    stop: () => undefined,
  };
  return collected;
}

/** Subscribes and collects every `data` that arrives. */
export function collect<TResult, TVars extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TResult, TVars>,
  variables?: TVars,
): Collected<TResult> {
  const collected = collection<TResult>();
  collected.stop = client.subscribe<TResult>(
    { query: print(document), variables },
    {
      next: (value: FormattedExecutionResult<TResult>) => {
        if (value.errors) collected.errors.push(...value.errors);
        if (value.data) collected.results.push(value.data);
      },
      error: (error) => {
        collected.errors.push(error);
        collected.done = true;
      },
      complete: () => {
        collected.done = true;
      },
    },
  );
  return collected;
}

/** Runs a query or mutation over the socket and resolves with its one result. */
export function execOverSocket<TResult, TVars extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<TResult, TVars>,
  variables?: TVars,
): Promise<FormattedExecutionResult<TResult, unknown>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<TResult, unknown> = {};
    client.subscribe<TResult>(
      { query: print(document), variables },
      { next: (value) => void (result = value), error: reject, complete: () => resolve(result) },
    );
  });
}

/** Polls `condition` every few milliseconds until it holds. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, describe?: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(describe ? describe() : 'condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Opens a raw socket speaking graphql-transport-ws and resolves with its close code. */
export function rawSocket(baseUrl: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on('error', () => undefined);
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve());
    socket.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    socket.on('error', reject);
  });
  return { socket, opened, closed };
}
