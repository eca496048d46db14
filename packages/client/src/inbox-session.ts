import { print, type DocumentNode, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { defaultCursorStorage, type CursorStorage } from './cursor-storage.js';
import { graphql } from './gql/index.js';
import { planResumable, type ResumableItem, type ResumablePlan, type Variables } from './resumable-document.js';
import { readClaims } from './token.js';

// One session per signed-in user: one socket, the token, the cursors, the acknowledgements
// and the HTTP fallback. The Apollo link (apollo-link.ts) and the urql exchange
// (urql-exchange.ts) only hand their subscriptions to it.

export interface SubscriptionRequest {
  query: string | DocumentNode;
  variables?: Variables | null;
  operationName?: string | null;
}

export interface SubscriptionSink {
  next(result: FormattedExecutionResult): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * connecting → connected → reconnecting → connected …; `polling` while sockets fail and `sync`
 * over HTTP answers (while neither answers: `reconnecting`).
 */
export type SessionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'polling' | 'closed';

export interface InboxSessionOptions {
  /** The GraphQL endpoint over HTTP, e.g. https://chat.example.com/graphql. */
  url: string;
  /** The socket endpoint; `url` with ws(s):// by default. */
  wsUrl?: string;
  /** Called at every (re)connect and before the token expires; return the freshest token. */
  getToken: () => string | null | Promise<string | null>;
  /** Where cursors outlive the session: localStorage in browsers, memory elsewhere. */
  storage?: CursorStorage;
  /** Prefix of the storage keys (one key per user and subscription field). */
  storageKey?: string;
  /** Shown in presence (`connectionParams.device`). */
  device?: string;
  /** A WebSocket implementation where there is no global one (Node: the `ws` package). */
  webSocketImpl?: unknown;
  fetch?: typeof fetch;
  /** 'auto' (default): sockets, polling `sync` while they fail; 'http': polling only. */
  transport?: 'auto' | 'socket' | 'http';
  /** Failed socket attempts in a row (never connected) before polling starts. */
  fallbackAfterFailures?: number;
  pollIntervalMs?: number;
  /** How often to acknowledge what the app processed; 0 turns acknowledgements off. */
  ackEveryMs?: number;
  /** Ask for a fresh token this long before the current one expires. */
  refreshBeforeSeconds?: number;
  /** Wait before socket attempt number `attempt` (0-based). */
  retryDelayMs?: (attempt: number) => number;
  /** Errors the kit handles itself (acknowledgements, polls), for logging. */
  onError?: (error: unknown) => void;
}

export interface SessionStats {
  /** Sockets that were acknowledged by the server. */
  connects: number;
  /** Tokens replaced before they expired. */
  tokenRefreshes: number;
  /** Items dropped because the app already had them (by cursor or message id). */
  repeatsDropped: number;
  /** `sync` requests made while polling. */
  polls: number;
  /** `acknowledgeDelivery` calls that succeeded. */
  acknowledgements: number;
}

const AcknowledgeDoc = graphql(`
  mutation KitAcknowledge($upTo: String!) {
    acknowledgeDelivery(upTo: $upTo) {
      acknowledgedCount
    }
  }
`);

// Whether the server authenticates a live socket in band (a mutation `authenticate(token:)`);
// servers without it get a reconnect with the new token instead.
const MutationFieldsDoc = graphql(`
  query KitMutationFields {
    __type(name: "Mutation") {
      fields {
        name
        type {
          kind
          ofType {
            kind
          }
        }
      }
    }
  }
`);

const RETRYABLE_STREAM_CODES = new Set(['STREAM_FAILED']);
const CLOSE_TOKEN_REFRESHED = 4000;

const defaultRetryDelay = (attempt: number) => Math.min(250 * 2 ** attempt, 5000) + Math.floor(Math.random() * 250);
const errorCodes = (errors: readonly GraphQLFormattedError[] | undefined) => (errors ?? []).map((e) => e.extensions?.code);

/** Insertion-ordered set that forgets its oldest entries past `max`. */
class RecentSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.items.has(key);
  }
  add(key: string): void {
    this.items.add(key);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value!);
  }
}

