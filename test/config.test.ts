import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-0123';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  it.each([
    ['PORT', { PORT: 'notaport', JWT_SECRET: SECRET }],
    ['PORT', { PORT: '70000', JWT_SECRET: SECRET }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://localhost/db', JWT_SECRET: SECRET }],
    ['DATABASE_REPLICA_URLS', { DATABASE_REPLICA_URLS: 'mysql://replica-1/db, postgres://replica-2/db', JWT_SECRET: SECRET }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
  ])('a bad %s is refused with one line that names it', (variable, env) => {
    const error = configError(env);
    expect(error.message).toContain(variable);
    expect(error.message).not.toMatch(/\n/);
  });

  it('reads every replica URL of DATABASE_REPLICA_URLS, and none by default', () => {
    const urls = 'mysql://ro@replica-1:3306/meeting_messaging, mysql://ro@replica-2:3306/meeting_messaging';
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_REPLICA_URLS: urls }).config.databaseReplicas.urls).toEqual([
      'mysql://ro@replica-1:3306/meeting_messaging',
      'mysql://ro@replica-2:3306/meeting_messaging',
    ]);
    expect(loadConfig({ JWT_SECRET: SECRET }).config.databaseReplicas).toMatchObject({ urls: [], waitMs: 50, maxLagSeconds: 10 });
  });

  it('production refuses to start without JWT_SECRET', () => {
    const error = configError({ NODE_ENV: 'production' });
    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).not.toMatch(/\n/);
  });

  it('development without JWT_SECRET makes one up and warns about it', () => {
    const first = loadConfig({ NODE_ENV: 'development' });
    const second = loadConfig({ NODE_ENV: 'development' });
    expect(first.config.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.config.jwt.secret).not.toBe(second.config.jwt.secret);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toContain('JWT_SECRET');
  });

  it('a valid environment gives the settings it names', () => {
    const { config, warnings } = loadConfig({ PORT: '5123', JWT_SECRET: SECRET, REDIS_ENABLED: 'false' });
    expect(warnings).toEqual([]);
    expect(config.port).toBe(5123);
    expect(config.jwt.secret).toBe(SECRET);
    expect(config.redis).toBeNull();
  });

  it('the server started with PORT=notaport exits non-zero with one line on stderr naming PORT', async () => {
    const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { PATH: process.env.PATH, PORT: 'notaport', JWT_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });
});
