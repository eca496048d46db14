import { hash, verify } from '@node-rs/argon2';
import type { AppConfig } from '../config.js';
import { isDuplicateKeyError } from '../db/client.js';
import { USER_ROLES, type UserRole } from '../db/schema.js';
import { badInput, forbidden, unauthenticated } from '../graphql/errors.js';
import type { TenantService } from '../tenants/tenants.service.js';
import { API_KEY_PREFIX, type ApiKeyService } from './api-keys.js';
import type { CredentialsStore } from './credentials.store.js';
import { API_SCOPES, type ApiScope } from './scopes.js';
import type { SessionService } from './sessions.js';
import type { TokenClaims, TokenService } from './tokens.js';
import type { UserRow, UsersStore } from './users.store.js';
import { recordLoginFailure } from '../operations/login-failures.js';

/** The authenticated caller of a request or socket. */
export interface Viewer {
  id: number;
  tenantId: string;
  role: UserRole;
  /** Unix seconds at which the credential stops being valid. */
  expiresAt: number;
  /**
   * What an API key (or a scoped client-credentials token) may do (src/auth/scopes.ts);
   * undefined for users' tokens, which are limited by role only.
   */
  scopes?: readonly ApiScope[];
}

/** A new account, as the API's input schema checked it (src/auth/auth.graphql.ts). */
export interface RegisterInput {
  username: string;
  password: string;
  displayName: string;
  tenant?: string | null;
  /** An invitation code: joins the invitation's tenant with its role. */
  invitation?: string | null;
}

// argon2id with the library's defaults (OWASP's 19 MiB, t=2). A fixed hash to verify against
// when the user does not exist keeps login timing the same for unknown names.
const UNKNOWN_USER_HASH = hash('not-a-real-password-for-timing');

/** An API key's viewer is re-checked this often (revocation reaches open sockets then). */
const API_KEY_VIEWER_SECONDS = 3600;

/** Where authenticate finds a user first (the cache's in-process profiles); `load` otherwise. */
export interface ProfileSource {
  get(id: number, load: () => Promise<UserRow | undefined>): Promise<Pick<UserRow, 'id' | 'tenantId' | 'role'> | undefined>;
}

export interface AuthPayload {
  token: string;
  expiresAt: Date;
  /** Spend it with refreshSession for the next access token (and the next refresh token). */
  refreshToken: string;
  user: UserRow;
}

/** Where a credential was presented from (API keys may be bound to addresses). */
export interface CallerAddress {
  ip?: string;
}

export class AuthService {
  constructor(
    private readonly users: UsersStore,
    private readonly tokens: TokenService,
    private readonly config: Pick<AppConfig, 'defaultTenant'>,
    private readonly profiles: ProfileSource | undefined,
    private readonly parts: {
      tenants: TenantService;
      sessions: SessionService;
      apiKeys: ApiKeyService;
      credentials: CredentialsStore;
    },
  ) {}

