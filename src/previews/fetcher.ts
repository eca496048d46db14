import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRange, hostOf } from './address-policy.js';
import { previewFromHtml } from './html-preview.js';
import type { LinkPreview } from './link-preview.js';

/**
 * Fetches the page behind a link for its preview. A message's author chooses the URL, so this
 * is a server-side request forgery target, and every rule here is about that
 * (docs/link-previews.md):
 *
 * - it resolves the host itself (all addresses) and refuses the request when any address is
 *   not public unicast (address-policy.ts); an IP literal is judged without a lookup, so a
 *   refused address is never connected to;
 * - it connects to the address it checked: the request's `lookup` answers with that address
 *   only, so nothing resolves the name a second time between the check and the connect (DNS
 *   rebinding); the Host header and TLS name stay the URL's;
 * - it follows redirects itself, each hop checked the same way, at most `maxRedirects`;
 * - ports other than 80 and 443 are refused; only `text/html` is read, without compression,
 *   at most `maxBytes`, and the whole fetch, redirects included, ends after `timeoutMs`.
 *
 * `allowHosts` (LINK_PREVIEW_ALLOW_HOSTS) is for tests and development only: a hop whose host
 * (name or IP literal, as written in the URL) is listed skips the address and port checks
 * — its resolved address is still pinned. Each hop is judged by its own host, so an allowed
 * name that redirects elsewhere is checked again there.
 */

/** Every address of a name, like dns.lookup(name, { all: true }). */
export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** Sends one request (the seam tests use to prove that a refused URL is never connected to). */
export type RequestFn = (url: URL, options: RequestOptions) => ClientRequest;

export interface FetcherOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** TEST/DEVELOPMENT ONLY: hosts exempt from the address and port checks. */
  allowHosts?: readonly string[];
  /** Defaults to the system resolver (dns.lookup with all addresses). */
  lookup?: LookupAll;
  /** Defaults to http.request / https.request by the URL's scheme. */
  request?: RequestFn;
  userAgent?: string;
  /** Ends the fetch early (the server is stopping); reported as a timeout. */
  signal?: AbortSignal;
}

export type FetchFailure =
  | 'invalid-url'
  | 'scheme'
  | 'credentials'
  | 'blocked-address'
  | 'port'
  | 'dns'
  | 'too-many-redirects'
  | 'status'
  | 'content-type'
  | 'encoding'
  | 'timeout'
  | 'network'
  | 'no-metadata';

export type FetchPageResult =
  | { ok: true; url: string; html: string; bytes: number; truncated: boolean }
  | { ok: false; reason: FetchFailure; detail?: string };

export type FetchPreviewResult = { ok: true; preview: LinkPreview } | { ok: false; reason: FetchFailure; detail?: string };

const DEFAULT_USER_AGENT = 'MeetingAssistantMessaging-LinkPreview/1.0';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const defaultRequest: RequestFn = (url, options) =>
  url.protocol === 'https:' ? https.request(url, options) : http.request(url, options);

/** The preview of the page behind `link`, or why there is none. Never throws. */
export async function fetchLinkPreview(link: string, options: FetcherOptions): Promise<FetchPreviewResult> {
  const page = await fetchPage(link, options);
  if (!page.ok) return page;
  const preview = previewFromHtml(page.html, page.url, link);
  return preview ? { ok: true, preview } : { ok: false, reason: 'no-metadata' };
}

