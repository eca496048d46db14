import type { FormattedExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';

/** One operation given as text, answered over one transport: what the client received. */
export type RawRun = (query: string, variables?: Record<string, unknown>) => Promise<FormattedExecutionResult<Record<string, unknown>>>;

/** POST /graphql with JSON. */
export function overHttp(baseUrl: string, token: string | null, headers: Record<string, string> = {}): RawRun {
  return async (query, variables) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as FormattedExecutionResult<Record<string, unknown>>;
  };
}

/** POST /graphql with `Accept: text/event-stream`: the first `next` event (or the JSON error body). */
export function overSse(baseUrl: string, token: string | null): RawRun {
  return async (query, variables) => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      return (await response.json()) as FormattedExecutionResult<Record<string, unknown>>;
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`SSE ended without a result: ${buffered}`);
        buffered += value;
        const match = /event: next\ndata: (.*)\n\n/.exec(buffered);
        if (match) return JSON.parse(match[1]!) as FormattedExecutionResult<Record<string, unknown>>;
      }
    } finally {
      controller.abort();
    }
  };
}

/**
 * On an open graphql-ws socket: the first result, or the errors of an `error` message (what
 * graphql-ws sends for a refused operation). A closed socket rejects.
 */
export function overSocket(client: Client): RawRun {
  return (query, variables) =>
    new Promise((resolve, reject) => {
      let settled = false;
      const stop = client.subscribe<Record<string, unknown>>(
        { query, variables },
        {
          next: (value) => {
            if (settled) return;
            settled = true;
            resolve(value as FormattedExecutionResult<Record<string, unknown>>);
            stop();
          },
          error: (error) => {
            if (settled) return;
            settled = true;
            if (Array.isArray(error)) resolve({ errors: error });
            else reject(error instanceof Error ? error : new Error(`socket closed: ${JSON.stringify((error as { code?: number }).code ?? error)}`));
          },
          complete: () => {
            if (!settled) resolve({});
          },
        },
      );
    });
}
