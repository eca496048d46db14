import type { IncomingMessage, ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';

export interface HealthCheck {
  /** Path under /health ('' for /health itself). */
  path: string;
  check(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, latencyMs: Math.round((performance.now() - start) * 100) / 100 };
}

export function databaseHealth(db: Database): HealthCheck {
  return {
    path: '/db',
    async check() {
      try {
        const { latencyMs } = await timed(() => db.execute(sql`SELECT 1`));
        return { ok: true, body: { status: 'ok', latencyMs } };
      } catch (error) {
        return { ok: false, body: { status: 'error', error: (error as Error).message } };
      }
    },
  };
}

/**
 * Serves GET /health (every check) and GET /health/<name> (one check) as JSON: 200 when
 * healthy, 503 when not. Returns false when the request is not a health route.
 */
export function createHealthRoutes(checks: HealthCheck[]) {
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
    if (path === '/health') {
      const { value: results, latencyMs } = await timed(() =>
        Promise.all(checks.map(async (c) => [c.path.slice(1), await c.check()] as const)),
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
    const result = await check.check();
    reply(result.ok ? 200 : 503, result.body);
    return true;
  };
}