export class InboxSession {
  readonly stats: SessionStats = { connects: 0, tokenRefreshes: 0, repeatsDropped: 0, polls: 0, acknowledgements: 0 };
  private statusValue: SessionStatus = 'idle';
  private readonly statusListeners = new Set<(status: SessionStatus) => void>();
  private readonly resumables = new Set<ResumableSubscription>();
  private client: Client | null = null;
  private socket: { close(code?: number, reason?: string): void } | null = null;
  private connected = false;
  private failuresInARow = 0;
  /** Polling `sync` instead of the socket (sockets failing, or transport 'http'). */
  private polling = false;
  private token: string | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private ackTimer: ReturnType<typeof setInterval> | null = null;
  private pendingAck: string | null = null;
  private inBandAuth: Promise<{ selection: string } | null> | null = null;
  private closed = false;
  readonly storage: CursorStorage;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: InboxSessionOptions) {
    this.storage = options.storage ?? defaultCursorStorage();
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    const ackEveryMs = options.ackEveryMs ?? 250;
    if (ackEveryMs > 0) this.ackTimer = setInterval(() => void this.flushAcknowledgement(), ackEveryMs);
  }

  get status(): SessionStatus {
    return this.statusValue;
  }

  /** Calls `listener` with every status change; returns the function that stops it. */
  onStatus(listener: (status: SessionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * A subscription over the session. `inboxEvents` and `messageReceived` are resumed from
   * their cursor after every reconnect, with repeats dropped; anything else goes to the
   * socket as it is. Returns the function that ends it.
   */
  subscribe(request: SubscriptionRequest, appSink: SubscriptionSink): () => void {
    const sink = normalizedSink(appSink);
    const plan = planResumable(request.query, request.operationName);
    if (!plan) {
      if (this.options.transport === 'http') {
        sink.error(new Error('this subscription needs a socket (transport: "http")'));
        return () => undefined;
      }
      const query = typeof request.query === 'string' ? request.query : print(request.query);
      return this.ensureClient().subscribe({ query, variables: request.variables ?? {}, operationName: request.operationName ?? undefined }, sink);
    }
    const resumable = new ResumableSubscription(this, plan, request, sink);
    this.resumables.add(resumable);
    void resumable.start();
    return () => {
      resumable.stop();
      this.resumables.delete(resumable);
    };
  }

  /** A query or mutation over HTTP with the session's token. */
  async execute<TResult = Record<string, unknown>>(
    query: string | DocumentNode,
    variables: Variables = {},
  ): Promise<FormattedExecutionResult<TResult>> {
    const response = await this.fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
    });
    return (await response.json()) as FormattedExecutionResult<TResult>;
  }

  /** `fetch` with `Authorization: Bearer <fresh token>`: give it to HttpLink or urql's fetchExchange. */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const token = await this.freshToken();
    if (token) headers.set('authorization', `Bearer ${token}`);
    return this.fetchImpl(input, { ...init, headers });
  };

  /** Marks everything up to `cursor` delivered (sent within `ackEveryMs`). */
  acknowledge(cursor: string): void {
    this.pendingAck = cursor;
  }

  /** Ends every subscription, sends the last acknowledgement and closes the socket. */
  async close(): Promise<void> {
    this.closed = true;
    for (const resumable of this.resumables) resumable.stop();
    this.resumables.clear();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.ackTimer) clearInterval(this.ackTimer);
    await this.flushAcknowledgement();
    // dispose waits for a socket still connecting, and rejects when that attempt fails.
    await Promise.resolve(this.client?.dispose()).catch(() => undefined);
    this.client = null;
    this.setStatus('closed');
  }

  // ---- for ResumableSubscription ----

  /** Starts (or restarts) a resumable subscription on the transport in use now. */
  attach(resumable: ResumableSubscription): void {
    if (this.closed) return;
    if (this.options.transport === 'http') {
      this.startPolling();
      return;
    }
    const client = this.ensureClient();
    if (this.connected) resumable.subscribeOn(client);
    else if (this.polling) this.schedulePoll(0);
  }

  /** The storage key of a subscription field for the token's user. */
  async storageKeyFor(field: string): Promise<string> {
    const token = await this.freshToken();
    const user = token ? readClaims(token).sub : null;
    return `${this.options.storageKey ?? 'mm-inbox'}:${user ?? 'anonymous'}:${field}`;
  }

  reportError(error: unknown): void {
    this.options.onError?.(error);
  }

  // ---- socket ----

  private ensureClient(): Client {
    if (this.client) return this.client;
    const wsUrl = this.options.wsUrl ?? this.options.url.replace(/^http/, 'ws');
    const retryDelay = this.options.retryDelayMs ?? defaultRetryDelay;
    if (this.statusValue === 'idle') this.setStatus('connecting');
    const client = createClient({
      url: wsUrl,
      webSocketImpl: this.options.webSocketImpl,
      // Connected for the whole session: the resumable subscriptions are made on 'connected'.
      lazy: false,
      onNonLazyError: (error) => {
        this.reportError(error);
        this.replaceClient(client);
      },
      retryAttempts: Number.POSITIVE_INFINITY,
      // Every drop is retried: 1001 (server restarting), 1006 (killed), 4403 (expired token).
      shouldRetry: () => true,
      retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
      connectionAckWaitTimeout: 10_000,
      keepAlive: 15_000,
      connectionParams: async () => {
        const token = await this.freshToken();
        return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(this.options.device ? { device: this.options.device } : {}) };
      },
      on: {
        opened: (socket) => {
          this.socket = socket as { close(code?: number, reason?: string): void };
        },
        connected: () => this.onConnected(),
        closed: () => this.onClosed(),
      },
    });
    this.client = client;
    return client;
  }

  /**
   * graphql-ws stops retrying after some close codes (4400, 4401, 4409, 4429, 4500, and 1002,
   * 1003, 1007–1011: a server's internal error, a frame the client could not read) and calls
   * onNonLazyError. The session does not give up: a new client after the retry delay, with
   * the subscriptions resumed from their cursors once it connects; polling meanwhile, as for
   * any failing socket.
   */
  private replaceClient(failed: Client): void {
    if (this.client !== failed) return;
    this.client = null;
    void Promise.resolve(failed.dispose()).catch(() => undefined);
    if (this.closed) return;
    const retryDelay = this.options.retryDelayMs ?? defaultRetryDelay;
    setTimeout(() => {
      if (!this.closed && !this.client) this.ensureClient();
    }, retryDelay(this.failuresInARow));
  }

  private onConnected(): void {
    this.connected = true;
    this.failuresInARow = 0;
    this.stats.connects += 1;
    this.polling = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.setStatus('connected');
    for (const resumable of this.resumables) resumable.subscribeOn(this.client!);
    this.scheduleRefresh();
  }

  private onClosed(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.socket = null;
    // graphql-ws would resubscribe with the first variables; the kit resubscribes itself,
    // from each subscription's cursor, once the next socket is acknowledged.
    for (const resumable of this.resumables) resumable.detachSocket();
    if (this.closed) return;
    if (!wasConnected) this.failuresInARow += 1;
    const fallback = this.options.fallbackAfterFailures ?? 2;
    // The status says 'polling' once a poll has answered (pollAll).
    if (!this.polling) this.setStatus('reconnecting');
    if (this.options.transport !== 'socket' && this.failuresInARow >= fallback) this.startPolling();
  }

  // ---- tokens ----

  private async freshToken(): Promise<string | null> {
    const refreshBeforeMs = (this.options.refreshBeforeSeconds ?? 30) * 1000;
    const exp = this.token ? readClaims(this.token).exp : null;
    if (!this.token || (exp !== null && exp * 1000 - Date.now() < refreshBeforeMs)) {
      this.token = await this.options.getToken();
    }
    return this.token;
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    const exp = this.token ? readClaims(this.token).exp : null;
    if (exp === null) return;
    const refreshBeforeMs = (this.options.refreshBeforeSeconds ?? 30) * 1000;
    const delay = Math.max(exp * 1000 - refreshBeforeMs - Date.now(), 1000);
    this.refreshTimer = setTimeout(() => void this.refreshToken().catch((error: unknown) => this.reportError(error)), delay);
  }

  private async refreshToken(): Promise<void> {
    const previous = this.token;
    const next = await this.options.getToken();
    // No newer token: the server closes the socket at expiry and the reconnect asks again.
    if (!next || next === previous || this.closed) return;
    this.token = next;
    this.stats.tokenRefreshes += 1;
    const inBand = this.connected ? await this.inBandAuthentication() : null;
    if (inBand && this.client) {
      // Untested against this server until it has `authenticate(token:)`.
      const result = await socketExecute(this.client, `mutation KitAuthenticate($token: String!) { authenticate(token: $token)${inBand.selection} }`, { token: next });
      if (!result.errors?.length) {
        this.scheduleRefresh();
        return;
      }
    }
    // Reconnect with the new token; the subscriptions resume from their cursors.
    this.socket?.close(CLOSE_TOKEN_REFRESHED, 'Token refreshed');
  }

  private inBandAuthentication(): Promise<{ selection: string } | null> {
    this.inBandAuth ??= socketExecute(this.client!, print(MutationFieldsDoc))
      .then((result) => {
        const fields = (result.data as { __type?: { fields?: Array<{ name: string; type: { kind: string; ofType: { kind: string } | null } }> | null } | null } | undefined)
          ?.__type?.fields;
        const field = fields?.find((f) => f.name === 'authenticate');
        if (!field) return null;
        const kind = field.type.kind === 'NON_NULL' ? field.type.ofType?.kind : field.type.kind;
        return { selection: kind === 'OBJECT' || kind === 'INTERFACE' || kind === 'UNION' ? ' { __typename }' : '' };
      })
      .catch(() => null);
    return this.inBandAuth;
  }

  // ---- acknowledgements ----

  private async flushAcknowledgement(): Promise<void> {
    const upTo = this.pendingAck;
    if (!upTo) return;
    this.pendingAck = null;
    try {
      const result =
        this.connected && this.client
          ? await socketExecute(this.client, print(AcknowledgeDoc), { upTo })
          : await this.execute(AcknowledgeDoc, { upTo });
      if (result.errors?.length) throw new Error(`acknowledgeDelivery: ${JSON.stringify(result.errors)}`);
      this.stats.acknowledgements += 1;
    } catch (error) {
      this.pendingAck ??= upTo;
      this.reportError(error);
    }
  }

  // ---- polling ----

  private startPolling(): void {
    if (this.polling) return;
    this.polling = true;
    this.schedulePoll(0);
  }

  private schedulePoll(delayMs: number): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setTimeout(() => {
      void this.pollAll().finally(() => {
        this.pollTimer = null;
        if (this.polling) this.schedulePoll(this.options.pollIntervalMs ?? 2000);
      });
    }, delayMs);
  }

  private async pollAll(): Promise<void> {
    let answered = this.resumables.size > 0;
    for (const resumable of this.resumables) {
      if (!this.polling) return;
      try {
        await resumable.poll();
      } catch (error) {
        answered = false;
        this.reportError(error);
      }
    }
    if (this.polling && !this.closed) this.setStatus(answered ? 'polling' : 'reconnecting');
  }

  private setStatus(status: SessionStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/**
 * What graphql-ws reports as an error (the server's error list, a close event) reaches the
 * app as a GraphQL result with errors, or as an Error: what Apollo and urql expect.
 */
function normalizedSink(sink: SubscriptionSink): SubscriptionSink {
  return {
    next: (result) => sink.next(result),
    complete: () => sink.complete(),
    error: (error) => {
      if (Array.isArray(error)) {
        sink.next({ errors: error as GraphQLFormattedError[] });
        sink.complete();
      } else if (error instanceof Error) {
        sink.error(error);
      } else {
        const close = error as { code?: unknown; reason?: unknown };
        sink.error(new Error(`socket closed: ${String(close.code)} ${String(close.reason)}`));
      }
    },
  };
}

/** One query or mutation over the socket. */
function socketExecute(client: Client, query: string, variables: Variables = {}): Promise<FormattedExecutionResult> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult | null = null;
    client.subscribe<Record<string, unknown>, Record<string, unknown>>(
      { query, variables },
      {
        next: (value) => void (result = value),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('no result'))),
      },
    );
  });
}

