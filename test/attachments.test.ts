import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, InMemoryCache } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { sql } from 'drizzle-orm';
import { print, type FormattedExecutionResult } from 'graphql';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentCleanup } from '../src/attachments/attachment-cleanup.js';
import { AttachmentsStore } from '../src/attachments/attachments.store.js';
import { DownloadLinks } from '../src/attachments/download-links.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { withTransaction } from '../src/db/client.js';
import { graphql } from './gql/index.js';
import type { UploadMutation } from './gql/graphql.js';
import { QUIET_BACKGROUND, errorCodes, startTestApp, statementsDuring, type TestApp } from './helpers/app.js';
import { expiredToken } from './helpers/tokens.js';
import { registerUser, type TestUser } from './helpers/users.js';

const MAX_BYTES = 2_000_000;

const UploadDoc = graphql(`
  mutation Upload($file: File!) {
    uploadAttachment(file: $file) {
      id
      fileName
      contentType
      sizeBytes
      sha256
      width
      height
      url
      thumbnailUrl
      urlExpiresAt
    }
  }
`);

const SendWithAttachmentsDoc = graphql(`
  mutation SendWithAttachments($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      attachments {
        id
        fileName
        url
      }
    }
  }
`);

const MessageAttachmentsDoc = graphql(`
  query MessageAttachments($id: ID!) {
    message(id: $id) {
      id
      attachments {
        id
        fileName
        contentType
        sizeBytes
        width
        height
        url
        thumbnailUrl
      }
    }
  }
`);

const ForwardWithAttachmentsDoc = graphql(`
  mutation ForwardWithAttachments($input: ForwardMessageInput!) {
    forwardMessage(input: $input) {
      id
      attachments {
        id
      }
    }
  }
`);

const RecallWithAttachmentsDoc = graphql(`
  mutation RecallWithAttachments($id: ID!) {
    recallMessage(id: $id) {
      id
    }
  }
`);

const InboxAttachmentsDoc = graphql(`
  query InboxAttachments($first: Int) {
    messages(first: $first) {
      edges {
        node {
          id
          attachments {
            id
            url
            thumbnailUrl
          }
        }
      }
    }
  }
`);

