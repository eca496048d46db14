import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// Keeps the benchmark harness from rotting: its seconds-long smoke mode, against the ws-raw
// peer and our server, must deliver every message and print the tables. (The real benchmark
// is `npm run bench`, never part of the test run.)
describe('the benchmark harness', () => {
  it('runs a tiny benchmark of ws-raw and our server with no loss and prints a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    try {
      const json = join(dir, 'report.json');
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--smoke', '--targets', 'ws-raw,ours', '--json', json],
        { cwd: join(import.meta.dirname, '..'), timeout: 150_000, maxBuffer: 16 * 2 ** 20 },
      );
      expect(stdout).toContain('## S2 — 1:1 messages at offered rates');
      expect(stdout).toMatch(/\| ours \| http \| 100 \| 50 \| 0 \|/);
      expect(stdout).toMatch(/\| ours \| socket \| 100 \| 50 \| 0 \|/);
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        targets: Array<{ target: string; notes: string[]; s2: Array<{ result: { intended: number; lost: number; misrouted: number } | null }> }>;
      };
      expect(report.targets.map((t) => t.target)).toEqual(['ws-raw', 'ours']);
      for (const target of report.targets) {
        expect(target.notes.filter((n) => n.startsWith('run failed'))).toEqual([]);
        const s2 = target.s2[0]!.result!;
        expect(s2.intended).toBe(50);
        expect(s2.lost).toBe(0);
        expect(s2.misrouted).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
