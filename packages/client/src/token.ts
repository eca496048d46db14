/** What the kit reads from a JWT without verifying it: when it expires and whose it is. */
export interface TokenClaims {
  /** Seconds since the epoch; null when the token carries none. */
  exp: number | null;
  sub: string | null;
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The claims of a JWT; nulls for anything that is not one. */
export function readClaims(token: string): TokenClaims {
  try {
    const payload = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as { exp?: unknown; sub?: unknown };
    return {
      exp: typeof payload.exp === 'number' ? payload.exp : null,
      sub: typeof payload.sub === 'string' ? payload.sub : null,
    };
  } catch {
    return { exp: null, sub: null };
  }
}