/** The HTML behind `link` (following checked redirects), or why it was not read. Never throws. */
export async function fetchPage(link: string, options: FetcherOptions): Promise<FetchPageResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const stop = () => deadline.abort();
  if (options.signal?.aborted) deadline.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return { ok: false, reason: 'invalid-url' };
    }
    for (let redirects = 0; ; redirects++) {
      const target = await checkedTarget(url, options, deadline.signal);
      if ('reason' in target) return { ok: false, ...target };
      const hop = await requestOnce(url, target, options, deadline.signal);
      if (hop.kind === 'failure') return { ok: false, reason: hop.reason, detail: hop.detail };
      if (hop.kind === 'page') return { ok: true, url: url.href, html: hop.html, bytes: hop.bytes, truncated: hop.truncated };
      if (redirects >= options.maxRedirects) return { ok: false, reason: 'too-many-redirects' };
      try {
        url = new URL(hop.location, url);
      } catch {
        return { ok: false, reason: 'invalid-url', detail: 'redirect' };
      }
    }
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, reason: 'timeout' };
    return { ok: false, reason: 'network', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

interface Target {
  address: string;
  family: number;
}

/** Where one hop may connect, or why it may not; resolves names, never connects. */
async function checkedTarget(url: URL, options: FetcherOptions, signal: AbortSignal): Promise<Target | { reason: FetchFailure; detail?: string }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: 'scheme', detail: url.protocol };
  if (url.username !== '' || url.password !== '') return { reason: 'credentials' };
  const host = hostOf(url);
  const allowed = options.allowHosts?.includes(host) ?? false;
  const literal = isIP(host);
  let addresses: Array<{ address: string; family: number }>;
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await abortable((options.lookup ?? systemLookup)(host), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return { reason: 'dns', detail: (error as Error).message };
    }
    if (addresses.length === 0) return { reason: 'dns', detail: 'no address' };
  }
  if (!allowed) {
    // One private address among public ones is enough to refuse: the connection must not
    // depend on which of them a resolver happens to put first.
    const blocked = addresses.find((a) => addressRange(a.address) !== 'unicast');
    if (blocked) return { reason: 'blocked-address', detail: `${host} → ${blocked.address} (${addressRange(blocked.address)})` };
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (port !== 80 && port !== 443) return { reason: 'port', detail: String(port) };
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for the request that answers with the checked address whatever it is asked. */
function pinnedLookup(target: Target): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

type Hop =
  | { kind: 'page'; html: string; bytes: number; truncated: boolean }
  | { kind: 'redirect'; location: string }
  | { kind: 'failure'; reason: FetchFailure; detail?: string };

function requestOnce(url: URL, target: Target, options: FetcherOptions, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const request = (options.request ?? defaultRequest)(url, {
      method: 'GET',
      // A connection of its own: a pooled socket could lead to an address checked for another request.
      agent: false,
      lookup: pinnedLookup(target),
      signal,
      headers: {
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        accept: 'text/html',
        'accept-encoding': 'identity',
      },
    });
    request.on('error', reject);
    request.once('response', (response: IncomingMessage) => {
      // Errors while reading reach readResponse's loop; later ones (after a destroy) are of no interest.
      response.on('error', () => undefined);
      readResponse(response, options.maxBytes).then(resolve, reject);
    });
    request.end();
  });
}

async function readResponse(response: IncomingMessage, maxBytes: number): Promise<Hop> {
  const status = response.statusCode ?? 0;
  if (REDIRECTS.has(status)) {
    response.destroy();
    const location = response.headers.location;
    return location ? { kind: 'redirect', location } : { kind: 'failure', reason: 'status', detail: String(status) };
  }
  if (status < 200 || status >= 300) {
    response.destroy();
    return { kind: 'failure', reason: 'status', detail: String(status) };
  }
  const contentType = response.headers['content-type'] ?? '';
  const [mediaType, ...params] = contentType.split(';').map((part) => part.trim());
  if (mediaType?.toLowerCase() !== 'text/html') {
    response.destroy();
    return { kind: 'failure', reason: 'content-type', detail: mediaType || '(none)' };
  }
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    response.destroy();
    return { kind: 'failure', reason: 'encoding', detail: encoding };
  }

  const chunks: Buffer[] = [];
  let bytes = 0;
  let truncated = false;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    const room = maxBytes - bytes;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      bytes += room;
      truncated = chunk.length > room || !response.complete;
      break;
    }
    chunks.push(chunk);
    bytes += chunk.length;
  }
  // Stop reading: whatever the server still sends is not wanted.
  response.destroy();
  const charset = params.find((p) => p.toLowerCase().startsWith('charset='))?.slice(8).replace(/^"|"$/g, '');
  return { kind: 'page', html: decode(Buffer.concat(chunks), charset), bytes, truncated };
}

function decode(body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    // An unknown label: read it as UTF-8 (invalid bytes become U+FFFD).
    return new TextDecoder('utf-8').decode(body);
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (a lookup cannot be cancelled, only left behind). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