const InboxPlainDoc = graphql(`
  query InboxPlain($first: Int) {
    messages(first: $first) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

type Uploaded = UploadMutation['uploadAttachment'];

// ---- fixtures ---------------------------------------------------------------------------

const pdfBytes = () =>
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const pngBytes = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).png().toBuffer();
/** A JPEG stored 600×400 whose EXIF says "rotate 90°": shown 400×600. */
const rotatedJpeg = () =>
  sharp({ create: { width: 600, height: 400, channels: 3, background: '#cc6633' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();

// ---- helpers ----------------------------------------------------------------------------

let t: TestApp;
let base: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let mallory: TestUser;

/** A GraphQL multipart request as upload links make it: Node's fetch with a FormData body. */
async function uploadRaw(
  token: string | null,
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
  type: string,
  url = `${base}/graphql`,
): Promise<{ status: number; connection: string | null; body: FormattedExecutionResult<UploadMutation> }> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: print(UploadDoc), variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([bytes], name, { type }));
  const response = await fetch(url, {
    method: 'POST',
    body: form,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    status: response.status,
    connection: response.headers.get('connection'),
    body: (await response.json()) as FormattedExecutionResult<UploadMutation>,
  };
}

async function upload(token: string, bytes: Uint8Array<ArrayBuffer>, name: string, type: string, url?: string): Promise<Uploaded> {
  const { body } = await uploadRaw(token, bytes, name, type, url);
  if (!body.data) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
  return body.data.uploadAttachment;
}

async function sendWith(t: TestApp, from: TestUser, to: TestUser[], attachmentIds: string[], content = 'see attached') {
  return t.exec(SendWithAttachmentsDoc, { input: { recipientIds: to.map((u) => u.id), content, attachmentIds } }, from.token);
}

async function attachmentRowCount(t: TestApp): Promise<number> {
  const [rows] = (await t.app.database.db.execute(sql`SELECT COUNT(*) AS n FROM attachments`)) as unknown as [Array<{ n: number }>];
  return Number(rows[0]!.n);
}

function storedFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const absolute = (url: string) => (url.startsWith('http') ? url : `${base}${url}`);

async function download(url: string, init?: RequestInit) {
  const response = await fetch(absolute(url), init);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestApp('attachments', {
    env: {
      // One test counts SQL statements (the pool's counter): no background polling meanwhile.
      ...QUIET_BACKGROUND,
      ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      ATTACHMENT_MAX_PER_MESSAGE: '3',
      ATTACHMENT_MAX_MESSAGE_BYTES: String(3_000_000),
      ATTACHMENT_UNSENT_TTL_SECONDS: '1',
      ATTACHMENT_CLEANUP_INTERVAL_MS: '0',
    },
  });
  base = await t.listen();
  [alice, bob, carol] = await Promise.all([registerUser(t, 'alice'), registerUser(t, 'bob'), registerUser(t, 'carol')]);
  mallory = await registerUser(t, 'mallory', 'other-tenant');
});
afterAll(() => t?.close());

// ---- the tests --------------------------------------------------------------------------

describe('uploading, sending and downloading a file', () => {
  it('a recipient downloads exactly the bytes the sender uploaded, with the right headers', async () => {
    const bytes = pdfBytes();
    const uploaded = await upload(alice.token, bytes, 'Protokoll – März.pdf', 'application/pdf');
    expect(uploaded).toMatchObject({ fileName: 'Protokoll – März.pdf', contentType: 'application/pdf', sizeBytes: bytes.length, width: null, thumbnailUrl: null });
    expect(uploaded.url).toMatch(/^\/files\/\d+\?exp=\d+&sig=[\w-]{43}$/);

    const sent = await sendWith(t, alice, [bob], [uploaded.id]);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendMessage.attachments.map((a) => a.id)).toEqual([uploaded.id]);

    const seen = await t.exec(MessageAttachmentsDoc, { id: sent.data!.sendMessage.id }, bob.token);
    const [attachment] = seen.data!.message!.attachments;
    const { response, bytes: got } = await download(attachment!.url!);
    expect(response.status).toBe(200);
    expect(got.equals(bytes)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Protokoll _ M_rz.pdf"; filename*=UTF-8''Protokoll%20%E2%80%93%20M%C3%A4rz.pdf`,
    );
    // HEAD gives the headers alone; a cached copy is revalidated by its ETag.
    const head = await download(attachment!.url!, { method: 'HEAD' });
    expect([head.response.status, head.response.headers.get('content-length'), head.bytes.length]).toEqual([200, String(bytes.length), 0]);
    const etag = response.headers.get('etag')!;
    expect((await download(attachment!.url!, { headers: { 'if-none-match': etag } })).response.status).toBe(304);
  });

  it('a message shows its attachments in the order the sender gave, to sender and recipients', async () => {
    const a = await upload(alice.token, pdfBytes(), 'a.pdf', 'application/pdf');
    const b = await upload(alice.token, Buffer.from('agenda\n1. budget\n'), 'agenda.txt', 'text/plain');
    const c = await upload(alice.token, await pngBytes(40, 30), 'c.png', 'image/png');
    const sent = await sendWith(t, alice, [bob, carol], [c.id, a.id, b.id]);
    const id = sent.data!.sendMessage.id;
    for (const viewer of [alice, bob, carol]) {
      const seen = await t.exec(MessageAttachmentsDoc, { id }, viewer.token);
      expect(seen.data!.message!.attachments.map((x) => x.id)).toEqual([c.id, a.id, b.id]);
      expect(seen.data!.message!.attachments.every((x) => x.url !== null)).toBe(true);
    }
    const text = await download((await t.exec(MessageAttachmentsDoc, { id }, bob.token)).data!.message!.attachments[2]!.url!);
    expect(text.response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('a message of attachments alone needs no text', async () => {
    const a = await upload(alice.token, pdfBytes(), 'only.pdf', 'application/pdf');
    const sent = await sendWith(t, alice, [bob], [a.id], '');
    expect(sent.errors).toBeUndefined();
    expect(errorCodes(await sendWith(t, alice, [bob], [], ''))).toEqual(['BAD_USER_INPUT']);
  });

  it('an inbox page with attachments on every message costs one more statement, not one per message', async () => {
    const reader = await registerUser(t, 'reader');
    for (let i = 0; i < 6; i++) {
      const a = await upload(alice.token, pdfBytes(), `m${i}.pdf`, 'application/pdf');
      expect((await sendWith(t, alice, [reader], [a.id])).errors).toBeUndefined();
    }
    const count = async (doc: typeof InboxPlainDoc | typeof InboxAttachmentsDoc) => {
      const { result, statements } = await statementsDuring(t, () => t.exec(doc, { first: 6 }, reader.token));
      expect(result.errors).toBeUndefined();
      return statements;
    };
    await count(InboxPlainDoc); // warms the read model
    const plain = await count(InboxPlainDoc);
    const withAttachments = await count(InboxAttachmentsDoc);
    expect(withAttachments - plain).toBe(1);
  });

  it('an upload through Apollo Client’s upload link (apollo-upload-client) is stored like any other', async () => {
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new UploadHttpLink({ uri: `${base}/graphql`, headers: { authorization: `Bearer ${alice.token}` } }),
    });
    const bytes = await pngBytes(64, 48);
    const result = await client.mutate({ mutation: UploadDoc, variables: { file: new File([bytes], 'apollo.png', { type: 'image/png' }) } });
    expect(result.data!.uploadAttachment).toMatchObject({ fileName: 'apollo.png', contentType: 'image/png', width: 64, height: 48 });
    client.stop();
  });
});

