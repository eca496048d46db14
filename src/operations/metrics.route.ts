import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { registry } from './metrics.js';

/** Sets the gauges whose values live elsewhere (sockets, queue, pool), just before a scrape. */
export type MetricsSource = () => Promise<void> | void;

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /metrics in Prometheus text format. With a token (METRICS_TOKEN), only a request with
 * `Authorization: Bearer <token>` gets it; without one it is open, for a port that only
 * Prometheus reaches (METRICS_PORT serves it on a port of its own).
 */
export function createMetricsRoute(options: { token: string | null; sources: MetricsSource[]; logger: Logger }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return true;
    }
    if (options.token !== null) {
      const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!match || !sameSecret(match[1]!, options.token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return true;
      }
    }
    await Promise.all(
      options.sources.map(async (source) => {
        try {
          await source();
        } catch (error) {
          options.logger.debug({ err: error }, 'a metrics source failed; its gauges keep their last value');
        }
      }),
    );
    res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
    return true;
  };
}
