import type { ServerResponse } from 'node:http';
import { createFetch } from '@whatwg-node/fetch';
import { createGraphQLError, type Plugin, type YogaServerInstance } from 'graphql-yoga';

// HTTP body limits of /graphql. Uploads need multipart bodies as large as a file; every other
// request body (JSON, application/graphql, url-encoded) stays small. Without these, Yoga
// reads a body of any size.

export interface BodyLimits {
  /** Largest file part of a multipart request (ATTACHMENT_MAX_BYTES). */
  maxFileBytes: number;
  /** Largest body of any other request, and largest non-file field of a multipart one (GRAPHQL_MAX_BODY_BYTES). */
  maxBodyBytes: number;
}

/**
 * The Fetch API Yoga builds its requests with, with limits on multipart parsing (busboy's): one
 * file per request, no larger than the file limit (413 REQUEST_ENTITY_TOO_LARGE past it, read
 * no further), and only the spec's two fields, `operations` and `map`. Files are held in
 * memory, so one file per request keeps a request's memory at about one file.
 */
export function uploadFetchAPI(limits: BodyLimits) {
  return createFetch({
    formDataLimits: {
      fileSize: limits.maxFileBytes,
      files: 1,
      fields: 2,
      parts: 3,
      fieldSize: limits.maxBodyBytes,
    },
  });
}

const tooLarge = (max: number) =>
  createGraphQLError(`the request body is larger than ${max} bytes`, {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });

function isMultipart(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Reads a body up to `max` bytes, whether or not it declared its length (chunked bodies do not). */
async function readLimited(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Refuses POST bodies other than multipart ones past `maxBodyBytes` with 413: by their
 * Content-Length at once, or while reading a body that declared none. The body read is
 * handed to Yoga's own parser unchanged. A request refused for its body, multipart ones
 * included, closes its connection.
 */
export function useBodyLimit(maxBodyBytes: number): Plugin {
  let fetchAPI: YogaServerInstance<Record<string, never>, Record<string, never>>['fetchAPI'] | null = null;
  return {
    onYogaInit({ yoga }) {
      fetchAPI = yoga.fetchAPI;
    },
    onRequestParse({ request, requestParser, setRequestParser, serverContext }) {
      if (request.method !== 'POST' || !requestParser) return;
      // The rest of a refused body is never read, so the connection cannot carry another
      // request: it is closed after the error (on Node; yoga.fetch has no connection).
      const closeConnectionOnError = (error: unknown): never => {
        (serverContext as { res?: ServerResponse }).res?.setHeader('connection', 'close');
        throw error;
      };
      if (isMultipart(request)) {
        // Busboy stops at its limits (uploadFetchAPI) and leaves the rest unread.
        setRequestParser((incoming) => Promise.resolve(requestParser(incoming)).catch(closeConnectionOnError));
        return;
      }
      setRequestParser(async (incoming) => {
        if (Number(incoming.headers.get('content-length') ?? 0) > maxBodyBytes) closeConnectionOnError(tooLarge(maxBodyBytes));
        const body = await readLimited(incoming, maxBodyBytes).catch(closeConnectionOnError);
        const RequestClass = fetchAPI?.Request ?? Request;
        return requestParser(new RequestClass(incoming.url, { method: 'POST', headers: incoming.headers, body }));
      });
    },
  };
}
