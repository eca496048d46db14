import type { Viewer } from '../auth/auth.service.js';
import type { InboxService, SendMessageInput } from '../inbox/inbox.service.js';
import type { MessageRow } from '../inbox/inbox.store.js';
import type { Confirmations, RequireConfirmation } from './confirmations.js';
import type { TemplatesService, TemplateUse } from './templates.js';

/**
 * sendMessage with the notification rules' options: a template rendered per recipient before
 * the send (the stored content is the default locale's rendering), and a required confirmation
 * set up after it commits.
 */
export class NotifiedSend {
  constructor(
    private readonly inbox: InboxService,
    private readonly templates: TemplatesService,
    private readonly confirmations: Confirmations,
  ) {}

  async send(
    viewer: Viewer,
    input: SendMessageInput,
    options: { template?: TemplateUse | null; requireConfirmation?: RequireConfirmation | null },
  ): Promise<MessageRow> {
    if (options.requireConfirmation) await this.confirmations.check(viewer, options.requireConfirmation);
    const rendered = options.template ? await this.templates.render(viewer, options.template, input.recipientIds) : null;
    const message = await this.inbox.send(viewer, rendered ? { ...input, content: rendered.content } : input);
    if (rendered) await this.templates.saveRenderings(message.id, rendered.templateId, rendered.renderings);
    if (options.requireConfirmation) await this.confirmations.require(viewer, message, input.recipientIds, options.requireConfirmation);
    return message;
  }
}
