import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of outgoing webhooks (notification fallback, alerts, tenant webhooks): one scheme
 * for all of them, documented for receivers in docs/security.md.
 *
 * Header `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A receiver
 * recomputes the HMAC with its secret and refuses a timestamp outside its replay window, so a
 * captured request cannot be replayed later and a body cannot be altered.
 */
export const SIGNATURE_HEADER = 'x-signature';

export function signBody(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

export interface VerifyOptions {
  /** Oldest (and newest) accepted timestamp, in seconds from now. */
  toleranceSeconds?: number;
  nowMs?: number;
}

export function verifySignature(secret: string, body: string, header: string | null | undefined, options: VerifyOptions = {}): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isSafeInteger(t) || !given) return false;
  const now = Math.floor((options.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
