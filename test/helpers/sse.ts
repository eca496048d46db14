import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { collection, type Collected } from './ws.js';

/**
 * Subscribes over Server-Sent Events (Yoga's `/graphql` with `Accept: text/event-stream`,
 * what GraphiQL uses) and collects every `data` that arrives, like `collect` on a socket.
 */
export function collectOverSse<TResult, TVars extends Record<string, unknown>>(
  baseUrl: string,
  token: string | null,
  document: TypedDocumentNode<TResult, TVars>,
  variables?: TVars,
): Collected<TResult> {
  const collected = collection<TResult>();
  const controller = new AbortController();
  collected.stop = () => controller.abort();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const onEvent = (event: string, data: string) => {
    if (event === 'complete') {
      collected.done = true;
      return;
    }
    if (event !== 'next' || !data) return;
    const value = JSON.parse(data) as FormattedExecutionResult<TResult>;
    if (value.errors) collected.errors.push(...value.errors);
    if (value.data) collected.results.push(value.data);
  };
  void (async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: print(document), variables }),
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
        onEvent(event, data);
      }
    }
    collected.done = true;
  })().catch((error: unknown) => {
    if (controller.signal.aborted) return;
    collected.errors.push(error);
    collected.done = true;
  });
  return collected;
}
