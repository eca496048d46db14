import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client.js';
import { meetingParticipants, meetings, transcriptSegments } from '../db/schema.js';

export type MeetingRow = typeof meetings.$inferSelect;
export type SegmentRow = typeof transcriptSegments.$inferSelect;

export interface NewSegment {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
  addedBy: number;
}

export class MeetingsStore {
  constructor(private readonly db: Database) {}

  async insertMeeting(
    tx: Transaction,
    meeting: { tenantId: string; title: string; createdBy: number },
    participantIds: readonly number[],
  ): Promise<number> {
    const [row] = await tx.insert(meetings).values(meeting).$returningId();
    const meetingId = row!.id;
    await tx.insert(meetingParticipants).values(participantIds.map((userId) => ({ meetingId, userId })));
    return meetingId;
  }

  async findById(id: number): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
    return row;
  }

  async isParticipant(meetingId: number, userId: number): Promise<boolean> {
    const rows = await this.db
      .select({ userId: meetingParticipants.userId })
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.userId, userId)))
      .limit(1);
    return rows.length > 0;
  }

  async participantIds(meetingId: number): Promise<number[]> {
    const rows = await this.db
      .select({ userId: meetingParticipants.userId })
      .from(meetingParticipants)
      .where(eq(meetingParticipants.meetingId, meetingId))
      .orderBy(asc(meetingParticipants.userId));
    return rows.map((r) => r.userId);
  }

  /**
   * Appends a segment with the meeting's next sequence number. The meeting row stays locked
   * until commit, so per meeting the sequence order is the commit order and has no gaps.
   */
  async appendSegment(tx: Transaction, meetingId: number, segment: NewSegment): Promise<SegmentRow> {
    await tx
      .update(meetings)
      .set({ transcriptSeq: sql`${meetings.transcriptSeq} + 1` })
      .where(eq(meetings.id, meetingId));
    const [counter] = await tx
      .select({ seq: meetings.transcriptSeq })
      .from(meetings)
      .where(eq(meetings.id, meetingId));
    const seq = counter!.seq;
    const createdAt = new Date();
    const [row] = await tx
      .insert(transcriptSegments)
      .values({ meetingId, seq, createdAt, ...segment })
      .$returningId();
    return { id: row!.id, meetingId, seq, createdAt, ...segment };
  }

  async currentSeq(meetingId: number): Promise<number> {
    const [row] = await this.db
      .select({ seq: meetings.transcriptSeq })
      .from(meetings)
      .where(eq(meetings.id, meetingId));
    return row?.seq ?? 0;
  }

  /** Segments after `afterSeq` (and up to `uptoSeq` when given), oldest first. */
  segmentsAfter(meetingId: number, afterSeq: number, limit: number, uptoSeq?: number): Promise<SegmentRow[]> {
    return this.db
      .select()
      .from(transcriptSegments)
      .where(
        and(
          eq(transcriptSegments.meetingId, meetingId),
          gt(transcriptSegments.seq, afterSeq),
          uptoSeq === undefined ? undefined : lte(transcriptSegments.seq, uptoSeq),
        ),
      )
      .orderBy(asc(transcriptSegments.seq))
      .limit(limit);
  }
}
