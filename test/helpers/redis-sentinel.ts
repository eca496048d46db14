import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './redis-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One Redis master, one replica and a sentinel watching them (quorum 1, a master is down
 * after 1 s), on free ports: what a single-master installation with failover runs.
 */
export class RedisSentinelUnderTest {
  private readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly masterPort: number,
    readonly replicaPort: number,
    readonly sentinelPort: number,
    readonly name: string,
    private readonly dir: string,
  ) {}

  /** For REDIS_SENTINELS. */
  get sentinels(): string {
    return `127.0.0.1:${this.sentinelPort}`;
  }

  static async start(name = 'mm-test'): Promise<RedisSentinelUnderTest> {
    const dir = mkdtempSync(join(tmpdir(), 'mm-redis-sentinel-'));
    const setup = new RedisSentinelUnderTest(await freePort(), await freePort(), await freePort(), name, dir);
    try {
      await setup.server(setup.masterPort, []);
      await setup.server(setup.replicaPort, ['--replicaof', '127.0.0.1', String(setup.masterPort)]);
      await setup.until(async (c) => (await c.info('replication')).includes('master_link_status:up'), setup.replicaPort);
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${setup.sentinelPort}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${setup.masterPort} 1`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      setup.processes.set(setup.sentinelPort, spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
      await setup.until(async (c) => ((await c.call('SENTINEL', 'REPLICAS', name)) as unknown[]).length === 1, setup.sentinelPort);
    } catch (error) {
      await setup.stop();
      throw error;
    }
    process.once('exit', () => {
      for (const child of setup.processes.values()) child.kill('SIGKILL');
    });
    return setup;
  }

  private async server(port: number, extra: string[]): Promise<void> {
    this.processes.set(port, spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...extra], { stdio: 'ignore' }));
    await this.until(async (c) => (await c.ping()) === 'PONG', port);
  }

  private async until(condition: (client: Redis) => Promise<boolean>, port: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const client = new Redis({ port, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        if (await condition(client)) return;
      } catch {
        /* not up yet */
      } finally {
        client.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`Redis on ${port} did not reach the expected state`);
      await sleep(100);
    }
  }

  /** Kills the master and waits until the sentinel has promoted the replica. */
  async killMaster(): Promise<void> {
    const child = this.processes.get(this.masterPort)!;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.processes.delete(this.masterPort);
    await this.until(async (c) => {
      const [, port] = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name)) as [string, string];
      return Number(port) === this.replicaPort;
    }, this.sentinelPort, 30_000);
    await this.until(async (c) => (await c.info('replication')).includes('role:master'), this.replicaPort);
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    this.processes.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
