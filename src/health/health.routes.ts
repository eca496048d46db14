import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';

export interface HealthCheck {
  /** Path under /health ('' for /health itself). */
  path: string;
  /** `details`: the caller showed HEALTH_DETAILS_TOKEN; internal counters only then. */
  check(options: { details: boolean }): Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

/** What a failed check answers: never the error's own text (it may hold SQL, hosts, users). */
export const UNREACHABLE = 'unreachable';

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, latencyMs: Math.round((performance.now() - start) * 100) / 100 };
}

/**
 * GET /health/db: the primary answers. `extra` (the read replicas' states) with details only:
 * a replica that is down or behind does not make the instance unhealthy, its reads go to the
 * primary.
 */
export function databaseHealth(
  db: Database,
  onError: (error: unknown) => void = () => undefined,
  extra: () => Record<string, unknown> = () => ({}),
): HealthCheck {
  return {
    path: '/db',
    async check({ details }) {
      try {
        const { latencyMs } = await timed(() => db.execute(sql`SELECT 1`));
        return { ok: true, body: { status: 'ok', latencyMs, ...(details ? extra() : {}) } };
      } catch (error) {
        onError(error);
        return { ok: false, body: { status: 'error', error: UNREACHABLE } };
      }
    },
  };
}

/**
 * Serves GET /health (every check) and GET /health/<name> (one check) as JSON: 200 when
 * healthy, 503 when not. Returns false when the request is not a health route.
 */
export function createHealthRoutes(checks: HealthCheck[], detailsToken?: string) {
  const expected = detailsToken ? Buffer.from(`Bearer ${detailsToken}`) : null;
  const showsDetails = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return expected !== null && given.length === expected.length && timingSafeEqual(given, expected);
  };
  const byPath = new Map(checks.map((c) => [c.path, c]));
  return async function handleHealth(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? '').split('?')[0]!;
    if (path !== '/health' && !path.startsWith('/health/')) return false;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      reply(405, { status: 'error', error: 'method not allowed' });
      return true;
    }
    const options = { details: showsDetails(req) };
    if (path === '/health') {
      const { value: results, latencyMs } = await timed(() =>
        Promise.all(checks.map(async (c) => [c.path.slice(1), await c.check(options)] as const)),
      );
      const ok = results.every(([, r]) => r.ok);
      reply(ok ? 200 : 503, {
        status: ok ? 'ok' : 'degraded',
        latencyMs,
        checks: Object.fromEntries(results.map(([name, r]) => [name, r.body])),
      });
      return true;
    }
    const check = byPath.get(path.slice('/health'.length));
    if (!check) {
      reply(404, { status: 'error', error: 'no such health check' });
      return true;
    }
    const result = await check.check(options);
    reply(result.ok ? 200 : 503, result.body);
    return true;
  };
}
