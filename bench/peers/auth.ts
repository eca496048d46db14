import { jwtVerify } from 'jose';

/** Peers check the same HS256 tokens the product accepts: `sub` is the user id. */
export function tokenVerifier(secret: string): (token: string | null | undefined) => Promise<number> {
  const key = new TextEncoder().encode(secret);
  return async (token) => {
    if (!token) throw new Error('missing token');
    const { payload } = await jwtVerify(token.replace(/^Bearer /, ''), key, { algorithms: ['HS256'] });
    const id = Number(payload.sub);
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error('bad subject');
    return id;
  };
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
