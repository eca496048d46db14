import { graphql } from './gql/index.js';

// Every operation of the web inbox, typed from schema.graphql by codegen (web/src/gql/).

export const LoginDoc = graphql(`
  mutation WebLogin($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      user {
        id
        username
        displayName
      }
    }
  }
`);

export const RegisterDoc = graphql(`
  mutation WebRegister($input: RegisterInput!) {
    register(input: $input) {
      token
      expiresAt
      user {
        id
        username
        displayName
      }
    }
  }
`);

export const MessageFieldsDoc = graphql(`
  fragment WebMessage on Message {
    id
    content
    type
    priority
    createdAt
    isRead
    recalledAt
    sender {
      id
      username
      displayName
    }
    recipients {
      id
      username
    }
  }
`);

export const InboxDoc = graphql(`
  query WebInbox($filter: MessageFilter, $first: Int) {
    messages(filter: $filter, first: $first) {
      edges {
        cursor
        node {
          ...WebMessage
        }
      }
    }
  }
`);

export const UnreadCountsDoc = graphql(`
  query WebUnreadCounts {
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

export const InboxEventsDoc = graphql(`
  subscription WebInboxEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
      ... on MessageReceivedEvent {
        message {
          ...WebMessage
        }
      }
      ... on MessageUpdatedEvent {
        message {
          ...WebMessage
        }
      }
      ... on MessageRecalledEvent {
        message {
          ...WebMessage
        }
      }
      ... on MessagesReadEvent {
        messageIds
        readAt
      }
    }
  }
`);

export const MarkReadDoc = graphql(`
  mutation WebMarkRead($ids: [ID!]!) {
    markRead(messageIds: $ids) {
      updatedCount
      unreadCount
    }
  }
`);

export const MarkAllReadDoc = graphql(`
  mutation WebMarkAllRead {
    markAllRead {
      updatedCount
      unreadCount
    }
  }
`);

export const UsersByUsernameDoc = graphql(`
  query WebUsersByUsername($usernames: [String!]!) {
    usersByUsername(usernames: $usernames) {
      id
      username
    }
  }
`);

export const SendDoc = graphql(`
  mutation WebSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
    }
  }
`);
