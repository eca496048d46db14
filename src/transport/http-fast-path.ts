/**
 * The common HTTP request — a JSON POST of one query or mutation to /graphql, the way
 * Apollo's and urql's split link send every mutation — answered from Node's request and
 * response directly, without Yoga's Fetch-API round trip.
 *
 * What it changes: Yoga's node adapter turns each IncomingMessage into a Fetch `Request`
 * (headers, URL, a ReadableStream body, an AbortController whose abort on close builds a
 * DOMException) and each result into a `Response` piped back through a stream pipeline.
 * Here the body is read into one Buffer, and the operation runs through the very same
 * envelop Yoga builds (`yoga.getEnveloped`: the parse and validation caches, the armor
 * limits, the context factory, compiled execution, error masking, rate limits, metrics).
 * The result goes through Yoga's own `processRegularResult` (status codes, internals
 * stripped), with the CORS headers Yoga would add and the rate limits' Retry-After.
 *
 * Why: in the split-link profile (docs/benchmarks.md, "Profiles"), the Fetch-API adaptation
 * (@whatwg-node/*, DOMException, AbortSignal, stream pipelines, URL) was about 12 % of the
 * sending instance's busy time, before garbage collection of what it allocated.
 *
 * Everything else goes to Yoga as before, and anything this path does not recognize is
 * handed back to Yoga with the body it read: other methods and paths, other content types,
 * a body without a Content-Length or over the limit, batches, `extensions` (automatic
 * persisted queries), unknown parameters, invalid JSON, parse or validation errors (Yoga
 * answers them with its own statuses), subscriptions (SSE), results Yoga would stream,
 * an Accept header without a JSON media type, and every request when the server runs an
 * allow-list of persisted documents or has a plugin with HTTP hooks of its own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCORSHeadersByRequestAndOptions } from '@whatwg-node/server';
import { getOperationAST, GraphQLError, OperationTypeNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { processRegularResult, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import { currentContext } from '../operations/request-context.js';

type Accepted = 'application/json' | 'application/graphql-response+json';

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** What Yoga's getEnveloped hands out (typed `any` by envelop); the parts used here. */
interface Enveloped {
  schema: GraphQLSchema;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  contextFactory: () => Promise<Context>;
  execute: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<unknown>> | ExecutionResult | AsyncIterable<unknown>;
}

/** Hooks Yoga runs around its Fetch-API requests only; a plugin with one of them keeps every request on Yoga. */
const HTTP_HOOKS = ['onRequest', 'onRequestParse', 'onParams', 'onResultProcess', 'onResponse'] as const;

/** Yoga's own reading of Accept (plugins/result-processor/accept.js), for results that are not streams. */
export function acceptedMediaType(accept: string | undefined): Accepted | null {
  const asked = (accept || '*/*')
    .replace(/\s/g, '')
    .toLowerCase()
    .split(',')
    .flatMap((entry) => {
      const [type, ...params] = entry.split(';');
      const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
      return type !== undefined && charset === 'charset=utf-8' ? [type] : [];
    })
    .reverse();
  // The last match wins, in Yoga's order: the client's first choice, then application/json.
  let accepted: Accepted | null = null;
  for (const type of asked) {
    const [pre, suf] = type.split('/');
    for (const offered of ['application/graphql-response+json', 'application/json'] as const) {
      const [offeredPre, offeredSuf] = offered.split('/');
      if ((pre === '*' || pre === offeredPre) && (suf === '*' || suf === offeredSuf)) accepted = offered;
    }
  }
  return accepted;
}

/** The Fetch-style view of a Node request that the context factory, CORS and metrics read: its headers. */
class NodeRequestView {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null; has(name: string): boolean };

  constructor(req: IncomingMessage) {
    this.method = req.method ?? 'GET';
    this.url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
    const raw = req.headers;
    this.headers = {
      get: (name) => {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      has: (name) => raw[name.toLowerCase()] !== undefined,
    };
  }
}

/** The whole body (its declared length; Node's parser holds the client to it); rejects when the client goes away first. */
function readBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
    });
    req.once('end', () => {
      ended = true;
      if (size === length) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      else reject(new Error('the request body does not have its declared length'));
    });
    req.once('close', () => {
      if (!ended) reject(new Error('the client went away before sending its whole body'));
    });
    req.once('error', reject);
  });
}

/** Hands a request whose body is read already to Yoga, and writes Yoga's response (streamed, for SSE). */
async function answerWithYoga(yoga: YogaServerInstance<Record<string, never>, Context>, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const headers = new yoga.fetchAPI.Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const request = new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, body: new Uint8Array(body) });
  // The server context Yoga's node adapter passes (typed as none by the app's createYoga).
  const response = await yoga.handleRequest(request, { req, res } as never);
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => (out[name] = value));
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, out);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    res.write(value);
  }
  res.end();
}

