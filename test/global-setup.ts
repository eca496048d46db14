import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { freePort } from './helpers/redis-server.js';

// The tests need MariaDB (DATABASE: TEST_MYSQL_URL) and Redis. When no Redis answers on
// 127.0.0.1:6379 (or TEST_REDIS_PORT), start a throwaway redis-server for this run, so
// `npm test` needs nothing but MariaDB.

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

let child: ChildProcess | null = null;

export async function setup(): Promise<void> {
  const port = Number(process.env.TEST_REDIS_PORT ?? 6379);
  if (await reachable(port)) {
    process.env.TEST_REDIS_PORT = String(port);
    return;
  }
  const own = await freePort();
  child = spawn('redis-server', ['--port', String(own), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(await reachable(own)); i++) await new Promise((r) => setTimeout(r, 50));
  process.env.TEST_REDIS_PORT = String(own);
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}
