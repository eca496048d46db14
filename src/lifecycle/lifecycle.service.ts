import type { AttachmentsService } from '../attachments/attachments.service.js';
import type { Viewer } from '../auth/auth.service.js';
import type { ProfileCache } from '../auth/profiles.js';
import type { UsersStore } from '../auth/users.store.js';
import { AppError, notFound } from '../graphql/errors.js';
import { accountKeyOf } from '../limits/rate-limits.js';
import type { Logger } from '../logger.js';
import { deleteUserKeys, emptyReadModels } from '../redis/user-keys.js';
import type { RedisService } from '../redis/redis.service.js';
import { encodeCursor } from '../shared/cursor.js';
import type { AuditLog } from './audit.js';
import type { LifecycleStore, RetentionPolicy } from './lifecycle.store.js';

export type PolicyInput = Omit<RetentionPolicy, 'tenantId' | 'updatedAt'>;

/** A cursor below the compacted part of the log: the client refetches from scratch (docs/security.md). */
export const cursorExpired = (floor: number) =>
  new AppError('CURSOR_EXPIRED', 'This cursor is older than the kept inbox history; refetch the inbox and resume from a new cursor.', {
    floor: encodeCursor('inbox', floor),
  });

/**
 * Data lifecycle (docs/security.md "Data lifecycle"): per-tenant retention, the floor of each
 * inbox log, per-user export and erasure, and the audit log of admin actions.
 */
export class LifecycleService {
  constructor(
    private readonly store: LifecycleStore,
    readonly audit: AuditLog,
    private readonly users: UsersStore,
    private readonly profiles: ProfileCache,
    private readonly attachments: AttachmentsService,
    private readonly redis: RedisService,
    private readonly logger: Logger,
  ) {}

  /** Throws CURSOR_EXPIRED when `since` is below the user's floor (positions compacted away). */
  async assertCursorKept(userId: number, since: number | null | undefined): Promise<void> {
    if (since === null || since === undefined) return;
    const floor = await this.store.floorOf(userId);
    if (since < floor) throw cursorExpired(floor);
  }

  async policy(admin: Viewer): Promise<RetentionPolicy> {
    return (await this.store.policy(admin.tenantId)) ?? { tenantId: admin.tenantId, messagesDays: null, transcriptsDays: null, attachmentsDays: null, inboxEventsDays: null, updatedAt: new Date(0) };
  }

  async setPolicy(admin: Viewer, policy: PolicyInput): Promise<RetentionPolicy> {
    await this.store.setPolicy(admin.tenantId, policy);
    await this.audit.record(admin, 'retention.set', `tenant:${admin.tenantId}`, { ...policy });
    return this.policy(admin);
  }

  /** A user of the caller's tenant (other tenants' ids: NOT_FOUND, like ids that do not exist). */
  private async userOfTenant(viewer: Viewer, userId: number) {
    const user = await this.users.findById(userId);
    if (!user || user.tenantId !== viewer.tenantId) throw notFound('No such user');
    return user;
  }

  /** Everything the user can see, as JSON: profile, messages received and sent, attachments (signed links), meetings. */
  async export(viewer: Viewer, userId: number): Promise<string> {
    if (userId !== viewer.id) {
      await this.userOfTenant(viewer, userId);
      await this.audit.record(viewer, 'user.export', `user:${userId}`);
    }
    const rows = await this.store.exportRows(userId);
    const user = rows.user!;
    const message = (m: (typeof rows.sent)[number]) => ({
      id: String(m.id),
      senderId: String(m.senderId),
      type: m.type,
      priority: m.priority,
      content: m.recalledAt ? '' : m.content,
      forwardComment: m.recalledAt ? null : m.forwardComment,
      replyToId: m.replyToId === null ? null : String(m.replyToId),
      createdAt: m.createdAt.toISOString(),
      recalledAt: m.recalledAt?.toISOString() ?? null,
      attachmentIds: rows.files.filter((f) => f.messageId === m.id && !m.recalledAt).map((f) => String(f.attachment.id)),
    });
    const files = new Map([...rows.files.map((f) => f.attachment), ...rows.uploads].map((a) => [a.id, a]));
    return JSON.stringify({
      exportedAt: new Date().toISOString(),
      user: { id: String(user.id), tenant: user.tenantId, username: user.username, displayName: user.displayName, role: user.role, createdAt: user.createdAt.toISOString(), settings: user.settings },
      lastSeenAt: rows.presence?.lastSeenAt.toISOString() ?? null,
      messagesReceived: rows.received.map((r) => ({ ...message(r.message), isRead: r.isRead, readAt: r.readAt?.toISOString() ?? null, deliveredAt: r.deliveredAt?.toISOString() ?? null })),
      messagesSent: rows.sent.map(message),
      attachments: [...files.values()].map((a) => ({
        id: String(a.id),
        fileName: a.fileName,
        contentType: a.contentType,
        sizeBytes: a.sizeBytes,
        sha256: a.sha256,
        createdAt: a.createdAt.toISOString(),
        ...this.attachments.links.sign(a.id, 'file'),
      })),
      meetings: rows.meetings.map((m) => ({ id: String(m.id), title: m.title, createdAt: m.createdAt.toISOString() })),
    });
  }

  /**
   * Erases a user of the admin's tenant: their own rows go, the messages they sent become
   * tombstones, their row is anonymized, their uploads' bytes and Redis keys are deleted.
   */
  async erase(admin: Viewer, userId: number): Promise<{ messagesRedacted: number }> {
    const user = await this.userOfTenant(admin, userId);
    const names = [user.username, user.displayName];
    const result = await this.store.erase(userId, user.tenantId, names, new Date());
    await this.attachments.deleteBytes(result.uploads).catch((error: unknown) => this.logger.error({ err: error, userId }, 'erasure: deleting upload bytes failed'));
    await this.profiles.invalidate(userId);
    await deleteUserKeys(this.redis, userId, {
      patterns: [`rl:*:${accountKeyOf(user.tenantId, user.username)}`],
      keys: result.sentMessageIds.map((id) => `message_delivery_status:${id}`),
    }).catch((error: unknown) => this.logger.error({ err: error, userId }, 'erasure: deleting Redis keys failed'));
    await emptyReadModels(this.redis, result.touchedUserIds).catch(() => undefined);
    await this.audit.record(admin, 'user.erase', `user:${userId}`, { messagesRedacted: result.sentMessageIds.length });
    return { messagesRedacted: result.sentMessageIds.length };
  }
}
