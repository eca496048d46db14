import { spawn } from 'node:child_process';
import { freePort } from './redis-server.js';

export interface ServerProcess {
  url: string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `npm start`'s entry point (src/main.ts) as a separate process and waits for /health;
 * on `port` when given (a restart at the same address), on a free one otherwise.
 */
export async function spawnServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  port ??= await freePort();
  // Plain node with tsx's loader: signals reach the server itself, with no wrapper between.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    // Rate limits off unless the test turns them on, as in testConfig (test/helpers/app.ts).
    env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMITS_ENABLED: 'false', REDIS_PORT: process.env.TEST_REDIS_PORT ?? '6379', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${output}`);
    try {
      if ((await fetch(`${url}/health/db`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    exited,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
