import { builder } from '../graphql/builder.js';
import { Message } from '../inbox/inbox.graphql.js';
import { linkPreviewsOf, type LinkPreview } from './link-preview.js';

// Link previews as the API shows them: a field of Message (added here, so the inbox's file
// stays as it is) and the object it lists. Previews arrive after the send: a client sees
// them in a MessageUpdatedEvent (src/inbox/inbox-events.graphql.ts) or when it reads again.

const LinkPreviewRef = builder.objectRef<LinkPreview>('LinkPreview').implement({
  description:
    'What the server found behind a link of the message: part of the message, with no identity of its own. The server never fetches `imageUrl`.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'The link as written in the message (normalized).' }),
    title: t.exposeString('title', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    siteName: t.exposeString('siteName', { nullable: true }),
    imageUrl: t.exposeString('imageUrl', { nullable: true, description: 'Absolute http(s) URL of the page’s image.' }),
  }),
});

builder.objectFields(Message, (t) => ({
  linkPreviews: t.field({
    type: [LinkPreviewRef],
    description:
      'Previews of the first links of the content, in their order; empty until the server has fetched them (a MessageUpdatedEvent follows), and for links without one.',
    resolve: (m) => linkPreviewsOf(m),
  }),
}));