/** The body's GraphQL parameters when they are the plain single operation this path runs; null: Yoga's to answer. */
function plainParams(body: Buffer): Params | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const params = parsed as Record<string, unknown>;
  for (const key of Object.keys(params)) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return null;
  if (typeof params.query !== 'string') return null;
  const { variables, operationName } = params;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  return params as unknown as Params;
}

export interface HttpFastPath {
  /**
   * Answers the request and resolves true (itself, or through Yoga with the body it read when
   * it turned out not to be one it runs), or resolves false without touching it: Yoga's to handle.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createHttpFastPath(options: {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  endpoint: string;
  maxBodyBytes: number;
  /** Yoga's `cors` option (src/transport/policy.ts). */
  cors: (request: Request) => Parameters<typeof getCORSHeadersByRequestAndOptions>[1];
  /** Yoga's error masking, for an error thrown outside execution (as Yoga's handler masks it). */
  maskError: (error: unknown, message: string) => Error;
  /**
   * Plugins given to the app from outside (not its own, whose HTTP hooks this path does the
   * work of): any with an HTTP hook keeps every request on Yoga.
   */
  plugins: Plugin[];
  /** False when another plugin acts on HTTP parameters (the persisted-documents allow-list). */
  enabled: boolean;
}): HttpFastPath {
  const { yoga, endpoint, maxBodyBytes, cors, maskError } = options;
  const enabled = options.enabled && options.plugins.every((p) => HTTP_HOOKS.every((hook) => !(hook in p)));
  const fallback = (req: IncomingMessage, res: ServerResponse, body: Buffer) => answerWithYoga(yoga, req, res, body).then(() => true);

  return {
    async handle(req, res) {
      if (!enabled || req.method !== 'POST') return false;
      const path = (req.url ?? '').split('?')[0];
      if (path !== endpoint) return false;
      const contentType = req.headers['content-type'] ?? '';
      if (!contentType.toLowerCase().startsWith('application/json')) return false;
      const length = Number(req.headers['content-length']);
      if (!Number.isInteger(length) || length <= 0 || length > maxBodyBytes) return false;
      const accepted = acceptedMediaType(req.headers.accept);
      if (!accepted) return false;

      const body = await readBody(req, length);
      const params = plainParams(body);
      if (!params) return fallback(req, res, body);
      // What the operation-metrics plugin's onParams does: the log lines name the operation.
      const logContext = currentContext();
      if (logContext && params.operationName) logContext.operation = params.operationName;

      const request = new NodeRequestView(req);
      const initial = { request, params, req, res };
      const enveloped = yoga.getEnveloped(initial) as unknown as Enveloped;
      // Parse and validate go through Yoga's caches: a request Yoga answers after all pays for them once.
      let document: DocumentNode | null;
      try {
        document = enveloped.parse(params.query);
        if (enveloped.validate(enveloped.schema, document).length > 0) document = null;
      } catch {
        document = null;
      }
      const operation = document ? getOperationAST(document, params.operationName) : null;
      if (!document || !operation || operation.operation === OperationTypeNode.SUBSCRIPTION) return fallback(req, res, body);

      let result: ExecutionResult;
      try {
        const contextValue = await enveloped.contextFactory();
        const executed = await enveloped.execute({
          schema: enveloped.schema,
          document,
          contextValue,
          variableValues: params.variables,
          operationName: params.operationName,
        });
        // Only subscriptions and incremental delivery stream; neither reaches this point.
        if (Symbol.asyncIterator in (executed as object)) throw new Error('a streamed result on the HTTP fast path');
        result = executed as ExecutionResult;
      } catch (error) {
        result = { errors: [maskError(error, 'Unexpected error.') as GraphQLError] };
      }

      const response = processRegularResult(result, yoga.fetchAPI, accepted);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      const requestLike = request as unknown as Request;
      Object.assign(headers, getCORSHeadersByRequestAndOptions(requestLike, cors(requestLike)) ?? {});
      // What the rate limits' onResponse adds (src/limits/rate-limits.plugin.ts): the refusal's wait, in seconds.
      const retryAfter = result.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED')?.extensions?.retryAfter;
      if (typeof retryAfter === 'number' || typeof retryAfter === 'string') headers['retry-after'] = String(retryAfter);
      const text = await response.text();
      headers['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(response.status, headers).end(text);
      return true;
    },
  };
}
