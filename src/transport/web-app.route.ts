import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** The web inbox's built files: web/dist, built by `npm ci` (the `prepare` script). */
export const WEB_APP_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

// The app loads nothing from elsewhere: scripts, styles and sockets are the server's own.
const CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * GET /app/…: the web inbox (web/). Hashed assets are cached for good, the page itself never,
 * and any other path under /app answers with the page (the app routes on its own).
 */
export function createWebAppRoute(dir = WEB_APP_DIR): (req: IncomingMessage, res: ServerResponse) => boolean {
  const serve = existsSync(dir)
    ? sirv(dir, {
        single: true,
        dev: false,
        setHeaders: (res, pathname) => {
          res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
          res.setHeader('x-content-type-options', 'nosniff');
          res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      })
    : null;
  return (req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    if (path !== '/app' && !path.startsWith('/app/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    if (path === '/app') {
      res.writeHead(308, { location: `/app/${url.slice(path.length)}` }).end();
      return true;
    }
    if (!serve) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The web inbox is not built: run `npm run build:web`.\n');
      return true;
    }
    req.url = url.slice('/app'.length);
    serve(req, res, () => void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n'));
    return true;
  };
}
