import { z } from 'zod';
import { User } from '../auth/auth.graphql.js';
import type { UserRow } from '../auth/users.store.js';
import { builder } from '../graphql/builder.js';
import { parseInput, withLimits } from '../graphql/input.js';
import { encodeCursor, optionalCursorInput } from '../shared/cursor.js';
import { rowId } from '../shared/ids.js';
import { pageSizeInput } from '../shared/page.js';
import type { MeetingRow, SegmentRow } from './meetings.store.js';

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

// Pages forward only, with the service's segment cursors (see MessageConnection).
const TranscriptSegmentConnection = builder.connectionObject(
  { type: TranscriptSegment, name: 'TranscriptSegmentConnection' },
  { name: 'TranscriptSegmentEdge' },
);

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

const MAX_TITLE = 200;
const MAX_SPEAKER = 128;
const DEFAULT_PAGE = 50;

/** The input schemas of this file's fields; their bounds are configured. */
const inputs = withLimits(({ maxContentLength, maxPageSize, maxRecipients }) => {
  const meetingId = rowId('meetingId');
  return {
    meeting: z.object({ id: rowId('id') }),
    transcriptSegments: z.object({
      meetingId,
      first: pageSizeInput(maxPageSize, DEFAULT_PAGE),
      after: optionalCursorInput('segment', 'after'),
    }),
    transcriptSegment: z.object({ meetingId, after: optionalCursorInput('segment', 'after') }),
    createMeeting: z.object({
      title: z.string().trim().min(1, `title must be 1–${MAX_TITLE} characters`).max(MAX_TITLE, `title must be 1–${MAX_TITLE} characters`),
      participantIds: z
        .array(rowId('participantIds'))
        .transform((ids) => [...new Set(ids)])
        .refine((ids) => ids.length <= maxRecipients, `at most ${maxRecipients} participants`),
    }),
    addTranscriptSegment: z.object({
      meetingId,
      input: z
        .object({
          speaker: z.string().trim().min(1, `speaker must be 1–${MAX_SPEAKER} characters`).max(MAX_SPEAKER, `speaker must be 1–${MAX_SPEAKER} characters`),
          text: z
            .string()
            .refine((text) => text.trim().length > 0, 'text must not be empty')
            .refine((text) => text.length <= maxContentLength, `text is longer than ${maxContentLength} characters`),
          startMs: z.number().int().min(0, 'startMs must be 0 or more'),
          endMs: z.number().int(),
        })
        .refine((segment) => segment.endMs >= segment.startMs, { message: 'endMs must not be before startMs', path: ['endMs'] }),
    }),
  };
});

builder.queryFields((t) => ({
  meeting: t.withAuth({ viewer: true }).field({
    type: Meeting,
    description: 'A meeting the caller takes part in (FORBIDDEN otherwise; NOT_FOUND outside the tenant).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      ctx.services.meetings.access(ctx.viewer, parseInput(inputs(ctx.services.config.limits).meeting, args).id),
  }),
  transcriptSegments: t.withAuth({ viewer: true }).field({
    type: TranscriptSegmentConnection,
    description: 'The transcript of a meeting the caller takes part in, oldest first.',
    args: { meetingId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const { meetingId, first, after } = parseInput(inputs(ctx.services.config.limits).transcriptSegments, args);
      return ctx.services.meetings.segments(ctx.viewer, meetingId, { first, afterSeq: after ?? 0 });
    },
  }),
}));

builder.mutationFields((t) => ({
  createMeeting: t.withAuth({ viewer: true }).field({
    type: Meeting,
    args: { input: t.arg({ type: CreateMeetingInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.meetings.create(ctx.viewer, parseInput(inputs(ctx.services.config.limits).createMeeting, input)),
  }),
  addTranscriptSegment: t.withAuth({ viewer: true }).field({
    type: TranscriptSegment,
    description: 'Appends to a meeting’s transcript; for its participants and the tenant’s service accounts.',
    args: {
      meetingId: t.arg.id({ required: true }),
      input: t.arg({ type: TranscriptSegmentInput, required: true }),
    },
    resolve: (_root, args, ctx) => {
      const { meetingId, input } = parseInput(inputs(ctx.services.config.limits).addTranscriptSegment, args);
      return ctx.services.meetings.addSegment(ctx.viewer, meetingId, input);
    },
  }),
}));

builder.subscriptionFields((t) => ({
  transcriptSegment: t.withAuth({ viewer: true }).field({
    type: TranscriptSegment,
    description:
      'The live transcript of a meeting the caller takes part in, in order. With `after` (a segment cursor) it first replays what followed that segment; without, it starts with the next new segment.',
    args: { meetingId: t.arg.id({ required: true }), after: t.arg.string() },
    subscribe: (_root, args, ctx) => {
      const { meetingId, after } = parseInput(inputs(ctx.services.config.limits).transcriptSegment, args);
      return ctx.services.meetings.follow(ctx.viewer, meetingId, after);
    },
    resolve: (segment) => segment,
  }),
}));
