import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

// GraphiQL at GET /graphql, with its scripts and styles from the installed package (no CDN):
// it works on a machine without internet. Subscriptions run over SSE, so the Authorization
// header of the headers tab authenticates them as it does queries.

const LOGIN = `# 1. Register (or log in), copy the token into Headers: {"Authorization": "Bearer <token>"}
mutation Register {
  register(input: { username: "ada", password: "correct horse battery", displayName: "Ada" }) {
    token
    expiresAt
    user { id username }
  }
}

mutation Login {
  login(input: { username: "ada", password: "correct horse battery" }) {
    token
    expiresAt
  }
}
`;

const INBOX = `# 2. The inbox and its badge (needs the Authorization header)
query Inbox($after: String) {
  me { id username }
  unreadCounts { id total byPriority { priority count } }
  messages(first: 20, after: $after) {
    edges { node { id content isRead createdAt cursor sender { id displayName } } }
    pageInfo { hasNextPage endCursor }
  }
}

mutation Send($to: [ID!]!, $content: String!) {
  sendMessage(input: { recipientIds: $to, content: $content }) { id cursor }
}

mutation MarkRead($ids: [ID!]!) {
  markRead(messageIds: $ids) {
    messages { id isRead readAt }
    unreadCounts { id total }
  }
}
`;

const LIVE = `# 3. Live: every change to the inbox, resumable with since: <cursor>
subscription Live($since: String) {
  inboxEvents(since: $since) {
    __typename
    ... on MessageReceivedEvent { cursor message { id content sender { displayName } } }
    ... on MessagesReadEvent { cursor messageIds }
  }
}

subscription Badge {
  unreadCountsChanged { id total }
}
`;

const HEADERS = JSON.stringify({ Authorization: 'Bearer <token from register or login>' }, null, 2);

/** Yoga's GraphiQL options: the server's name, example operations, a headers template, SSE subscriptions. */
export function graphiqlOptions(title: string): GraphiQLOptions {
  return {
    title,
    subscriptionsProtocol: 'SSE',
    defaultEditorToolsVisibility: 'headers',
    defaultTabs: [
      { query: LOGIN, headers: '{}' },
      { query: INBOX, headers: HEADERS, variables: JSON.stringify({ to: ['<user id>'], content: 'Hello', ids: ['<message id>'] }, null, 2) },
      { query: LIVE, headers: HEADERS },
    ],
  };
}

let rendered: { key: string; html: string } | null = null;

/** The page with the bundled assets (about 9 MB), built once per set of options. */
export function renderOfflineGraphiQL(options?: GraphiQLOptions): string {
  const key = JSON.stringify(options ?? {});
  if (rendered?.key !== key) rendered = { key, html: renderGraphiQL(options) };
  return rendered.html;
}