  /**
   * A new user: with an invitation, in the invitation's tenant and role; without, in the
   * named (or default) tenant only when it has sign-up open. A tenant that does not exist is
   * refused exactly like a closed one: register never creates a tenant.
   */
  async register(input: RegisterInput): Promise<AuthPayload> {
    const { username, password, displayName } = input;
    const invitation = input.invitation ? await this.parts.tenants.findInvitation(input.invitation) : null;
    const tenantId = invitation?.tenantId ?? input.tenant ?? this.config.defaultTenant;
    if (invitation && input.tenant && input.tenant !== invitation.tenantId) {
      throw badInput('the invitation is for another tenant; leave tenant out', 'tenant');
    }
    if (!invitation) await this.parts.tenants.checkOpenSignup(tenantId);
    let id: number;
    try {
      id = await this.users.insert({
        tenantId,
        username,
        displayName,
        passwordHash: await hash(password),
        role: invitation?.role ?? 'user',
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw badInput('username is taken', 'username');
      throw error;
    }
    if (invitation && !(await this.parts.tenants.useInvitation(invitation, id))) {
      // Someone else registered with the same code a moment before: this account never existed.
      await this.users.delete(id);
      throw forbidden('The invitation is not valid (unknown, used or expired)');
    }
    const user = (await this.users.findById(id))!;
    return this.signIn(user);
  }

  /** Users of the tenant with these usernames, in the order asked; names nobody has are left out. */
  async usersByUsername(tenantId: string, usernames: readonly string[]): Promise<UserRow[]> {
    const rows = await this.users.findByUsernames(tenantId, usernames);
    const byName = new Map(rows.map((row) => [row.username.toLowerCase(), row]));
    return [...new Set(usernames.map((name) => name.toLowerCase()))].flatMap((name) => byName.get(name) ?? []);
  }

  async login(input: { username: string; password: string; tenant?: string | null }): Promise<AuthPayload> {
    const tenantId = input.tenant ?? this.config.defaultTenant;
    const user = await this.users.findByUsername(tenantId, input.username);
    const ok = await verify(user?.passwordHash ?? (await UNKNOWN_USER_HASH), input.password).catch(() => false);
    if (!user || !user.passwordHash || !ok) {
      recordLoginFailure(tenantId);
      throw unauthenticated('Wrong username or password');
    }
    return this.signIn(user);
  }

  /** A refresh token spent for a new access token and the next refresh token of the sign-in. */
  async refresh(refreshToken: string): Promise<AuthPayload> {
    const { userId, refreshToken: next } = await this.parts.sessions.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw unauthenticated('Refresh token is not valid; sign in again');
    return { ...(await this.tokens.sign(user)), refreshToken: next, user };
  }

  private async signIn(user: UserRow): Promise<AuthPayload> {
    const [access, refreshToken] = await Promise.all([this.tokens.sign(user), this.parts.sessions.issue(user.id)]);
    return { ...access, refreshToken, user };
  }

  /**
   * Turns an `Authorization` value ("Bearer <jwt>", "Bearer mam_…" or "ApiKey mam_…") into the
   * viewer, or throws UNAUTHENTICATED.
   */
  async authenticate(authorization: string, from: CallerAddress = {}): Promise<Viewer> {
    const match = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
    const credential = match[2]!;
    if (credential.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(credential, from);
    if (match[1]!.toLowerCase() !== 'bearer') throw unauthenticated('Invalid API key');
    const claims = await this.tokens.verify(credential);
    const userId = claims.external ? await this.externalUser(claims) : claims.userId;
    const load = () => this.users.findById(userId);
    const user: Pick<UserRow, 'id' | 'tenantId' | 'role'> | undefined = this.profiles ? await this.profiles.get(userId, load) : await load();
    if (!user) throw unauthenticated('Unknown user');
    if (!claims.external && claims.tenantId !== undefined && claims.tenantId !== user.tenantId) {
      throw unauthenticated('Token tenant does not match the user');
    }
    const viewer: Viewer = { id: user.id, tenantId: user.tenantId, role: user.role, expiresAt: claims.expiresAt };
    // A client-credentials token of the tenant's issuer: a service limited to its scopes.
    if (claims.external && user.role === 'service' && claims.scopes) {
      viewer.scopes = claims.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));
    }
    return viewer;
  }

  private async authenticateApiKey(key: string, from: CallerAddress): Promise<Viewer> {
    const caller = await this.parts.apiKeys.authenticate(key, from.ip);
    const user = await this.users.findById(caller.userId);
    if (!user) throw unauthenticated('Invalid API key');
    return {
      id: user.id,
      tenantId: user.tenantId,
      role: user.role,
      expiresAt: Math.floor(Date.now() / 1000) + API_KEY_VIEWER_SECONDS,
      scopes: caller.scopes,
    };
  }

  /**
   * The local user of an external identity, keyed by (issuer, subject) — never by a local id,
   * so an issuer's `sub: "7"` is not local user 7. Created the first time one of its tokens is seen.
   */
  private async externalUser(claims: TokenClaims): Promise<number> {
    const issuer = claims.issuer;
    const subject = claims.subject;
    const known = await this.parts.credentials.userOfIdentity(issuer, subject);
    if (known !== undefined) return known;
    const role: UserRole = USER_ROLES.includes(claims.role as UserRole) ? (claims.role as UserRole) : 'user';
    const tenantId = claims.tenantId ?? this.config.defaultTenant;
    const base = (claims.username ?? `ext-${subject}`).slice(0, 56);
    let userId: number;
    try {
      userId = await this.users.insert({
        tenantId,
        // Local names stay free for local accounts: an external user's name carries a suffix on collision.
        username: (await this.users.findByUsername(tenantId, base)) ? `${base}.${Math.random().toString(36).slice(2, 8)}` : base,
        displayName: (claims.displayName ?? claims.username ?? `User ${subject}`).slice(0, 128),
        passwordHash: null,
        role,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      userId = await this.users.insert({
        tenantId,
        username: `${base}.${Math.random().toString(36).slice(2, 8)}`,
        displayName: (claims.displayName ?? `User ${subject}`).slice(0, 128),
        passwordHash: null,
        role,
      });
    }
    try {
      await this.parts.credentials.insertIdentity(issuer, subject, userId);
      return userId;
    } catch (error) {
      // Two first requests at once: the other one's user is the identity's; this one is dropped.
      if (!isDuplicateKeyError(error)) throw error;
      await this.users.delete(userId);
      return (await this.parts.credentials.userOfIdentity(issuer, subject))!;
    }
  }
}
