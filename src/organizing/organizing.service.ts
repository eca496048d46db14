import type { Viewer } from '../auth/auth.service.js';
import { badInput, notFound } from '../graphql/errors.js';
import type { OrganizeEvent } from '../inbox/inbox-events.js';
import type { AfterCommit } from '../inbox/inbox.service.js';
import { rankImportant, type RankedMessage } from './importance.js';
import type { ImportanceStore } from './importance.store.js';
import type { LabelChange, OrganizingStore, TagRow } from './organizing.store.js';

export interface OrganizingSettings {
  /** MAX_TAGS_PER_USER. */
  maxTagsPerUser: number;
  /** IMPORTANT_HISTORY_DAYS: how far back the important ordering looks at the user's behaviour. */
  importantHistoryDays: number;
  /** IMPORTANT_HISTORY_ROWS: at most this many of the user's newest received messages are looked at. */
  importantHistoryRows: number;
}

/**
 * Categories, tags, stars, archive and the important ordering: the recipient's own
 * organization of their inbox (docs/organizing.md). Every change is the caller's alone, takes
 * the caller's inbox sequence and is told to the reactions (read model, delivery to the
 * caller's other devices) like any inbox change.
 */
export class OrganizingService {
  constructor(
    private readonly store: OrganizingStore,
    private readonly importance: ImportanceStore,
    private readonly settings: OrganizingSettings,
    private readonly afterCommit: AfterCommit,
  ) {}

  get maxTagsPerUser(): number {
    return this.settings.maxTagsPerUser;
  }

  tags(viewer: Viewer): Promise<TagRow[]> {
    return this.store.listTags(viewer.id);
  }

  async createTag(viewer: Viewer, input: { name: string; color: string }): Promise<TagRow> {
    const now = new Date();
    const result = await this.store.createTag(viewer.id, input.name, input.color, this.settings.maxTagsPerUser, now);
    if (!result.ok) {
      if (result.reason === 'limit') throw badInput(`at most ${this.settings.maxTagsPerUser} tags per user`, 'name');
      throw badInput('you have a tag with this name already', 'name');
    }
    await this.tell(viewer, [{ kind: 'TAG', firstSeq: result.seq, seq: result.seq, tagId: result.tag.id, tag: result.tag }], []);
    return result.tag;
  }

  async updateTag(viewer: Viewer, tagId: number, patch: { name?: string; color?: string }): Promise<TagRow> {
    const result = await this.store.updateTag(viewer.id, tagId, patch, new Date());
    if (!result.ok) {
      if (result.reason === 'missing') throw notFound('No such tag');
      throw badInput('you have a tag with this name already', 'name');
    }
    await this.tell(viewer, [{ kind: 'TAG', firstSeq: result.seq, seq: result.seq, tagId, tag: result.tag }], []);
    return result.tag;
  }

  async deleteTag(viewer: Viewer, tagId: number): Promise<number> {
    const result = await this.store.deleteTag(viewer.id, tagId, new Date());
    if (!result) throw notFound('No such tag');
    await this.tell(viewer, [{ kind: 'TAG', firstSeq: result.seq, seq: result.seq, tagId, tag: null }], [{ tagId, delta: -result.unread }]);
    return tagId;
  }

  /** Applies `change` to messages of the caller's inbox; returns the ids whose state changed. */
  async label(viewer: Viewer, messageIds: readonly number[], change: LabelChange): Promise<number[]> {
    if (messageIds.length === 0) return [];
    const result = await this.store.setLabels(viewer.id, messageIds, change, new Date());
    if (!result.ok) {
      if ('noSuchTag' in result) throw notFound('No such tag');
      throw notFound(`not in your inbox: ${result.missing.slice(0, 20).join(', ')}`);
    }
    const events: OrganizeEvent[] = result.changed.map((c) => ({ kind: 'LABELS', firstSeq: c.seq, ...c }));
    await this.tell(viewer, events, result.tagDeltas, change.kind !== 'tag');
    return result.changed.map((c) => c.messageId);
  }

  settingsOf(viewer: Viewer): Promise<{ importantFirst: boolean }> {
    return this.store.settings(viewer.id);
  }

  async setImportantFirst(viewer: Viewer, on: boolean): Promise<{ importantFirst: boolean }> {
    await this.store.setImportantFirst(viewer.id, on);
    return { importantFirst: on };
  }

  /**
   * The caller's unread, not archived messages, most important first (docs/organizing.md),
   * at most `first`. With the setting off: newest first and no reasons.
   */
  async important(viewer: Viewer, first: number): Promise<{ enabled: boolean; items: RankedMessage[] }> {
    const { importantFirst } = await this.store.settings(viewer.id);
    const candidates = await this.importance.unreadCandidates(viewer.id, Math.max(first, 200));
    if (!importantFirst) return { enabled: false, items: candidates.slice(0, first).map((c) => ({ ...c, score: 0, reason: null })) };
    const since = new Date(Date.now() - this.settings.importantHistoryDays * 86_400_000);
    const history = await this.importance.history(viewer.id, since, this.settings.importantHistoryRows);
    const names = await this.importance.displayNames([...new Set(candidates.map((c) => c.message.senderId))]);
    return { enabled: true, items: rankImportant(candidates, history, names, new Date()).slice(0, first) };
  }

  private async tell(viewer: Viewer, events: OrganizeEvent[], tagDeltas: Array<{ tagId: number; delta: number }>, pageChanged = false) {
    if (events.length === 0) return;
    await this.afterCommit({ kind: 'organize', userId: viewer.id, events, tagDeltas, pageChanged });
  }
}
