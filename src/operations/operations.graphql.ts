import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import type { AlertRow } from './alerts.store.js';
import type { OperationsStatus } from './monitor.js';
import { reportInput } from './operations.service.js';
import type { AdminStats, PushStats } from './reports.service.js';

// The admin dashboard's API (/admin, docs/operations.md): live status, alert history, reports.
// Tenant admins only; reports and anomaly alerts are the caller's tenant's, the rest the installation's.

const InstanceStatus = builder.objectRef<OperationsStatus['instances'][number]>('InstanceStatus').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    sockets: t.exposeInt('sockets'),
    onlineUsers: t.exposeInt('onlineUsers'),
    redisMode: t.exposeString('redisMode'),
  }),
});

const OperationsStatusRef = builder.objectRef<OperationsStatus>('OperationsStatus').implement({
  description: 'The installation now: numbers over the last evaluation window (ALERT_EVAL_INTERVAL_MS), across instances.',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    clusterWide: t.exposeBoolean('clusterWide', { description: 'False: Redis is unreachable and this is one instance’s view.' }),
    instances: t.field({ type: [InstanceStatus], resolve: (s) => s.instances }),
    sockets: t.exposeInt('sockets'),
    onlineUsers: t.exposeInt('onlineUsers', { description: 'Sum over instances of distinct users with a socket there.' }),
    messagesPerSecond: t.exposeFloat('messagesPerSecond'),
    pushesPerSecond: t.exposeFloat('pushesPerSecond'),
    pushLatencyP50Ms: t.exposeFloat('pushLatencyP50Ms', { nullable: true }),
    pushLatencyP99Ms: t.exposeFloat('pushLatencyP99Ms', { nullable: true }),
    pushFailureRatio: t.exposeFloat('pushFailureRatio', { nullable: true }),
    queueDepth: t.exposeInt('queueDepth', { nullable: true }),
    queueLagSeconds: t.exposeFloat('queueLagSeconds', { nullable: true }),
    deadLetters: t.exposeInt('deadLetters', { nullable: true }),
    redisMode: t.exposeString('redisMode'),
    databaseOk: t.exposeBoolean('databaseOk'),
    openAlerts: t.field({
      type: 'Int',
      description: 'Alerts open now that the caller may see.',
      resolve: async (_s, _args, ctx) =>
        ctx.viewer ? (await ctx.services.operations.alertsFor(ctx.viewer, { limit: 500, openOnly: true })).length : 0,
    }),
  }),
});

const Alert = builder.objectRef<AlertRow>('Alert').implement({
  description: 'A built-in alert, from firing to resolved (docs/operations.md lists every rule).',
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.exposeString('source', { description: 'RULE (a threshold over the metrics) or ANOMALY (an abnormal pattern).' }),
    rule: t.exposeString('rule'),
    severity: t.exposeString('severity'),
    tenant: t.exposeString('tenantId', { nullable: true, description: 'Null for alerts about the whole installation.' }),
    summary: t.exposeString('summary'),
    value: t.exposeFloat('value', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    notified: t.exposeBoolean('notified', { description: 'False when the cooldown kept the notice from being sent.' }),
  }),
});

const PushStatsRef = builder.objectRef<PushStats>('PushStats').implement({
  description: 'Messages of one type and priority sent in the period, and what became of their recipients.',
  fields: (t) => ({
    type: t.exposeString('type'),
    priority: t.exposeString('priority'),
    messages: t.exposeInt('messages'),
    recipients: t.exposeInt('recipients'),
    delivered: t.exposeInt('delivered', { description: 'Recipients whose device acknowledged the message.' }),
    successRate: t.exposeFloat('successRate', { nullable: true }),
    avgDeliveryMs: t.exposeFloat('avgDeliveryMs', { nullable: true }),
    read: t.exposeInt('readCount'),
    readRate: t.exposeFloat('readRate', { nullable: true }),
    avgTimeToReadMs: t.exposeFloat('avgTimeToReadMs', { nullable: true }),
  }),
});

const DayStats = builder.objectRef<AdminStats['days'][number]>('DayStats').implement({
  fields: (t) => ({
    day: t.exposeString('day', { description: 'YYYY-MM-DD (UTC).' }),
    activeUsers: t.exposeInt('activeUsers', { description: 'Users who sent a message or read one that day.' }),
    messages: t.exposeInt('messages'),
  }),
});

const SenderStats = builder.objectRef<AdminStats['topSenders'][number]>('SenderStats').implement({
  fields: (t) => ({
    userId: t.exposeID('userId'),
    username: t.exposeString('username'),
    messages: t.exposeInt('messages'),
  }),
});

const AdminStatsRef = builder.objectRef<AdminStats>('AdminStats').implement({
  description: 'A report over whole UTC days of the caller’s tenant, read from daily aggregates.',
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    rolledUpAt: t.expose('rolledUpAt', { type: 'DateTime', nullable: true, description: 'What happened after this is not in the report yet.' }),
    pushes: t.field({ type: [PushStatsRef], resolve: (s) => s.pushes }),
    totals: t.field({ type: PushStatsRef, resolve: (s) => s.totals }),
    days: t.field({ type: [DayStats], resolve: (s) => s.days }),
    topSenders: t.field({ type: [SenderStats], resolve: (s) => s.topSenders }),
  }),
});

builder.queryFields((t) => ({
  operationsStatus: t.withAuth({ admin: true }).field({
    type: OperationsStatusRef,
    description: 'The installation’s live status (tenant admins).',
    resolve: (_root, _args, ctx) => ctx.services.operations.status(),
  }),
  alerts: t.withAuth({ admin: true }).field({
    type: [Alert],
    description: 'Alert history, newest first: the installation’s and the caller’s tenant’s (tenant admins).',
    args: { first: t.arg.int({ defaultValue: 50 }), openOnly: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => ctx.services.operations.alertsFor(ctx.viewer, { limit: args.first ?? 50, openOnly: args.openOnly ?? false }),
  }),
  adminStats: t.withAuth({ admin: true }).field({
    type: AdminStatsRef,
    description: 'Pushes by type and priority, read rate, active users per day and top senders of the caller’s tenant over whole UTC days (tenant admins).',
    args: {
      from: t.arg.string({ required: true, description: 'First day, YYYY-MM-DD (UTC).' }),
      to: t.arg.string({ required: true, description: 'Last day, included.' }),
      topSenders: t.arg.int({ defaultValue: 10 }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.operations.report(ctx.viewer, parseInput(reportInput, { from: args.from, to: args.to, topSenders: args.topSenders ?? 10 })),
  }),
}));

builder.subscriptionFields((t) => ({
  operationsStatus: t.withAuth({ admin: true }).field({
    type: OperationsStatusRef,
    description: 'The live status at once and then every ADMIN_STATUS_INTERVAL_MS (tenant admins).',
    subscribe: (_root, _args, ctx) => ctx.services.operations.statusUpdates(),
    resolve: (status) => status,
  }),
}));
