import type { Viewer } from '../auth/auth.service.js';
import type { UsersStore } from '../auth/users.store.js';
import type { AppConfig } from '../config.js';
import { withTransaction, type Database } from '../db/client.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import type { MessageBus } from '../redis/bus.js';
import { decodeCursor, encodeCursor } from '../shared/cursor.js';
import { parseId } from '../shared/ids.js';
import { buildPage, pageSize, type Page } from '../shared/page.js';
import { encodeSegment, transcriptChannel } from '../wire/payloads.js';
import type { MeetingRow, MeetingsStore, SegmentRow } from './meetings.store.js';
import { transcriptStream } from './transcript-stream.js';

export interface CreateMeetingInput {
  title: string;
  participantIds: readonly string[];
}

export interface SegmentInput {
  speaker: string;
  text: string;
  startMs: number;
  endMs: number;
}

const MAX_TITLE = 200;
const MAX_SPEAKER = 128;
const DEFAULT_PAGE = 50;

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
    private readonly limits: AppConfig['limits'],
    private readonly logger: Logger,
  ) {}

  async create(viewer: Viewer, input: CreateMeetingInput): Promise<MeetingRow> {
    const title = input.title.trim();
    if (title.length === 0 || title.length > MAX_TITLE) throw badInput(`title must be 1–${MAX_TITLE} characters`, 'title');
    const ids = new Set(input.participantIds.map((id) => parseId(id, 'participantIds')));
    ids.add(viewer.id);
    if (ids.size > this.limits.maxRecipients) {
      throw badInput(`at most ${this.limits.maxRecipients} participants`, 'participantIds');
    }
    const participantIds = [...ids].sort((a, b) => a - b);
    // Users of other tenants are reported exactly like ids that do not exist.
    const known = await this.users.existingInTenant(viewer.tenantId, participantIds);
    const unknown = participantIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw badInput(`unknown participants: ${unknown.slice(0, 20).join(', ')}`, 'participantIds');
    const id = await withTransaction(this.db, (tx) =>
      this.store.insertMeeting(tx, { tenantId: viewer.tenantId, title, createdBy: viewer.id }, participantIds),
    );
    return (await this.store.findById(id))!;
  }

  /** The meeting when the viewer takes part in it (or, with `allowService`, is a service of its tenant). */
  async access(viewer: Viewer, rawId: string, options: { allowService?: boolean } = {}): Promise<MeetingRow> {
    const id = parseId(rawId, 'meetingId');
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
  async addSegment(viewer: Viewer, meetingId: string, input: SegmentInput): Promise<SegmentRow> {
    const meeting = await this.access(viewer, meetingId, { allowService: true });
    const speaker = input.speaker.trim();
    if (speaker.length === 0 || speaker.length > MAX_SPEAKER) {
      throw badInput(`speaker must be 1–${MAX_SPEAKER} characters`, 'speaker');
    }
    if (input.text.trim().length === 0) throw badInput('text must not be empty', 'text');
    if (input.text.length > this.limits.maxContentLength) {
      throw badInput(`text is longer than ${this.limits.maxContentLength} characters`, 'text');
    }
    if (!Number.isInteger(input.startMs) || input.startMs < 0) throw badInput('startMs must be 0 or more', 'startMs');
    if (!Number.isInteger(input.endMs) || input.endMs < input.startMs) {
      throw badInput('endMs must not be before startMs', 'endMs');
    }
    const segment = await withTransaction(this.db, (tx) =>
      this.store.appendSegment(tx, meeting.id, {
        speaker,
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

  /** The transcript, oldest first, `first` segments after the cursor. */
  async segments(
    viewer: Viewer,
    meetingId: string,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<SegmentRow>> {
    const meeting = await this.access(viewer, meetingId);
    const first = pageSize(args.first, this.limits.maxPageSize, DEFAULT_PAGE);
    const afterSeq = args.after ? decodeCursor('segment', args.after) : 0;
    const rows = await this.store.segmentsAfter(meeting.id, afterSeq, first + 1);
    return buildPage(rows, first, (node) => encodeCursor('segment', node.seq), afterSeq > 0);
  }

  /** The live transcript for a participant; refused (thrown) before anything is subscribed. */
  async follow(viewer: Viewer, meetingId: string, after: string | null | undefined) {
    const afterSeq = after ? decodeCursor('segment', after) : null;
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
