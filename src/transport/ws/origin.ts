import type { IncomingMessage } from 'node:http';

/** Same origin, no Origin (server-side clients), or one of CORS_ORIGINS. */
export function isOriginAllowed(request: IncomingMessage, allowed: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
