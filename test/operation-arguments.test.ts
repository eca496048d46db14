import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { subscriptionTransports, type SubscriptionTransport } from './helpers/transports.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { InboxDoc, SendDoc } from './helpers/messages.js';
import { serviceAccount } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';
import { execOverSocket, until, wsClient, type Collected } from './helpers/ws.js';

// GraphQL lets a client give an argument inline, in a variable of any name, as a variable's
// default, under an alias and inside fragments; every form must reach the resolver on every
// transport. The cursors below are written out as a person pastes them into GraphiQL:
// "aW5ib3g6Mg" is position 2 of an inbox, "c2VnbWVudDox" segment 1 of a transcript.
const SECOND_POSITION = 'aW5ib3g6Mg';

const ResumeInSinceDoc = graphql(`
  subscription ResumeInSince($since: String) {
    messageReceived(since: $since) {
      content
    }
  }
`);

const ResumeInlineDoc = graphql(`
  subscription ResumeInline {
    messageReceived(since: "aW5ib3g6Mg") {
      content
    }
  }
`);

const ResumeFromCursorDoc = graphql(`
  subscription ResumeFromCursor($cursor: String) {
    messageReceived(since: $cursor) {
      content
    }
  }
`);

const ResumeFromDefaultDoc = graphql(`
  subscription ResumeFromDefault($from: String = "aW5ib3g6Mg") {
    messageReceived(since: $from) {
      content
    }
  }
`);

const ResumeAliasedDoc = graphql(`
  subscription ResumeAliased($since: String) {
    missed: messageReceived(since: $since) {
      content
    }
  }
`);

graphql(`
  fragment MissedMessages on Subscription {
    messageReceived(since: "aW5ib3g6Mg") {
      content
    }
  }
`);

const ResumeInFragmentDoc = graphql(`
  subscription ResumeInFragment {
    ...MissedMessages
  }
`);

const ResumeInInlineFragmentDoc = graphql(`
  subscription ResumeInInlineFragment($cursor: String) {
    ... on Subscription {
      messageReceived(since: $cursor) {
        content
      }
    }
  }
`);

const EventsInlineDoc = graphql(`
  subscription EventsInline {
    inboxEvents(since: "aW5ib3g6Mg") {
      ... on MessageReceivedEvent {
        message {
          content
        }
      }
    }
  }
`);

const TranscriptInlineDoc = graphql(`
  subscription TranscriptInline($meeting: ID!) {
    transcriptSegment(meetingId: $meeting, after: "c2VnbWVudDox") {
      text
    }
  }
`);

const MalformedInlineDoc = graphql(`
  subscription MalformedInline {
    messageReceived(since: "not a cursor") {
      content
    }
  }
`);

const MalformedEventsInlineDoc = graphql(`
  subscription MalformedEventsInline {
    inboxEvents(since: "not a cursor") {
      __typename
    }
  }
`);

const MalformedTranscriptInlineDoc = graphql(`
  subscription MalformedTranscriptInline($meetingId: ID!) {
    transcriptSegment(meetingId: $meetingId, after: "not a cursor") {
      text
    }
  }
`);

