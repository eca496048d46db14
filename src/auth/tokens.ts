import { LRUCache } from 'lru-cache';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import type { AppConfig } from '../config.js';
import { unauthenticated } from '../graphql/errors.js';

/** What a verified token says about its bearer. */
export interface TokenClaims {
  /** Our own tokens: the local user id (`sub`). 0 for external tokens: use issuer and subject. */
  userId: number;
  /** External tokens: who issued it (`iss`, or the configured key when it has none) and its `sub`. */
  issuer: string;
  subject: string;
  /** External tokens: the OAuth `scope` claim, split (client-credentials tokens of services). */
  scopes?: string[];
  tenantId: string | undefined;
  /** Unix seconds; sockets are closed when it passes. */
  expiresAt: number;
  external: boolean;
  username?: string;
  displayName?: string;
  role?: string;
}

const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Signs our own tokens (HS256) and verifies ours and, when configured, an external issuer's
 * (JWKS URL or one public key). The algorithm decides the key before anything is verified,
 * and each key accepts only its own algorithms, so `alg: none` and HS/RS confusion fail.
 */
export class TokenService {
  /** Imported once: handing jose the raw bytes would import a key on every sign and verify. */
  private readonly secret: Promise<CryptoKey>;
  private externalKey: Promise<CryptoKey | JWTVerifyGetKey> | null = null;

  constructor(private readonly config: AppConfig['jwt']) {
    this.secret = crypto.subtle.importKey('raw', new TextEncoder().encode(config.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    if (config.jwksUrl) {
      // The key set is fetched again after jwksCacheSeconds: a key the issuer removed stops
      // verifying then (and so do the verified tokens it signed, below).
      this.externalKey = Promise.resolve(
        createRemoteJWKSet(new URL(config.jwksUrl), {
          cacheMaxAge: config.jwksCacheSeconds * 1000,
          cooldownDuration: Math.min(30_000, config.jwksCacheSeconds * 1000),
        }),
      );
    } else if (config.publicKey) {
      this.externalKey = importSPKI(config.publicKey, config.publicKeyAlg);
    }
  }

  async sign(user: { id: number; tenantId: string }): Promise<{ token: string; expiresAt: Date }> {
    const expiresAtSeconds = Math.floor(Date.now() / 1000) + this.config.ttlSeconds;
    let jwt = new SignJWT({ tid: user.tenantId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.id))
      .setIssuedAt()
      .setExpirationTime(expiresAtSeconds);
    if (this.config.issuer) jwt = jwt.setIssuer(this.config.issuer);
    if (this.config.audience) jwt = jwt.setAudience(this.config.audience);
    return { token: await jwt.sign(await this.secret), expiresAt: new Date(expiresAtSeconds * 1000) };
  }

  /**
   * Verified tokens, so a client that sends the same token with every request pays for the
   * signature check once. Entries stop counting at the token's exp (checked on every hit).
   */
  private readonly verified = new LRUCache<string, TokenClaims>({ max: VERIFIED_CACHE_SIZE });

  async verify(token: string): Promise<TokenClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt + CLOCK_TOLERANCE_SECONDS > Date.now() / 1000) return known;
      this.verified.delete(token);
    }
    const claims = await this.verifyUncached(token);
    // An external token is verified again once the key set may have changed.
    this.verified.set(token, claims, claims.external ? { ttl: this.config.jwksCacheSeconds * 1000 } : undefined);
    return claims;
  }

  private async verifyUncached(token: string): Promise<TokenClaims> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('Malformed token');
    }
    const common = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'sub'],
    };
    let payload: JWTPayload;
    let external = false;
    try {
      if (alg === 'HS256') {
        ({ payload } = await jwtVerify(token, await this.secret, { ...common, algorithms: ['HS256'] }));
      } else if (alg && ASYMMETRIC_ALGS.includes(alg) && this.externalKey) {
        const key = await this.externalKey;
        const options = { ...common, algorithms: ASYMMETRIC_ALGS };
        ({ payload } =
          typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
        external = true;
      } else {
        throw unauthenticated(`Token algorithm ${alg ?? '(none)'} is not accepted`);
      }
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Token expired');
      if (error instanceof joseErrors.JOSEError) throw unauthenticated(`Invalid token: ${error.code}`);
      throw error;
    }
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
    const subject = str(payload.sub);
    if (!subject || subject.length > 255) throw unauthenticated('Token subject is missing or too long');
    const userId = external ? 0 : Number(subject);
    if (!external && (!Number.isSafeInteger(userId) || userId <= 0)) throw unauthenticated('Token subject is not a user id');
    const scope = str(payload.scope);
    return {
      userId,
      issuer: external ? (str(payload.iss) ?? this.config.jwksUrl ?? 'external-public-key') : 'local',
      subject,
      ...(external && scope ? { scopes: scope.split(' ').filter(Boolean) } : {}),
      tenantId: str(payload.tid),
      expiresAt: payload.exp!,
      external,
      username: str(payload.preferred_username),
      displayName: str(payload.name),
      role: str(payload.role),
    };
  }
}

/** For tests and tools: a key set from a JWKS document held in memory. */
