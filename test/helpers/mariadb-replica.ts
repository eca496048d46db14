import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from './redis-server.js';

/**
 * A MariaDB primary and a replica of it, both started by the test (two `mariadbd` on free
 * ports, each with its own data directory in a temporary folder). The machine's own server
 * runs without a binary log, and turning one on would need its restart; a pair of our own
 * also lets the test stop replication, or the replica, without touching anyone else.
 * Replication uses GTIDs (`MASTER_USE_GTID=slave_pos`) and copies every database, so a
 * database created on the primary after `start()` (each test app's own) reaches the replica.
 */
export class MariaDbPair {
  private readonly servers: OwnMariaDb[];

  private constructor(
    readonly dir: string,
    readonly primary: OwnMariaDb,
    readonly replica: OwnMariaDb,
  ) {
    this.servers = [primary, replica];
  }

  /** Starts a fresh pair; tries again (new ports, new data) when a start fails, e.g. a port taken meanwhile. */
  static async start(attempts = 3): Promise<MariaDbPair> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await MariaDbPair.startOnce();
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
    }
  }

  private static async startOnce(): Promise<MariaDbPair> {
    const dir = mkdtempSync(join(tmpdir(), 'mm-mariadb-'));
    const primary = new OwnMariaDb(join(dir, 'primary'), 1, ['--log-bin=primary-bin', '--binlog-format=ROW']);
    const replica = new OwnMariaDb(join(dir, 'replica'), 2, ['--relay-log=replica-relay', '--skip-slave-start', '--read-only']);
    const pair = new MariaDbPair(dir, primary, replica);
    try {
      // Both settle before a failure is handled, so no install is still writing when the folder goes.
      const started = await Promise.allSettled([primary.start(), replica.start()]);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      await pair.replicate();
    } catch (error) {
      await pair.stop();
      throw error;
    }
    return pair;
  }

  /** mysql://root@127.0.0.1:PORT of the primary (no database). */
  get primaryUrl(): string {
    return this.primary.url;
  }

  get replicaUrl(): string {
    return this.replica.url;
  }

  private async replicate(): Promise<void> {
    await this.replica.query(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${this.primary.port}, MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await this.startReplication();
  }

  /** START SLAVE and wait until both its threads run. */
  async startReplication(): Promise<void> {
    await this.replica.query('START SLAVE');
    await this.waitForThreads(true);
  }

  /** Stops the replica's SQL thread: it still receives the primary's binary log but applies nothing, so it falls behind. */
  async pauseApplying(): Promise<void> {
    await this.replica.query('STOP SLAVE SQL_THREAD');
    const deadline = Date.now() + 10_000;
    while ((await this.status())?.Slave_SQL_Running !== 'No') {
      if (Date.now() > deadline) throw new Error('the replica SQL thread did not stop');
      await sleep(20);
    }
  }

  async resumeApplying(): Promise<void> {
    await this.replica.query('START SLAVE SQL_THREAD');
    await this.waitForThreads(true);
  }

  /** Resolves when the replica has applied everything the primary had committed when it was called. */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const [rows] = await this.primary.query('SELECT @@gtid_binlog_pos AS pos');
    const pos = String((rows as Array<{ pos: string }>)[0]?.pos ?? '');
    if (pos === '') return;
    const [waited] = await this.replica.query(`SELECT MASTER_GTID_WAIT(?, ?) AS r`, [pos, timeoutMs / 1000]);
    if (Number((waited as Array<{ r: number }>)[0]?.r) !== 0) throw new Error(`the replica did not reach ${pos} in ${timeoutMs} ms`);
  }

  async status(): Promise<Record<string, string | number | null> | undefined> {
    const [rows] = await this.replica.query('SHOW SLAVE STATUS');
    return (rows as Array<Record<string, string | number | null>>)[0];
  }

  private async waitForThreads(running: boolean, timeoutMs = 15_000): Promise<void> {
    const want = running ? 'Yes' : 'No';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status();
      if (status?.Slave_IO_Running === want && status.Slave_SQL_Running === want) return;
      if (Date.now() > deadline) {
        throw new Error(`replication threads not ${want}: IO ${String(status?.Slave_IO_Running)}, SQL ${String(status?.Slave_SQL_Running)}, ${String(status?.Last_Error ?? status?.Last_IO_Error ?? '')}`);
      }
      await sleep(50);
    }
  }

  /** Stops both servers and removes their data. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * One mariadbd of the test's own; it may be stopped and started again on the same port and
 * data. Its port is picked at its first start, once its data directory is made: a port picked
 * earlier may be taken meanwhile (the system hands the same range to outgoing connections).
 */
export class OwnMariaDb {
  private process: ChildProcess | null = null;
  private admin: mysql.Connection | null = null;
  private initialized = false;
  private chosenPort: number | null = null;

  constructor(
    readonly dataDir: string,
    private readonly serverId: number,
    private readonly extraArgs: string[],
  ) {}

  private get tmpDir(): string {
    return `${this.dataDir}.tmp`;
  }

  get port(): number {
    if (this.chosenPort === null) throw new Error('mariadbd has not started yet');
    return this.chosenPort;
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.initialized) {
      // A temporary folder of its own: two bootstraps sharing the system one collide on temporary table
      // names ("Could not remove temporary table … Unknown table 'mysql.tmp_user_sys'").
      mkdirSync(this.tmpDir, { recursive: true });
      await run('mariadb-install-db', [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--user=root',
        `--tmpdir=${this.tmpDir}`,
      ]);
      this.initialized = true;
    }
    if (this.chosenPort !== null) return this.startOn(this.chosenPort);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        await this.startOn(port);
        this.chosenPort = port;
        return;
      } catch (error) {
        await this.stop('SIGKILL');
        if (attempt >= 3) throw error;
      }
    }
  }

  private async startOn(port: number): Promise<void> {
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${this.dataDir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${this.dataDir}.sock`,
        `--pid-file=${this.dataDir}.pid`,
        `--log-error=${this.dataDir}.err`,
        `--tmpdir=${this.tmpDir}`,
        `--server-id=${this.serverId}`,
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        // Test data: speed over durability.
        '--innodb-flush-log-at-trx-commit=0',
        '--sync-binlog=0',
        '--max-connections=200',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    this.process = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`mariadbd on ${port} exited (${child.exitCode}): ${errorLogTail(`${this.dataDir}.err`)}`);
      try {
        const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
        // The server on that port is this one, not another that held the port first.
        const [rows] = await admin.query('SELECT @@datadir AS dir');
        if (!String((rows as Array<{ dir: string }>)[0]?.dir).startsWith(this.dataDir)) {
          admin.destroy();
          throw new Error(`port ${port} is another server's`);
        }
        this.admin = admin;
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`mariadbd on ${port} did not accept connections in 30 s: ${errorLogTail(`${this.dataDir}.err`)}`);
        await sleep(100);
      }
    }
  }

  query(statement: string, values: unknown[] = []): Promise<[unknown, unknown]> {
    if (!this.admin) throw new Error(`mariadbd on ${this.port} is not running`);
    return this.admin.query(statement, values);
  }

  /** Kills the server at once (SIGKILL): to clients it is a crashed or unreachable database. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.admin?.destroy();
    this.admin = null;
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  }
}

function errorLogTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-5).join(' | ');
  } catch {
    return '(no error log)';
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.slice(-500)}`))));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