const SyncInlineDoc = graphql(`
  query SyncInline {
    sync(since: "aW5ib3g6Mg", limit: 10) {
      events {
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);

const SyncFromCursorDoc = graphql(`
  query SyncFromCursor($cursor: String, $max: Int) {
    sync(since: $cursor, limit: $max) {
      events {
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);

const SyncFromDefaultDoc = graphql(`
  query SyncFromDefault($from: String = "aW5ib3g6Mg") {
    sync(since: $from) {
      events {
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);

const SyncAliasedDoc = graphql(`
  query SyncAliased($since: String) {
    missed: sync(since: $since) {
      events {
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);

graphql(`
  fragment MissedEvents on Query {
    sync(since: "aW5ib3g6Mg") {
      events {
        ... on MessageReceivedEvent {
          message {
            content
          }
        }
      }
    }
  }
`);

const SyncInFragmentDoc = graphql(`
  query SyncInFragment {
    ...MissedEvents
  }
`);

const SyncInInlineFragmentDoc = graphql(`
  query SyncInInlineFragment($cursor: String) {
    ... on Query {
      sync(since: $cursor) {
        events {
          ... on MessageReceivedEvent {
            message {
              content
            }
          }
        }
      }
    }
  }
`);

const AcknowledgeInlineDoc = graphql(`
  mutation AcknowledgeInline {
    acknowledgeDelivery(upTo: "aW5ib3g6Mg") {
      acknowledgedCount
    }
  }
`);

const AcknowledgeThroughDoc = graphql(`
  mutation AcknowledgeThrough($through: String!) {
    done: acknowledgeDelivery(upTo: $through) {
      acknowledgedCount
    }
  }
`);

const CreateMeetingDoc = graphql(`
  mutation CreateMeetingForArguments($input: CreateMeetingInput!) {
    createMeeting(input: $input) {
      id
    }
  }
`);

const AddSegmentDoc = graphql(`
  mutation AddSegmentForArguments($meetingId: ID!, $input: TranscriptSegmentInput!) {
    addTranscriptSegment(meetingId: $meetingId, input: $input) {
      cursor
    }
  }
`);

const WhoAmIDoc = graphql(`
  query WhoAmIByName {
    me {
      id
    }
  }
`);

const UnreadByNameDoc = graphql(`
  query UnreadByName {
    unreadCount
  }
`);

let t: TestApp;
let url: string;
let sender: TestUser;
let transcriber: TestUser;
/** What a test opened (sockets, event streams); closed after it. */
const opened: Array<() => unknown> = [];

beforeAll(async () => {
  t = await startTestApp('operation_arguments');
  url = await t.listen();
  sender = await registerUser(t, 'sender');
  transcriber = await serviceAccount(t);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((close) => close()));
});
afterAll(() => t?.close());

const { socket, serverSentEvents } = subscriptionTransports(() => url, opened);

interface OperationTransport {
  name: string;
  run<TResult, TVars extends Record<string, unknown>>(
    user: TestUser,
    document: TypedDocumentNode<TResult, TVars>,
    variables: TVars,
  ): Promise<FormattedExecutionResult<TResult, unknown>>;
}

const http: OperationTransport = {
  name: 'HTTP',
  run: (user, document, variables) => t.exec(document, variables, user.token),
};

const socketOperations: OperationTransport = {
  name: 'a socket',
  run(user, document, variables) {
    const client: Client = wsClient(url, user.token);
    opened.push(() => client.dispose());
    return execOverSocket(client, document, variables);
  },
};

async function send(to: TestUser, content: string) {
  const result = await t.exec(SendDoc, { input: { recipientIds: [to.id], content } }, sender.token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
}

/** A new user with three unread messages: positions 1 to 3 of its inbox. */
async function receiverOfThree(): Promise<TestUser> {
  const receiver = await registerUser(t, 'receiver');
  for (const content of ['first', 'second', 'third']) await send(receiver, content);
  return receiver;
}

/** Resolves once this instance listens on the channel in Redis (a publish before that is repaired late). */
async function channelLive(channel: string) {
  const redis = t.app.services.redis.command!;
  await until(async () => {
    const reply = (await redis.call('PUBSUB', 'NUMSUB', t.app.services.redis.key(channel))) as Array<string | number>;
    return Number(reply[1]) >= 1;
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** One way of writing the same subscription, and how to read message contents out of its results. */
interface SubscriptionForm {
  how: string;
  open(via: SubscriptionTransport, user: TestUser): { stream: Collected<unknown>; contents: () => string[] };
}

function subscriptionForm<TResult, TVars extends Record<string, unknown>>(
  how: string,
  document: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  contentOf: (data: TResult) => string,
): SubscriptionForm {
  return {
    how,
    open(via, user) {
      const stream = via.subscribe(user, document, variables);
      return { stream, contents: () => stream.results.map(contentOf) };
    },
  };
}

const resumeForms = [
  subscriptionForm('the cursor in $since', ResumeInSinceDoc, { since: SECOND_POSITION }, (d) => d.messageReceived.content),
  subscriptionForm('an inline cursor', ResumeInlineDoc, {}, (d) => d.messageReceived.content),
  subscriptionForm('the cursor in a variable of another name', ResumeFromCursorDoc, { cursor: SECOND_POSITION }, (d) => d.messageReceived.content),
  subscriptionForm('the cursor as a variable’s default', ResumeFromDefaultDoc, {}, (d) => d.messageReceived.content),
  subscriptionForm('an aliased field', ResumeAliasedDoc, { since: SECOND_POSITION }, (d) => d.missed.content),
  subscriptionForm('the field in a named fragment', ResumeInFragmentDoc, {}, (d) => d.messageReceived.content),
  subscriptionForm('the field in an inline fragment', ResumeInInlineFragmentDoc, { cursor: SECOND_POSITION }, (d) => d.messageReceived.content),
];

describe('the cursors written in these operations', () => {
  it('are the ones the inbox hands out', async () => {
    const receiver = await receiverOfThree();
    const page = await t.exec(InboxDoc, { first: 3 }, receiver.token);
    const cursorOf = new Map(page.data!.messages.edges.map((e) => [e.node.content, e.node.cursor]));
    expect(cursorOf.get('second')).toBe(SECOND_POSITION);
  });
});

describe('resuming the inbox from a cursor, however the operation writes it', () => {
  for (const via of [socket, serverSentEvents]) {
    for (const form of resumeForms) {
      it(`a device that resumes over ${via.name} with ${form.how} receives exactly what it missed, then the live ones`, async () => {
        const receiver = await receiverOfThree();
        const { stream, contents } = form.open(via, receiver);
        await stream.waitFor(1);
        await channelLive(`user:${receiver.id}:messages`);
        await send(receiver, 'fourth');
        await stream.waitFor(2);
        await settle();
        expect(stream.errors).toEqual([]);
        expect(contents()).toEqual(['third', 'fourth']);
      });
    }
  }

  for (const via of [socket, serverSentEvents]) {
    it(`a device that follows its inbox events over ${via.name} from an inline cursor gets only what came after it`, async () => {
      const receiver = await receiverOfThree();
      const stream = via.subscribe(receiver, EventsInlineDoc, {});
      await stream.waitFor(1);
      await settle();
      expect(stream.errors).toEqual([]);
      expect(stream.results.map((r) => ('message' in r.inboxEvents ? r.inboxEvents.message.content : 'read'))).toEqual(['third']);
    });
  }
});

describe('following a transcript from a cursor written in the operation', () => {
  for (const via of [socket, serverSentEvents]) {
    it(`a participant who follows over ${via.name} from an inline cursor gets the segments after it, then the live ones`, async () => {
      const participant = await registerUser(t, 'participant');
      const meeting = await t.exec(CreateMeetingDoc, { input: { title: 'Planning', participantIds: [] } }, participant.token);
      const meetingId = meeting.data!.createMeeting.id;
      const addSegment = async (text: string, i: number) => {
        const result = await t.exec(
          AddSegmentDoc,
          { meetingId, input: { speaker: 'Ada', text, startMs: i * 100, endMs: i * 100 + 90 } },
          transcriber.token,
        );
        if (!result.data) throw new Error(JSON.stringify(result.errors));
      };
      for (const [i, text] of ['one', 'two', 'three'].entries()) await addSegment(text, i);
      const stream = via.subscribe(participant, TranscriptInlineDoc, { meeting: meetingId });
      await stream.waitFor(2);
      await channelLive(`meeting:${meetingId}:transcript`);
      await addSegment('four', 3);
      await stream.waitFor(3);
      await settle();
      expect(stream.errors).toEqual([]);
      expect(stream.results.map((r) => r.transcriptSegment.text)).toEqual(['two', 'three', 'four']);
    });
  }
});

describe('a malformed cursor is refused, however the operation writes it', () => {
  const refusals = [
    { how: 'an inline inbox cursor', open: (via: SubscriptionTransport, user: TestUser) => via.subscribe(user, MalformedInlineDoc, {}) },
    {
      how: 'an inbox cursor in a variable of another name',
      open: (via: SubscriptionTransport, user: TestUser) => via.subscribe(user, ResumeFromCursorDoc, { cursor: 'not a cursor' }),
    },
    { how: 'an inline cursor for inbox events', open: (via: SubscriptionTransport, user: TestUser) => via.subscribe(user, MalformedEventsInlineDoc, {}) },
  ];
  for (const via of [socket, serverSentEvents]) {
    for (const refusal of refusals) {
      it(`a device that subscribes over ${via.name} with ${refusal.how} that is malformed gets BAD_USER_INPUT and no messages`, async () => {
        const receiver = await receiverOfThree();
        const stream = refusal.open(via, receiver);
        await until(() => stream.done);
        expect(stream.results).toEqual([]);
        expect(stream.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['BAD_USER_INPUT']);
      });
    }

    it(`a participant who follows a transcript over ${via.name} from a malformed inline cursor gets BAD_USER_INPUT`, async () => {
      const participant = await registerUser(t, 'participant');
      const meeting = await t.exec(CreateMeetingDoc, { input: { title: 'Retro', participantIds: [] } }, participant.token);
      const stream = via.subscribe(participant, MalformedTranscriptInlineDoc, { meetingId: meeting.data!.createMeeting.id });
      await until(() => stream.done);
      expect(stream.results).toEqual([]);
      expect(stream.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  }
});

/** One way of writing the same sync query, and how to read message contents out of its result. */
interface QueryForm {
  how: string;
  run(via: OperationTransport, user: TestUser): Promise<{ errors: unknown; contents: string[] }>;
}

type SyncEvents = Array<{ message?: { content: string } }>;

function queryForm<TResult, TVars extends Record<string, unknown>>(
  how: string,
  document: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  eventsOf: (data: TResult) => SyncEvents,
): QueryForm {
  return {
    how,
    async run(via, user) {
      const result = await via.run(user, document, variables);
      return { errors: result.errors, contents: result.data ? eventsOf(result.data).map((e) => e.message?.content ?? 'read') : [] };
    },
  };
}

const syncForms = [
  queryForm('an inline cursor', SyncInlineDoc, {}, (d) => d.sync.events),
  queryForm('the cursor in a variable of another name', SyncFromCursorDoc, { cursor: SECOND_POSITION, max: 10 }, (d) => d.sync.events),
  queryForm('the cursor as a variable’s default', SyncFromDefaultDoc, {}, (d) => d.sync.events),
  queryForm('an aliased field', SyncAliasedDoc, { since: SECOND_POSITION }, (d) => d.missed.events),
  queryForm('the field in a named fragment', SyncInFragmentDoc, {}, (d) => d.sync.events),
  queryForm('the field in an inline fragment', SyncInInlineFragmentDoc, { cursor: SECOND_POSITION }, (d) => d.sync.events),
];

describe('queries and mutations take their arguments however the operation writes them', () => {
  for (const via of [http, socketOperations]) {
    for (const form of syncForms) {
      it(`a device that catches up over ${via.name} with ${form.how} gets exactly what it missed`, async () => {
        const receiver = await receiverOfThree();
        const { errors, contents } = await form.run(via, receiver);
        expect(errors).toBeUndefined();
        expect(contents).toEqual(['third']);
      });
    }

    it(`a device that acknowledges over ${via.name} with an inline cursor or one in a variable of another name acknowledges up to it`, async () => {
      const inline = await via.run(await receiverOfThree(), AcknowledgeInlineDoc, {});
      expect(inline.errors).toBeUndefined();
      expect(inline.data!.acknowledgeDelivery.acknowledgedCount).toBe(2);
      const named = await via.run(await receiverOfThree(), AcknowledgeThroughDoc, { through: SECOND_POSITION });
      expect(named.errors).toBeUndefined();
      expect(named.data!.done.acknowledgedCount).toBe(2);
    });

    it(`a query over ${via.name} with a malformed cursor in a variable of another name is refused with BAD_USER_INPUT`, async () => {
      const result = await via.run(await receiverOfThree(), SyncFromCursorDoc, { cursor: 'not a cursor', max: 10 });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  }
});

describe('the operation a request names is the one that runs', () => {
  // GraphiQL sends the whole editor, every operation in it, with the name of the one to run.
  const both = `${print(WhoAmIDoc)}\n${print(UnreadByNameDoc)}`;

  it('a document with two queries runs the one named, over HTTP and over a socket, whichever ran first', async () => {
    const user = await receiverOfThree();
    const overHttp = async (operationName: string) => {
      const response = await t.app.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
        body: JSON.stringify({ query: both, operationName }),
      });
      return ((await response.json()) as FormattedExecutionResult).data;
    };
    const client = wsClient(url, user.token);
    opened.push(() => client.dispose());
    const overSocket = (operationName: string) =>
      new Promise<FormattedExecutionResult['data']>((resolve, reject) => {
        let data: FormattedExecutionResult['data'];
        client.subscribe({ query: both, operationName }, { next: (r) => void (data = r.data), error: reject, complete: () => resolve(data) });
      });
    for (const run of [overHttp, overSocket]) {
      expect(await run('UnreadByName')).toEqual({ unreadCount: 3 });
      expect(await run('WhoAmIByName')).toEqual({ me: { id: user.id } });
      expect(await run('UnreadByName')).toEqual({ unreadCount: 3 });
    }
  });
});
