import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import { parseInput } from '../graphql/input.js';
import { rowId } from '../shared/ids.js';
import type { IssuedApiKey } from './api-keys.js';
import type { ApiKeyRow } from './credentials.store.js';
import { API_SCOPES } from './scopes.js';

const ApiKey = builder.objectRef<ApiKeyRow>('ApiKey').implement({
  description: 'An API key of a service of the caller’s tenant (never its secret).',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    serviceAccountId: t.exposeID('userId', { description: 'The service account the key acts as (the sender of its messages).' }),
    scopes: t.exposeStringList('scopes'),
    allowedIps: t.exposeStringList('allowedIps', { nullable: true, description: 'null: usable from any address.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const IssuedApiKeyRef = builder.objectRef<IssuedApiKey>('IssuedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Shown once: send as `Authorization: Bearer <key>`. Only its hash is stored; a lost key is rotated.',
    }),
    apiKey: t.field({ type: ApiKey, resolve: (i) => i.apiKey }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Also the display name of the key’s service account.' }),
    scopes: t.stringList({ required: true, description: `Any of ${API_SCOPES.join(', ')}.` }),
    allowedIps: t.stringList({ description: 'IP addresses or CIDR ranges; omitted: any address.' }),
  }),
});

const createInput = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'name: 1–40 letters, digits, _ . -'),
  scopes: z.array(z.string().max(64)).max(20, 'scopes: at most 20'),
  allowedIps: z.array(z.string().max(64)).max(50, 'allowedIps: at most 50').nullish(),
});

builder.queryFields((t) => ({
  apiKeys: t.withAuth({ admin: true }).field({
    type: [ApiKey],
    description: 'The API keys of the caller’s tenant. Tenant admins only.',
    resolve: (_root, _args, ctx) => ctx.services.apiKeys.list(ctx.viewer.tenantId),
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.withAuth({ admin: true }).field({
    type: IssuedApiKeyRef,
    description: 'A new service account of the caller’s tenant and its API key. Tenant admins only.',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.apiKeys.create(ctx.viewer.tenantId, ctx.viewer.id, parseInput(createInput, input)),
  }),
  rotateApiKey: t.withAuth({ admin: true }).field({
    type: IssuedApiKeyRef,
    description: 'A new secret for the key; the old one stops working at once. Tenant admins only.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.apiKeys.rotate(ctx.viewer.tenantId, parseInput(rowId('id'), String(id))),
  }),
  revokeApiKey: t.withAuth({ admin: true }).field({
    type: ApiKey,
    description: 'The key stops working at once (sockets it opened close within an hour). Tenant admins only.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.services.apiKeys.revoke(ctx.viewer.tenantId, parseInput(rowId('id'), String(id))),
  }),
}));
