import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/architecture.md is the map a newcomer follows. Every file it names must exist, and every
// "`Name` in `path`" it states must be true, so the document cannot go stale silently.

const ROOT = join(import.meta.dirname, '..');
const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
const PATH = /^(src|test|docs|drizzle|bench|examples|scripts)\/[\w./{}-]*$/;

const codeSpans = [...doc.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const paths = [...new Set(codeSpans.filter((s) => PATH.test(s)))];
/** "`InboxService.send` in `src/inbox/inbox.service.ts`": a name and the file that defines it. */
const claims = [...doc.replace(/\s+/g, ' ').matchAll(/`([A-Za-z_][\w.]*)` in `([^`]+\.ts)`/g)].map((m) => ({ name: m[1]!, file: m[2]! }));

describe('docs/architecture.md', () => {
  it('names only files and folders that exist', () => {
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((p) => !existsSync(join(ROOT, p.replace(/\/$/, ''))));
    expect(missing).toEqual([]);
  });

  it('finds each named class, function and method in the file it points to', () => {
    expect(claims.length).toBeGreaterThan(15);
    const wrong = claims.filter(({ name, file }) => {
      const path = join(ROOT, file);
      if (!existsSync(path)) return true;
      const text = readFileSync(path, 'utf8');
      return !name.split('.').every((part) => new RegExp(`\\b${part}\\b`).test(text));
    });
    expect(wrong).toEqual([]);
  });

  it('walks a sent message from the request to the socket write, in order', () => {
    const flow = doc.slice(doc.indexOf('## Where a sent message goes'), doc.indexOf('## Redis'));
    const order = [
      'src/inbox/inbox.graphql.ts',
      'src/inbox/inbox.service.ts',
      'src/inbox/send-committer.ts',
      'src/inbox/inbox.store.ts',
      'src/reactions.ts',
      'src/delivery/dispatcher.ts',
      'src/delivery/delivery.queue.ts',
      'src/redis/bus.ts',
      'src/delivery/stream-registry.ts',
      'src/delivery/inbox-stream.ts',
      'src/delivery/delivery.graphql.ts',
    ];
    const positions = order.map((file) => flow.indexOf(`\`${file}\``));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
