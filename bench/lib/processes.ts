import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './clock.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Managed {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process printed, for error reports. */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * Compiles our server (`npm run build`: dist/) and the peers (dist/bench-peers/) so that every
 * target runs as plain JavaScript, as a deployment runs it; tsx would add its loader and
 * about 40 MB of kept source text to every process.
 */
export function compileTargets(): void {
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'bench/peers/tsconfig.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/**
 * Starts an entry point as one Node process, so the pid we measure is the server itself, not
 * a wrapper: compiled JavaScript directly, TypeScript through `node --import tsx`.
 */
export function startNode(name: string, entry: string, env: Record<string, string>): Managed {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  const loader = entry.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...profile, ...loader, entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid: child.pid!,
    child,
    tail: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

export async function waitHealthy(url: string, process: Managed, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited:\n${process.tail()}`);
    if ((await getStatus(url)) === 200) return;
    await sleep(150);
  }
  throw new Error(`${process.name} not healthy after ${timeoutMs} ms:\n${process.tail()}`);
}
