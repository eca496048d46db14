import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import { withTransaction, type Database } from '../db/client.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import { encodeCursor } from '../shared/cursor.js';
import { buildPage, type Page } from '../shared/page.js';
import { encodeSegment, transcriptChannel } from '../wire/payloads.js';
import type { MeetingRow, MeetingsStore, SegmentRow } from './meetings.store.js';
import { transcriptStream } from './transcript-stream.js';

// Inputs arrive checked by the API's schemas (src/meetings/meetings.graphql.ts).

export interface CreateMeetingInput {
  /** Trimmed, not empty. */
  title: string;
  participantIds: readonly number[];
}

export interface SegmentInput {
  /** Trimmed, not empty. */
  speaker: string;
  text: string;
  startMs: number;
  /** Not before `startMs`. */
  endMs: number;
}

/**
 * Meetings and their transcripts. Who may do what: any user creates a meeting (and is one
 * of its participants); participants read the transcript and follow it live; participants
 * and `service` accounts of the meeting's tenant (the transcriber) add segments. A meeting
 * of another tenant, or none at all, is NOT_FOUND; a meeting of the caller's tenant that
 * the caller does not take part in is FORBIDDEN.
 */
export class MeetingsService {
  constructor(
    private readonly db: Database,
    private readonly store: MeetingsStore,
    private readonly users: UsersStore,
    private readonly bus: MessageBus,
    private readonly maxParticipants: number,
    private readonly logger: Logger,
  ) {}

  async create(viewer: Viewer, input: CreateMeetingInput): Promise<MeetingRow> {
    const participantIds = [...new Set([...input.participantIds, viewer.id])].sort((a, b) => a - b);
    // The caller counts, so this bound is checked here rather than by the input schema.
    if (participantIds.length > this.maxParticipants) throw badInput(`at most ${this.maxParticipants} participants`, 'participantIds');
    // Users of other tenants are reported exactly like ids that do not exist.
    const known = await this.users.existingInTenant(viewer.tenantId, participantIds);
    const unknown = participantIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw badInput(`unknown participants: ${unknown.slice(0, 20).join(', ')}`, 'participantIds');
    const id = await withTransaction(this.db, (tx) =>
      this.store.insertMeeting(tx, { tenantId: viewer.tenantId, title: input.title, createdBy: viewer.id }, participantIds),
    );
    return (await this.store.findById(id))!;
  }

  /** The meeting when the viewer takes part in it (or, with `allowService`, is a service of its tenant). */
  async access(viewer: Viewer, id: number, options: { allowService?: boolean } = {}): Promise<MeetingRow> {
    const meeting = await this.store.findById(id);
    if (!meeting || meeting.tenantId !== viewer.tenantId) throw notFound('No such meeting');
    if (options.allowService && viewer.role === 'service') return meeting;
    if (!(await this.store.isParticipant(id, viewer.id))) throw forbidden('You do not take part in this meeting');
    return meeting;
  }

  participantIds(meetingId: number): Promise<number[]> {
    return this.store.participantIds(meetingId);
  }

  /** Stores a segment; after commit, publishes it on the meeting's own channel. */
  async addSegment(viewer: Viewer, meetingId: number, input: SegmentInput): Promise<SegmentRow> {
    const meeting = await this.access(viewer, meetingId, { allowService: true });
    const segment = await withTransaction(this.db, (tx) =>
      this.store.appendSegment(tx, meeting.id, {
        speaker: input.speaker,
        text: input.text,
        startMs: input.startMs,
        endMs: input.endMs,
        addedBy: viewer.id,
      }),
    );
    try {
      await this.bus.publish(transcriptChannel(meeting.id), encodeSegment(segment));
    } catch (error) {
      // Subscribers repair the gap from the database when the next segment arrives.
      this.logger.warn({ err: error, meetingId: meeting.id }, 'publishing a transcript segment failed');
    }
    return segment;
  }

  /** The transcript, oldest first: `first` segments after position `afterSeq` (0: from the start). */
  async segments(viewer: Viewer, meetingId: number, { first, afterSeq }: { first: number; afterSeq: number }): Promise<Page<SegmentRow>> {
    const meeting = await this.access(viewer, meetingId);
    const rows = await this.store.segmentsAfter(meeting.id, afterSeq, first + 1);
    return buildPage(rows, first, (node) => encodeCursor('segment', node.seq), afterSeq > 0);
  }

  /** The live transcript for a participant; refused (thrown) before anything is subscribed. */
  async follow(viewer: Viewer, meetingId: number, afterSeq: number | null) {
    const meeting = await this.access(viewer, meetingId);
    return transcriptStream(
      this.bus,
      meeting.id,
      {
        currentSeq: () => this.store.currentSeq(meeting.id),
        segmentsAfter: (from, limit, upto) => this.store.segmentsAfter(meeting.id, from, limit, upto),
      },
      afterSeq,
      this.logger,
    );
  }
}
