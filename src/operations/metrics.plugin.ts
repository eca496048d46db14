import { getOperationAST, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Counter, Histogram } from 'prom-client';
import { metrics } from './metrics.js';
import { currentContext } from './request-context.js';

/** The label values of one operation shape: its first root field (bounded by the schema), its type. */
interface OperationShape {
  operation: string;
  type: string;
  /** The document's own operation name, for logs (never a label: clients choose it). */
  name: string | null;
}

interface BoundMetrics {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
  labels: { operation: string; type: string; transport: string };
}

const shapes = new WeakMap<DocumentNode, OperationShape>();
const bound = new Map<string, BoundMetrics>();
/** Codes are the API's own (src/graphql/errors.ts) and graphql-js's; anything else counts as OTHER. */
const CODE = /^[A-Z][A-Z_]{0,39}$/;

function shapeOf(document: DocumentNode, operationName: string | null | undefined): OperationShape {
  let shape = shapes.get(document);
  if (!shape) {
    const ast = getOperationAST(document, operationName);
    const first = ast?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    shape = {
      operation: first && first.kind === Kind.FIELD ? first.name.value : 'unknown',
      type: ast?.operation ?? 'unknown',
      name: ast?.name?.value ?? null,
    };
    shapes.set(document, shape);
  }
  return shape;
}

function boundMetrics(shape: OperationShape, transport: string): BoundMetrics {
  const key = `${shape.operation}|${shape.type}|${transport}`;
  let entry = bound.get(key);
  if (!entry) {
    const labels = { operation: shape.operation, type: shape.type, transport };
    entry = { count: metrics.operations.labels(labels), duration: metrics.operationDuration.labels(labels), labels };
    bound.set(key, entry);
  }
  return entry;
}

/** HTTP (with a request), SSE (a request asking for an event stream), or a socket (no request). */
function transportOf(context: unknown): string {
  const request = (context as { request?: Request }).request;
  if (!request) return 'ws';
  return request.headers.get('accept')?.includes('text/event-stream') ? 'sse' : 'http';
}

function countErrors(errors: readonly GraphQLError[] | undefined, entry: BoundMetrics): void {
  if (!errors || errors.length === 0) return;
  const raw = errors[0]!.extensions?.code;
  const code = typeof raw === 'string' && CODE.test(raw) ? raw : 'OTHER';
  metrics.operationErrors.inc({ ...entry.labels, code });
}

/**
 * Counts and times every GraphQL operation, over HTTP, SSE and sockets (an envelop plugin
 * given to Yoga and to the socket server), and names the operation in the request's log
 * context. Subscriptions are counted when they start; their pushes are counted by delivery.
 * An operation's errors are counted once, by the code of its first error.
 */
export function useOperationMetrics(): Plugin {
  return {
    // HTTP and SSE: the operation's name is known before its context is built (and the
    // viewer's token checked), so those log lines carry it too.
    onParams({ params }) {
      const context = currentContext();
      if (context && params.operationName) context.operation = params.operationName;
    },
    onExecute({ args }) {
      const { document, operationName, contextValue } = args as ExecutionArgs;
      const shape = shapeOf(document, operationName);
      const entry = boundMetrics(shape, transportOf(contextValue));
      const context = currentContext();
      if (context) context.operation = shape.name ?? shape.operation;
      const start = performance.now();
      return {
        onExecuteDone({ result }) {
          entry.count.inc();
          entry.duration.observe((performance.now() - start) / 1000);
          if (!(Symbol.asyncIterator in result)) countErrors((result as ExecutionResult).errors, entry);
        },
      };
    },
    onSubscribe({ args }) {
      const { document, operationName, contextValue } = args as ExecutionArgs;
      const shape = shapeOf(document, operationName);
      const entry = boundMetrics(shape, transportOf(contextValue));
      const context = currentContext();
      if (context) context.operation = shape.name ?? shape.operation;
      entry.count.inc();
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) countErrors((result as ExecutionResult).errors, entry);
        },
      };
    },
  };
}
