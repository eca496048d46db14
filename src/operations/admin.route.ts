import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's own files (src/operations/admin/), served as they are: there is no build step. */
const OWN = fileURLToPath(new URL('./admin/', import.meta.url));
/** Chart.js's browser build, straight from node_modules. */
const CHART_JS = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

const FILES: Record<string, { path: string; type: string }> = {
  '/admin': { path: join(OWN, 'index.html'), type: 'text/html; charset=utf-8' },
  '/admin/': { path: join(OWN, 'index.html'), type: 'text/html; charset=utf-8' },
  '/admin/admin.js': { path: join(OWN, 'admin.js'), type: 'text/javascript; charset=utf-8' },
  '/admin/admin.css': { path: join(OWN, 'admin.css'), type: 'text/css; charset=utf-8' },
  '/admin/vendor/chart.umd.min.js': { path: CHART_JS, type: 'text/javascript; charset=utf-8' },
};

/**
 * GET /admin: the admin dashboard, static files that log in through the API (the `login`
 * mutation) and read everything else through it, so the same scopes guard the data. Nothing
 * is loaded from elsewhere (the content security policy says so to the browser).
 */
export function createAdminRoute() {
  const cache = new Map<string, Buffer>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const file = FILES[(req.url ?? '').split('?')[0]!];
    if (!file) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    let body = cache.get(file.path);
    if (!body) cache.set(file.path, (body = readFileSync(file.path)));
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
