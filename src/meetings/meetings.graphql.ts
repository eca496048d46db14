import { User } from '../auth/auth.graphql.js';
import type { UserRow } from '../auth/users.store.js';
import { builder } from '../graphql/builder.js';
import { requireViewer } from '../graphql/context.js';
import { encodeCursor } from '../shared/cursor.js';
import type { Page } from '../shared/page.js';
import type { MeetingRow, SegmentRow } from './meetings.store.js';

// messages.graphql.ts implements PageInfo; one page type serves every connection.
const PageInfo = builder.objectRef<Page<unknown>['pageInfo']>('PageInfo');
builder.configStore.associateParamWithRef(PageInfo, 'PageInfo');

const Meeting = builder.objectRef<MeetingRow>('Meeting').implement({
  description: 'A meeting the caller takes part in.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.field({ type: User, resolve: async (m, _args, ctx) => (await ctx.loaders.user.load(m.createdBy))! }),
    participants: t.field({
      type: [User],
      resolve: async (m, _args, ctx) => {
        const users: UserRow[] = [];
        for (const user of await ctx.loaders.user.loadMany(await ctx.services.meetings.participantIds(m.id))) {
          if (user instanceof Error) throw user;
          if (user) users.push(user);
        }
        return users;
      },
    }),
  }),
});

const TranscriptSegment = builder.objectRef<SegmentRow>('TranscriptSegment').implement({
  description: 'One piece of a meeting’s transcript.',
  fields: (t) => ({
    id: t.exposeID('id'),
    meetingId: t.exposeID('meetingId'),
    speaker: t.exposeString('speaker'),
    text: t.exposeString('text'),
    startMs: t.exposeInt('startMs', { description: 'Offset from the start of the meeting.' }),
    endMs: t.exposeInt('endMs'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    cursor: t.string({
      description: 'Its position in the transcript: pass as `after` to page on or to resume the live stream.',
      resolve: (s) => encodeCursor('segment', s.seq),
    }),
  }),
});

const TranscriptSegmentEdge = builder
  .objectRef<{ cursor: string; node: SegmentRow }>('TranscriptSegmentEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: TranscriptSegment, resolve: (e) => e.node }),
    }),
  });

const TranscriptSegmentConnection = builder
  .objectRef<Page<SegmentRow>>('TranscriptSegmentConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [TranscriptSegmentEdge], resolve: (c) => c.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
    }),
  });

const CreateMeetingInput = builder.inputType('CreateMeetingInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    participantIds: t.idList({
      required: true,
      description: 'Users of the caller’s tenant; the caller is always a participant.',
    }),
  }),
});

const TranscriptSegmentInput = builder.inputType('TranscriptSegmentInput', {
  fields: (t) => ({
    speaker: t.string({ required: true }),
    text: t.string({ required: true }),
    startMs: t.int({ required: true }),
    endMs: t.int({ required: true }),
  }),
});

builder.queryFields((t) => ({
  meeting: t.field({
    type: Meeting,
    description: 'A meeting the caller takes part in (FORBIDDEN otherwise; NOT_FOUND outside the tenant).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.meetings.access(requireViewer(ctx), String(id)),
  }),
  transcriptSegments: t.field({
    type: TranscriptSegmentConnection,
    description: 'The transcript of a meeting the caller takes part in, oldest first.',
    args: { meetingId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, { meetingId, first, after }, ctx) =>
      ctx.services.meetings.segments(requireViewer(ctx), String(meetingId), { first, after }),
  }),
}));

builder.mutationFields((t) => ({
  createMeeting: t.field({
    type: Meeting,
    args: { input: t.arg({ type: CreateMeetingInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.meetings.create(requireViewer(ctx), {
        title: input.title,
        participantIds: input.participantIds.map(String),
      }),
  }),
  addTranscriptSegment: t.field({
    type: TranscriptSegment,
    description: 'Appends to a meeting’s transcript; for its participants and the tenant’s service accounts.',
    args: {
      meetingId: t.arg.id({ required: true }),
      input: t.arg({ type: TranscriptSegmentInput, required: true }),
    },
    resolve: (_root, { meetingId, input }, ctx) =>
      ctx.services.meetings.addSegment(requireViewer(ctx), String(meetingId), input),
  }),
}));

builder.subscriptionFields((t) => ({
  transcriptSegment: t.field({
    type: TranscriptSegment,
    description:
      'The live transcript of a meeting the caller takes part in, in order. With `after` (a segment cursor) it first replays what followed that segment; without, it starts with the next new segment.',
    args: { meetingId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: (_root, { meetingId, after }, ctx) =>
      ctx.services.meetings.follow(requireViewer(ctx), String(meetingId), after),
    resolve: (segment) => segment,
  }),
}));
