import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import type { WebhookDeliveryState, WebhookEvent } from '../db/schema.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { InboxChange } from '../inbox/inbox-events.js';
import type { MessageRow } from '../inbox/inbox.store.js';
import type { AuditLog } from '../lifecycle/audit.js';
import type { UsersStore } from '../auth/users.store.js';
import type { Logger } from '../logger.js';
import { postSignedJson, retryDelayMs } from '../outbound/webhook.js';
import { isPublicAddress } from '../previews/address-policy.js';
import type { NewDelivery, WebhookDeliveryRow, WebhookRow, WebhooksStore } from './webhooks.store.js';

/** How long a registration list of a tenant is reused before it is read again. */
const REGISTRATIONS_TTL_MS = 5_000;
const BATCH = 50;

/**
 * Outgoing webhooks of tenants (docs/security.md "Webhooks"): message and delivery events are
 * written to the delivery log right after their commit, and a background loop POSTs each,
 * signed (src/outbound/signature.ts), retrying with backoff up to WEBHOOK_MAX_ATTEMPTS; then the
 * delivery is DEAD (the dead-letter list) until an admin replays it.
 */
export class WebhooksService {
  private readonly registrations = new Map<string, { rows: WebhookRow[]; readAt: number }>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: WebhooksStore,
    private readonly audit: AuditLog,
    /** A READ change names only the reader: its tenant is read from here. */
    private readonly users: Pick<UsersStore, 'findById'>,
    private readonly config: AppConfig['webhooks'] & { production: boolean },
    private readonly logger: Logger,
  ) {}

  // ---- what admins do ---------------------------------------------------------------------

  async create(admin: Viewer, input: { url: string; events: WebhookEvent[] }): Promise<{ webhook: WebhookRow; secret: string }> {
    await this.checkUrl(input.url);
    const secret = randomBytes(32).toString('base64url');
    const webhook = await this.store.create({ tenantId: admin.tenantId, url: input.url, secret, events: [...new Set(input.events)], createdBy: admin.id });
    this.registrations.delete(admin.tenantId);
    await this.audit.record(admin, 'webhook.create', `webhook:${webhook.id}`, { url: input.url, events: webhook.events });
    return { webhook, secret };
  }

  list(admin: Viewer): Promise<WebhookRow[]> {
    return this.store.listByTenant(admin.tenantId);
  }

  async delete(admin: Viewer, id: number): Promise<boolean> {
    const deleted = await this.store.delete(admin.tenantId, id);
    this.registrations.delete(admin.tenantId);
    if (deleted) await this.audit.record(admin, 'webhook.delete', `webhook:${id}`);
    return deleted;
  }

  deliveries(admin: Viewer, filter: { webhookId?: number | null; state?: WebhookDeliveryState | null }, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.store.deliveries(admin.tenantId, filter, limit);
  }

  /** Sends a dead delivery again (its attempts start over). Other tenants' ids: NOT_FOUND. */
  async replay(admin: Viewer, id: number): Promise<WebhookDeliveryRow> {
    const existing = await this.store.findDelivery(admin.tenantId, id);
    if (!existing) throw notFound('No such webhook delivery');
    if (existing.state !== 'DEAD') throw badInput('only dead deliveries are replayed', 'id');
    await this.store.replay(admin.tenantId, id, new Date());
    await this.audit.record(admin, 'webhook.replay', `webhook_delivery:${id}`);
    this.kick();
    return (await this.store.findDelivery(admin.tenantId, id))!;
  }

  // ---- events -----------------------------------------------------------------------------

  /** The reaction to a commit (src/reactions.ts): sent, read and recalled messages. */
  async react(change: InboxChange): Promise<void> {
    if (change.kind === 'sent') {
      for (const send of change.results) {
        if (send.duplicate) continue;
        await this.emit(send.message.tenantId, 'message.sent', send.message.senderId, {
          message: describe(send.message),
          recipientIds: send.deliveries.map((d) => String(d.recipientId)),
        });
      }
    } else if (change.kind === 'read') {
      const tenantId = (await this.users.findById(change.userId))?.tenantId;
      if (tenantId) {
        await this.emit(tenantId, 'message.read', change.userId, {
          readerId: String(change.userId),
          messageIds: change.events.map((e) => String(e.messageId)),
          readAt: change.readAt.toISOString(),
        });
      }
    } else if (change.kind === 'recall') {
      await this.emit(change.message.tenantId, 'message.recalled', change.message.senderId, {
        messageId: String(change.message.id),
        recalledBy: change.message.recalledBy === null ? null : String(change.message.recalledBy),
        recalledAt: change.message.recalledAt?.toISOString() ?? null,
      });
    }
  }

  /** Messages a device acknowledged (src/delivery/acknowledgements.ts). */
  async delivered(viewer: Viewer, messageIds: number[]): Promise<void> {
    if (messageIds.length === 0) return;
    await this.emit(viewer.tenantId, 'message.delivered', viewer.id, {
      recipientId: String(viewer.id),
      messageIds: messageIds.map(String),
      deliveredAt: new Date().toISOString(),
    });
  }

  /** A message the delivery queue gave up pushing (its dead-letter stream). */
  async failed(message: Pick<MessageRow, 'id' | 'tenantId' | 'senderId'>, recipientIds: number[]): Promise<void> {
    await this.emit(message.tenantId, 'message.failed', message.senderId, { messageId: String(message.id), recipientIds: recipientIds.map(String) });
  }

  private async emit(tenantId: string, event: WebhookEvent, subjectUserId: number, data: Record<string, unknown>): Promise<void> {
    const hooks = (await this.registrationsOf(tenantId)).filter((w) => w.enabled && w.events.includes(event));
    if (hooks.length === 0) return;
    const rows: NewDelivery[] = hooks.map((w) => ({ webhookId: w.id, tenantId, event, subjectUserId, payload: { ...data, occurredAt: new Date().toISOString() } }));
    await this.store.enqueue(rows);
    this.kick();
  }

  private async registrationsOf(tenantId: string): Promise<WebhookRow[]> {
    const cached = this.registrations.get(tenantId);
    if (cached && Date.now() - cached.readAt < REGISTRATIONS_TTL_MS) return cached.rows;
    const rows = await this.store.listByTenant(tenantId);
    this.registrations.set(tenantId, { rows, readAt: Date.now() });
    return rows;
  }

  // ---- the sender loop --------------------------------------------------------------------

  start(): void {
    if (this.config.pollMs > 0 && !this.timer) this.timer = setInterval(() => this.kick(), this.config.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Sends what is due now; a call while sending runs the loop once more afterwards. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook deliveries failed'))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const now = new Date();
      const due = await this.store.due(now, BATCH);
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((row) => this.attempt(row, now)));
      if (due.length < BATCH) return;
    }
  }

  private async attempt(row: WebhookDeliveryRow, now: Date): Promise<void> {
    if (!(await this.store.claim(row, new Date(now.getTime() + this.config.timeoutMs + 5_000)))) return;
    const webhook = await this.store.webhookById(row.webhookId);
    if (!webhook) return;
    const result = await postSignedJson({
      url: webhook.url,
      secret: webhook.secret,
      timeoutMs: this.config.timeoutMs,
      payload: { id: String(row.id), event: row.event, tenantId: row.tenantId, createdAt: row.createdAt.toISOString(), attempt: row.attempts + 1, data: row.payload },
      headers: { 'x-webhook-id': String(row.id), 'x-webhook-event': row.event },
    });
    const attempts = row.attempts + 1;
    if (result.ok) {
      await this.store.recordAttempt(row.id, { state: 'DELIVERED', attempts, status: result.status, error: null, nextAttemptAt: new Date(), deliveredAt: new Date() });
      return;
    }
    const dead = !result.retryable || attempts >= this.config.maxAttempts;
    const next = new Date(Date.now() + retryDelayMs(attempts, this.config.retryBaseMs));
    await this.store.recordAttempt(row.id, { state: dead ? 'DEAD' : 'PENDING', attempts, status: result.status, error: result.error, nextAttemptAt: next, deliveredAt: null });
    if (dead) this.logger.warn({ delivery: row.id, webhook: row.webhookId, attempts }, 'webhook delivery moved to the dead-letter list');
    else setTimeout(() => this.kick(), next.getTime() - Date.now() + 5).unref();
  }

  /** http(s) only; in production https to a public address (a tenant admin must not reach the internal network). */
  private async checkUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw badInput('url is not a URL', 'url');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('url must be http(s)', 'url');
    if (!this.config.production) return;
    if (url.protocol !== 'https:') throw badInput('url must be https', 'url');
    const addresses = await lookup(url.hostname.replace(/^\[(.*)\]$/, '$1'), { all: true }).catch(() => []);
    if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) throw badInput('url must resolve to public addresses', 'url');
  }
}

function describe(message: MessageRow): Record<string, unknown> {
  return {
    id: String(message.id),
    senderId: String(message.senderId),
    type: message.type,
    priority: message.priority,
    content: message.content,
    createdAt: message.createdAt.toISOString(),
  };
}
