import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { badInput, notFound, unauthenticated } from '../graphql/errors.js';
import type { ProfileCache } from './profiles.js';
import type { ApiKeyRow, CredentialsStore } from './credentials.store.js';
import { API_SCOPES, type ApiScope } from './scopes.js';
import type { UsersStore } from './users.store.js';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'mam_';
const KEY_FORMAT = /^mam_(\d{1,15})_([A-Za-z0-9_-]{43})$/;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface ApiKeyInput {
  name: string;
  scopes: string[];
  allowedIps?: string[] | null;
}

/** A key as it is shown right after it was made: the only time its secret is seen. */
export interface IssuedApiKey {
  key: string;
  apiKey: ApiKeyRow;
}

/** What an accepted key says about its caller. */
export interface ApiKeyCaller {
  userId: number;
  keyId: number;
  scopes: ApiScope[];
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

function validAllowEntry(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (family === 6 ? 128 : 32);
}

/** Strips the IPv4-mapped IPv6 form Node reports for IPv4 clients on a dual-stack socket. */
const plainAddress = (ip: string) => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip);

/**
 * API keys of service accounts: `mam_<id>_<secret>`, shown once, stored as the SHA-256 of the
 * secret (the secret is 256 random bits, so a fast hash suffices), rotatable, revocable,
 * scoped and optionally bound to IP addresses. Each key acts as a service account of its own.
 */
export class ApiKeyService {
  constructor(
    private readonly store: CredentialsStore,
    private readonly users: UsersStore,
    private readonly profiles: ProfileCache,
  ) {}

  static checkInput(input: ApiKeyInput): void {
    const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0) throw badInput(`unknown scopes: ${unknown.join(', ')} (known: ${API_SCOPES.join(', ')})`, 'scopes');
    if (input.scopes.length === 0) throw badInput('a key needs at least one scope', 'scopes');
    const bad = (input.allowedIps ?? []).filter((e) => !validAllowEntry(e));
    if (bad.length > 0) throw badInput(`not an IP address or CIDR range: ${bad.join(', ')}`, 'allowedIps');
  }

  async create(tenantId: string, createdBy: number, input: ApiKeyInput): Promise<IssuedApiKey> {
    ApiKeyService.checkInput(input);
    const userId = await this.users.insert({
      tenantId,
      username: `key.${input.name}.${randomBytes(3).toString('hex')}`.slice(0, 64),
      displayName: input.name,
      passwordHash: null,
      role: 'service',
    });
    const secret = randomBytes(32).toString('base64url');
    const id = await this.store.insertApiKey({
      tenantId,
      userId,
      name: input.name,
      secretHash: sha256(secret),
      scopes: [...new Set(input.scopes)],
      allowedIps: input.allowedIps && input.allowedIps.length > 0 ? input.allowedIps : null,
      createdBy,
    });
    return { key: `${API_KEY_PREFIX}${id}_${secret}`, apiKey: (await this.store.findApiKey(id))! };
  }

  /** A new secret; the old one stops working at once. Keys of other tenants are not found. */
  async rotate(tenantId: string, id: number): Promise<IssuedApiKey> {
    const secret = randomBytes(32).toString('base64url');
    if (!(await this.store.replaceApiKeySecret(tenantId, id, sha256(secret)))) throw notFound('No such API key');
    return { key: `${API_KEY_PREFIX}${id}_${secret}`, apiKey: (await this.store.findApiKey(id))! };
  }

  async revoke(tenantId: string, id: number): Promise<ApiKeyRow> {
    if (!(await this.store.revokeApiKey(tenantId, id))) throw notFound('No such API key');
    const row = (await this.store.findApiKey(id))!;
    await this.profiles.invalidate(row.userId);
    return row;
  }

  list(tenantId: string): Promise<ApiKeyRow[]> {
    return this.store.listApiKeys(tenantId);
  }

  /** The caller a presented key stands for, or UNAUTHENTICATED (one message for every refusal but the address). */
  async authenticate(key: string, ip: string | undefined): Promise<ApiKeyCaller> {
    const match = KEY_FORMAT.exec(key);
    const refused = () => unauthenticated('Invalid API key');
    if (!match) throw refused();
    const row = await this.store.findApiKey(Number(match[1]));
    const presented = Buffer.from(sha256(match[2]!));
    if (!row || row.revokedAt || !timingSafeEqual(presented, Buffer.from(row.secretHash))) throw refused();
    if (row.allowedIps) {
      const address = ip ? plainAddress(ip) : undefined;
      if (!address || !blockListOf(row.allowedIps).check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) {
        throw unauthenticated('This API key may not be used from this address');
      }
    }
    void this.store.touchApiKey(row.id).catch(() => undefined);
    return { userId: row.userId, keyId: row.id, scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)) };
  }
}
