import { graphql } from '../gql/index.js';

// Operations shared by several test files; each file may add its own.

export const SendDoc = graphql(`
  mutation Send($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      content
      type
      priority
      createdAt
      isRead
      cursor
      sender {
        id
      }
      recipients {
        id
      }
      replyTo {
        id
      }
    }
  }
`);

export const InboxDoc = graphql(`
  query Inbox($first: Int, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          content
          type
          priority
          isRead
          readAt
          cursor
          sender {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const UnreadDoc = graphql(`
  query Unread {
    unreadCount
    unreadCounts {
      total
      byType {
        type
        count
      }
      byPriority {
        priority
        count
      }
    }
  }
`);

export const MarkReadDoc = graphql(`
  mutation MarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      updatedCount
      unreadCount
    }
  }
`);

export const MarkAllReadDoc = graphql(`
  mutation MarkAllRead {
    markAllRead {
      updatedCount
      unreadCount
    }
  }
`);
