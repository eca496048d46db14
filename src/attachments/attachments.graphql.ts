import { builder, viewerOf } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { Message } from '../inbox/inbox.graphql.js';
import type { MessageRow } from '../inbox/inbox.store.js';
import type { UploadedFile } from './attachments.service.js';
import type { AttachmentRow } from './attachments.store.js';

function isUploadedFile(value: unknown): value is File {
  const file = value as Partial<UploadedFile> | null;
  return typeof file === 'object' && file !== null && typeof file.arrayBuffer === 'function' && typeof file.size === 'number';
}

builder.scalarType('File', {
  description:
    'A file sent as a part of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). Input only.',
  serialize: () => {
    throw new TypeError('File is an input type only');
  },
  parseValue: (value) => {
    if (isUploadedFile(value)) return value;
    throw new TypeError('File must be a file part of a multipart request');
  },
});

/**
 * An attachment as one viewer sees it. `downloadable` is decided where the attachment was
 * reached (its uploader, or a viewer who took part in a message that references it), and
 * only then are links signed for that viewer.
 */
interface AttachmentView {
  row: AttachmentRow;
  downloadable: boolean;
}

export const Attachment = builder.objectRef<AttachmentView>('Attachment');

Attachment.implement({
  description: 'An uploaded file. Its type, size and image dimensions come from its bytes.',
  fields: (t) => ({
    id: t.id({ resolve: (a) => a.row.id }),
    fileName: t.string({ resolve: (a) => a.row.fileName }),
    contentType: t.string({ description: 'Detected from the bytes, not from the name or the declared type.', resolve: (a) => a.row.contentType }),
    sizeBytes: t.int({ resolve: (a) => a.row.sizeBytes }),
    sha256: t.string({ description: 'Hex SHA-256 of the bytes.', resolve: (a) => a.row.sha256 }),
    width: t.int({ nullable: true, description: 'Images only, as displayed (EXIF orientation applied).', resolve: (a) => a.row.width }),
    height: t.int({ nullable: true, resolve: (a) => a.row.height }),
    createdAt: t.field({ type: 'DateTime', resolve: (a) => a.row.createdAt }),
    url: t.string({
      nullable: true,
      description: 'A signed download link for the caller, valid for a few minutes (`urlExpiresAt`); ask again for a fresh one.',
      resolve: (a, _args, ctx) => (a.downloadable ? ctx.services.attachments.links.sign(a.row.id, 'file').url : null),
    }),
    thumbnailUrl: t.string({
      nullable: true,
      description: 'A signed link to a small WebP of an image (ATTACHMENT_THUMBNAIL_PX, 320 by default); null for other files.',
      resolve: (a, _args, ctx) =>
        a.downloadable && a.row.thumbnailKey ? ctx.services.attachments.links.sign(a.row.id, 'thumbnail').url : null,
    }),
    urlExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a, _args, ctx) => (a.downloadable ? ctx.services.attachments.links.sign(a.row.id, 'file').expiresAt : null),
    }),
  }),
});

/** The viewer sent the message or received it (the same rule as Message.recipients). */
async function viewerTookPart(message: MessageRow, ctx: Context): Promise<boolean> {
  const viewer = viewerOf(ctx);
  return message.senderId === viewer.id || (await ctx.loaders.receipt.load(message.id)) !== null;
}

builder.objectField(Message, 'attachments', (t) =>
  t.field({
    type: [Attachment],
    description: 'Files and images, in the order the sender gave; none once the message is recalled.',
    resolve: async (message, _args, ctx) => {
      if (message.recalledAt !== null || !(await viewerTookPart(message, ctx))) return [];
      const rows = await ctx.loaders.attachments.load(message.id);
      return rows.map((row) => ({ row, downloadable: true }));
    },
  }),
);

builder.mutationFields((t) => ({
  uploadAttachment: t.withAuth({ viewer: true }).field({
    type: Attachment,
    description:
      'Uploads one file (a GraphQL multipart request) for a later sendMessage(input: { attachmentIds }). ' +
      'An upload that no message references is deleted after ATTACHMENT_UNSENT_TTL_SECONDS (a day by default).',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, { file }, ctx) => ({
      row: await ctx.services.attachments.upload(ctx.viewer, file),
      downloadable: true,
    }),
  }),
}));
