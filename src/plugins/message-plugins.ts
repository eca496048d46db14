import type { Viewer } from '../auth/auth.service.js';
import { AppError } from '../graphql/errors.js';
import type { Logger } from '../logger.js';

/** What a pre-send plugin sees of a message about to be committed. */
export interface DraftMessage {
  tenantId: string;
  senderId: number;
  recipientIds: readonly number[];
  type: string;
  content: string;
}

/** What a plugin answers: nothing (unchanged), new content (redaction, enrichment), or a refusal (moderation). */
export type PluginVerdict = void | { content: string } | { reject: string };

/**
 * An in-process pre-send hook (docs/security.md "Plugins"). Plugins run in the order
 * configured, each on the content the previous one left, within the time budget
 * (MESSAGE_PLUGIN_TIMEOUT_MS). A plugin that throws or runs out of time follows its
 * `onFailure`: `reject` refuses the send (MESSAGE_REJECTED; for moderation, where letting a
 * message through unchecked is worse than refusing it), `skip` sends it as that plugin
 * received it (for enrichment). A plugin cannot be interrupted: one that overruns keeps
 * running in the background, but its late answer is ignored.
 */
export interface MessagePlugin {
  name: string;
  onFailure: 'reject' | 'skip';
  beforeSend(draft: DraftMessage): PluginVerdict | Promise<PluginVerdict>;
}

export class MessagePlugins {
  constructor(
    readonly plugins: readonly MessagePlugin[],
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The content to send after every plugin, or MESSAGE_REJECTED. */
  async beforeSend(viewer: Viewer, message: { recipientIds: readonly number[]; type?: string | null; content: string }): Promise<string> {
    let content = message.content;
    for (const plugin of this.plugins) {
      const draft: DraftMessage = { tenantId: viewer.tenantId, senderId: viewer.id, recipientIds: message.recipientIds, type: message.type ?? 'TEXT', content };
      let verdict: PluginVerdict;
      try {
        verdict = await withTimeout(Promise.resolve().then(() => plugin.beforeSend(draft)), this.timeoutMs);
      } catch (error) {
        this.logger.warn({ err: error, plugin: plugin.name }, 'message plugin failed');
        if (plugin.onFailure === 'reject') throw new AppError('MESSAGE_REJECTED', 'The message could not be checked; try again later', { plugin: plugin.name });
        continue;
      }
      if (verdict && 'reject' in verdict) throw new AppError('MESSAGE_REJECTED', verdict.reject, { plugin: plugin.name });
      if (verdict && typeof verdict.content === 'string') content = verdict.content;
    }
    return content;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
