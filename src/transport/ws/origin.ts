import type { IncomingMessage } from 'node:http';
import { OriginPolicy } from '../policy.js';

/** Same origin, no Origin (server-side clients), or one of CORS_ORIGINS: the HTTP policy (../policy.ts). */
export function isOriginAllowed(request: IncomingMessage, allowed: string[]): boolean {
  return new OriginPolicy(allowed).allows(request.headers.origin, request.headers.host);
}