describe('images', () => {
  it('an image gets its width, height and a small WebP thumbnail', async () => {
    const uploaded = await upload(alice.token, await pngBytes(1200, 900), 'whiteboard.png', 'image/png');
    expect(uploaded).toMatchObject({ contentType: 'image/png', width: 1200, height: 900 });
    const { response, bytes } = await download(uploaded.thumbnailUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const thumbnail = await sharp(bytes).metadata();
    expect(thumbnail).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('a photo taken sideways reports the size it is shown at (EXIF orientation)', async () => {
    const uploaded = await upload(alice.token, await rotatedJpeg(), 'IMG_0001.JPG', 'image/jpeg');
    expect(uploaded).toMatchObject({ contentType: 'image/jpeg', width: 400, height: 600 });
    const thumbnail = await sharp((await download(uploaded.thumbnailUrl!)).bytes).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([213, 320]);
  });
});

describe('what is refused, with nothing stored', () => {
  async function expectNothingStored(attempt: () => Promise<unknown>) {
    const rows = await attachmentRowCount(t);
    const files = storedFiles(t.config.storage.dir).length;
    await attempt();
    expect(await attachmentRowCount(t)).toBe(rows);
    expect(storedFiles(t.config.storage.dir)).toHaveLength(files);
  }

  it('a file over ATTACHMENT_MAX_BYTES is refused with 413', async () => {
    await expectNothingStored(async () => {
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(MAX_BYTES, 0x20)]);
      const { status, body, connection } = await uploadRaw(alice.token, big, 'big.pdf', 'application/pdf');
      expect(status).toBe(413);
      expect(errorCodes(body)).toEqual(['REQUEST_ENTITY_TOO_LARGE']);
      // The rest of the body was never read: the connection is not used again.
      expect(connection).toBe('close');
    });
  });

  it('a file whose bytes are not its declared type is refused with BAD_USER_INPUT', async () => {
    await expectNothingStored(async () => {
      const png = await uploadRaw(alice.token, await pngBytes(10, 10), 'invoice.pdf', 'application/pdf');
      expect(errorCodes(png.body)).toEqual(['BAD_USER_INPUT']);
      expect(png.body.errors![0]!.message).toContain('image/png');
      const text = await uploadRaw(alice.token, Buffer.from('just words'), 'photo.png', 'image/png');
      expect(errorCodes(text.body)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('a type that is not allowed, or bytes of no known type, are refused whatever the name says', async () => {
    await expectNothingStored(async () => {
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(512, 0)]);
      for (const [name, type] of [['setup.exe', 'application/octet-stream'], ['notes.pdf', 'application/pdf'], ['x.bin', '']]) {
        const { body } = await uploadRaw(alice.token, exe, name!, type!);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      }
      const brokenPng = Buffer.concat([(await pngBytes(10, 10)).subarray(0, 40)]);
      expect(errorCodes((await uploadRaw(alice.token, brokenPng, 'broken.png', 'image/png')).body)).toEqual(['BAD_USER_INPUT']);
    });
  });

  it('without a token, or with an expired one, an upload is refused with UNAUTHENTICATED', async () => {
    await expectNothingStored(async () => {
      expect(errorCodes((await uploadRaw(null, pdfBytes(), 'a.pdf', 'application/pdf')).body)).toEqual(['UNAUTHENTICATED']);
      const expired = await expiredToken(alice);
      expect(errorCodes((await uploadRaw(expired, pdfBytes(), 'a.pdf', 'application/pdf')).body)).toEqual(['UNAUTHENTICATED']);
    });
  });

  it('a JSON body over GRAPHQL_MAX_BODY_BYTES is refused with 413, with or without a Content-Length', async () => {
    const huge = JSON.stringify({ query: '{ unreadCount }', variables: { pad: 'x'.repeat(1_500_000) } });
    const declared = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    const chunks = new TextEncoder().encode(huge);
    const chunked = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < chunks.length; i += 65_536) controller.enqueue(chunks.subarray(i, i + 65_536));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(chunked.headers.get('connection')).toBe('close');
    // A multipart body larger than that limit still uploads: only its file part may be large.
    const photo = await upload(alice.token, Buffer.concat([pdfBytes(), Buffer.alloc(1_500_000, 0x20)]), 'scan.pdf', 'application/pdf');
    expect(photo.sizeBytes).toBeGreaterThan(1_500_000);
  });
});

describe('who may reference and download an attachment', () => {
  let attachmentId: string;
  let messageId: string;
  let link: string;

  beforeAll(async () => {
    const uploaded = await upload(alice.token, pdfBytes(), 'board-minutes.pdf', 'application/pdf');
    attachmentId = uploaded.id;
    const sent = await sendWith(t, alice, [bob], [attachmentId]);
    messageId = sent.data!.sendMessage.id;
    link = sent.data!.sendMessage.attachments[0]!.url!;
  });

  it('a user who got no such message sees no message and no link', async () => {
    const seen = await t.exec(MessageAttachmentsDoc, { id: messageId }, carol.token);
    expect(seen.data!.message).toBeNull();
  });

  it('another user, or another tenant, cannot send someone else’s upload: refused like an id that does not exist', async () => {
    const byCarol = await sendWith(t, carol, [bob], [attachmentId]);
    const byMallory = await sendWith(t, mallory, [mallory], [attachmentId]);
    const missing = await sendWith(t, carol, [bob], ['987654321']);
    for (const result of [byCarol, byMallory, missing]) expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(byCarol.errors![0]!.message).toBe(`unknown attachments: ${attachmentId}`);
    expect(missing.errors![0]!.message).toBe('unknown attachments: 987654321');
  });

  it('without a valid signature the route refuses with 403: none, altered, for another file, expired', async () => {
    const url = new URL(absolute(link));
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    const other = await upload(carol.token, pdfBytes(), 'carols.pdf', 'application/pdf');
    const otherSig = new URL(absolute(other.url!)).searchParams.get('sig')!;
    const expired = t.app.services.attachments.links.sign(Number(attachmentId), 'file', Date.now() - 10 * 60_000).url;
    const attempts = [
      `/files/${attachmentId}`,
      `/files/${attachmentId}?exp=${Number(exp) + 60}&sig=${sig}`,
      `/files/${attachmentId}?exp=${exp}&sig=${otherSig}`,
      `/files/${attachmentId}/thumbnail?exp=${exp}&sig=${sig}`,
      `/files/${other.id}?exp=${exp}&sig=${sig}`,
      expired,
    ];
    for (const attempt of attempts) {
      const { response } = await download(attempt);
      expect(response.status, attempt).toBe(403);
    }
    expect((await download(link)).response.status).toBe(200);
  });

  it('the link of a tampered or unknown id never reveals whether the id exists', async () => {
    const { response } = await download(`/files/987654321?exp=9999999999&sig=${'A'.repeat(43)}`);
    expect(response.status).toBe(403);
  });

  it('asking for the message without a token, or with an expired one, is refused', async () => {
    expect(errorCodes(await t.exec(MessageAttachmentsDoc, { id: messageId }, null))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.exec(MessageAttachmentsDoc, { id: messageId }, await expiredToken(bob)))).toEqual(['UNAUTHENTICATED']);
  });

  it('a message may hold at most ATTACHMENT_MAX_PER_MESSAGE attachments and ATTACHMENT_MAX_MESSAGE_BYTES together', async () => {
    const small = await Promise.all([0, 1, 2, 3].map((i) => upload(alice.token, pdfBytes(), `${i}.pdf`, 'application/pdf')));
    const tooMany = await sendWith(t, alice, [bob], small.map((a) => a.id));
    expect(errorCodes(tooMany)).toEqual(['BAD_USER_INPUT']);
    const large = await Promise.all(
      [0, 1].map((i) => upload(alice.token, Buffer.concat([pdfBytes(), Buffer.alloc(1_600_000, 0x20)]), `l${i}.pdf`, 'application/pdf')),
    );
    const tooLarge = await sendWith(t, alice, [bob], large.map((a) => a.id));
    expect(errorCodes(tooLarge)).toEqual(['BAD_USER_INPUT']);
    expect(tooLarge.errors![0]!.message).toContain('3000000');
  });
});

describe('recalled messages withhold their attachments', () => {
  it('a recalled message shows no attachments, while a forward of it keeps the same upload', async () => {
    const uploaded = await upload(alice.token, pdfBytes(), 'draft.pdf', 'application/pdf');
    const sent = await sendWith(t, alice, [bob], [uploaded.id]);
    const messageId = Number(sent.data!.sendMessage.id);
    const link = sent.data!.sendMessage.attachments[0]!.url!;
    expect((await download(link)).response.status).toBe(200);
    const rowsBefore = await attachmentRowCount(t);

    // A forward made before the recall references the same upload (no copy of the bytes).
    const forward = await t.exec(ForwardWithAttachmentsDoc, { input: { messageId: String(messageId), recipientIds: [carol.id] } }, bob.token);
    const forwardId = forward.data!.forwardMessage.id;
    expect(forward.data!.forwardMessage.attachments.map((a) => a.id)).toEqual([uploaded.id]);
    expect(await attachmentRowCount(t)).toBe(rowsBefore);

    const recalled = await t.exec(RecallWithAttachmentsDoc, { id: String(messageId) }, alice.token);
    expect(recalled.errors).toBeUndefined();
    const seen = await t.exec(MessageAttachmentsDoc, { id: String(messageId) }, bob.token);
    expect(seen.data!.message!.attachments).toEqual([]);
    // The link handed out before the recall still names the file, which the forward keeps alive.
    const forwarded = await t.exec(MessageAttachmentsDoc, { id: forwardId }, carol.token);
    expect(forwarded.data!.message!.attachments.map((a) => a.id)).toEqual([uploaded.id]);
    expect((await download(forwarded.data!.message!.attachments[0]!.url!)).response.status).toBe(200);
  });

  it('recalling the only message that references a file makes its download links stop working', async () => {
    const uploaded = await upload(alice.token, pdfBytes(), 'minutes.pdf', 'application/pdf');
    const sent = await sendWith(t, alice, [bob], [uploaded.id]);
    const link = sent.data!.sendMessage.attachments[0]!.url!;
    expect((await download(link)).response.status).toBe(200);
    const recalled = await t.exec(RecallWithAttachmentsDoc, { id: sent.data!.sendMessage.id }, alice.token);
    expect(recalled.errors).toBeUndefined();
    expect((await t.exec(MessageAttachmentsDoc, { id: sent.data!.sendMessage.id }, bob.token)).data!.message!.attachments).toEqual([]);
    expect((await download(link)).response.status).toBe(403);
  });
});

describe('cleanup of uploads never sent', () => {
  it('an upload no message referenced within its TTL is deleted, row and bytes; a sent one stays', async () => {
    const unsent = await upload(alice.token, await pngBytes(50, 50), 'never-sent.png', 'image/png');
    const gone = await upload(alice.token, pdfBytes(), 'bytes-already-gone.pdf', 'application/pdf');
    const kept = await upload(alice.token, pdfBytes(), 'sent.pdf', 'application/pdf');
    expect((await sendWith(t, alice, [bob], [kept.id])).errors).toBeUndefined();
    const [rows] = (await t.app.database.db.execute(
      sql`SELECT id, storage_key AS storageKey, thumbnail_key AS thumbnailKey FROM attachments WHERE id IN (${Number(unsent.id)}, ${Number(gone.id)})`,
    )) as unknown as [Array<{ id: number; storageKey: string; thumbnailKey: string | null }>];
    const paths = rows.flatMap((r) => [r.storageKey, r.thumbnailKey].filter((k): k is string => k !== null)).map((k) => join(t.config.storage.dir, k));
    expect(paths).toHaveLength(3);
    expect(paths.every((p) => existsSync(p))).toBe(true);
    // A crash may have removed bytes already: the cleanup goes on.
    unlinkSync(join(t.config.storage.dir, rows.find((r) => r.id === Number(gone.id))!.storageKey));

    await new Promise((r) => setTimeout(r, 1100)); // ATTACHMENT_UNSENT_TTL_SECONDS=1
    expect(await runCleanup()).toBeGreaterThanOrEqual(2);
    const [left] = (await t.app.database.db.execute(
      sql`SELECT id FROM attachments WHERE id IN (${Number(unsent.id)}, ${Number(gone.id)}, ${Number(kept.id)})`,
    )) as unknown as [Array<{ id: number }>];
    expect(left.map((r) => String(r.id))).toEqual([kept.id]);
    expect(paths.some((p) => existsSync(p))).toBe(false);
    // Deleted uploads can no longer be sent.
    expect(errorCodes(await sendWith(t, alice, [bob], [unsent.id]))).toEqual(['BAD_USER_INPUT']);
    // A second run (another instance) finds nothing more to do.
    expect(await runCleanup()).toBe(0);
  });
});

describe('cleanup and sends racing, on several instances', () => {
  it('two instances cleaning up at once delete each unsent upload once, and neither fails', async () => {
    const uploads = await Promise.all([0, 1, 2, 3, 4].map((i) => upload(alice.token, pdfBytes(), `race${i}.pdf`, 'application/pdf')));
    await new Promise((r) => setTimeout(r, 1100));
    const { db } = t.app.database;
    const settings = { unsentTtlSeconds: 1, intervalMs: 0, batchSize: 2 };
    const other = new AttachmentCleanup(db, new AttachmentsStore(db), t.app.services.attachments, settings, t.app.logger);
    const [unsent] = (await db.execute(sql`SELECT COUNT(*) AS n FROM attachments WHERE attached_at IS NULL`)) as unknown as [
      Array<{ n: number }>,
    ];
    expect(Number(unsent[0]!.n)).toBeGreaterThanOrEqual(uploads.length);
    const [a, b] = await Promise.all([t.app.attachmentCleanup.runOnce(), other.runOnce()]);
    expect(a + b).toBe(Number(unsent[0]!.n));
    const found = await t.app.services.stores.attachments.findByIds(uploads.map((u) => Number(u.id)));
    expect(found).toEqual([]);
  });

  it('a send whose upload is deleted between its check and its commit fails, and writes no message', async () => {
    const [rows] = (await t.app.database.db.execute(sql`SELECT COUNT(*) AS n FROM messages`)) as unknown as [Array<{ n: number }>];
    const send = {
      tenantId: 'default',
      senderId: Number(alice.id),
      recipientIds: [Number(bob.id)],
      content: 'too late',
      type: 'TEXT' as const,
      priority: 'NORMAL' as const,
      clientMessageId: null,
      replyToId: null,
      attachmentIds: [987654321],
    };
    const attempt = withTransaction(t.app.database.db, (tx) => t.app.services.stores.inbox.commitSends(tx, [send], new Date()));
    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const [after] = (await t.app.database.db.execute(sql`SELECT COUNT(*) AS n FROM messages`)) as unknown as [Array<{ n: number }>];
    expect(Number(after[0]!.n)).toBe(Number(rows[0]!.n));
  });
});

describe('configuration', () => {
  const env = { JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256-0123' };

  it('ATTACHMENT_BASE_URL puts links behind a CDN; the signature still decides', () => {
    const { config } = loadConfig({ ...env, ATTACHMENT_BASE_URL: 'https://files.example.com/' });
    expect(config.attachments.baseUrl).toBe('https://files.example.com');
    const links = new DownloadLinks({ secret: config.attachments.urlSecret, ttlSeconds: 300, baseUrl: config.attachments.baseUrl });
    const { url, expiresAt } = links.sign(7, 'file');
    expect(url).toMatch(/^https:\/\/files\.example\.com\/files\/7\?exp=\d+&sig=/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(299_000);
    const parsed = new URL(url);
    expect(links.verify(7, 'file', parsed.searchParams.get('exp'), parsed.searchParams.get('sig'))).toBeGreaterThan(0);
    expect(links.verify(8, 'file', parsed.searchParams.get('exp'), parsed.searchParams.get('sig'))).toBeNull();
    // Links made within the same minute are one URL, so caches can share them.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    expect(links.sign(7, 'file', minute + 1_000).url).toBe(links.sign(7, 'file', minute + 59_000).url);
  });

  it('download links have a key of their own, derived from JWT_SECRET unless ATTACHMENT_URL_SECRET is set', () => {
    const derived = loadConfig(env).config;
    expect(derived.attachments.urlSecret).not.toBe(env.JWT_SECRET);
    expect(derived.attachments.urlSecret).toBe(loadConfig(env).config.attachments.urlSecret);
    const own = 'another-secret-that-is-long-enough-0123456';
    expect(loadConfig({ ...env, ATTACHMENT_URL_SECRET: own }).config.attachments.urlSecret).toBe(own);
  });

  it('S3 is used when STORAGE_S3_BUCKET is set, and its keys come in pairs', () => {
    expect(loadConfig(env).config.storage.s3).toBeNull();
    const s3 = loadConfig({ ...env, STORAGE_S3_BUCKET: 'files', STORAGE_S3_ENDPOINT: 'http://127.0.0.1:9000' }).config.storage.s3;
    expect(s3).toMatchObject({ bucket: 'files', forcePathStyle: true, region: 'us-east-1' });
    expect(() => loadConfig({ ...env, STORAGE_S3_BUCKET: 'files', STORAGE_S3_ACCESS_KEY_ID: 'key' })).toThrow(ConfigError);
  });
});

function runCleanup(): Promise<number> {
  return t.app.attachmentCleanup.runOnce();
}

describe('an S3-compatible store (s3rver)', () => {
  let s3: TestApp;
  let server: S3rver;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mmt-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'mm-attachments', configs: [] }] });
    const { port } = await server.run();
    s3 = await startTestApp('attachments_s3', {
      env: {
        STORAGE_S3_BUCKET: 'mm-attachments',
        STORAGE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
        STORAGE_S3_ACCESS_KEY_ID: 'S3RVER',
        STORAGE_S3_SECRET_ACCESS_KEY: 'S3RVER',
        STORAGE_S3_PREFIX: 'test/',
        ATTACHMENT_UNSENT_TTL_SECONDS: '1',
        ATTACHMENT_CLEANUP_INTERVAL_MS: '0',
      },
    });
  });
  afterAll(async () => {
    await s3?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, serves and cleans up through the bucket', async () => {
    const url = `${await s3.listen()}/graphql`;
    const [sender, recipient] = await Promise.all([registerUser(s3, 'sender'), registerUser(s3, 'recipient')]);
    const bytes = await pngBytes(500, 250);
    const uploaded = await upload(sender.token, bytes, 'chart.png', 'image/png', url);
    const sent = await sendWith(s3, sender, [recipient], [uploaded.id]);
    const seen = await s3.exec(MessageAttachmentsDoc, { id: sent.data!.sendMessage.id }, recipient.token);
    const [attachment] = seen.data!.message!.attachments;
    const file = await fetch(new URL(attachment!.url!, url));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    const thumbnail = await fetch(new URL(attachment!.thumbnailUrl!, url));
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(320);

    const unsent = await upload(sender.token, bytes, 'unsent.png', 'image/png', url);
    const keys = storedFiles(dir).length;
    await new Promise((r) => setTimeout(r, 1100));
    expect(await s3.app.attachmentCleanup.runOnce()).toBe(1);
    expect(storedFiles(dir).length).toBeLessThan(keys);
    const stale = s3.app.services.attachments.links.sign(Number(unsent.id), 'file').url;
    expect((await fetch(new URL(stale, url))).status).toBe(404);
  });
});