/** An inbox subscription that survives reconnects: its cursor, its repeats, its transport. */
class ResumableSubscription {
  private cursor: string | null = null;
  private cursorFromStorage = false;
  private catchingUpUnread = false;
  private key = '';
  private readonly seen = new RecentSet(5000);
  private disposeSocket: (() => void) | null = null;
  private stopped = false;
  private started = false;

  constructor(
    private readonly session: InboxSession,
    private readonly plan: ResumablePlan,
    private readonly request: SubscriptionRequest,
    private readonly sink: SubscriptionSink,
  ) {}

  async start(): Promise<void> {
    this.key = await this.session.storageKeyFor(this.plan.field);
    const stored = await this.session.storage.get(this.key);
    this.cursorFromStorage = stored !== null;
    this.cursor = stored ?? this.plan.appSince(this.request.variables ?? {});
    // messageReceived without a cursor starts with the unread messages; polling does the same.
    this.catchingUpUnread = this.cursor === null && this.plan.field === 'messageReceived';
    this.started = true;
    if (!this.stopped) this.session.attach(this);
  }

  stop(): void {
    this.stopped = true;
    this.detachSocket();
  }

  subscribeOn(client: Client): void {
    if (!this.started || this.stopped) return;
    this.detachSocket();
    let failed = false;
    const dispose = client.subscribe<Record<string, unknown>, Record<string, unknown>>(
      {
        query: this.plan.subscription,
        variables: { ...(this.request.variables ?? {}), [this.plan.sinceVariable]: this.cursor },
        operationName: this.request.operationName ?? undefined,
      },
      {
        next: (result) => {
          const item = this.plan.fromSubscription(result.data);
          if (item) return this.deliver(item);
          if (this.shouldRetry(result.errors)) failed = true;
          else this.sink.next(result);
        },
        error: (error) => {
          if (this.disposeSocket !== dispose) return;
          this.disposeSocket = null;
          if (failed || (Array.isArray(error) && this.shouldRetry(error as GraphQLFormattedError[]))) this.retryLater(client);
          else this.end(() => this.sink.error(error));
        },
        complete: () => {
          if (this.disposeSocket !== dispose) return;
          this.disposeSocket = null;
          if (failed) this.retryLater(client);
          else this.end(() => this.sink.complete());
        },
      },
    );
    this.disposeSocket = dispose;
  }

