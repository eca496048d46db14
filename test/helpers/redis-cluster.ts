import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/** A port that is free together with its cluster-bus port (port + 10000). */
async function freeClusterPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const alive = (n: Node) => n.process !== null && n.process.exitCode === null && n.process.signalCode === null;

interface Node {
  port: number;
  process: ChildProcess | null;
}

/**
 * A Redis Cluster of the test's own: `masters` masters with `replicasPerMaster` replicas
 * each, redis-server processes on free ports, joined with `redis-cli --cluster create`.
 * A short node timeout (1 s) makes a killed master fail over in a few seconds.
 */
export class RedisClusterUnderTest {
  private constructor(
    private readonly nodes: Node[],
    private readonly dir: string,
  ) {}

  /** host:port of every node, for REDIS_CLUSTER_NODES. */
  get seeds(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  static async start({ masters = 3, replicasPerMaster = 1 } = {}): Promise<RedisClusterUnderTest> {
    const dir = mkdtempSync(join(tmpdir(), 'mm-redis-cluster-'));
    const nodes: Node[] = [];
    for (let i = 0; i < masters * (1 + replicasPerMaster); i++) nodes.push({ port: await freeClusterPort(), process: null });
    const cluster = new RedisClusterUnderTest(nodes, dir);
    try {
      await Promise.all(nodes.map((n) => cluster.startNode(n)));
      await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicasPerMaster), '--cluster-yes']);
      await cluster.waitHealthy(30_000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    // Nodes die with the process that started them, even when it ends without stop().
    process.once('exit', () => {
      for (const node of nodes) node.process?.kill('SIGKILL');
    });
    return cluster;
  }

  private async startNode(node: Node): Promise<void> {
    node.process = spawn(
      'redis-server',
      [
        '--port', String(node.port),
        '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${node.port}.conf`,
        '--cluster-node-timeout', '1000',
        // A replica takes over however long its master has been gone (the test kills masters).
        '--cluster-replica-validity-factor', '0',
        '--repl-diskless-sync', 'yes',
        '--repl-diskless-sync-delay', '0',
        '--save', '',
        '--appendonly', 'no',
        '--dir', this.dir,
        '--logfile', `redis-${node.port}.log`,
      ],
      { stdio: 'ignore' },
    );
    for (const deadline = Date.now() + 10_000; ; ) {
      const client = this.client(node.port);
      try {
        await client.ping();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on ${node.port} did not start`);
        await sleep(50);
      } finally {
        client.disconnect();
      }
    }
  }

  private client(port: number): Redis {
    const client = new Redis({ port, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: false });
    client.on('error', () => undefined);
    return client;
  }

  /** Every live node reports cluster_state:ok, every slot is served, every live replica is in sync. */
  async waitHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.healthy()) return;
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not become healthy');
      await sleep(200);
    }
  }

  private async healthy(): Promise<boolean> {
    const live = this.nodes.filter((n) => alive(n));
    for (const node of live) {
      const client = this.client(node.port);
      try {
        const info = String(await client.call('CLUSTER', 'INFO'));
        if (!info.includes('cluster_state:ok') || !info.includes('cluster_slots_ok:16384')) return false;
        const replication = await client.info('replication');
        if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
      } catch {
        return false;
      } finally {
        client.disconnect();
      }
    }
    return true;
  }

  /** Ports of the masters, in the order CLUSTER SHARDS lists them. */
  async masterPorts(): Promise<number[]> {
    const live = this.nodes.find((n) => alive(n))!;
    const client = this.client(live.port);
    try {
      const lines = String(await client.call('CLUSTER', 'NODES')).trim().split('\n');
      return lines
        .map((l) => l.split(' '))
        .filter((f) => f[2]!.includes('master') && !f[2]!.includes('fail'))
        .map((f) => Number(f[1]!.split(':')[1]!.split('@')[0]));
    } finally {
      client.disconnect();
    }
  }

  /** The port of the master that serves `slot` now. */
  async masterOfSlot(slot: number): Promise<number> {
    const live = this.nodes.find((n) => alive(n))!;
    const client = this.client(live.port);
    try {
      const ranges = (await client.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, ...unknown[]], ...unknown[]]>;
      const range = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      return Number(range[2][1]);
    } finally {
      client.disconnect();
    }
  }

  /** Kills a master with SIGKILL and waits until its replica serves its slots. Returns its port. */
  async killMaster(port: number): Promise<void> {
    const node = this.nodes.find((n) => n.port === port)!;
    const exited = new Promise((r) => node.process!.once('exit', r));
    node.process!.kill('SIGKILL');
    await exited;
    await this.waitHealthy(30_000);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        const child = node.process;
        if (!child || !alive(node)) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
