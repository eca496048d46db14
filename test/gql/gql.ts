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
    "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      contentType\n      sizeBytes\n      sha256\n      width\n      height\n      url\n      thumbnailUrl\n      urlExpiresAt\n    }\n  }\n": typeof types.UploadDocument,
    "\n  mutation SendWithAttachments($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      attachments {\n        id\n        fileName\n        url\n      }\n    }\n  }\n": typeof types.SendWithAttachmentsDocument,
    "\n  query MessageAttachments($id: ID!) {\n    message(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        width\n        height\n        url\n        thumbnailUrl\n      }\n    }\n  }\n": typeof types.MessageAttachmentsDocument,
    "\n  mutation ForwardWithAttachments($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      attachments {\n        id\n      }\n    }\n  }\n": typeof types.ForwardWithAttachmentsDocument,
    "\n  mutation RecallWithAttachments($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": typeof types.RecallWithAttachmentsDocument,
    "\n  query InboxAttachments($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n          attachments {\n            id\n            url\n            thumbnailUrl\n          }\n        }\n      }\n    }\n  }\n": typeof types.InboxAttachmentsDocument,
    "\n  query InboxPlain($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.InboxPlainDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  query UnreadCountOnly {\n    unreadCount\n  }\n": typeof types.UnreadCountOnlyDocument,
    "\n  mutation CacheLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": typeof types.CacheLoginDocument,
    "\n  subscription ChaosReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      cursor\n    }\n  }\n": typeof types.ChaosReceivedDocument,
    "\n  query CachedInboxWithBadge {\n    unreadCounts {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n    messages(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.CachedInboxWithBadgeDocument,
    "\n  mutation CachedMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      messageIds\n      messages {\n        id\n        isRead\n        readAt\n      }\n      unreadCounts {\n        id\n        total\n        byPriority {\n          priority\n          count\n        }\n      }\n    }\n  }\n": typeof types.CachedMarkReadDocument,
    "\n  mutation CachedMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n      messageIds\n      unreadCounts {\n        id\n        total\n      }\n    }\n  }\n": typeof types.CachedMarkAllReadDocument,
    "\n  query CachedMe {\n    me {\n      id\n      username\n    }\n  }\n": typeof types.CachedMeDocument,
    "\n  query CachedPresence($ids: [ID!]!) {\n    presence(userIds: $ids) {\n      userId\n      online\n      devices {\n        label\n      }\n    }\n  }\n": typeof types.CachedPresenceDocument,
    "\n  query CachedPage($after: String) {\n    messages(first: 2, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.CachedPageDocument,
    "\n  subscription KitMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.KitMessagesDocument,
    "\n  subscription KitEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n    }\n  }\n": typeof types.KitEventsDocument,
    "\n  mutation KitTestMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": typeof types.KitTestMarkReadDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        serviceAccountId\n        scopes\n        allowedIps\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!) {\n    rotateApiKey(id: $id) {\n      key\n    }\n  }\n": typeof types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      lastUsedAt\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CredentialSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      type\n      sender {\n        id\n      }\n    }\n  }\n": typeof types.CredentialSendDocument,
    "\n  query CredentialMe {\n    me {\n      id\n      username\n    }\n  }\n": typeof types.CredentialMeDocument,
    "\n  mutation CredentialLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      refreshToken\n    }\n  }\n": typeof types.CredentialLoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      token\n      refreshToken\n      user {\n        id\n      }\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String, $everywhere: Boolean) {\n    logout(refreshToken: $refreshToken, everywhere: $everywhere)\n  }\n": typeof types.LogoutDocument,
    "\n  subscription CrossInstanceMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.CrossInstanceMessagesDocument,
    "\n  mutation RetentionOtherSetPolicy($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      transcriptsDays\n      attachmentsDays\n      inboxEventsDays\n    }\n  }\n": typeof types.RetentionOtherSetPolicyDocument,
    "\n  mutation RetentionOtherCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.RetentionOtherCreateMeetingDocument,
    "\n  mutation RetentionOtherAddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n    }\n  }\n": typeof types.RetentionOtherAddSegmentDocument,
    "\n  query RetentionOtherTranscript($meetingId: ID!) {\n    transcriptSegments(meetingId: $meetingId, first: 100) {\n      edges {\n        node {\n          text\n        }\n      }\n    }\n  }\n": typeof types.RetentionOtherTranscriptDocument,
    "\n  mutation RetentionOtherUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n      thumbnailUrl\n    }\n  }\n": typeof types.RetentionOtherUploadDocument,
    "\n  mutation RetentionOtherSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.RetentionOtherSendDocument,
    "\n  query RetentionOtherMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      attachments {\n        fileName\n      }\n    }\n  }\n": typeof types.RetentionOtherMessageDocument,
    "\n  query RetentionOtherSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.RetentionOtherSyncDocument,
    "\n  query RetentionOtherInbox {\n    messages(first: 50) {\n      edges {\n        node {\n          content\n        }\n      }\n    }\n  }\n": typeof types.RetentionOtherInboxDocument,
    "\n  mutation SetRetention($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      inboxEventsDays\n    }\n  }\n": typeof types.SetRetentionDocument,
    "\n  query Retention {\n    retentionPolicy {\n      messagesDays\n    }\n  }\n": typeof types.RetentionDocument,
    "\n  query LifecycleSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n      }\n    }\n  }\n": typeof types.LifecycleSyncDocument,
    "\n  query LifecycleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      sender {\n        displayName\n      }\n    }\n  }\n": typeof types.LifecycleMessageDocument,
    "\n  subscription LifecycleEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n": typeof types.LifecycleEventsDocument,
    "\n  subscription LifecycleReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n    }\n  }\n": typeof types.LifecycleReceivedDocument,
    "\n  query ExportMine {\n    exportMyData\n  }\n": typeof types.ExportMineDocument,
    "\n  query ExportUser($userId: ID!) {\n    exportUserData(userId: $userId)\n  }\n": typeof types.ExportUserDocument,
    "\n  mutation Erase($userId: ID!) {\n    eraseUser(userId: $userId) {\n      messagesRedacted\n    }\n  }\n": typeof types.EraseDocument,
    "\n  query LifecycleAudit {\n    auditLog {\n      action\n      target\n    }\n  }\n": typeof types.LifecycleAuditDocument,
    "\n  mutation LifecycleLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.LifecycleLoginDocument,
    "\n  query LifecycleSearchOld {\n    search(query: \"old\") {\n      edges {\n        node {\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.LifecycleSearchOldDocument,
    "\n  subscription QueueReceived {\n    messageReceived {\n      id\n      priority\n    }\n  }\n": typeof types.QueueReceivedDocument,
    "\n  subscription DeliveryReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n    }\n  }\n": typeof types.DeliveryReceivedDocument,
    "\n  subscription DeliveryEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          isRead\n        }\n      }\n      ... on MessagesReadEvent {\n        cursor\n        messageIds\n        readAt\n      }\n    }\n  }\n": typeof types.DeliveryEventsDocument,
    "\n  query DeliverySync($since: String, $limit: Int) {\n    sync(since: $since, limit: $limit) {\n      cursor\n      hasMore\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n": typeof types.DeliverySyncDocument,
    "\n  mutation DeliveryAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": typeof types.DeliveryAckDocument,
    "\n  query DeliveryStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      queuedAt\n      pushedAt\n      deliveredAt\n      readAt\n    }\n  }\n": typeof types.DeliveryStatusDocument,
    "\n  mutation Send($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      type\n      priority\n      createdAt\n      isRead\n      cursor\n      sender {\n        id\n      }\n      recipients {\n        id\n      }\n      replyTo {\n        id\n      }\n    }\n  }\n": typeof types.SendDocument,
    "\n  query Inbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          type\n          priority\n          isRead\n          readAt\n          cursor\n          sender {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query Unread {\n    unreadCount\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": typeof types.UnreadDocument,
    "\n  mutation MarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n": typeof types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n": typeof types.MarkAllReadDocument,
    "\n  mutation CreateTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": typeof types.CreateTagDocument,
    "\n  mutation UpdateTag($id: ID!, $name: String, $color: String) {\n    updateTag(id: $id, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": typeof types.UpdateTagDocument,
    "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": typeof types.DeleteTagDocument,
    "\n  query Tags {\n    tags {\n      id\n      name\n      color\n    }\n  }\n": typeof types.TagsDocument,
    "\n  mutation TagMessages($tagId: ID!, $ids: [ID!]!) {\n    tagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.TagMessagesDocument,
    "\n  mutation UntagMessages($tagId: ID!, $ids: [ID!]!) {\n    untagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.UntagMessagesDocument,
    "\n  mutation StarMessages($ids: [ID!]!) {\n    starMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.StarMessagesDocument,
    "\n  mutation UnstarMessages($ids: [ID!]!) {\n    unstarMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.UnstarMessagesDocument,
    "\n  mutation ArchiveMessages($ids: [ID!]!) {\n    archiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.ArchiveMessagesDocument,
    "\n  mutation UnarchiveMessages($ids: [ID!]!) {\n    unarchiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": typeof types.UnarchiveMessagesDocument,
    "\n  query OrganizedInbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          category\n          starred\n          archived\n          tags {\n            id\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.OrganizedInboxDocument,
    "\n  query OrganizedCounts {\n    unreadCounts {\n      total\n      byCategory {\n        category\n        count\n      }\n      byTag {\n        tag {\n          id\n          name\n        }\n        count\n      }\n    }\n  }\n": typeof types.OrganizedCountsDocument,
    "\n  subscription OrganizeEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageLabelsChangedEvent {\n        cursor\n        messageId\n        starred\n        archived\n        tags {\n          id\n          name\n        }\n      }\n      ... on TagChangedEvent {\n        cursor\n        tagId\n        tag {\n          name\n          color\n        }\n      }\n      ... on MessageReceivedEvent {\n        cursor\n      }\n    }\n  }\n": typeof types.OrganizeEventsDocument,
    "\n  query OrganizeSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageLabelsChangedEvent {\n          messageId\n          starred\n          archived\n          tags {\n            name\n          }\n        }\n        ... on TagChangedEvent {\n          tagId\n          tag {\n            name\n            color\n          }\n        }\n      }\n    }\n  }\n": typeof types.OrganizeSyncDocument,
    "\n  query Important($first: Int) {\n    importantMessages(first: $first) {\n      enabled\n      items {\n        reason\n        score\n        message {\n          id\n          content\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ImportantDocument,
    "\n  mutation SetImportantFirst($enabled: Boolean!) {\n    setImportantFirst(enabled: $enabled) {\n      importantFirst\n      maxTags\n    }\n  }\n": typeof types.SetImportantFirstDocument,
    "\n  query OrganizingSettings {\n    organizingSettings {\n      importantFirst\n      maxTags\n    }\n  }\n": typeof types.OrganizingSettingsDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      user {\n        id\n        username\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  subscription PreviewInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          linkPreviews {\n            url\n          }\n        }\n      }\n      ... on MessageUpdatedEvent {\n        cursor\n        message {\n          id\n          content\n          isRead\n          cursor\n          linkPreviews {\n            url\n            title\n            description\n            siteName\n            imageUrl\n          }\n        }\n      }\n    }\n  }\n": typeof types.PreviewInboxEventsDocument,
    "\n  subscription PreviewMessageReceived {\n    messageReceived {\n      id\n    }\n  }\n": typeof types.PreviewMessageReceivedDocument,
    "\n  query PreviewSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessageUpdatedEvent {\n          cursor\n          message {\n            id\n            linkPreviews {\n              url\n              title\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PreviewSyncDocument,
    "\n  query PreviewInbox {\n    messages(first: 10) {\n      edges {\n        node {\n          id\n          linkPreviews {\n            url\n            title\n          }\n        }\n      }\n    }\n    unreadCount\n  }\n": typeof types.PreviewInboxDocument,
    "\n  query PreviewMessage($id: ID!) {\n    message(id: $id) {\n      linkPreviews {\n        url\n      }\n    }\n  }\n": typeof types.PreviewMessageDocument,
    "\n  subscription LiveBadge {\n    unreadCountsChanged {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": typeof types.LiveBadgeDocument,
    "\n  subscription LivePresenceDots($ids: [ID!]!) {\n    presenceChanged(userIds: $ids) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n      }\n    }\n  }\n": typeof types.LivePresenceDotsDocument,
    "\n  mutation BadgeMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": typeof types.BadgeMarkReadDocument,
    "\n  subscription BadgeReadEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n": typeof types.BadgeReadEventsDocument,
    "\n  mutation BadgeRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": typeof types.BadgeRecallDocument,
    "\n  mutation Broadcast($input: BroadcastInput!) {\n    broadcastMessage(input: $input) {\n      id\n      type\n    }\n  }\n": typeof types.BroadcastDocument,
    "\n  mutation SendOverSocket($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      sender {\n        id\n      }\n    }\n  }\n": typeof types.SendOverSocketDocument,
    "\n  subscription MessageReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n      isRead\n      sender {\n        id\n      }\n    }\n  }\n": typeof types.MessageReceivedDocument,
    "\n  mutation CreateStreamedMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateStreamedMeetingDocument,
    "\n  mutation AddStreamedSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": typeof types.AddStreamedSegmentDocument,
    "\n  subscription Transcript($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n      speaker\n      startMs\n      cursor\n    }\n  }\n": typeof types.TranscriptDocument,
    "\n  subscription InboxLive {\n    messageReceived {\n      content\n    }\n  }\n": typeof types.InboxLiveDocument,
    "\n  mutation CreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n      title\n      createdBy {\n        id\n      }\n      participants {\n        id\n      }\n    }\n  }\n": typeof types.CreateMeetingDocument,
    "\n  query MeetingById($id: ID!) {\n    meeting(id: $id) {\n      id\n      title\n      participants {\n        id\n      }\n    }\n  }\n": typeof types.MeetingByIdDocument,
    "\n  mutation AddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n      meetingId\n      speaker\n      text\n      startMs\n      endMs\n      cursor\n    }\n  }\n": typeof types.AddSegmentDocument,
    "\n  query Segments($meetingId: ID!, $first: Int, $after: String) {\n    transcriptSegments(meetingId: $meetingId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          text\n          startMs\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SegmentsDocument,
    "\n  mutation Recall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n      content\n      recalledAt\n      recalledBy {\n        id\n      }\n    }\n  }\n": typeof types.RecallDocument,
    "\n  mutation Forward($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      content\n      forwardComment\n      forwardedFrom {\n        sender {\n          id\n        }\n        createdAt\n      }\n      recipients {\n        id\n      }\n    }\n  }\n": typeof types.ForwardDocument,
    "\n  query ActionsMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      isRead\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        recalledAt\n      }\n      quote {\n        id\n        excerpt\n        recalled\n        sender {\n          id\n        }\n      }\n      forwardedFrom {\n        sender {\n          id\n        }\n      }\n    }\n  }\n": typeof types.ActionsMessageDocument,
    "\n  subscription ActionsEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n      ... on MessageRecalledEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n    }\n  }\n": typeof types.ActionsEventsDocument,
    "\n  query ActionsSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageRecalledEvent {\n          cursor\n          message {\n            id\n            content\n            recalledAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.ActionsSyncDocument,
    "mutation ActionsMarkRead($ids: [ID!]!) { markRead(messageIds: $ids) { unreadCount } }": typeof types.ActionsMarkReadDocument,
    "\n  query Sent($first: Int, $after: String) {\n    sentMessages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          recipients {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SentDocument,
    "\n  query OneMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        content\n      }\n    }\n  }\n": typeof types.OneMessageDocument,
    "\n  query RichInbox($first: Int) {\n    messages(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          sender {\n            id\n            username\n          }\n          recipients {\n            id\n            displayName\n          }\n          replyTo {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.RichInboxDocument,
    "\n  mutation RequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.RequireConfirmationDocument,
    "\n  mutation Confirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n      confirmedAt\n    }\n  }\n": typeof types.ConfirmDocument,
    "\n  query ConfirmStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      confirmationRequired\n      confirmedAt\n      remindedAt\n      escalatedAt\n    }\n  }\n": typeof types.ConfirmStatusDocument,
    "\n  mutation ReminderFallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n": typeof types.ReminderFallbackSettingsDocument,
    "\n  mutation ReminderRequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.ReminderRequireConfirmationDocument,
    "\n  mutation ReminderConfirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n    }\n  }\n": typeof types.ReminderConfirmDocument,
    "\n  query ReminderStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      remindedAt\n    }\n  }\n": typeof types.ReminderStatusDocument,
    "\n  query ReminderPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n": typeof types.ReminderPresenceDocument,
    "\n  subscription ReminderLive {\n    messageReceived {\n      id\n      type\n      priority\n      content\n      createdAt\n    }\n  }\n": typeof types.ReminderLiveDocument,
    "\n  mutation FallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n    }\n  }\n": typeof types.FallbackSettingsDocument,
    "\n  subscription InstancesReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.InstancesReceivedDocument,
    "\n  mutation InstancesSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n    }\n  }\n": typeof types.InstancesSettingsDocument,
    "\n  mutation InstancesSendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.InstancesSendIdDocument,
    "\n  mutation SaveTemplate($input: SaveMessageTemplateInput!) {\n    saveMessageTemplate(input: $input) {\n      name\n      variables\n      texts {\n        locale\n        text\n      }\n    }\n  }\n": typeof types.SaveTemplateDocument,
    "\n  query Templates {\n    messageTemplates {\n      name\n    }\n  }\n": typeof types.TemplatesDocument,
    "\n  mutation TemplatedSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n    }\n  }\n": typeof types.TemplatedSendDocument,
    "\n  query Localized($id: ID!) {\n    message(id: $id) {\n      content\n      localizedContent\n      templateName\n    }\n  }\n": typeof types.LocalizedDocument,
    "\n  mutation SetLocale($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      locale\n    }\n  }\n": typeof types.SetLocaleDocument,
    "\n  query NotificationSettings {\n    notificationSettings {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      urgentBypassesQuietHours\n      holdDuringMeetings\n      typeModes {\n        type\n        mode\n      }\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n": typeof types.NotificationSettingsDocument,
    "\n  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      holdDuringMeetings\n      urgentBypassesQuietHours\n    }\n  }\n": typeof types.UpdateNotificationSettingsDocument,
    "\n  subscription NotifyEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n      ... on HeldMessagesReleasedEvent {\n        count\n        messages {\n          id\n          content\n        }\n      }\n    }\n  }\n": typeof types.NotifyEventsDocument,
    "\n  subscription NotifyReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.NotifyReceivedDocument,
    "\n  query NotifyStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      held\n      heldUntil\n    }\n  }\n": typeof types.NotifyStatusDocument,
    "\n  mutation NotifyCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.NotifyCreateMeetingDocument,
    "\n  mutation NotifyStartMeeting($id: ID!, $endsAt: DateTime) {\n    startMeeting(meetingId: $id, endsAt: $endsAt) {\n      meetingId\n      startsAt\n      endsAt\n    }\n  }\n": typeof types.NotifyStartMeetingDocument,
    "\n  mutation NotifyEndMeeting($id: ID!) {\n    endMeeting(meetingId: $id) {\n      endsAt\n    }\n  }\n": typeof types.NotifyEndMeetingDocument,
    "\n  subscription ResumeInSince($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n": typeof types.ResumeInSinceDocument,
    "\n  subscription ResumeInline {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n": typeof types.ResumeInlineDocument,
    "\n  subscription ResumeFromCursor($cursor: String) {\n    messageReceived(since: $cursor) {\n      content\n    }\n  }\n": typeof types.ResumeFromCursorDocument,
    "\n  subscription ResumeFromDefault($from: String = \"aW5ib3g6Mg\") {\n    messageReceived(since: $from) {\n      content\n    }\n  }\n": typeof types.ResumeFromDefaultDocument,
    "\n  subscription ResumeAliased($since: String) {\n    missed: messageReceived(since: $since) {\n      content\n    }\n  }\n": typeof types.ResumeAliasedDocument,
    "\n  fragment MissedMessages on Subscription {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n": typeof types.MissedMessagesFragmentDoc,
    "\n  subscription ResumeInFragment {\n    ...MissedMessages\n  }\n": typeof types.ResumeInFragmentDocument,
    "\n  subscription ResumeInInlineFragment($cursor: String) {\n    ... on Subscription {\n      messageReceived(since: $cursor) {\n        content\n      }\n    }\n  }\n": typeof types.ResumeInInlineFragmentDocument,
    "\n  subscription EventsInline {\n    inboxEvents(since: \"aW5ib3g6Mg\") {\n      ... on MessageReceivedEvent {\n        message {\n          content\n        }\n      }\n    }\n  }\n": typeof types.EventsInlineDocument,
    "\n  subscription TranscriptInline($meeting: ID!) {\n    transcriptSegment(meetingId: $meeting, after: \"c2VnbWVudDox\") {\n      text\n    }\n  }\n": typeof types.TranscriptInlineDocument,
    "\n  subscription MalformedInline {\n    messageReceived(since: \"not a cursor\") {\n      content\n    }\n  }\n": typeof types.MalformedInlineDocument,
    "\n  subscription MalformedEventsInline {\n    inboxEvents(since: \"not a cursor\") {\n      __typename\n    }\n  }\n": typeof types.MalformedEventsInlineDocument,
    "\n  subscription MalformedTranscriptInline($meetingId: ID!) {\n    transcriptSegment(meetingId: $meetingId, after: \"not a cursor\") {\n      text\n    }\n  }\n": typeof types.MalformedTranscriptInlineDocument,
    "\n  query SyncInline {\n    sync(since: \"aW5ib3g6Mg\", limit: 10) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncInlineDocument,
    "\n  query SyncFromCursor($cursor: String, $max: Int) {\n    sync(since: $cursor, limit: $max) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncFromCursorDocument,
    "\n  query SyncFromDefault($from: String = \"aW5ib3g6Mg\") {\n    sync(since: $from) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncFromDefaultDocument,
    "\n  query SyncAliased($since: String) {\n    missed: sync(since: $since) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncAliasedDocument,
    "\n  fragment MissedEvents on Query {\n    sync(since: \"aW5ib3g6Mg\") {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.MissedEventsFragmentDoc,
    "\n  query SyncInFragment {\n    ...MissedEvents\n  }\n": typeof types.SyncInFragmentDocument,
    "\n  query SyncInInlineFragment($cursor: String) {\n    ... on Query {\n      sync(since: $cursor) {\n        events {\n          ... on MessageReceivedEvent {\n            message {\n              content\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SyncInInlineFragmentDocument,
    "\n  mutation AcknowledgeInline {\n    acknowledgeDelivery(upTo: \"aW5ib3g6Mg\") {\n      acknowledgedCount\n    }\n  }\n": typeof types.AcknowledgeInlineDocument,
    "\n  mutation AcknowledgeThrough($through: String!) {\n    done: acknowledgeDelivery(upTo: $through) {\n      acknowledgedCount\n    }\n  }\n": typeof types.AcknowledgeThroughDocument,
    "\n  mutation CreateMeetingForArguments($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateMeetingForArgumentsDocument,
    "\n  mutation AddSegmentForArguments($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": typeof types.AddSegmentForArgumentsDocument,
    "\n  query WhoAmIByName {\n    me {\n      id\n    }\n  }\n": typeof types.WhoAmIByNameDocument,
    "\n  query UnreadByName {\n    unreadCount\n  }\n": typeof types.UnreadByNameDocument,
    "\n  query MeForPlugins {\n    me {\n      id\n    }\n  }\n": typeof types.MeForPluginsDocument,
    "\n  mutation AcknowledgeForPlugins($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": typeof types.AcknowledgeForPluginsDocument,
    "\n  subscription InboxForPlugins {\n    messageReceived {\n      content\n    }\n  }\n": typeof types.InboxForPluginsDocument,
    "\n  query AlertRulesHistory($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      id\n      rule\n      source\n      severity\n      summary\n      value\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n": typeof types.AlertRulesHistoryDocument,
    "\n  subscription AlertRulesPushed {\n    messageReceived {\n      id\n    }\n  }\n": typeof types.AlertRulesPushedDocument,
    "\n  query AlertHistory {\n    alerts(first: 20) {\n      id\n      rule\n      source\n      severity\n      summary\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n": typeof types.AlertHistoryDocument,
    "\n  query AnomalyAlerts($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      rule\n      source\n      severity\n      tenant\n      summary\n      resolvedAt\n    }\n  }\n": typeof types.AnomalyAlertsDocument,
    "\n  mutation WrongLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.WrongLoginDocument,
    "\n  subscription DashPush {\n    messageReceived {\n      id\n    }\n  }\n": typeof types.DashPushDocument,
    "\n  mutation DashRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n": typeof types.DashReadDocument,
    "\n  subscription MetricsPushed {\n    messageReceived {\n      id\n      cursor\n    }\n  }\n": typeof types.MetricsPushedDocument,
    "\n  mutation MetricsRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n": typeof types.MetricsReadDocument,
    "\n  mutation MetricsAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": typeof types.MetricsAckDocument,
    "\n  query Report($from: String!, $to: String!, $top: Int) {\n    adminStats(from: $from, to: $to, topSenders: $top) {\n      from\n      to\n      rolledUpAt\n      totals {\n        messages\n        recipients\n        delivered\n        read\n        successRate\n        readRate\n        avgTimeToReadMs\n      }\n      pushes {\n        type\n        priority\n        messages\n        recipients\n        delivered\n        read\n        avgDeliveryMs\n      }\n      days {\n        day\n        activeUsers\n        messages\n      }\n      topSenders {\n        userId\n        username\n        messages\n      }\n    }\n  }\n": typeof types.ReportDocument,
    "\n  query OpsStatus {\n    operationsStatus {\n      sockets\n      redisMode\n      databaseOk\n      openAlerts\n    }\n  }\n": typeof types.OpsStatusDocument,
    "\n  query AlertList {\n    alerts {\n      id\n    }\n  }\n": typeof types.AlertListDocument,
    "\n  query Presence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n        connectedAt\n        lastSeenAt\n      }\n    }\n  }\n": typeof types.PresenceDocument,
    "\n  subscription ProtocolArrivals {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.ProtocolArrivalsDocument,
    "\n  query ProtocolWhoAmI {\n    me {\n      id\n    }\n  }\n": typeof types.ProtocolWhoAmIDocument,
    "\n  query LimitsSearch($query: String!) {\n    search(query: $query, first: 5) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.LimitsSearchDocument,
    "\n  mutation LimitsUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n    }\n  }\n": typeof types.LimitsUploadDocument,
    "\n  mutation LimitsLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.LimitsLoginDocument,
    "\n  mutation LimitsSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.LimitsSendDocument,
    "\n  mutation RateLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": typeof types.RateLoginDocument,
    "\n  query RateMe {\n    me {\n      id\n    }\n  }\n": typeof types.RateMeDocument,
    "\n  subscription RateReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.RateReceivedDocument,
    "\n  subscription ClusterLive {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.ClusterLiveDocument,
    "\n  query ClusterPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n": typeof types.ClusterPresenceDocument,
    "\n  subscription OutageMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.OutageMessagesDocument,
    "\n  subscription SentinelLive {\n    messageReceived {\n      id\n    }\n  }\n": typeof types.SentinelLiveDocument,
    "\n  query ReplicaSent($first: Int) {\n    sentMessages(first: $first) {\n      edges {\n        node {\n          id\n          content\n        }\n      }\n    }\n  }\n": typeof types.ReplicaSentDocument,
    "\n  query ReplicaSync($since: String) {\n    sync(since: $since) {\n      cursor\n      hasMore\n      events {\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n            content\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n": typeof types.ReplicaSyncDocument,
    "\n  query ReplicaSearch($query: String!) {\n    search(query: $query, first: 10) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n": typeof types.ReplicaSearchDocument,
    "\n  query ReplicaMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n    }\n  }\n": typeof types.ReplicaMessageDocument,
    "\n  query ReplicaReport($from: String!, $to: String!) {\n    adminStats(from: $from, to: $to) {\n      totals {\n        messages\n      }\n    }\n  }\n": typeof types.ReplicaReportDocument,
    "\n  query Search($query: String!, $first: Int, $after: String, $filter: MessageFilter, $orderBy: SearchOrder) {\n    search(query: $query, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          message {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n          snippet {\n            text\n            highlights {\n              offset\n              length\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchDocument,
    "\n  mutation SearchRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": typeof types.SearchRecallDocument,
    "\n  mutation SendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": typeof types.SendIdDocument,
    "\n  mutation SocketAuthenticate($token: String!) {\n    authenticate(token: $token) {\n      userId\n      expiresAt\n    }\n  }\n": typeof types.SocketAuthenticateDocument,
    "\n  subscription RefreshedMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.RefreshedMessagesDocument,
    "\n  query RefreshMe {\n    me {\n      id\n    }\n  }\n": typeof types.RefreshMeDocument,
    "\n  subscription FollowInboxThroughOutage($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n": typeof types.FollowInboxThroughOutageDocument,
    "\n  subscription FollowTranscriptThroughOutage($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n    }\n  }\n": typeof types.FollowTranscriptThroughOutageDocument,
    "\n  mutation CreateMeetingThroughOutage($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateMeetingThroughOutageDocument,
    "\n  mutation AddSegmentThroughOutage($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": typeof types.AddSegmentThroughOutageDocument,
    "\n  mutation IsolationMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": typeof types.IsolationMeetingDocument,
    "\n  mutation IsolationTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n    }\n  }\n": typeof types.IsolationTagDocument,
    "\n  mutation IsolationWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        id\n      }\n    }\n  }\n": typeof types.IsolationWebhookDocument,
    "\n  query IsolationWebhookDeliveries {\n    webhookDeliveries {\n      id\n    }\n  }\n": typeof types.IsolationWebhookDeliveriesDocument,
    "\n  mutation IsolationKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n      }\n    }\n  }\n": typeof types.IsolationKeyDocument,
    "\n  query TenantMe {\n    me {\n      id\n      role\n    }\n  }\n": typeof types.TenantMeDocument,
    "\n  mutation CreateInvitation($role: UserRole, $expiresInHours: Int) {\n    createInvitation(role: $role, expiresInHours: $expiresInHours) {\n      code\n      tenant\n      role\n      expiresAt\n    }\n  }\n": typeof types.CreateInvitationDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role)\n  }\n": typeof types.SetUserRoleDocument,
    "\n  mutation SetTenantSignup($open: Boolean!) {\n    setTenantSignup(open: $open) {\n      id\n      openSignup\n    }\n  }\n": typeof types.SetTenantSignupDocument,
    "\n  query OwnTenant {\n    tenant {\n      id\n      openSignup\n    }\n  }\n": typeof types.OwnTenantDocument,
    "\n  subscription PolicyMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.PolicyMessagesDocument,
    "\n  query UsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n": typeof types.UsersByUsernameDocument,
    "\n  query WebTestUnread {\n    unreadCount\n  }\n": typeof types.WebTestUnreadDocument,
    "\n  mutation FailedHookCreate($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        events\n      }\n    }\n  }\n": typeof types.FailedHookCreateDocument,
    "\n  query FailedHookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n": typeof types.FailedHookDeliveriesDocument,
    "\n  query FailedHookStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      pushedAt\n    }\n  }\n": typeof types.FailedHookStatusDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n        events\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  query WebhookDeliveries($state: WebhookDeliveryState, $webhookId: ID) {\n    webhookDeliveries(state: $state, webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  mutation ReplayDelivery($id: ID!) {\n    replayWebhookDelivery(id: $id) {\n      id\n      state\n    }\n  }\n": typeof types.ReplayDeliveryDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation HookMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": typeof types.HookMarkReadDocument,
    "\n  mutation HookAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": typeof types.HookAckDocument,
    "\n  mutation HookRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": typeof types.HookRecallDocument,
    "\n  query HookAudit {\n    auditLog {\n      action\n      target\n      actorId\n    }\n  }\n": typeof types.HookAuditDocument,
    "\n  subscription WsAuthMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": typeof types.WsAuthMessagesDocument,
    "\n  query MeOverSocket {\n    me {\n      id\n    }\n  }\n": typeof types.MeOverSocketDocument,
};
const documents: Documents = {
    "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      contentType\n      sizeBytes\n      sha256\n      width\n      height\n      url\n      thumbnailUrl\n      urlExpiresAt\n    }\n  }\n": types.UploadDocument,
    "\n  mutation SendWithAttachments($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      attachments {\n        id\n        fileName\n        url\n      }\n    }\n  }\n": types.SendWithAttachmentsDocument,
    "\n  query MessageAttachments($id: ID!) {\n    message(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        width\n        height\n        url\n        thumbnailUrl\n      }\n    }\n  }\n": types.MessageAttachmentsDocument,
    "\n  mutation ForwardWithAttachments($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      attachments {\n        id\n      }\n    }\n  }\n": types.ForwardWithAttachmentsDocument,
    "\n  mutation RecallWithAttachments($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": types.RecallWithAttachmentsDocument,
    "\n  query InboxAttachments($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n          attachments {\n            id\n            url\n            thumbnailUrl\n          }\n        }\n      }\n    }\n  }\n": types.InboxAttachmentsDocument,
    "\n  query InboxPlain($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.InboxPlainDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n": types.MeDocument,
    "\n  query UnreadCountOnly {\n    unreadCount\n  }\n": types.UnreadCountOnlyDocument,
    "\n  mutation CacheLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n": types.CacheLoginDocument,
    "\n  subscription ChaosReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      cursor\n    }\n  }\n": types.ChaosReceivedDocument,
    "\n  query CachedInboxWithBadge {\n    unreadCounts {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n    messages(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CachedInboxWithBadgeDocument,
    "\n  mutation CachedMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      messageIds\n      messages {\n        id\n        isRead\n        readAt\n      }\n      unreadCounts {\n        id\n        total\n        byPriority {\n          priority\n          count\n        }\n      }\n    }\n  }\n": types.CachedMarkReadDocument,
    "\n  mutation CachedMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n      messageIds\n      unreadCounts {\n        id\n        total\n      }\n    }\n  }\n": types.CachedMarkAllReadDocument,
    "\n  query CachedMe {\n    me {\n      id\n      username\n    }\n  }\n": types.CachedMeDocument,
    "\n  query CachedPresence($ids: [ID!]!) {\n    presence(userIds: $ids) {\n      userId\n      online\n      devices {\n        label\n      }\n    }\n  }\n": types.CachedPresenceDocument,
    "\n  query CachedPage($after: String) {\n    messages(first: 2, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.CachedPageDocument,
    "\n  subscription KitMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.KitMessagesDocument,
    "\n  subscription KitEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n    }\n  }\n": types.KitEventsDocument,
    "\n  mutation KitTestMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": types.KitTestMarkReadDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        serviceAccountId\n        scopes\n        allowedIps\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!) {\n    rotateApiKey(id: $id) {\n      key\n    }\n  }\n": types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      lastUsedAt\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CredentialSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      type\n      sender {\n        id\n      }\n    }\n  }\n": types.CredentialSendDocument,
    "\n  query CredentialMe {\n    me {\n      id\n      username\n    }\n  }\n": types.CredentialMeDocument,
    "\n  mutation CredentialLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      refreshToken\n    }\n  }\n": types.CredentialLoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      token\n      refreshToken\n      user {\n        id\n      }\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String, $everywhere: Boolean) {\n    logout(refreshToken: $refreshToken, everywhere: $everywhere)\n  }\n": types.LogoutDocument,
    "\n  subscription CrossInstanceMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.CrossInstanceMessagesDocument,
    "\n  mutation RetentionOtherSetPolicy($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      transcriptsDays\n      attachmentsDays\n      inboxEventsDays\n    }\n  }\n": types.RetentionOtherSetPolicyDocument,
    "\n  mutation RetentionOtherCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.RetentionOtherCreateMeetingDocument,
    "\n  mutation RetentionOtherAddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n    }\n  }\n": types.RetentionOtherAddSegmentDocument,
    "\n  query RetentionOtherTranscript($meetingId: ID!) {\n    transcriptSegments(meetingId: $meetingId, first: 100) {\n      edges {\n        node {\n          text\n        }\n      }\n    }\n  }\n": types.RetentionOtherTranscriptDocument,
    "\n  mutation RetentionOtherUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n      thumbnailUrl\n    }\n  }\n": types.RetentionOtherUploadDocument,
    "\n  mutation RetentionOtherSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.RetentionOtherSendDocument,
    "\n  query RetentionOtherMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      attachments {\n        fileName\n      }\n    }\n  }\n": types.RetentionOtherMessageDocument,
    "\n  query RetentionOtherSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.RetentionOtherSyncDocument,
    "\n  query RetentionOtherInbox {\n    messages(first: 50) {\n      edges {\n        node {\n          content\n        }\n      }\n    }\n  }\n": types.RetentionOtherInboxDocument,
    "\n  mutation SetRetention($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      inboxEventsDays\n    }\n  }\n": types.SetRetentionDocument,
    "\n  query Retention {\n    retentionPolicy {\n      messagesDays\n    }\n  }\n": types.RetentionDocument,
    "\n  query LifecycleSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n      }\n    }\n  }\n": types.LifecycleSyncDocument,
    "\n  query LifecycleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      sender {\n        displayName\n      }\n    }\n  }\n": types.LifecycleMessageDocument,
    "\n  subscription LifecycleEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n": types.LifecycleEventsDocument,
    "\n  subscription LifecycleReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n    }\n  }\n": types.LifecycleReceivedDocument,
    "\n  query ExportMine {\n    exportMyData\n  }\n": types.ExportMineDocument,
    "\n  query ExportUser($userId: ID!) {\n    exportUserData(userId: $userId)\n  }\n": types.ExportUserDocument,
    "\n  mutation Erase($userId: ID!) {\n    eraseUser(userId: $userId) {\n      messagesRedacted\n    }\n  }\n": types.EraseDocument,
    "\n  query LifecycleAudit {\n    auditLog {\n      action\n      target\n    }\n  }\n": types.LifecycleAuditDocument,
    "\n  mutation LifecycleLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.LifecycleLoginDocument,
    "\n  query LifecycleSearchOld {\n    search(query: \"old\") {\n      edges {\n        node {\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.LifecycleSearchOldDocument,
    "\n  subscription QueueReceived {\n    messageReceived {\n      id\n      priority\n    }\n  }\n": types.QueueReceivedDocument,
    "\n  subscription DeliveryReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n    }\n  }\n": types.DeliveryReceivedDocument,
    "\n  subscription DeliveryEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          isRead\n        }\n      }\n      ... on MessagesReadEvent {\n        cursor\n        messageIds\n        readAt\n      }\n    }\n  }\n": types.DeliveryEventsDocument,
    "\n  query DeliverySync($since: String, $limit: Int) {\n    sync(since: $since, limit: $limit) {\n      cursor\n      hasMore\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n": types.DeliverySyncDocument,
    "\n  mutation DeliveryAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": types.DeliveryAckDocument,
    "\n  query DeliveryStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      queuedAt\n      pushedAt\n      deliveredAt\n      readAt\n    }\n  }\n": types.DeliveryStatusDocument,
    "\n  mutation Send($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      type\n      priority\n      createdAt\n      isRead\n      cursor\n      sender {\n        id\n      }\n      recipients {\n        id\n      }\n      replyTo {\n        id\n      }\n    }\n  }\n": types.SendDocument,
    "\n  query Inbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          type\n          priority\n          isRead\n          readAt\n          cursor\n          sender {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query Unread {\n    unreadCount\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": types.UnreadDocument,
    "\n  mutation MarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n": types.MarkReadDocument,
    "\n  mutation MarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n": types.MarkAllReadDocument,
    "\n  mutation CreateTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": types.CreateTagDocument,
    "\n  mutation UpdateTag($id: ID!, $name: String, $color: String) {\n    updateTag(id: $id, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n": types.UpdateTagDocument,
    "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n": types.DeleteTagDocument,
    "\n  query Tags {\n    tags {\n      id\n      name\n      color\n    }\n  }\n": types.TagsDocument,
    "\n  mutation TagMessages($tagId: ID!, $ids: [ID!]!) {\n    tagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.TagMessagesDocument,
    "\n  mutation UntagMessages($tagId: ID!, $ids: [ID!]!) {\n    untagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.UntagMessagesDocument,
    "\n  mutation StarMessages($ids: [ID!]!) {\n    starMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.StarMessagesDocument,
    "\n  mutation UnstarMessages($ids: [ID!]!) {\n    unstarMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.UnstarMessagesDocument,
    "\n  mutation ArchiveMessages($ids: [ID!]!) {\n    archiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.ArchiveMessagesDocument,
    "\n  mutation UnarchiveMessages($ids: [ID!]!) {\n    unarchiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n": types.UnarchiveMessagesDocument,
    "\n  query OrganizedInbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          category\n          starred\n          archived\n          tags {\n            id\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.OrganizedInboxDocument,
    "\n  query OrganizedCounts {\n    unreadCounts {\n      total\n      byCategory {\n        category\n        count\n      }\n      byTag {\n        tag {\n          id\n          name\n        }\n        count\n      }\n    }\n  }\n": types.OrganizedCountsDocument,
    "\n  subscription OrganizeEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageLabelsChangedEvent {\n        cursor\n        messageId\n        starred\n        archived\n        tags {\n          id\n          name\n        }\n      }\n      ... on TagChangedEvent {\n        cursor\n        tagId\n        tag {\n          name\n          color\n        }\n      }\n      ... on MessageReceivedEvent {\n        cursor\n      }\n    }\n  }\n": types.OrganizeEventsDocument,
    "\n  query OrganizeSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageLabelsChangedEvent {\n          messageId\n          starred\n          archived\n          tags {\n            name\n          }\n        }\n        ... on TagChangedEvent {\n          tagId\n          tag {\n            name\n            color\n          }\n        }\n      }\n    }\n  }\n": types.OrganizeSyncDocument,
    "\n  query Important($first: Int) {\n    importantMessages(first: $first) {\n      enabled\n      items {\n        reason\n        score\n        message {\n          id\n          content\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ImportantDocument,
    "\n  mutation SetImportantFirst($enabled: Boolean!) {\n    setImportantFirst(enabled: $enabled) {\n      importantFirst\n      maxTags\n    }\n  }\n": types.SetImportantFirstDocument,
    "\n  query OrganizingSettings {\n    organizingSettings {\n      importantFirst\n      maxTags\n    }\n  }\n": types.OrganizingSettingsDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      user {\n        id\n        username\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  subscription PreviewInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          linkPreviews {\n            url\n          }\n        }\n      }\n      ... on MessageUpdatedEvent {\n        cursor\n        message {\n          id\n          content\n          isRead\n          cursor\n          linkPreviews {\n            url\n            title\n            description\n            siteName\n            imageUrl\n          }\n        }\n      }\n    }\n  }\n": types.PreviewInboxEventsDocument,
    "\n  subscription PreviewMessageReceived {\n    messageReceived {\n      id\n    }\n  }\n": types.PreviewMessageReceivedDocument,
    "\n  query PreviewSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessageUpdatedEvent {\n          cursor\n          message {\n            id\n            linkPreviews {\n              url\n              title\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PreviewSyncDocument,
    "\n  query PreviewInbox {\n    messages(first: 10) {\n      edges {\n        node {\n          id\n          linkPreviews {\n            url\n            title\n          }\n        }\n      }\n    }\n    unreadCount\n  }\n": types.PreviewInboxDocument,
    "\n  query PreviewMessage($id: ID!) {\n    message(id: $id) {\n      linkPreviews {\n        url\n      }\n    }\n  }\n": types.PreviewMessageDocument,
    "\n  subscription LiveBadge {\n    unreadCountsChanged {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n": types.LiveBadgeDocument,
    "\n  subscription LivePresenceDots($ids: [ID!]!) {\n    presenceChanged(userIds: $ids) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n      }\n    }\n  }\n": types.LivePresenceDotsDocument,
    "\n  mutation BadgeMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": types.BadgeMarkReadDocument,
    "\n  subscription BadgeReadEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n": types.BadgeReadEventsDocument,
    "\n  mutation BadgeRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": types.BadgeRecallDocument,
    "\n  mutation Broadcast($input: BroadcastInput!) {\n    broadcastMessage(input: $input) {\n      id\n      type\n    }\n  }\n": types.BroadcastDocument,
    "\n  mutation SendOverSocket($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      sender {\n        id\n      }\n    }\n  }\n": types.SendOverSocketDocument,
    "\n  subscription MessageReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n      isRead\n      sender {\n        id\n      }\n    }\n  }\n": types.MessageReceivedDocument,
    "\n  mutation CreateStreamedMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.CreateStreamedMeetingDocument,
    "\n  mutation AddStreamedSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": types.AddStreamedSegmentDocument,
    "\n  subscription Transcript($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n      speaker\n      startMs\n      cursor\n    }\n  }\n": types.TranscriptDocument,
    "\n  subscription InboxLive {\n    messageReceived {\n      content\n    }\n  }\n": types.InboxLiveDocument,
    "\n  mutation CreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n      title\n      createdBy {\n        id\n      }\n      participants {\n        id\n      }\n    }\n  }\n": types.CreateMeetingDocument,
    "\n  query MeetingById($id: ID!) {\n    meeting(id: $id) {\n      id\n      title\n      participants {\n        id\n      }\n    }\n  }\n": types.MeetingByIdDocument,
    "\n  mutation AddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n      meetingId\n      speaker\n      text\n      startMs\n      endMs\n      cursor\n    }\n  }\n": types.AddSegmentDocument,
    "\n  query Segments($meetingId: ID!, $first: Int, $after: String) {\n    transcriptSegments(meetingId: $meetingId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          text\n          startMs\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SegmentsDocument,
    "\n  mutation Recall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n      content\n      recalledAt\n      recalledBy {\n        id\n      }\n    }\n  }\n": types.RecallDocument,
    "\n  mutation Forward($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      content\n      forwardComment\n      forwardedFrom {\n        sender {\n          id\n        }\n        createdAt\n      }\n      recipients {\n        id\n      }\n    }\n  }\n": types.ForwardDocument,
    "\n  query ActionsMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      isRead\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        recalledAt\n      }\n      quote {\n        id\n        excerpt\n        recalled\n        sender {\n          id\n        }\n      }\n      forwardedFrom {\n        sender {\n          id\n        }\n      }\n    }\n  }\n": types.ActionsMessageDocument,
    "\n  subscription ActionsEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n      ... on MessageRecalledEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n    }\n  }\n": types.ActionsEventsDocument,
    "\n  query ActionsSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageRecalledEvent {\n          cursor\n          message {\n            id\n            content\n            recalledAt\n          }\n        }\n      }\n    }\n  }\n": types.ActionsSyncDocument,
    "mutation ActionsMarkRead($ids: [ID!]!) { markRead(messageIds: $ids) { unreadCount } }": types.ActionsMarkReadDocument,
    "\n  query Sent($first: Int, $after: String) {\n    sentMessages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          recipients {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SentDocument,
    "\n  query OneMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        content\n      }\n    }\n  }\n": types.OneMessageDocument,
    "\n  query RichInbox($first: Int) {\n    messages(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          sender {\n            id\n            username\n          }\n          recipients {\n            id\n            displayName\n          }\n          replyTo {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.RichInboxDocument,
    "\n  mutation RequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.RequireConfirmationDocument,
    "\n  mutation Confirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n      confirmedAt\n    }\n  }\n": types.ConfirmDocument,
    "\n  query ConfirmStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      confirmationRequired\n      confirmedAt\n      remindedAt\n      escalatedAt\n    }\n  }\n": types.ConfirmStatusDocument,
    "\n  mutation ReminderFallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n": types.ReminderFallbackSettingsDocument,
    "\n  mutation ReminderRequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.ReminderRequireConfirmationDocument,
    "\n  mutation ReminderConfirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n    }\n  }\n": types.ReminderConfirmDocument,
    "\n  query ReminderStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      remindedAt\n    }\n  }\n": types.ReminderStatusDocument,
    "\n  query ReminderPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n": types.ReminderPresenceDocument,
    "\n  subscription ReminderLive {\n    messageReceived {\n      id\n      type\n      priority\n      content\n      createdAt\n    }\n  }\n": types.ReminderLiveDocument,
    "\n  mutation FallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n    }\n  }\n": types.FallbackSettingsDocument,
    "\n  subscription InstancesReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.InstancesReceivedDocument,
    "\n  mutation InstancesSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n    }\n  }\n": types.InstancesSettingsDocument,
    "\n  mutation InstancesSendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.InstancesSendIdDocument,
    "\n  mutation SaveTemplate($input: SaveMessageTemplateInput!) {\n    saveMessageTemplate(input: $input) {\n      name\n      variables\n      texts {\n        locale\n        text\n      }\n    }\n  }\n": types.SaveTemplateDocument,
    "\n  query Templates {\n    messageTemplates {\n      name\n    }\n  }\n": types.TemplatesDocument,
    "\n  mutation TemplatedSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n    }\n  }\n": types.TemplatedSendDocument,
    "\n  query Localized($id: ID!) {\n    message(id: $id) {\n      content\n      localizedContent\n      templateName\n    }\n  }\n": types.LocalizedDocument,
    "\n  mutation SetLocale($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      locale\n    }\n  }\n": types.SetLocaleDocument,
    "\n  query NotificationSettings {\n    notificationSettings {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      urgentBypassesQuietHours\n      holdDuringMeetings\n      typeModes {\n        type\n        mode\n      }\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n": types.NotificationSettingsDocument,
    "\n  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      holdDuringMeetings\n      urgentBypassesQuietHours\n    }\n  }\n": types.UpdateNotificationSettingsDocument,
    "\n  subscription NotifyEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n      ... on HeldMessagesReleasedEvent {\n        count\n        messages {\n          id\n          content\n        }\n      }\n    }\n  }\n": types.NotifyEventsDocument,
    "\n  subscription NotifyReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.NotifyReceivedDocument,
    "\n  query NotifyStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      held\n      heldUntil\n    }\n  }\n": types.NotifyStatusDocument,
    "\n  mutation NotifyCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.NotifyCreateMeetingDocument,
    "\n  mutation NotifyStartMeeting($id: ID!, $endsAt: DateTime) {\n    startMeeting(meetingId: $id, endsAt: $endsAt) {\n      meetingId\n      startsAt\n      endsAt\n    }\n  }\n": types.NotifyStartMeetingDocument,
    "\n  mutation NotifyEndMeeting($id: ID!) {\n    endMeeting(meetingId: $id) {\n      endsAt\n    }\n  }\n": types.NotifyEndMeetingDocument,
    "\n  subscription ResumeInSince($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n": types.ResumeInSinceDocument,
    "\n  subscription ResumeInline {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n": types.ResumeInlineDocument,
    "\n  subscription ResumeFromCursor($cursor: String) {\n    messageReceived(since: $cursor) {\n      content\n    }\n  }\n": types.ResumeFromCursorDocument,
    "\n  subscription ResumeFromDefault($from: String = \"aW5ib3g6Mg\") {\n    messageReceived(since: $from) {\n      content\n    }\n  }\n": types.ResumeFromDefaultDocument,
    "\n  subscription ResumeAliased($since: String) {\n    missed: messageReceived(since: $since) {\n      content\n    }\n  }\n": types.ResumeAliasedDocument,
    "\n  fragment MissedMessages on Subscription {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n": types.MissedMessagesFragmentDoc,
    "\n  subscription ResumeInFragment {\n    ...MissedMessages\n  }\n": types.ResumeInFragmentDocument,
    "\n  subscription ResumeInInlineFragment($cursor: String) {\n    ... on Subscription {\n      messageReceived(since: $cursor) {\n        content\n      }\n    }\n  }\n": types.ResumeInInlineFragmentDocument,
    "\n  subscription EventsInline {\n    inboxEvents(since: \"aW5ib3g6Mg\") {\n      ... on MessageReceivedEvent {\n        message {\n          content\n        }\n      }\n    }\n  }\n": types.EventsInlineDocument,
    "\n  subscription TranscriptInline($meeting: ID!) {\n    transcriptSegment(meetingId: $meeting, after: \"c2VnbWVudDox\") {\n      text\n    }\n  }\n": types.TranscriptInlineDocument,
    "\n  subscription MalformedInline {\n    messageReceived(since: \"not a cursor\") {\n      content\n    }\n  }\n": types.MalformedInlineDocument,
    "\n  subscription MalformedEventsInline {\n    inboxEvents(since: \"not a cursor\") {\n      __typename\n    }\n  }\n": types.MalformedEventsInlineDocument,
    "\n  subscription MalformedTranscriptInline($meetingId: ID!) {\n    transcriptSegment(meetingId: $meetingId, after: \"not a cursor\") {\n      text\n    }\n  }\n": types.MalformedTranscriptInlineDocument,
    "\n  query SyncInline {\n    sync(since: \"aW5ib3g6Mg\", limit: 10) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.SyncInlineDocument,
    "\n  query SyncFromCursor($cursor: String, $max: Int) {\n    sync(since: $cursor, limit: $max) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.SyncFromCursorDocument,
    "\n  query SyncFromDefault($from: String = \"aW5ib3g6Mg\") {\n    sync(since: $from) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.SyncFromDefaultDocument,
    "\n  query SyncAliased($since: String) {\n    missed: sync(since: $since) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.SyncAliasedDocument,
    "\n  fragment MissedEvents on Query {\n    sync(since: \"aW5ib3g6Mg\") {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n": types.MissedEventsFragmentDoc,
    "\n  query SyncInFragment {\n    ...MissedEvents\n  }\n": types.SyncInFragmentDocument,
    "\n  query SyncInInlineFragment($cursor: String) {\n    ... on Query {\n      sync(since: $cursor) {\n        events {\n          ... on MessageReceivedEvent {\n            message {\n              content\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SyncInInlineFragmentDocument,
    "\n  mutation AcknowledgeInline {\n    acknowledgeDelivery(upTo: \"aW5ib3g6Mg\") {\n      acknowledgedCount\n    }\n  }\n": types.AcknowledgeInlineDocument,
    "\n  mutation AcknowledgeThrough($through: String!) {\n    done: acknowledgeDelivery(upTo: $through) {\n      acknowledgedCount\n    }\n  }\n": types.AcknowledgeThroughDocument,
    "\n  mutation CreateMeetingForArguments($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.CreateMeetingForArgumentsDocument,
    "\n  mutation AddSegmentForArguments($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": types.AddSegmentForArgumentsDocument,
    "\n  query WhoAmIByName {\n    me {\n      id\n    }\n  }\n": types.WhoAmIByNameDocument,
    "\n  query UnreadByName {\n    unreadCount\n  }\n": types.UnreadByNameDocument,
    "\n  query MeForPlugins {\n    me {\n      id\n    }\n  }\n": types.MeForPluginsDocument,
    "\n  mutation AcknowledgeForPlugins($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": types.AcknowledgeForPluginsDocument,
    "\n  subscription InboxForPlugins {\n    messageReceived {\n      content\n    }\n  }\n": types.InboxForPluginsDocument,
    "\n  query AlertRulesHistory($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      id\n      rule\n      source\n      severity\n      summary\n      value\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n": types.AlertRulesHistoryDocument,
    "\n  subscription AlertRulesPushed {\n    messageReceived {\n      id\n    }\n  }\n": types.AlertRulesPushedDocument,
    "\n  query AlertHistory {\n    alerts(first: 20) {\n      id\n      rule\n      source\n      severity\n      summary\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n": types.AlertHistoryDocument,
    "\n  query AnomalyAlerts($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      rule\n      source\n      severity\n      tenant\n      summary\n      resolvedAt\n    }\n  }\n": types.AnomalyAlertsDocument,
    "\n  mutation WrongLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.WrongLoginDocument,
    "\n  subscription DashPush {\n    messageReceived {\n      id\n    }\n  }\n": types.DashPushDocument,
    "\n  mutation DashRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n": types.DashReadDocument,
    "\n  subscription MetricsPushed {\n    messageReceived {\n      id\n      cursor\n    }\n  }\n": types.MetricsPushedDocument,
    "\n  mutation MetricsRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n": types.MetricsReadDocument,
    "\n  mutation MetricsAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": types.MetricsAckDocument,
    "\n  query Report($from: String!, $to: String!, $top: Int) {\n    adminStats(from: $from, to: $to, topSenders: $top) {\n      from\n      to\n      rolledUpAt\n      totals {\n        messages\n        recipients\n        delivered\n        read\n        successRate\n        readRate\n        avgTimeToReadMs\n      }\n      pushes {\n        type\n        priority\n        messages\n        recipients\n        delivered\n        read\n        avgDeliveryMs\n      }\n      days {\n        day\n        activeUsers\n        messages\n      }\n      topSenders {\n        userId\n        username\n        messages\n      }\n    }\n  }\n": types.ReportDocument,
    "\n  query OpsStatus {\n    operationsStatus {\n      sockets\n      redisMode\n      databaseOk\n      openAlerts\n    }\n  }\n": types.OpsStatusDocument,
    "\n  query AlertList {\n    alerts {\n      id\n    }\n  }\n": types.AlertListDocument,
    "\n  query Presence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n        connectedAt\n        lastSeenAt\n      }\n    }\n  }\n": types.PresenceDocument,
    "\n  subscription ProtocolArrivals {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.ProtocolArrivalsDocument,
    "\n  query ProtocolWhoAmI {\n    me {\n      id\n    }\n  }\n": types.ProtocolWhoAmIDocument,
    "\n  query LimitsSearch($query: String!) {\n    search(query: $query, first: 5) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n": types.LimitsSearchDocument,
    "\n  mutation LimitsUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n    }\n  }\n": types.LimitsUploadDocument,
    "\n  mutation LimitsLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.LimitsLoginDocument,
    "\n  mutation LimitsSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.LimitsSendDocument,
    "\n  mutation RateLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n": types.RateLoginDocument,
    "\n  query RateMe {\n    me {\n      id\n    }\n  }\n": types.RateMeDocument,
    "\n  subscription RateReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.RateReceivedDocument,
    "\n  subscription ClusterLive {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.ClusterLiveDocument,
    "\n  query ClusterPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n": types.ClusterPresenceDocument,
    "\n  subscription OutageMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.OutageMessagesDocument,
    "\n  subscription SentinelLive {\n    messageReceived {\n      id\n    }\n  }\n": types.SentinelLiveDocument,
    "\n  query ReplicaSent($first: Int) {\n    sentMessages(first: $first) {\n      edges {\n        node {\n          id\n          content\n        }\n      }\n    }\n  }\n": types.ReplicaSentDocument,
    "\n  query ReplicaSync($since: String) {\n    sync(since: $since) {\n      cursor\n      hasMore\n      events {\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n            content\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n": types.ReplicaSyncDocument,
    "\n  query ReplicaSearch($query: String!) {\n    search(query: $query, first: 10) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n": types.ReplicaSearchDocument,
    "\n  query ReplicaMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n    }\n  }\n": types.ReplicaMessageDocument,
    "\n  query ReplicaReport($from: String!, $to: String!) {\n    adminStats(from: $from, to: $to) {\n      totals {\n        messages\n      }\n    }\n  }\n": types.ReplicaReportDocument,
    "\n  query Search($query: String!, $first: Int, $after: String, $filter: MessageFilter, $orderBy: SearchOrder) {\n    search(query: $query, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          message {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n          snippet {\n            text\n            highlights {\n              offset\n              length\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n": types.SearchDocument,
    "\n  mutation SearchRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": types.SearchRecallDocument,
    "\n  mutation SendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n": types.SendIdDocument,
    "\n  mutation SocketAuthenticate($token: String!) {\n    authenticate(token: $token) {\n      userId\n      expiresAt\n    }\n  }\n": types.SocketAuthenticateDocument,
    "\n  subscription RefreshedMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.RefreshedMessagesDocument,
    "\n  query RefreshMe {\n    me {\n      id\n    }\n  }\n": types.RefreshMeDocument,
    "\n  subscription FollowInboxThroughOutage($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n": types.FollowInboxThroughOutageDocument,
    "\n  subscription FollowTranscriptThroughOutage($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n    }\n  }\n": types.FollowTranscriptThroughOutageDocument,
    "\n  mutation CreateMeetingThroughOutage($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.CreateMeetingThroughOutageDocument,
    "\n  mutation AddSegmentThroughOutage($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n": types.AddSegmentThroughOutageDocument,
    "\n  mutation IsolationMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n": types.IsolationMeetingDocument,
    "\n  mutation IsolationTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n    }\n  }\n": types.IsolationTagDocument,
    "\n  mutation IsolationWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        id\n      }\n    }\n  }\n": types.IsolationWebhookDocument,
    "\n  query IsolationWebhookDeliveries {\n    webhookDeliveries {\n      id\n    }\n  }\n": types.IsolationWebhookDeliveriesDocument,
    "\n  mutation IsolationKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n      }\n    }\n  }\n": types.IsolationKeyDocument,
    "\n  query TenantMe {\n    me {\n      id\n      role\n    }\n  }\n": types.TenantMeDocument,
    "\n  mutation CreateInvitation($role: UserRole, $expiresInHours: Int) {\n    createInvitation(role: $role, expiresInHours: $expiresInHours) {\n      code\n      tenant\n      role\n      expiresAt\n    }\n  }\n": types.CreateInvitationDocument,
    "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role)\n  }\n": types.SetUserRoleDocument,
    "\n  mutation SetTenantSignup($open: Boolean!) {\n    setTenantSignup(open: $open) {\n      id\n      openSignup\n    }\n  }\n": types.SetTenantSignupDocument,
    "\n  query OwnTenant {\n    tenant {\n      id\n      openSignup\n    }\n  }\n": types.OwnTenantDocument,
    "\n  subscription PolicyMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.PolicyMessagesDocument,
    "\n  query UsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n": types.UsersByUsernameDocument,
    "\n  query WebTestUnread {\n    unreadCount\n  }\n": types.WebTestUnreadDocument,
    "\n  mutation FailedHookCreate($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        events\n      }\n    }\n  }\n": types.FailedHookCreateDocument,
    "\n  query FailedHookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n": types.FailedHookDeliveriesDocument,
    "\n  query FailedHookStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      pushedAt\n    }\n  }\n": types.FailedHookStatusDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n        events\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  query WebhookDeliveries($state: WebhookDeliveryState, $webhookId: ID) {\n    webhookDeliveries(state: $state, webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  mutation ReplayDelivery($id: ID!) {\n    replayWebhookDelivery(id: $id) {\n      id\n      state\n    }\n  }\n": types.ReplayDeliveryDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n    }\n  }\n": types.WebhooksDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation HookMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n": types.HookMarkReadDocument,
    "\n  mutation HookAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n": types.HookAckDocument,
    "\n  mutation HookRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n": types.HookRecallDocument,
    "\n  query HookAudit {\n    auditLog {\n      action\n      target\n      actorId\n    }\n  }\n": types.HookAuditDocument,
    "\n  subscription WsAuthMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n": types.WsAuthMessagesDocument,
    "\n  query MeOverSocket {\n    me {\n      id\n    }\n  }\n": types.MeOverSocketDocument,
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
export function graphql(source: "\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      contentType\n      sizeBytes\n      sha256\n      width\n      height\n      url\n      thumbnailUrl\n      urlExpiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Upload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      contentType\n      sizeBytes\n      sha256\n      width\n      height\n      url\n      thumbnailUrl\n      urlExpiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendWithAttachments($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      attachments {\n        id\n        fileName\n        url\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendWithAttachments($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      attachments {\n        id\n        fileName\n        url\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageAttachments($id: ID!) {\n    message(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        width\n        height\n        url\n        thumbnailUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessageAttachments($id: ID!) {\n    message(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        sizeBytes\n        width\n        height\n        url\n        thumbnailUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ForwardWithAttachments($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      attachments {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ForwardWithAttachments($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      attachments {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecallWithAttachments($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RecallWithAttachments($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxAttachments($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n          attachments {\n            id\n            url\n            thumbnailUrl\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxAttachments($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n          attachments {\n            id\n            url\n            thumbnailUrl\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InboxPlain($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query InboxPlain($first: Int) {\n    messages(first: $first) {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        id\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadCountOnly {\n    unreadCount\n  }\n"): (typeof documents)["\n  query UnreadCountOnly {\n    unreadCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CacheLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChaosReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription ChaosReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedInboxWithBadge {\n    unreadCounts {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n    messages(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query CachedInboxWithBadge {\n    unreadCounts {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n    messages(first: 10) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CachedMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      messageIds\n      messages {\n        id\n        isRead\n        readAt\n      }\n      unreadCounts {\n        id\n        total\n        byPriority {\n          priority\n          count\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CachedMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      messageIds\n      messages {\n        id\n        isRead\n        readAt\n      }\n      unreadCounts {\n        id\n        total\n        byPriority {\n          priority\n          count\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CachedMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n      messageIds\n      unreadCounts {\n        id\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CachedMarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n      messageIds\n      unreadCounts {\n        id\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedMe {\n    me {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query CachedMe {\n    me {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedPresence($ids: [ID!]!) {\n    presence(userIds: $ids) {\n      userId\n      online\n      devices {\n        label\n      }\n    }\n  }\n"): (typeof documents)["\n  query CachedPresence($ids: [ID!]!) {\n    presence(userIds: $ids) {\n      userId\n      online\n      devices {\n        label\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CachedPage($after: String) {\n    messages(first: 2, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query CachedPage($after: String) {\n    messages(first: 2, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription KitMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription KitMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription KitEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription KitEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation KitTestMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"): (typeof documents)["\n  mutation KitTestMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        serviceAccountId\n        scopes\n        allowedIps\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      key\n      apiKey {\n        id\n        name\n        serviceAccountId\n        scopes\n        allowedIps\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateApiKey($id: ID!) {\n    rotateApiKey(id: $id) {\n      key\n    }\n  }\n"): (typeof documents)["\n  mutation RotateApiKey($id: ID!) {\n    rotateApiKey(id: $id) {\n      key\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      id\n      name\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CredentialSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      type\n      sender {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CredentialSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      type\n      sender {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CredentialMe {\n    me {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query CredentialMe {\n    me {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CredentialLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      refreshToken\n    }\n  }\n"): (typeof documents)["\n  mutation CredentialLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n      refreshToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      token\n      refreshToken\n      user {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      token\n      refreshToken\n      user {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String, $everywhere: Boolean) {\n    logout(refreshToken: $refreshToken, everywhere: $everywhere)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String, $everywhere: Boolean) {\n    logout(refreshToken: $refreshToken, everywhere: $everywhere)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CrossInstanceMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription CrossInstanceMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetentionOtherSetPolicy($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      transcriptsDays\n      attachmentsDays\n      inboxEventsDays\n    }\n  }\n"): (typeof documents)["\n  mutation RetentionOtherSetPolicy($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      transcriptsDays\n      attachmentsDays\n      inboxEventsDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetentionOtherCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RetentionOtherCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetentionOtherAddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RetentionOtherAddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionOtherTranscript($meetingId: ID!) {\n    transcriptSegments(meetingId: $meetingId, first: 100) {\n      edges {\n        node {\n          text\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionOtherTranscript($meetingId: ID!) {\n    transcriptSegments(meetingId: $meetingId, first: 100) {\n      edges {\n        node {\n          text\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetentionOtherUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n      thumbnailUrl\n    }\n  }\n"): (typeof documents)["\n  mutation RetentionOtherUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n      thumbnailUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetentionOtherSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RetentionOtherSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionOtherMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      attachments {\n        fileName\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionOtherMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      attachments {\n        fileName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionOtherSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionOtherSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionOtherInbox {\n    messages(first: 50) {\n      edges {\n        node {\n          content\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionOtherInbox {\n    messages(first: 50) {\n      edges {\n        node {\n          content\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRetention($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      inboxEventsDays\n    }\n  }\n"): (typeof documents)["\n  mutation SetRetention($input: RetentionPolicyInput!) {\n    setRetentionPolicy(input: $input) {\n      messagesDays\n      inboxEventsDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Retention {\n    retentionPolicy {\n      messagesDays\n    }\n  }\n"): (typeof documents)["\n  query Retention {\n    retentionPolicy {\n      messagesDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n      }\n    }\n  }\n"): (typeof documents)["\n  query LifecycleSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      sender {\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  query LifecycleMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      sender {\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LifecycleEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  subscription LifecycleEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LifecycleReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription LifecycleReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportMine {\n    exportMyData\n  }\n"): (typeof documents)["\n  query ExportMine {\n    exportMyData\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExportUser($userId: ID!) {\n    exportUserData(userId: $userId)\n  }\n"): (typeof documents)["\n  query ExportUser($userId: ID!) {\n    exportUserData(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Erase($userId: ID!) {\n    eraseUser(userId: $userId) {\n      messagesRedacted\n    }\n  }\n"): (typeof documents)["\n  mutation Erase($userId: ID!) {\n    eraseUser(userId: $userId) {\n      messagesRedacted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleAudit {\n    auditLog {\n      action\n      target\n    }\n  }\n"): (typeof documents)["\n  query LifecycleAudit {\n    auditLog {\n      action\n      target\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LifecycleLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation LifecycleLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LifecycleSearchOld {\n    search(query: \"old\") {\n      edges {\n        node {\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LifecycleSearchOld {\n    search(query: \"old\") {\n      edges {\n        node {\n          message {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription QueueReceived {\n    messageReceived {\n      id\n      priority\n    }\n  }\n"): (typeof documents)["\n  subscription QueueReceived {\n    messageReceived {\n      id\n      priority\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeliveryReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription DeliveryReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DeliveryEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          isRead\n        }\n      }\n      ... on MessagesReadEvent {\n        cursor\n        messageIds\n        readAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription DeliveryEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          isRead\n        }\n      }\n      ... on MessagesReadEvent {\n        cursor\n        messageIds\n        readAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliverySync($since: String, $limit: Int) {\n    sync(since: $since, limit: $limit) {\n      cursor\n      hasMore\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeliverySync($since: String, $limit: Int) {\n    sync(since: $since, limit: $limit) {\n      cursor\n      hasMore\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeliveryAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation DeliveryAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeliveryStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      queuedAt\n      pushedAt\n      deliveredAt\n      readAt\n    }\n  }\n"): (typeof documents)["\n  query DeliveryStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      queuedAt\n      pushedAt\n      deliveredAt\n      readAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Send($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      type\n      priority\n      createdAt\n      isRead\n      cursor\n      sender {\n        id\n      }\n      recipients {\n        id\n      }\n      replyTo {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Send($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      type\n      priority\n      createdAt\n      isRead\n      cursor\n      sender {\n        id\n      }\n      recipients {\n        id\n      }\n      replyTo {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          type\n          priority\n          isRead\n          readAt\n          cursor\n          sender {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          type\n          priority\n          isRead\n          readAt\n          cursor\n          sender {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Unread {\n    unreadCount\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query Unread {\n    unreadCount\n    unreadCounts {\n      total\n      byType {\n        type\n        count\n      }\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MarkAllRead {\n    markAllRead {\n      updatedCount\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTag($id: ID!, $name: String, $color: String) {\n    updateTag(id: $id, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTag($id: ID!, $name: String, $color: String) {\n    updateTag(id: $id, name: $name, color: $color) {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteTag($id: ID!) {\n    deleteTag(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tags {\n    tags {\n      id\n      name\n      color\n    }\n  }\n"): (typeof documents)["\n  query Tags {\n    tags {\n      id\n      name\n      color\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TagMessages($tagId: ID!, $ids: [ID!]!) {\n    tagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation TagMessages($tagId: ID!, $ids: [ID!]!) {\n    tagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UntagMessages($tagId: ID!, $ids: [ID!]!) {\n    untagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation UntagMessages($tagId: ID!, $ids: [ID!]!) {\n    untagMessages(tagId: $tagId, messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StarMessages($ids: [ID!]!) {\n    starMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation StarMessages($ids: [ID!]!) {\n    starMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnstarMessages($ids: [ID!]!) {\n    unstarMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation UnstarMessages($ids: [ID!]!) {\n    unstarMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveMessages($ids: [ID!]!) {\n    archiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveMessages($ids: [ID!]!) {\n    archiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnarchiveMessages($ids: [ID!]!) {\n    unarchiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"): (typeof documents)["\n  mutation UnarchiveMessages($ids: [ID!]!) {\n    unarchiveMessages(messageIds: $ids) {\n      changedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizedInbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          category\n          starred\n          archived\n          tags {\n            id\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizedInbox($first: Int, $after: String, $filter: MessageFilter) {\n    messages(first: $first, after: $after, filter: $filter) {\n      edges {\n        node {\n          id\n          category\n          starred\n          archived\n          tags {\n            id\n            name\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizedCounts {\n    unreadCounts {\n      total\n      byCategory {\n        category\n        count\n      }\n      byTag {\n        tag {\n          id\n          name\n        }\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizedCounts {\n    unreadCounts {\n      total\n      byCategory {\n        category\n        count\n      }\n      byTag {\n        tag {\n          id\n          name\n        }\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrganizeEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageLabelsChangedEvent {\n        cursor\n        messageId\n        starred\n        archived\n        tags {\n          id\n          name\n        }\n      }\n      ... on TagChangedEvent {\n        cursor\n        tagId\n        tag {\n          name\n          color\n        }\n      }\n      ... on MessageReceivedEvent {\n        cursor\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription OrganizeEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageLabelsChangedEvent {\n        cursor\n        messageId\n        starred\n        archived\n        tags {\n          id\n          name\n        }\n      }\n      ... on TagChangedEvent {\n        cursor\n        tagId\n        tag {\n          name\n          color\n        }\n      }\n      ... on MessageReceivedEvent {\n        cursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizeSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageLabelsChangedEvent {\n          messageId\n          starred\n          archived\n          tags {\n            name\n          }\n        }\n        ... on TagChangedEvent {\n          tagId\n          tag {\n            name\n            color\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizeSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageLabelsChangedEvent {\n          messageId\n          starred\n          archived\n          tags {\n            name\n          }\n        }\n        ... on TagChangedEvent {\n          tagId\n          tag {\n            name\n            color\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Important($first: Int) {\n    importantMessages(first: $first) {\n      enabled\n      items {\n        reason\n        score\n        message {\n          id\n          content\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Important($first: Int) {\n    importantMessages(first: $first) {\n      enabled\n      items {\n        reason\n        score\n        message {\n          id\n          content\n          sender {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetImportantFirst($enabled: Boolean!) {\n    setImportantFirst(enabled: $enabled) {\n      importantFirst\n      maxTags\n    }\n  }\n"): (typeof documents)["\n  mutation SetImportantFirst($enabled: Boolean!) {\n    setImportantFirst(enabled: $enabled) {\n      importantFirst\n      maxTags\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizingSettings {\n    organizingSettings {\n      importantFirst\n      maxTags\n    }\n  }\n"): (typeof documents)["\n  query OrganizingSettings {\n    organizingSettings {\n      importantFirst\n      maxTags\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      user {\n        id\n        username\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      user {\n        id\n        username\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PreviewInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          linkPreviews {\n            url\n          }\n        }\n      }\n      ... on MessageUpdatedEvent {\n        cursor\n        message {\n          id\n          content\n          isRead\n          cursor\n          linkPreviews {\n            url\n            title\n            description\n            siteName\n            imageUrl\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PreviewInboxEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          linkPreviews {\n            url\n          }\n        }\n      }\n      ... on MessageUpdatedEvent {\n        cursor\n        message {\n          id\n          content\n          isRead\n          cursor\n          linkPreviews {\n            url\n            title\n            description\n            siteName\n            imageUrl\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PreviewMessageReceived {\n    messageReceived {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription PreviewMessageReceived {\n    messageReceived {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessageUpdatedEvent {\n          cursor\n          message {\n            id\n            linkPreviews {\n              url\n              title\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PreviewSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n          }\n        }\n        ... on MessageUpdatedEvent {\n          cursor\n          message {\n            id\n            linkPreviews {\n              url\n              title\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewInbox {\n    messages(first: 10) {\n      edges {\n        node {\n          id\n          linkPreviews {\n            url\n            title\n          }\n        }\n      }\n    }\n    unreadCount\n  }\n"): (typeof documents)["\n  query PreviewInbox {\n    messages(first: 10) {\n      edges {\n        node {\n          id\n          linkPreviews {\n            url\n            title\n          }\n        }\n      }\n    }\n    unreadCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewMessage($id: ID!) {\n    message(id: $id) {\n      linkPreviews {\n        url\n      }\n    }\n  }\n"): (typeof documents)["\n  query PreviewMessage($id: ID!) {\n    message(id: $id) {\n      linkPreviews {\n        url\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveBadge {\n    unreadCountsChanged {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription LiveBadge {\n    unreadCountsChanged {\n      id\n      total\n      byPriority {\n        priority\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LivePresenceDots($ids: [ID!]!) {\n    presenceChanged(userIds: $ids) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription LivePresenceDots($ids: [ID!]!) {\n    presenceChanged(userIds: $ids) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BadgeMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"): (typeof documents)["\n  mutation BadgeMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BadgeReadEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  subscription BadgeReadEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BadgeRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation BadgeRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Broadcast($input: BroadcastInput!) {\n    broadcastMessage(input: $input) {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  mutation Broadcast($input: BroadcastInput!) {\n    broadcastMessage(input: $input) {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendOverSocket($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      sender {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendOverSocket($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n      sender {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n      isRead\n      sender {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription MessageReceived($since: String) {\n    messageReceived(since: $since) {\n      id\n      content\n      cursor\n      isRead\n      sender {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateStreamedMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateStreamedMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddStreamedSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"): (typeof documents)["\n  mutation AddStreamedSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Transcript($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n      speaker\n      startMs\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription Transcript($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n      speaker\n      startMs\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxLive {\n    messageReceived {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription InboxLive {\n    messageReceived {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n      title\n      createdBy {\n        id\n      }\n      participants {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n      title\n      createdBy {\n        id\n      }\n      participants {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeetingById($id: ID!) {\n    meeting(id: $id) {\n      id\n      title\n      participants {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query MeetingById($id: ID!) {\n    meeting(id: $id) {\n      id\n      title\n      participants {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n      meetingId\n      speaker\n      text\n      startMs\n      endMs\n      cursor\n    }\n  }\n"): (typeof documents)["\n  mutation AddSegment($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      id\n      meetingId\n      speaker\n      text\n      startMs\n      endMs\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Segments($meetingId: ID!, $first: Int, $after: String) {\n    transcriptSegments(meetingId: $meetingId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          text\n          startMs\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Segments($meetingId: ID!, $first: Int, $after: String) {\n    transcriptSegments(meetingId: $meetingId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          text\n          startMs\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Recall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n      content\n      recalledAt\n      recalledBy {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Recall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n      content\n      recalledAt\n      recalledBy {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Forward($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      content\n      forwardComment\n      forwardedFrom {\n        sender {\n          id\n        }\n        createdAt\n      }\n      recipients {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Forward($input: ForwardMessageInput!) {\n    forwardMessage(input: $input) {\n      id\n      content\n      forwardComment\n      forwardedFrom {\n        sender {\n          id\n        }\n        createdAt\n      }\n      recipients {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActionsMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      isRead\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        recalledAt\n      }\n      quote {\n        id\n        excerpt\n        recalled\n        sender {\n          id\n        }\n      }\n      forwardedFrom {\n        sender {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActionsMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recalledAt\n      isRead\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        recalledAt\n      }\n      quote {\n        id\n        excerpt\n        recalled\n        sender {\n          id\n        }\n      }\n      forwardedFrom {\n        sender {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActionsEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n      ... on MessageRecalledEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ActionsEvents($since: String) {\n    inboxEvents(since: $since) {\n      __typename\n      ... on MessageReceivedEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n      ... on MessageRecalledEvent {\n        cursor\n        message {\n          id\n          content\n          recalledAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActionsSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageRecalledEvent {\n          cursor\n          message {\n            id\n            content\n            recalledAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActionsSync($since: String) {\n    sync(since: $since) {\n      cursor\n      events {\n        __typename\n        ... on MessageRecalledEvent {\n          cursor\n          message {\n            id\n            content\n            recalledAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ActionsMarkRead($ids: [ID!]!) { markRead(messageIds: $ids) { unreadCount } }"): (typeof documents)["mutation ActionsMarkRead($ids: [ID!]!) { markRead(messageIds: $ids) { unreadCount } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sent($first: Int, $after: String) {\n    sentMessages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          recipients {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sent($first: Int, $after: String) {\n    sentMessages(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          recipients {\n            id\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        content\n      }\n    }\n  }\n"): (typeof documents)["\n  query OneMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n      recipients {\n        id\n      }\n      replyTo {\n        id\n        content\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RichInbox($first: Int) {\n    messages(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          sender {\n            id\n            username\n          }\n          recipients {\n            id\n            displayName\n          }\n          replyTo {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query RichInbox($first: Int) {\n    messages(first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          content\n          isRead\n          cursor\n          sender {\n            id\n            username\n          }\n          recipients {\n            id\n            displayName\n          }\n          replyTo {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Confirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n      confirmedAt\n    }\n  }\n"): (typeof documents)["\n  mutation Confirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n      confirmedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConfirmStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      confirmationRequired\n      confirmedAt\n      remindedAt\n      escalatedAt\n    }\n  }\n"): (typeof documents)["\n  query ConfirmStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      confirmationRequired\n      confirmedAt\n      remindedAt\n      escalatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReminderFallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n"): (typeof documents)["\n  mutation ReminderFallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReminderRequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ReminderRequireConfirmation($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReminderConfirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n    }\n  }\n"): (typeof documents)["\n  mutation ReminderConfirm($id: ID!) {\n    confirmMessage(id: $id) {\n      messageId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReminderStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      remindedAt\n    }\n  }\n"): (typeof documents)["\n  query ReminderStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      remindedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReminderPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n"): (typeof documents)["\n  query ReminderPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReminderLive {\n    messageReceived {\n      id\n      type\n      priority\n      content\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  subscription ReminderLive {\n    messageReceived {\n      id\n      type\n      priority\n      content\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n    }\n  }\n"): (typeof documents)["\n  mutation FallbackSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      fallbackChannels\n      fallbackAfterSeconds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InstancesReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription InstancesReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InstancesSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n    }\n  }\n"): (typeof documents)["\n  mutation InstancesSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InstancesSendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation InstancesSendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveTemplate($input: SaveMessageTemplateInput!) {\n    saveMessageTemplate(input: $input) {\n      name\n      variables\n      texts {\n        locale\n        text\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SaveTemplate($input: SaveMessageTemplateInput!) {\n    saveMessageTemplate(input: $input) {\n      name\n      variables\n      texts {\n        locale\n        text\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Templates {\n    messageTemplates {\n      name\n    }\n  }\n"): (typeof documents)["\n  query Templates {\n    messageTemplates {\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TemplatedSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  mutation TemplatedSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Localized($id: ID!) {\n    message(id: $id) {\n      content\n      localizedContent\n      templateName\n    }\n  }\n"): (typeof documents)["\n  query Localized($id: ID!) {\n    message(id: $id) {\n      content\n      localizedContent\n      templateName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetLocale($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      locale\n    }\n  }\n"): (typeof documents)["\n  mutation SetLocale($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      locale\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettings {\n    notificationSettings {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      urgentBypassesQuietHours\n      holdDuringMeetings\n      typeModes {\n        type\n        mode\n      }\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettings {\n    notificationSettings {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      urgentBypassesQuietHours\n      holdDuringMeetings\n      typeModes {\n        type\n        mode\n      }\n      fallbackChannels\n      fallbackAfterSeconds\n      fallbackEmail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      holdDuringMeetings\n      urgentBypassesQuietHours\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      timeZone\n      locale\n      quietHours {\n        weekday\n        start\n        end\n      }\n      holdDuringMeetings\n      urgentBypassesQuietHours\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotifyEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n      ... on HeldMessagesReleasedEvent {\n        count\n        messages {\n          id\n          content\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription NotifyEvents {\n    inboxEvents {\n      __typename\n      ... on MessageReceivedEvent {\n        message {\n          id\n          content\n        }\n      }\n      ... on HeldMessagesReleasedEvent {\n        count\n        messages {\n          id\n          content\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotifyReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription NotifyReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotifyStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      held\n      heldUntil\n    }\n  }\n"): (typeof documents)["\n  query NotifyStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      held\n      heldUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotifyCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation NotifyCreateMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotifyStartMeeting($id: ID!, $endsAt: DateTime) {\n    startMeeting(meetingId: $id, endsAt: $endsAt) {\n      meetingId\n      startsAt\n      endsAt\n    }\n  }\n"): (typeof documents)["\n  mutation NotifyStartMeeting($id: ID!, $endsAt: DateTime) {\n    startMeeting(meetingId: $id, endsAt: $endsAt) {\n      meetingId\n      startsAt\n      endsAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotifyEndMeeting($id: ID!) {\n    endMeeting(meetingId: $id) {\n      endsAt\n    }\n  }\n"): (typeof documents)["\n  mutation NotifyEndMeeting($id: ID!) {\n    endMeeting(meetingId: $id) {\n      endsAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeInSince($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeInSince($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeInline {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeInline {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeFromCursor($cursor: String) {\n    messageReceived(since: $cursor) {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeFromCursor($cursor: String) {\n    messageReceived(since: $cursor) {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeFromDefault($from: String = \"aW5ib3g6Mg\") {\n    messageReceived(since: $from) {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeFromDefault($from: String = \"aW5ib3g6Mg\") {\n    messageReceived(since: $from) {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeAliased($since: String) {\n    missed: messageReceived(since: $since) {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeAliased($since: String) {\n    missed: messageReceived(since: $since) {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MissedMessages on Subscription {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n"): (typeof documents)["\n  fragment MissedMessages on Subscription {\n    messageReceived(since: \"aW5ib3g6Mg\") {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeInFragment {\n    ...MissedMessages\n  }\n"): (typeof documents)["\n  subscription ResumeInFragment {\n    ...MissedMessages\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ResumeInInlineFragment($cursor: String) {\n    ... on Subscription {\n      messageReceived(since: $cursor) {\n        content\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ResumeInInlineFragment($cursor: String) {\n    ... on Subscription {\n      messageReceived(since: $cursor) {\n        content\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EventsInline {\n    inboxEvents(since: \"aW5ib3g6Mg\") {\n      ... on MessageReceivedEvent {\n        message {\n          content\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription EventsInline {\n    inboxEvents(since: \"aW5ib3g6Mg\") {\n      ... on MessageReceivedEvent {\n        message {\n          content\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TranscriptInline($meeting: ID!) {\n    transcriptSegment(meetingId: $meeting, after: \"c2VnbWVudDox\") {\n      text\n    }\n  }\n"): (typeof documents)["\n  subscription TranscriptInline($meeting: ID!) {\n    transcriptSegment(meetingId: $meeting, after: \"c2VnbWVudDox\") {\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MalformedInline {\n    messageReceived(since: \"not a cursor\") {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription MalformedInline {\n    messageReceived(since: \"not a cursor\") {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MalformedEventsInline {\n    inboxEvents(since: \"not a cursor\") {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  subscription MalformedEventsInline {\n    inboxEvents(since: \"not a cursor\") {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MalformedTranscriptInline($meetingId: ID!) {\n    transcriptSegment(meetingId: $meetingId, after: \"not a cursor\") {\n      text\n    }\n  }\n"): (typeof documents)["\n  subscription MalformedTranscriptInline($meetingId: ID!) {\n    transcriptSegment(meetingId: $meetingId, after: \"not a cursor\") {\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncInline {\n    sync(since: \"aW5ib3g6Mg\", limit: 10) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncInline {\n    sync(since: \"aW5ib3g6Mg\", limit: 10) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncFromCursor($cursor: String, $max: Int) {\n    sync(since: $cursor, limit: $max) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncFromCursor($cursor: String, $max: Int) {\n    sync(since: $cursor, limit: $max) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncFromDefault($from: String = \"aW5ib3g6Mg\") {\n    sync(since: $from) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncFromDefault($from: String = \"aW5ib3g6Mg\") {\n    sync(since: $from) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncAliased($since: String) {\n    missed: sync(since: $since) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncAliased($since: String) {\n    missed: sync(since: $since) {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MissedEvents on Query {\n    sync(since: \"aW5ib3g6Mg\") {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MissedEvents on Query {\n    sync(since: \"aW5ib3g6Mg\") {\n      events {\n        ... on MessageReceivedEvent {\n          message {\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncInFragment {\n    ...MissedEvents\n  }\n"): (typeof documents)["\n  query SyncInFragment {\n    ...MissedEvents\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncInInlineFragment($cursor: String) {\n    ... on Query {\n      sync(since: $cursor) {\n        events {\n          ... on MessageReceivedEvent {\n            message {\n              content\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncInInlineFragment($cursor: String) {\n    ... on Query {\n      sync(since: $cursor) {\n        events {\n          ... on MessageReceivedEvent {\n            message {\n              content\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeInline {\n    acknowledgeDelivery(upTo: \"aW5ib3g6Mg\") {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeInline {\n    acknowledgeDelivery(upTo: \"aW5ib3g6Mg\") {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeThrough($through: String!) {\n    done: acknowledgeDelivery(upTo: $through) {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeThrough($through: String!) {\n    done: acknowledgeDelivery(upTo: $through) {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMeetingForArguments($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateMeetingForArguments($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSegmentForArguments($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"): (typeof documents)["\n  mutation AddSegmentForArguments($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhoAmIByName {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query WhoAmIByName {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnreadByName {\n    unreadCount\n  }\n"): (typeof documents)["\n  query UnreadByName {\n    unreadCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeForPlugins {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query MeForPlugins {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeForPlugins($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeForPlugins($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxForPlugins {\n    messageReceived {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription InboxForPlugins {\n    messageReceived {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertRulesHistory($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      id\n      rule\n      source\n      severity\n      summary\n      value\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n"): (typeof documents)["\n  query AlertRulesHistory($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      id\n      rule\n      source\n      severity\n      summary\n      value\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertRulesPushed {\n    messageReceived {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription AlertRulesPushed {\n    messageReceived {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertHistory {\n    alerts(first: 20) {\n      id\n      rule\n      source\n      severity\n      summary\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n"): (typeof documents)["\n  query AlertHistory {\n    alerts(first: 20) {\n      id\n      rule\n      source\n      severity\n      summary\n      startedAt\n      resolvedAt\n      notified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnomalyAlerts($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      rule\n      source\n      severity\n      tenant\n      summary\n      resolvedAt\n    }\n  }\n"): (typeof documents)["\n  query AnomalyAlerts($openOnly: Boolean) {\n    alerts(first: 50, openOnly: $openOnly) {\n      rule\n      source\n      severity\n      tenant\n      summary\n      resolvedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WrongLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation WrongLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashPush {\n    messageReceived {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription DashPush {\n    messageReceived {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DashRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation DashRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MetricsPushed {\n    messageReceived {\n      id\n      cursor\n    }\n  }\n"): (typeof documents)["\n  subscription MetricsPushed {\n    messageReceived {\n      id\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MetricsRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n"): (typeof documents)["\n  mutation MetricsRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      unreadCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MetricsAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation MetricsAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Report($from: String!, $to: String!, $top: Int) {\n    adminStats(from: $from, to: $to, topSenders: $top) {\n      from\n      to\n      rolledUpAt\n      totals {\n        messages\n        recipients\n        delivered\n        read\n        successRate\n        readRate\n        avgTimeToReadMs\n      }\n      pushes {\n        type\n        priority\n        messages\n        recipients\n        delivered\n        read\n        avgDeliveryMs\n      }\n      days {\n        day\n        activeUsers\n        messages\n      }\n      topSenders {\n        userId\n        username\n        messages\n      }\n    }\n  }\n"): (typeof documents)["\n  query Report($from: String!, $to: String!, $top: Int) {\n    adminStats(from: $from, to: $to, topSenders: $top) {\n      from\n      to\n      rolledUpAt\n      totals {\n        messages\n        recipients\n        delivered\n        read\n        successRate\n        readRate\n        avgTimeToReadMs\n      }\n      pushes {\n        type\n        priority\n        messages\n        recipients\n        delivered\n        read\n        avgDeliveryMs\n      }\n      days {\n        day\n        activeUsers\n        messages\n      }\n      topSenders {\n        userId\n        username\n        messages\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpsStatus {\n    operationsStatus {\n      sockets\n      redisMode\n      databaseOk\n      openAlerts\n    }\n  }\n"): (typeof documents)["\n  query OpsStatus {\n    operationsStatus {\n      sockets\n      redisMode\n      databaseOk\n      openAlerts\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertList {\n    alerts {\n      id\n    }\n  }\n"): (typeof documents)["\n  query AlertList {\n    alerts {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Presence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n        connectedAt\n        lastSeenAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Presence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n      lastSeenAt\n      devices {\n        label\n        connectedAt\n        lastSeenAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProtocolArrivals {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ProtocolArrivals {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProtocolWhoAmI {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query ProtocolWhoAmI {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LimitsSearch($query: String!) {\n    search(query: $query, first: 5) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LimitsSearch($query: String!) {\n    search(query: $query, first: 5) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n    }\n  }\n"): (typeof documents)["\n  mutation LimitsUpload($file: File!) {\n    uploadAttachment(file: $file) {\n      id\n      fileName\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation LimitsLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LimitsSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation LimitsSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation RateLogin($input: LoginInput!) {\n    login(input: $input) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RateMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query RateMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RateReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription RateReceived {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClusterLive {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription ClusterLive {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n"): (typeof documents)["\n  query ClusterPresence($userIds: [ID!]!) {\n    presence(userIds: $userIds) {\n      userId\n      online\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OutageMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription OutageMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SentinelLive {\n    messageReceived {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription SentinelLive {\n    messageReceived {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaSent($first: Int) {\n    sentMessages(first: $first) {\n      edges {\n        node {\n          id\n          content\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReplicaSent($first: Int) {\n    sentMessages(first: $first) {\n      edges {\n        node {\n          id\n          content\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaSync($since: String) {\n    sync(since: $since) {\n      cursor\n      hasMore\n      events {\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n            content\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReplicaSync($since: String) {\n    sync(since: $since) {\n      cursor\n      hasMore\n      events {\n        ... on MessageReceivedEvent {\n          cursor\n          message {\n            id\n            content\n          }\n        }\n        ... on MessagesReadEvent {\n          cursor\n          messageIds\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaSearch($query: String!) {\n    search(query: $query, first: 10) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReplicaSearch($query: String!) {\n    search(query: $query, first: 10) {\n      edges {\n        node {\n          message {\n            id\n            content\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  query ReplicaMessage($id: ID!) {\n    message(id: $id) {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReplicaReport($from: String!, $to: String!) {\n    adminStats(from: $from, to: $to) {\n      totals {\n        messages\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReplicaReport($from: String!, $to: String!) {\n    adminStats(from: $from, to: $to) {\n      totals {\n        messages\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Search($query: String!, $first: Int, $after: String, $filter: MessageFilter, $orderBy: SearchOrder) {\n    search(query: $query, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          message {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n          snippet {\n            text\n            highlights {\n              offset\n              length\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Search($query: String!, $first: Int, $after: String, $filter: MessageFilter, $orderBy: SearchOrder) {\n    search(query: $query, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          message {\n            id\n            content\n            isRead\n            sender {\n              id\n            }\n          }\n          snippet {\n            text\n            highlights {\n              offset\n              length\n            }\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SearchRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SearchRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SendId($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SocketAuthenticate($token: String!) {\n    authenticate(token: $token) {\n      userId\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation SocketAuthenticate($token: String!) {\n    authenticate(token: $token) {\n      userId\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RefreshedMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription RefreshedMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RefreshMe {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query RefreshMe {\n    me {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowInboxThroughOutage($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription FollowInboxThroughOutage($since: String) {\n    messageReceived(since: $since) {\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FollowTranscriptThroughOutage($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n    }\n  }\n"): (typeof documents)["\n  subscription FollowTranscriptThroughOutage($meetingId: ID!, $after: String) {\n    transcriptSegment(meetingId: $meetingId, after: $after) {\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMeetingThroughOutage($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateMeetingThroughOutage($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSegmentThroughOutage($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"): (typeof documents)["\n  mutation AddSegmentThroughOutage($meetingId: ID!, $input: TranscriptSegmentInput!) {\n    addTranscriptSegment(meetingId: $meetingId, input: $input) {\n      cursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IsolationMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation IsolationMeeting($input: CreateMeetingInput!) {\n    createMeeting(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IsolationTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation IsolationTag($name: String!, $color: String!) {\n    createTag(name: $name, color: $color) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IsolationWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IsolationWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      webhook {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IsolationWebhookDeliveries {\n    webhookDeliveries {\n      id\n    }\n  }\n"): (typeof documents)["\n  query IsolationWebhookDeliveries {\n    webhookDeliveries {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IsolationKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IsolationKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      apiKey {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantMe {\n    me {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  query TenantMe {\n    me {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInvitation($role: UserRole, $expiresInHours: Int) {\n    createInvitation(role: $role, expiresInHours: $expiresInHours) {\n      code\n      tenant\n      role\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInvitation($role: UserRole, $expiresInHours: Int) {\n    createInvitation(role: $role, expiresInHours: $expiresInHours) {\n      code\n      tenant\n      role\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role)\n  }\n"): (typeof documents)["\n  mutation SetUserRole($userId: ID!, $role: UserRole!) {\n    setUserRole(userId: $userId, role: $role)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTenantSignup($open: Boolean!) {\n    setTenantSignup(open: $open) {\n      id\n      openSignup\n    }\n  }\n"): (typeof documents)["\n  mutation SetTenantSignup($open: Boolean!) {\n    setTenantSignup(open: $open) {\n      id\n      openSignup\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OwnTenant {\n    tenant {\n      id\n      openSignup\n    }\n  }\n"): (typeof documents)["\n  query OwnTenant {\n    tenant {\n      id\n      openSignup\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PolicyMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription PolicyMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query UsersByUsername($usernames: [String!]!) {\n    usersByUsername(usernames: $usernames) {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebTestUnread {\n    unreadCount\n  }\n"): (typeof documents)["\n  query WebTestUnread {\n    unreadCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FailedHookCreate($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        events\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation FailedHookCreate($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        events\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FailedHookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n"): (typeof documents)["\n  query FailedHookDeliveries($webhookId: ID) {\n    webhookDeliveries(webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FailedHookStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      pushedAt\n    }\n  }\n"): (typeof documents)["\n  query FailedHookStatus($id: ID!) {\n    deliveryStatus(messageId: $id) {\n      recipient {\n        id\n      }\n      status\n      pushedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n        events\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n        events\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($state: WebhookDeliveryState, $webhookId: ID) {\n    webhookDeliveries(state: $state, webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($state: WebhookDeliveryState, $webhookId: ID) {\n    webhookDeliveries(state: $state, webhookId: $webhookId) {\n      id\n      event\n      state\n      attempts\n      lastStatus\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplayDelivery($id: ID!) {\n    replayWebhookDelivery(id: $id) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation ReplayDelivery($id: ID!) {\n    replayWebhookDelivery(id: $id) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      id\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HookMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"): (typeof documents)["\n  mutation HookMarkRead($ids: [ID!]!) {\n    markRead(messageIds: $ids) {\n      updatedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HookAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"): (typeof documents)["\n  mutation HookAck($upTo: String!) {\n    acknowledgeDelivery(upTo: $upTo) {\n      acknowledgedCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HookRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation HookRecall($id: ID!) {\n    recallMessage(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HookAudit {\n    auditLog {\n      action\n      target\n      actorId\n    }\n  }\n"): (typeof documents)["\n  query HookAudit {\n    auditLog {\n      action\n      target\n      actorId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WsAuthMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"): (typeof documents)["\n  subscription WsAuthMessages {\n    messageReceived {\n      id\n      content\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeOverSocket {\n    me {\n      id\n    }\n  }\n"): (typeof documents)["\n  query MeOverSocket {\n    me {\n      id\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;