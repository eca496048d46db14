import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import { watchPresence } from './presence-watch.js';
import type { DevicePresence, UserPresence } from './presence.service.js';

const PresenceDevice = builder.objectRef<DevicePresence>('PresenceDevice').implement({
  description: 'One open connection of a user; part of its Presence, with no identity of its own (embedded).',
  fields: (t) => ({
    label: t.exposeString('label', { description: 'What the client sent as `connectionParams.device`, or "unknown".' }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
  }),
});

const Presence = builder.objectRef<UserPresence>('Presence').implement({
  description: 'Whether a user has an open connection, and on which devices. Its identity is `userId` (graphcache `keys`, Apollo `keyFields`).',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    online: t.exposeBoolean('online'),
    devices: t.field({ type: [PresenceDevice], resolve: (p) => p.devices }),
    lastSeenAt: t.expose('lastSeenAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Latest sign of life on any device; null when never seen.',
    }),
  }),
});

const MAX_PRESENCE_IDS = 200;
const presenceInput = z.object({
  userIds: z.array(rowId('userIds')).max(MAX_PRESENCE_IDS, `at most ${MAX_PRESENCE_IDS} userIds at once`),
});

builder.queryFields((t) => ({
  presence: t.withAuth({ viewer: true }).field({
    type: [Presence],
    description:
      'Presence of users of the caller’s tenant, in the order asked (at most 200). Ids of other tenants are answered like ids that do not exist: offline, never seen.',
    args: { userIds: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.presence.presenceOf(ctx.viewer, parseInput(presenceInput, args).userIds),
  }),
}));

builder.subscriptionFields((t) => ({
  presenceChanged: t.withAuth({ viewer: true }).field({
    type: Presence,
    description:
      'Presence of users of the caller’s tenant (at most 200): first each one’s as it is, in the order asked, then each change (a device connects or disconnects) as it happens. Ids of other tenants are answered like ids that do not exist: offline, never seen, never changing.',
    args: { userIds: t.arg.idList({ required: true }) },
    subscribe: (_root, args, ctx) => {
      const { userIds } = parseInput(presenceInput, args);
      const { presence, bus, stores, config } = ctx.services;
      const existing = stores.users.existingInTenant(ctx.viewer.tenantId, [...new Set(userIds)]);
      return watchPresence(presence, bus, ctx.viewer, userIds, existing, config.presence.sweepMs);
    },
    resolve: (presence) => presence,
  }),
}));