  detachSocket(): void {
    const dispose = this.disposeSocket;
    this.disposeSocket = null;
    dispose?.();
  }

  /** One round of `sync` pages from the cursor, handed on like pushes. */
  async poll(): Promise<void> {
    if (!this.started || this.stopped) return;
    const { [this.plan.sinceVariable]: _since, ...variables } = this.request.variables ?? {};
    for (let page = 0; page < 20 && !this.stopped; page++) {
      const result = await this.session.execute(this.plan.sync, { ...variables, _kitSyncSince: this.cursor });
      this.session.stats.polls += 1;
      const events = this.plan.fromSync(result.data, this.catchingUpUnread);
      if (!events) {
        // A stored cursor the server refuses is dropped (shouldRetry); anything else is
        // reported and polled again next round.
        if (this.shouldRetry(result.errors)) continue;
        throw new Error(`sync failed: ${JSON.stringify(result.errors ?? result)}`);
      }
      for (const item of events.items) this.deliver(item);
      this.cursor = events.cursor;
      if (!events.hasMore) {
        this.catchingUpUnread = false;
        return;
      }
    }
  }

  private deliver(item: ResumableItem): void {
    if (this.stopped) return;
    if (item.positionless) {
      this.sink.next({ data: { [this.plan.responseKey]: item.value } });
      return;
    }
    const byCursor = `c:${item.cursor}`;
    const byId = item.id ? `i:${item.id}` : null;
    if (this.seen.has(byCursor) || (byId && this.seen.has(byId))) {
      this.session.stats.repeatsDropped += 1;
      return;
    }
    this.seen.add(byCursor);
    if (byId) this.seen.add(byId);
    this.cursor = item.cursor;
    this.cursorFromStorage = false;
    this.sink.next({ data: { [this.plan.responseKey]: item.value } });
    // Handed on: the app has it. Remember it for the next start and acknowledge it.
    void Promise.resolve(this.session.storage.set(this.key, item.cursor)).catch((error: unknown) => this.session.reportError(error));
    this.session.acknowledge(item.cursor);
  }

  /** A stream that failed on the server (STREAM_FAILED) is resumed; a stored cursor the server refuses is dropped once. */
  private shouldRetry(errors: readonly GraphQLFormattedError[] | undefined): boolean {
    const codes = errorCodes(errors);
    if (codes.some((code) => typeof code === 'string' && RETRYABLE_STREAM_CODES.has(code))) return true;
    if (this.cursorFromStorage && codes.includes('BAD_USER_INPUT')) {
      this.forgetStoredCursor();
      return true;
    }
    return false;
  }

  private forgetStoredCursor(): void {
    this.cursorFromStorage = false;
    this.cursor = this.plan.appSince(this.request.variables ?? {});
    this.catchingUpUnread = this.cursor === null && this.plan.field === 'messageReceived';
  }

  private retryLater(client: Client): void {
    setTimeout(() => {
      if (!this.stopped && !this.disposeSocket) this.subscribeOn(client);
    }, 500);
  }

  private end(notify: () => void): void {
    if (this.stopped) return;
    this.stopped = true;
    notify();
  }
}
