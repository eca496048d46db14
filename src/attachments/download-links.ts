import { createHmac, timingSafeEqual } from 'node:crypto';

export type Variant = 'file' | 'thumbnail';

export interface DownloadLinkSettings {
  /** HMAC-SHA256 key. */
  secret: string;
  ttlSeconds: number;
  /** Prefix of every link ('' for links relative to this server). */
  baseUrl: string;
}

/** The path of an attachment's download route (served in src/attachments/download.route.ts). */
export function downloadPath(id: number, variant: Variant): string {
  return variant === 'file' ? `/files/${id}` : `/files/${id}/thumbnail`;
}

/**
 * Short-lived signed download links: `/files/{id}?exp=…&sig=…`. The signature covers the
 * attachment, the variant and the expiry, and is the whole authorization of a download, so a
 * CDN in front of ATTACHMENT_BASE_URL can serve the file without knowing users. The expiry
 * is rounded up to a step (a minute for the 5-minute default) so that links made for the same
 * file within that step are the same URL and caches can share them.
 */
export class DownloadLinks {
  private readonly step: number;

  constructor(private readonly settings: DownloadLinkSettings) {
    this.step = Math.max(1, Math.min(60, Math.floor(settings.ttlSeconds / 5)));
  }

  private signature(id: number, variant: Variant, exp: number): Buffer {
    return createHmac('sha256', this.settings.secret).update(`${variant}:${id}:${exp}`).digest();
  }

  sign(id: number, variant: Variant, nowMs = Date.now()): { url: string; expiresAt: Date } {
    const exp = Math.ceil((Math.floor(nowMs / 1000) + this.settings.ttlSeconds) / this.step) * this.step;
    const sig = this.signature(id, variant, exp).toString('base64url');
    return { url: `${this.settings.baseUrl}${downloadPath(id, variant)}?exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1000) };
  }

  /** Seconds the link has left, or null when it is expired, malformed or not ours. */
  verify(id: number, variant: Variant, exp: string | null, sig: string | null, nowMs = Date.now()): number | null {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return null;
    const expiry = Number(exp);
    const remaining = expiry - Math.floor(nowMs / 1000);
    if (remaining <= 0) return null;
    const expected = this.signature(id, variant, expiry);
    const given = Buffer.from(sig, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? remaining : null;
  }
}
