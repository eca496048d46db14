import { randomBytes } from 'node:crypto';
import { unauthenticated } from '../graphql/errors.js';
import { sha256 } from './api-keys.js';
import type { CredentialsStore } from './credentials.store.js';

/**
 * Refresh tokens: opaque, stored as their SHA-256, valid for `ttlSeconds`, single use. Each
 * use returns the next token of the same family (one family per sign-in); a token presented
 * a second time means two parties hold it, so the whole family is revoked and both must sign
 * in again. `logout` revokes a family, or every family of the user.
 */
export class SessionService {
  constructor(
    private readonly store: CredentialsStore,
    private readonly ttlSeconds: number,
  ) {}

  async issue(userId: number, familyId = randomBytes(16).toString('hex')): Promise<string> {
    const token = `mar_${randomBytes(32).toString('base64url')}`;
    await this.store.insertRefreshToken({
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.ttlSeconds * 1000),
    });
    return token;
  }

  /** Spends a refresh token: the user it was for and the next token of its family. */
  async rotate(token: string): Promise<{ userId: number; refreshToken: string }> {
    const row = await this.store.findRefreshToken(sha256(token));
    if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw unauthenticated('Refresh token is not valid; sign in again');
    if (row.usedAt || !(await this.store.useRefreshToken(row.id))) {
      await this.store.revokeFamily(row.familyId);
      throw unauthenticated('Refresh token was already used; this sign-in is revoked everywhere, sign in again');
    }
    return { userId: row.userId, refreshToken: await this.issue(row.userId, row.familyId) };
  }

  /** Revokes the sign-in the token belongs to; true when the token was known. */
  async revoke(token: string): Promise<boolean> {
    const row = await this.store.findRefreshToken(sha256(token));
    if (!row) return false;
    await this.store.revokeFamily(row.familyId);
    return true;
  }

  revokeAll(userId: number): Promise<void> {
    return this.store.revokeAllOfUser(userId);
  }
}
