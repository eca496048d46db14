import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { LoadgenCommand, LoadgenReply } from './protocol.js';
import { REPO_ROOT } from './processes.js';

/** The orchestrator's handle on the load-generator process. */
export class LoadgenDriver {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly exited: Promise<void>;

  constructor() {
    this.child = fork(join(REPO_ROOT, 'bench/loadgen/main.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The instrument must not be starved by what it measures on a 2-core box: raise its
    // scheduling priority when allowed (root); otherwise it runs at the default.
    try {
      setPriority(this.child.pid!, -10);
    } catch {
      /* not permitted: lag checks will show it */
    }
    this.child.on('message', (reply: LoadgenReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`load generator: ${reply.error}`));
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        for (const waiter of this.waiting.values()) waiter.reject(new Error(`load generator exited (${code})`));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  run<T>(command: LoadgenCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, command });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.run({ cmd: 'stop' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
