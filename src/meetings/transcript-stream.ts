import { Repeater } from 'graphql-yoga';
import { badInput } from '../graphql/errors.js';
import type { MessageBus } from '../redis/bus.js';
import type { SegmentRow } from './meetings.store.js';

export const transcriptChannel = (meetingId: number) => `meeting:${meetingId}:transcript`;

export function encodeSegmentCursor(seq: number): string {
  return Buffer.from(`segment:${seq}`).toString('base64url');
}

export function decodeSegmentCursor(cursor: string, argument = 'after'): number {
  const [prefix, value] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const seq = Number(value);
  if (prefix !== 'segment' || !/^\d+$/.test(value ?? '') || !Number.isSafeInteger(seq)) {
    throw badInput(`${argument} is not a valid transcript cursor`, argument);
  }
  return seq;
}

export function serializeSegment(segment: SegmentRow): string {
  return JSON.stringify({ ...segment, createdAt: segment.createdAt.toISOString() });
}

function parseSegment(payload: string): SegmentRow {
  const raw = JSON.parse(payload) as Omit<SegmentRow, 'createdAt'> & { createdAt: string };
  return { ...raw, createdAt: new Date(raw.createdAt) };
}

export interface TranscriptSource {
  /** The meeting's last sequence number now. */
  currentSeq(): Promise<number>;
  /** Committed segments after `afterSeq`, up to `uptoSeq`, oldest first, at most `limit`. */
  segmentsAfter(afterSeq: number, limit: number, uptoSeq: number): Promise<SegmentRow[]>;
}

const CATCH_UP_BATCH = 500;

/**
 * The live transcript of one meeting for one subscriber, in sequence order with no gap and
 * no duplicate: it listens on the bus first, then starts after `afterSeq` (replaying what
 * the database holds since then) or, without one, after the last segment committed so far.
 * A pushed segment that shows a gap (Pub/Sub lost one, or two instances published out of
 * order) is preceded by the missing ones read from the database. Each subscriber has its
 * own chain, so a slow one holds back nobody else.
 */
export function transcriptStream(bus: MessageBus, meetingId: number, source: TranscriptSource, afterSeq: number | null) {
  return new Repeater<SegmentRow>(async (push, stop) => {
    let last = 0;
    const catchUp = async (uptoSeq: number) => {
      while (last < uptoSeq) {
        const batch = await source.segmentsAfter(last, CATCH_UP_BATCH, uptoSeq);
        if (batch.length === 0) return; // not visible yet; the next push repairs it
        for (const segment of batch) {
          await push(segment);
          last = segment.seq;
        }
      }
    };
    const deliver = async (segment: SegmentRow) => {
      if (segment.seq <= last) return;
      if (segment.seq > last + 1) await catchUp(segment.seq - 1);
      if (segment.seq <= last) return;
      await push(segment);
      last = segment.seq;
    };

    let chain: Promise<void> = Promise.resolve();
    const enqueue = (step: () => Promise<void>) => {
      chain = chain.then(step).catch((error: unknown) => stop(error));
    };
    const off = bus.subscribe(transcriptChannel(meetingId), (payload) => {
      const segment = parseSegment(payload);
      enqueue(() => deliver(segment));
    });
    enqueue(async () => {
      if (afterSeq === null) last = await source.currentSeq();
      else {
        last = afterSeq;
        await catchUp(await source.currentSeq());
      }
    });
    await stop;
    off();
  });
}
