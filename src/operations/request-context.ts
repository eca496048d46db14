import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync, randomUUID } from 'node:crypto';

/**
 * What every log line of a request or a socket carries (the logger's mixin reads it):
 * a request or connection id, the operation being run, and the W3C trace context.
 */
export interface RequestContext {
  requestId?: string;
  connectionId?: string;
  operation?: string;
  traceId: string;
  /** This server's span in the trace; what it passes on as the parent of its own calls. */
  spanId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Random bytes for trace and span ids, drawn from a pool refilled 4 KB at a time: a
 * randomBytes call per id (three per request) was 2.7 % of an HTTP instance's busy time.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomHex(bytes: number): string {
  if (poolAt + bytes > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const hex = pool.toString('hex', poolAt, poolAt + bytes);
  poolAt += bytes;
  return hex;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The context of a new request: its trace id from an incoming `traceparent` when it is valid
 * (so the request joins the caller's trace), a fresh one otherwise.
 */
export function requestContextOf(headers: Record<string, string | string[] | undefined>): RequestContext {
  const parent = typeof headers.traceparent === 'string' ? TRACEPARENT.exec(headers.traceparent.trim().toLowerCase()) : null;
  const traceId = parent && !/^0+$/.test(parent[1]!) ? parent[1]! : randomHex(16);
  const given = headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  return { requestId, traceId, spanId: randomHex(8) };
}

export function connectionContext(connectionId: string): RequestContext {
  return { connectionId, traceId: randomHex(16), spanId: randomHex(8) };
}

export function runInContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the running request or socket message, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The `traceparent` header for a call made while handling the current request (null outside one). */
export function outgoingTraceparent(): string | null {
  const context = storage.getStore();
  return context ? `00-${context.traceId}-${context.spanId}-01` : null;
}

/** Fields added to each log line (pino's mixin): nothing outside a request or socket. */
export function logFields(): Record<string, string> {
  const context = storage.getStore();
  if (!context) return {};
  const fields: Record<string, string> = { traceId: context.traceId };
  if (context.requestId) fields.requestId = context.requestId;
  if (context.connectionId) fields.connectionId = context.connectionId;
  if (context.operation) fields.operation = context.operation;
  return fields;
}
