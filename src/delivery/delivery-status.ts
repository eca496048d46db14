import type { ChainableCommander } from 'ioredis';
import type { Viewer } from '../auth/auth.service.js';
import { forbidden, notFound } from '../graphql/errors.js';
import type { MessageRow } from '../inbox/inbox.store.js';
import type { RedisService } from '../redis/redis.service.js';
import type { DeliveryStore } from './delivery.store.js';

export const DELIVERY_STAGES = ['QUEUED', 'PUSHED', 'DELIVERED', 'READ'] as const;
/** What `deliveryStatus` may answer: the stages, and the notification rules' states (docs/notifications.md). */
export const RECIPIENT_STATUSES = [...DELIVERY_STAGES, 'HELD', 'CONFIRMED', 'REMINDED', 'ESCALATED'] as const;
export type DeliveryStage = (typeof DELIVERY_STAGES)[number];
export type RecipientStatusName = (typeof RECIPIENT_STATUSES)[number];

/** What the notification rules know of a recipient of a message (src/notifications/). */
export interface RecipientNotice {
  /** The live push is held: until when (null: until a meeting ends). */
  held: { until: Date | null } | null;
  confirmation: { state: 'PENDING' | 'CONFIRMED' | 'REMINDED' | 'ESCALATED'; confirmedAt: Date | null; remindedAt: Date | null; escalatedAt: Date | null } | null;
}

export interface RecipientNotices {
  of(messageId: number): Promise<Map<number, RecipientNotice>>;
}

export type StageTimes = Partial<Record<DeliveryStage, Date>>;

/**
 * `message_delivery_status:{message_id}`: one hash per message, a field per recipient and
 * stage (`{recipientId}:{STAGE}` → epoch ms), so each update is a plain HSET with no read
 * first. The database stays the record of queued (the commit: the recipient row's
 * created_at), delivered and read; this adds pushed times (and delivered and read as they
 * happen). Best effort: a failed write is dropped, never retried on the hot path.
 */
export class DeliveryStatusStore {
  constructor(
    private readonly redis: RedisService,
    private readonly ttlSeconds: number,
  ) {}

  private key(messageId: number): string {
    return this.redis.key(`message_delivery_status:${messageId}`);
  }

  /** Records a stage for recipients of several messages in one pipeline. */
  async mark(stage: DeliveryStage, entries: Array<{ messageId: number; recipientIds: number[] }>, at = Date.now()): Promise<void> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected() || entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    this.addTo(pipeline, stage, entries, at);
    await pipeline.exec().catch(() => undefined);
  }

  /** Adds the writes of `mark` to a pipeline the caller sends anyway. */
  addTo(
    pipeline: ChainableCommander,
    stage: DeliveryStage,
    entries: Array<{ messageId: number; recipientIds: number[] }>,
    at = Date.now(),
  ): void {
    for (const { messageId, recipientIds } of entries) {
      if (recipientIds.length === 0) continue;
      const fields: Record<string, number> = {};
      for (const id of recipientIds) fields[`${id}:${stage}`] = at;
      pipeline.hset(this.key(messageId), fields);
      pipeline.expire(this.key(messageId), this.ttlSeconds);
    }
  }

  /** Stage times per recipient, or null when Redis cannot say. */
  async read(messageId: number): Promise<Map<number, StageTimes> | null> {
    const command = this.redis.command;
    if (!command || !this.redis.isConnected()) return null;
    let raw: Record<string, string>;
    try {
      raw = await command.hgetall(this.key(messageId));
    } catch {
      return null;
    }
    const result = new Map<number, StageTimes>();
    for (const [field, value] of Object.entries(raw)) {
      const [id, stage] = field.split(':') as [string, DeliveryStage];
      if (!DELIVERY_STAGES.includes(stage)) continue;
      const times = result.get(Number(id)) ?? {};
      times[stage] = new Date(Number(value));
      result.set(Number(id), times);
    }
    return result;
  }
}

export interface RecipientStatus {
  recipientId: number;
  stage: DeliveryStage;
  times: StageTimes;
  /** The stage, or the notification rules' state when they have one (HELD, CONFIRMED, REMINDED, ESCALATED). */
  status: RecipientStatusName;
  notice: RecipientNotice | null;
}

/**
 * Each recipient's stage of a message the viewer sent: queued → pushed → delivered → read.
 * Queued (the commit), delivered and read come from the database; pushed times from Redis
 * when it has them. Only the sender may ask; a message of another tenant does not exist.
 */
export async function recipientStatuses(
  deps: { store: DeliveryStore; status: DeliveryStatusStore; notices?: RecipientNotices },
  viewer: Viewer,
  message: MessageRow | null,
): Promise<RecipientStatus[]> {
  if (!message || message.tenantId !== viewer.tenantId) throw notFound('No such message');
  if (message.senderId !== viewer.id) throw forbidden('Only the sender sees delivery status');
  const [rows, cached, notices] = await Promise.all([
    deps.store.recipientStates(message.id),
    deps.status.read(message.id),
    deps.notices?.of(message.id) ?? null,
  ]);
  return rows.map((row) => {
    const times: StageTimes = { QUEUED: row.createdAt, ...cached?.get(row.recipientId) };
    if (row.deliveredAt) times.DELIVERED = row.deliveredAt;
    if (row.readAt) times.READ = row.readAt;
    const stage: DeliveryStage = times.READ ? 'READ' : times.DELIVERED ? 'DELIVERED' : times.PUSHED ? 'PUSHED' : 'QUEUED';
    const notice = notices?.get(row.recipientId) ?? null;
    const confirmation = notice?.confirmation?.state;
    let status: RecipientStatusName = stage;
    if (confirmation && confirmation !== 'PENDING') status = confirmation;
    else if (notice?.held && stage !== 'READ' && stage !== 'DELIVERED') status = 'HELD';
    return { recipientId: row.recipientId, stage, times, status, notice };
  });
}
