import { outgoingTraceparent } from '../operations/request-context.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

/** The trace of the request being handled, passed on to the receiver (none outside a request). */
function traceHeader(): Record<string, string> {
  const traceparent = outgoingTraceparent();
  return traceparent ? { traceparent } : {};
}

/** The outcome of one delivery attempt; `retryable` is false for answers a retry cannot change. */
export type WebhookAttempt =
  | { ok: true; status: number }
  | { ok: false; status: number | null; retryable: boolean; error: string };

export interface WebhookRequest {
  url: string;
  /** Serialized once, so the signature covers exactly the bytes sent. */
  payload: unknown;
  secret: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** POSTs a signed JSON body; never throws (the caller records the attempt and schedules a retry). */
export async function postSignedJson(request: WebhookRequest): Promise<WebhookAttempt> {
  const body = JSON.stringify(request.payload);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(request.secret, body),
        ...traceHeader(),
        ...request.headers,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? 5_000),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    // 4xx other than 408/429 means the receiver refuses this body: retrying cannot help.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, status: response.status, retryable, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, status: null, retryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, capped, with
 * full jitter so that many failing deliveries do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, baseMs = 1_000, capMs = 15 * 60_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
