import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import { OrderedStream } from '../shared/ordered-stream.js';
import { PushIterator } from '../shared/push-iterator.js';
import { decodeSegment, transcriptChannel } from '../wire/payloads.js';
import { streamFailed } from '../graphql/errors.js';
import type { SegmentRow } from './meetings.store.js';

export interface TranscriptSource {
  /** The meeting's last sequence number now. */
  currentSeq(): Promise<number>;
  /** Committed segments after `afterSeq`, up to `uptoSeq`, oldest first, at most `limit`. */
  segmentsAfter(afterSeq: number, limit: number, uptoSeq: number): Promise<SegmentRow[]>;
}

interface PositionedSegment {
  firstSeq: number;
  seq: number;
  segment: SegmentRow;
}

const positioned = (segment: SegmentRow): PositionedSegment => ({ firstSeq: segment.seq, seq: segment.seq, segment });

/**
 * The live transcript of one meeting for one subscriber: an OrderedStream over the meeting's
 * segments, so it is in sequence order with no gap and no duplicate. It listens on the bus
 * first, then starts after `afterSeq` (replaying what the database holds since then) or,
 * without one, after the last segment committed so far. A failure (the database is
 * unreachable) ends the subscription with an error, so the client resubscribes from its cursor.
 */
export function transcriptStream(bus: MessageBus, meetingId: number, source: TranscriptSource, afterSeq: number | null, logger: Logger) {
  let off: (() => void) | null = null;
  const segments = new PushIterator<SegmentRow>(() => {
    ordered.close();
    off?.();
  });
  const ordered: OrderedStream<PositionedSegment> = new OrderedStream<PositionedSegment>({
    readAfter: async (after, limit, until) => (await source.segmentsAfter(after, limit, until)).map(positioned),
    sink: (item) => segments.push(item.segment),
    trim: (item, after) => (item.seq > after ? item : null),
    onFailure: (error) => {
      logger.warn({ err: error, meetingId }, 'transcript stream failed; its subscription ends with an error');
      off?.();
      segments.fail(streamFailed());
    },
  });
  off = bus.subscribe(transcriptChannel(meetingId), (payload) => ordered.push(positioned(decodeSegment(payload))));
  void ordered.start(async () => {
    const current = await source.currentSeq();
    if (afterSeq === null) {
      ordered.lastSeq = current;
      return;
    }
    ordered.lastSeq = afterSeq;
    await ordered.fill(current);
  });
  return segments;
}
