import { graphql } from '../gql/index.js';

// Operations of categories, tags, stars and archive (src/organizing/), shared by its test files.

export const CreateTagDoc = graphql(`
  mutation CreateTag($name: String!, $color: String!) {
    createTag(name: $name, color: $color) {
      id
      name
      color
    }
  }
`);

export const UpdateTagDoc = graphql(`
  mutation UpdateTag($id: ID!, $name: String, $color: String) {
    updateTag(id: $id, name: $name, color: $color) {
      id
      name
      color
    }
  }
`);

export const DeleteTagDoc = graphql(`
  mutation DeleteTag($id: ID!) {
    deleteTag(id: $id)
  }
`);

export const TagsDoc = graphql(`
  query Tags {
    tags {
      id
      name
      color
    }
  }
`);

export const TagMessagesDoc = graphql(`
  mutation TagMessages($tagId: ID!, $ids: [ID!]!) {
    tagMessages(tagId: $tagId, messageIds: $ids) {
      changedIds
    }
  }
`);

export const UntagMessagesDoc = graphql(`
  mutation UntagMessages($tagId: ID!, $ids: [ID!]!) {
    untagMessages(tagId: $tagId, messageIds: $ids) {
      changedIds
    }
  }
`);

export const StarDoc = graphql(`
  mutation StarMessages($ids: [ID!]!) {
    starMessages(messageIds: $ids) {
      changedIds
    }
  }
`);

export const UnstarDoc = graphql(`
  mutation UnstarMessages($ids: [ID!]!) {
    unstarMessages(messageIds: $ids) {
      changedIds
    }
  }
`);

export const ArchiveDoc = graphql(`
  mutation ArchiveMessages($ids: [ID!]!) {
    archiveMessages(messageIds: $ids) {
      changedIds
    }
  }
`);

export const UnarchiveDoc = graphql(`
  mutation UnarchiveMessages($ids: [ID!]!) {
    unarchiveMessages(messageIds: $ids) {
      changedIds
    }
  }
`);

export const OrganizedInboxDoc = graphql(`
  query OrganizedInbox($first: Int, $after: String, $filter: MessageFilter) {
    messages(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          category
          starred
          archived
          tags {
            id
            name
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

export const OrganizedCountsDoc = graphql(`
  query OrganizedCounts {
    unreadCounts {
      total
      byCategory {
        category
        count
      }
      byTag {
        tag {
          id
          name
        }
        count
      }
    }
  }
`);

export const OrganizeEventsDoc = graphql(`
  subscription OrganizeEvents($since: String) {
    inboxEvents(since: $since) {
      __typename
      ... on MessageLabelsChangedEvent {
        cursor
        messageId
        starred
        archived
        tags {
          id
          name
        }
      }
      ... on TagChangedEvent {
        cursor
        tagId
        tag {
          name
          color
        }
      }
      ... on MessageReceivedEvent {
        cursor
      }
    }
  }
`);

export const OrganizeSyncDoc = graphql(`
  query OrganizeSync($since: String) {
    sync(since: $since) {
      cursor
      events {
        __typename
        ... on MessageLabelsChangedEvent {
          messageId
          starred
          archived
          tags {
            name
          }
        }
        ... on TagChangedEvent {
          tagId
          tag {
            name
            color
          }
        }
      }
    }
  }
`);

export const ImportantDoc = graphql(`
  query Important($first: Int) {
    importantMessages(first: $first) {
      enabled
      items {
        reason
        score
        message {
          id
          content
          sender {
            id
          }
        }
      }
    }
  }
`);

export const SetImportantFirstDoc = graphql(`
  mutation SetImportantFirst($enabled: Boolean!) {
    setImportantFirst(enabled: $enabled) {
      importantFirst
      maxTags
    }
  }
`);

export const OrganizingSettingsDoc = graphql(`
  query OrganizingSettings {
    organizingSettings {
      importantFirst
      maxTags
    }
  }
`);
