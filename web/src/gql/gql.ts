/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation WebLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.WebLoginDocument,
    "\n  mutation WebRegister($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": typeof types.WebRegisterDocument,
    "\n  fragment WebMessage on Message {\n    id\n    content\n    type\n    priority\n    createdAt\n    isRead\n    recalledAt\n    sender {\n      id\n      username\n      displayName\n    }\n    recipients {\n      id\n      username\n    }\n  }\n": typeof types.WebMessageFragmentDoc,
    "\n  query WebInbox($filter: MessageFilter, $first: Int) {\n    messages(filter: $filter, first: $first) {\n      edges {\n        cursor\n        node {\n          ...WebMessage\n        }\n      }\n    }\n  }\n": typeof types.WebInboxDocument,
    "\n  query WebUnreadCounts {\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": typeof types.WebUnreadCountsDocument,
    "\n  subscription WebInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageUpdatedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageRecalledEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessagesReadEvent {\n        messageIds\n        readAt\n      }\n    }\n  }\n": typeof types.WebInboxEventsDocument,
    "\n  mutation WebMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n": typeof types.WebMarkReadDocument,
    "\n  mutation WebMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n": typeof types.WebMarkAllReadDocument,
    "\n  query WebUsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n": typeof types.WebUsersByUsernameDocument,
    "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.WebSendDocument,
};
const documents: Documents = {
    "\n  mutation WebLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.WebLoginDocument,
    "\n  mutation WebRegister($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n": types.WebRegisterDocument,
    "\n  fragment WebMessage on Message {\n    id\n    content\n    type\n    priority\n    createdAt\n    isRead\n    recalledAt\n    sender {\n      id\n      username\n      displayName\n    }\n    recipients {\n      id\n      username\n    }\n  }\n": types.WebMessageFragmentDoc,
    "\n  query WebInbox($filter: MessageFilter, $first: Int) {\n    messages(filter: $filter, first: $first) {\n      edges {\n        cursor\n        node {\n          ...WebMessage\n        }\n      }\n    }\n  }\n": types.WebInboxDocument,
    "\n  query WebUnreadCounts {\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": types.WebUnreadCountsDocument,
    "\n  subscription WebInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageUpdatedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageRecalledEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessagesReadEvent {\n        messageIds\n        readAt\n      }\n    }\n  }\n": types.WebInboxEventsDocument,
    "\n  mutation WebMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n": types.WebMarkReadDocument,
    "\n  mutation WebMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n": types.WebMarkAllReadDocument,
    "\n  query WebUsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n": types.WebUsersByUsernameDocument,
    "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.WebSendDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRegister($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation WebRegister($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebMessage on Message {\n    id\n    content\n    type\n    priority\n    createdAt\n    isRead\n    recalledAt\n    sender {\n      id\n      username\n      displayName\n    }\n    recipients {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  fragment WebMessage on Message {\n    id\n    content\n    type\n    priority\n    createdAt\n    isRead\n    recalledAt\n    sender {\n      id\n      username\n      displayName\n    }\n    recipients {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebInbox($filter: MessageFilter, $first: Int) {\n    messages(filter: $filter, first: $first) {\n      edges {\n        cursor\n        node {\n          ...WebMessage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebInbox($filter: MessageFilter, $first: Int) {\n    messages(filter: $filter, first: $first) {\n      edges {\n        cursor\n        node {\n          ...WebMessage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebUnreadCounts {\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebUnreadCounts {\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageUpdatedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageRecalledEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessagesReadEvent {\n        messageIds\n        readAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription WebInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageUpdatedEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessageRecalledEvent {\n        message {\n          ...WebMessage\n        }\n      }\n      ... on MessagesReadEvent {\n        messageIds\n        readAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation WebMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation WebMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebUsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query WebUsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;