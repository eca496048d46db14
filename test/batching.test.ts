import { describe, expect, it } from 'vitest';
import { Coalescer } from '../src/shared/coalescer.js';
import { PushIterator } from '../src/shared/push-iterator.js';

describe('Coalescer', () => {
  it('runs a lone request at once and batches what arrives while a read is in flight', async () => {
    const reads: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const coalescer = new Coalescer<number, string>(async (keys) => {
      reads.push(keys);
      if (reads.length === 1) await gate;
      return new Map(keys.map((k) => [k, `v${k}`]));
    });
    const first = coalescer.load(1);
    expect(reads).toEqual([[1]]); // no timer: the first read started synchronously
    const later = [coalescer.load(2), coalescer.load(3), coalescer.load(2)];
    release();
    expect(await first).toBe('v1');
    expect(await Promise.all(later)).toEqual(['v2', 'v3', 'v2']);
    expect(reads).toEqual([[1], [2, 3]]); // one read for the wave, each key once
  });

  it('a request never joins a read that started before it (it sees writes made before it asked)', async () => {
    let value = 'old';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const coalescer = new Coalescer<string, string>(async (keys) => {
      const snapshot = value;
      await gate;
      return new Map(keys.map((k) => [k, snapshot]));
    });
    const before = coalescer.load('k');
    value = 'new';
    const after = coalescer.load('k');
    release();
    expect(await before).toBe('old');
    expect(await after).toBe('new');
  });

  it('a failed read fails its own wave only; a key the read did not return fails alone', async () => {
    let calls = 0;
    const coalescer = new Coalescer<number, number>(async (keys) => {
      calls += 1;
      if (calls === 1) throw new Error('database down');
      return new Map(keys.filter((k) => k !== 13).map((k) => [k, k * 2]));
    }, 2);
    await expect(coalescer.load(1)).rejects.toThrow('database down');
    const results = await Promise.allSettled([coalescer.load(5), coalescer.load(13), coalescer.load(7)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([10, 'failed', 14]);
  });
});

describe('PushIterator', () => {
  it('hands values on in order; a push resolves when the consumer took the value', async () => {
    const events = new PushIterator<number>(null);
    let taken = false;
    const pushed = events.push(1).then(() => (taken = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(taken).toBe(false); // nobody pulled yet: the producer waits
    expect(await events.next()).toEqual({ value: 1, done: false });
    await pushed;
    expect(taken).toBe(true);
    const waiting = events.next();
    await events.push(2); // a consumer was waiting: taken at once
    expect(await waiting).toEqual({ value: 2, done: false });
  });

  it('ending the iteration closes the source once, releases waiting producers and ends pending pulls', async () => {
    let closed = 0;
    const events = new PushIterator<number>(() => (closed += 1));
    const queued = events.push(1);
    const consumer = (async () => {
      const seen: number[] = [];
      for await (const v of events) {
        seen.push(v);
        if (v === 1) break; // for-await calls return()
      }
      return seen;
    })();
    expect(await consumer).toEqual([1]);
    await queued;
    await events.return();
    expect(closed).toBe(1);
    await events.push(2); // after the end a push is dropped and does not wait
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });
});
