import { hash, verify } from '@node-rs/argon2';
import type { AppConfig } from '../config.js';
import { isDuplicateKeyError } from '../db/client.js';
import { USER_ROLES, type UserRole } from '../db/schema.js';
import { badInput, unauthenticated } from '../graphql/errors.js';
import type { TokenClaims, TokenService } from './tokens.js';
import type { UserRow, UsersStore } from './users.store.js';

/** The authenticated caller of a request or socket. */
export interface Viewer {
  id: number;
  tenantId: string;
  role: UserRole;
  /** Unix seconds at which the credential stops being valid. */
  expiresAt: number;
}

/** A new account, as the API's input schema checked it (src/auth/auth.graphql.ts). */
export interface RegisterInput {
  username: string;
  password: string;
  displayName: string;
  tenant?: string | null;
}

// argon2id with the library's defaults (OWASP's 19 MiB, t=2). A fixed hash to verify against
// when the user does not exist keeps login timing the same for unknown names.
const UNKNOWN_USER_HASH = hash('not-a-real-password-for-timing');

/** Where authenticate finds a user first (the cache's in-process profiles); `load` otherwise. */
export interface ProfileSource {
  get(id: number, load: () => Promise<UserRow | undefined>): Promise<Pick<UserRow, 'id' | 'tenantId' | 'role'> | undefined>;
}

export interface AuthPayload {
  token: string;
  expiresAt: Date;
  user: UserRow;
}

export class AuthService {
  constructor(
    private readonly users: UsersStore,
    private readonly tokens: TokenService,
    private readonly config: Pick<AppConfig, 'defaultTenant'>,
    private readonly profiles?: ProfileSource,
  ) {}

  async register(input: RegisterInput): Promise<AuthPayload> {
    const { username, password, displayName } = input;
    const tenantId = input.tenant ?? this.config.defaultTenant;
    let id: number;
    try {
      id = await this.users.insert({
        tenantId,
        username,
        displayName,
        passwordHash: await hash(password),
        role: 'user',
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw badInput('username is taken', 'username');
      throw error;
    }
    const user = (await this.users.findById(id))!;
    return { ...(await this.tokens.sign(user)), user };
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
    if (!user || !user.passwordHash || !ok) throw unauthenticated('Wrong username or password');
    return { ...(await this.tokens.sign(user)), user };
  }

  /** Turns an `Authorization` value ("Bearer <jwt>") into the viewer, or throws UNAUTHENTICATED. */
  async authenticate(authorization: string): Promise<Viewer> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
    const claims = await this.tokens.verify(match[1]!);
    const load = () => this.users.findById(claims.userId);
    let user: Pick<UserRow, 'id' | 'tenantId' | 'role'> | undefined = this.profiles
      ? await this.profiles.get(claims.userId, load)
      : await load();
    if (!user && claims.external) user = await this.createExternalUser(claims);
    if (!user) throw unauthenticated('Unknown user');
    if (claims.tenantId !== undefined && claims.tenantId !== user.tenantId) {
      throw unauthenticated('Token tenant does not match the user');
    }
    return { id: user.id, tenantId: user.tenantId, role: user.role, expiresAt: claims.expiresAt };
  }

  /** Users of an external issuer are created the first time one of their tokens is seen. */
  private async createExternalUser(claims: TokenClaims): Promise<UserRow | undefined> {
    const role: UserRole = USER_ROLES.includes(claims.role as UserRole) ? (claims.role as UserRole) : 'user';
    try {
      await this.users.insert({
        id: claims.userId,
        tenantId: claims.tenantId ?? this.config.defaultTenant,
        username: (claims.username ?? `user-${claims.userId}`).slice(0, 64),
        displayName: (claims.displayName ?? claims.username ?? `User ${claims.userId}`).slice(0, 128),
        passwordHash: null,
        role,
      });
    } catch (error) {
      // Two first requests at once: the other one created it.
      if (!isDuplicateKeyError(error)) throw error;
    }
    return this.users.findById(claims.userId);
  }
}
