import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { messageRenderings, messageTemplates } from '../db/schema.js';

export type TemplateRow = typeof messageTemplates.$inferSelect;
export type RenderingRow = typeof messageRenderings.$inferSelect;

/** Message templates of a tenant and the per-recipient renderings of templated messages. */
export class TemplatesStore {
  constructor(private readonly db: Database) {}

  async save(template: { tenantId: string; name: string; variables: string[]; texts: Record<string, string>; updatedBy: number }): Promise<void> {
    await this.db
      .insert(messageTemplates)
      .values(template)
      .onDuplicateKeyUpdate({
        set: { variables: template.variables, texts: template.texts, updatedBy: template.updatedBy, updatedAt: sql`CURRENT_TIMESTAMP(3)` },
      });
  }

  async find(tenantId: string, name: string): Promise<TemplateRow | undefined> {
    const [row] = await this.db
      .select()
      .from(messageTemplates)
      .where(and(eq(messageTemplates.tenantId, tenantId), eq(messageTemplates.name, name)))
      .limit(1);
    return row;
  }

  async list(tenantId: string): Promise<TemplateRow[]> {
    return this.db.select().from(messageTemplates).where(eq(messageTemplates.tenantId, tenantId)).orderBy(messageTemplates.name);
  }

  async saveRenderings(rows: RenderingRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insert(messageRenderings).values(rows).onDuplicateKeyUpdate({ set: { text: sql`${messageRenderings.text}` } });
  }

  /** The viewer's renderings of these messages (one query for a page). */
  async renderingsFor(recipientId: number, messageIds: readonly number[]): Promise<RenderingRow[]> {
    if (messageIds.length === 0) return [];
    return this.db
      .select()
      .from(messageRenderings)
      .where(and(eq(messageRenderings.recipientId, recipientId), inArray(messageRenderings.messageId, [...messageIds])));
  }

  async templateNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select({ id: messageTemplates.id, name: messageTemplates.name }).from(messageTemplates).where(inArray(messageTemplates.id, [...ids]));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
