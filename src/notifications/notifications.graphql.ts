import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { FALLBACK_CHANNELS, MESSAGE_TYPES } from '../db/schema.js';
import { MessageType } from '../inbox/inbox.graphql.js';
import { rowId } from '../shared/ids.js';
import { TYPE_MODES, type QuietWindow } from './quiet-hours.js';
import type { NotificationPreferences } from './settings.js';

const TypeModeRef = builder.enumType('NotificationMode', {
  values: TYPE_MODES,
  description: 'PUSH: always pushed live (even in quiet hours and meetings). HOLD: held whenever quiet hours or a meeting apply, even if URGENT. MUTE: never pushed live (still in the inbox and counted).',
});
const FallbackChannelRef = builder.enumType('FallbackChannel', { values: FALLBACK_CHANNELS });

const QuietHours = builder.objectRef<QuietWindow>('QuietHours').implement({
  description: 'A quiet period that starts on `weekday` (1 = Monday … 7 = Sunday) at `start` (HH:mm, the user’s time zone); an `end` at or before `start` is on the next day.',
  fields: (t) => ({
    weekday: t.exposeInt('weekday'),
    start: t.exposeString('start'),
    end: t.exposeString('end'),
  }),
});

const TypeModeEntry = builder.objectRef<{ type: (typeof MESSAGE_TYPES)[number]; mode: (typeof TYPE_MODES)[number] }>('NotificationTypeMode').implement({
  fields: (t) => ({
    type: t.field({ type: MessageType, resolve: (e) => e.type }),
    mode: t.field({ type: TypeModeRef, resolve: (e) => e.mode }),
  }),
});

const NotificationSettings = builder.objectRef<NotificationPreferences>('NotificationSettings').implement({
  description: 'How the caller is notified: docs/notifications.md has the rules in the order they apply.',
  fields: (t) => ({
    timeZone: t.exposeString('timeZone', { description: 'IANA time zone quiet hours are read in.' }),
    locale: t.exposeString('locale', { description: 'BCP 47 tag templates are rendered in.' }),
    quietHours: t.field({ type: [QuietHours], resolve: (s) => s.quietHours }),
    urgentBypassesQuietHours: t.exposeBoolean('urgentBypassesQuietHours'),
    holdDuringMeetings: t.exposeBoolean('holdDuringMeetings', { description: 'Hold non-urgent pushes while a meeting the caller takes part in runs.' }),
    typeModes: t.field({
      type: [TypeModeEntry],
      description: 'Message types with a mode of their own; the others follow quiet hours and meetings.',
      resolve: (s) => Object.entries(s.typeModes).map(([type, mode]) => ({ type: type as (typeof MESSAGE_TYPES)[number], mode: mode })),
    }),
    fallbackChannels: t.field({ type: [FallbackChannelRef], resolve: (s) => s.fallbackChannels }),
    fallbackAfterSeconds: t.exposeInt('fallbackAfterSeconds', { description: 'Unread this long with no live device: sent through the fallback channels.' }),
    fallbackEmail: t.exposeString('fallbackEmail', { nullable: true }),
  }),
});

const QuietHoursInput = builder.inputType('QuietHoursInput', {
  fields: (t) => ({
    weekday: t.int({ required: true }),
    start: t.string({ required: true }),
    end: t.string({ required: true }),
  }),
});
const TypeModeInput = builder.inputType('NotificationTypeModeInput', {
  fields: (t) => ({
    type: t.field({ type: MessageType, required: true }),
    mode: t.field({ type: TypeModeRef, required: true }),
  }),
});
const NotificationSettingsInput = builder.inputType('NotificationSettingsInput', {
  description: 'Fields left out keep their value; lists given replace the whole list.',
  fields: (t) => ({
    timeZone: t.string(),
    locale: t.string(),
    quietHours: t.field({ type: [QuietHoursInput] }),
    urgentBypassesQuietHours: t.boolean(),
    holdDuringMeetings: t.boolean(),
    typeModes: t.field({ type: [TypeModeInput] }),
    fallbackChannels: t.field({ type: [FallbackChannelRef] }),
    fallbackAfterSeconds: t.int(),
    fallbackEmail: t.string(),
  }),
});

const settingsInput = z.object({
  input: z.object({
    timeZone: z.string().max(64).nullish(),
    locale: z.string().max(35).nullish(),
    quietHours: z.array(z.object({ weekday: z.number().int(), start: z.string(), end: z.string() })).max(50).nullish(),
    urgentBypassesQuietHours: z.boolean().nullish(),
    holdDuringMeetings: z.boolean().nullish(),
    typeModes: z.array(z.object({ type: z.enum(MESSAGE_TYPES), mode: z.enum(TYPE_MODES) })).max(MESSAGE_TYPES.length).nullish(),
    fallbackChannels: z.array(z.enum(FALLBACK_CHANNELS)).max(FALLBACK_CHANNELS.length).nullish(),
    fallbackAfterSeconds: z.number().int().min(1).max(7 * 86400).nullish(),
    fallbackEmail: z.email({ message: 'fallbackEmail is not an email address' }).max(320).nullish(),
  }),
});

const MeetingTimes = builder.objectRef<{ meetingId: number; startsAt: Date; endsAt: Date | null }>('MeetingTimes').implement({
  fields: (t) => ({
    meetingId: t.exposeID('meetingId'),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true }),
  }),
});
const startMeetingInput = z.object({ meetingId: rowId('meetingId'), endsAt: z.date().nullish() });
const endMeetingInput = z.object({ meetingId: rowId('meetingId') });

builder.queryFields((t) => ({
  notificationSettings: t.withAuth({ viewer: true }).field({
    type: NotificationSettings,
    description: 'The caller’s notification preferences (the defaults until changed).',
    resolve: (_root, _args, ctx) => ctx.services.notifications.preferences(ctx.viewer),
  }),
}));

builder.mutationFields((t) => ({
  updateNotificationSettings: t.withAuth({ viewer: true }).field({
    type: NotificationSettings,
    args: { input: t.arg({ type: NotificationSettingsInput, required: true }) },
    resolve: (_root, args, ctx) => ctx.services.notifications.update(ctx.viewer, parseInput(settingsInput, args).input),
  }),
  startMeeting: t.withAuth({ viewer: true }).field({
    type: MeetingTimes,
    description: 'A participant starts a meeting now; until it ends (at `endsAt`, or `endMeeting`), its participants are in a meeting.',
    args: { meetingId: t.arg.id({ required: true }), endsAt: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, args, ctx) => {
      const { meetingId, endsAt } = parseInput(startMeetingInput, args);
      return { meetingId, ...(await ctx.services.notifications.startMeeting(ctx.viewer, meetingId, endsAt ?? null)) };
    },
  }),
  endMeeting: t.withAuth({ viewer: true }).field({
    type: MeetingTimes,
    description: 'A participant ends a running meeting; pushes held for its participants go out.',
    args: { meetingId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { meetingId } = parseInput(endMeetingInput, args);
      return { meetingId, ...(await ctx.services.notifications.endMeeting(ctx.viewer, meetingId)) };
    },
  }),
}));
