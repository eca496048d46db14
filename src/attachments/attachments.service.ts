import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/auth.service.js';
import type { AppConfig } from '../config.js';
import { badInput } from '../graphql/errors.js';
import type { Logger } from '../logger.js';
import type { AttachmentRow, AttachmentsStore } from './attachments.store.js';
import { declaredTypeMatches, detectContentType, normalizeType } from './content-type.js';
import type { DownloadLinks, Variant } from './download-links.js';
import { describeImage, IMAGE_TYPES } from './images.js';
import { newStorageKey, type AttachmentStorage, type StoredObject } from './storage.js';

/** What a multipart upload hands a resolver (a WHATWG File; Yoga's is its own implementation). */
export interface UploadedFile {
  name: string;
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type AttachmentSettings = AppConfig['attachments'];

/** A download the route may serve, or why not. */
export type DownloadDecision =
  | { ok: true; attachment: AttachmentRow; object: StoredObject; contentType: string; fileName: string }
  | { ok: false; status: 403 | 404 };

/** Keeps what a file name says and drops what could harm a header, a path or a terminal. */
export function cleanFileName(name: string, contentType: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters, and the bidirectional overrides that make "gpj.exe" read "exe.jpg".
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const chars = [...clean];
  if (chars.length > 0) return chars.slice(0, 200).join('');
  return `file.${contentType.split('/')[1]?.replace(/[^a-z0-9]+/g, '') || 'bin'}`;
}

/**
 * Uploads and their rules: what may be uploaded (type from the bytes, size), what a message
 * may reference (the sender's own uploads, counts and sizes per message) and who may download
 * (links are signed only for viewers who may see the message; recalled messages withhold
 * theirs). The unsent-upload cleanup is in attachment-cleanup.ts.
 */
export class AttachmentsService {
  private readonly allowed: Set<string>;

  constructor(
    private readonly store: AttachmentsStore,
    readonly storage: AttachmentStorage,
    readonly links: DownloadLinks,
    private readonly settings: AttachmentSettings,
    private readonly logger: Logger,
  ) {
    this.allowed = new Set(settings.allowedTypes.map(normalizeType));
  }

  async upload(viewer: Viewer, file: UploadedFile): Promise<AttachmentRow> {
    const { maxBytes, thumbnailPx } = this.settings;
    if (file.size === 0) throw badInput('the file is empty', 'file');
    if (file.size > maxBytes) throw badInput(`a file may have at most ${maxBytes} bytes`, 'file');
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw badInput(`a file may have at most ${maxBytes} bytes`, 'file');

    const contentType = await detectContentType(bytes);
    if (contentType === null) throw badInput('the file is of no type that is accepted', 'file');
    if (!this.allowed.has(contentType)) throw badInput(`files of type ${contentType} are not accepted`, 'file');
    if (!declaredTypeMatches(file.type, contentType)) {
      throw badInput(`the file is declared ${normalizeType(file.type)} but its bytes are ${contentType}`, 'file');
    }
    const image = IMAGE_TYPES.has(contentType) ? await describeImage(bytes, thumbnailPx) : null;
    if (IMAGE_TYPES.has(contentType) && !image) throw badInput(`the file is not a readable ${contentType} image`, 'file');

    const now = new Date();
    const storageKey = newStorageKey(viewer.tenantId, now);
    const row: Omit<AttachmentRow, 'id'> = {
      tenantId: viewer.tenantId,
      uploaderId: viewer.id,
      storageKey,
      fileName: cleanFileName(file.name, contentType),
      contentType,
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width: image?.width ?? null,
      height: image?.height ?? null,
      thumbnailKey: image ? `${storageKey}.thumb.webp` : null,
      createdAt: now,
      attachedAt: null,
    };
    // The row first: if this process dies before the bytes are stored, the cleanup of unsent
    // uploads deletes the row; the other order could leave bytes that no row names.
    const id = await this.store.insert(row);
    try {
      await this.storage.put(storageKey, bytes, contentType);
      if (image && row.thumbnailKey) await this.storage.put(row.thumbnailKey, image.thumbnail, 'image/webp');
    } catch (error) {
      await this.store.deleteUnattached(id);
      await this.deleteBytes([{ storageKey, thumbnailKey: row.thumbnailKey }]);
      throw error;
    }
    return { id, ...row };
  }

  /**
   * The ids a send may reference, in the order given, without repeats: the caller's own
   * uploads, within the per-message count and size. Anything else — someone else's upload,
   * another tenant's, an id that does not exist — is refused alike.
   */
  async checkForSend(viewer: Viewer, requested: readonly number[]): Promise<number[]> {
    const ids = [...new Set(requested)];
    if (ids.length === 0) return [];
    if (ids.length > this.settings.maxPerMessage) {
      throw badInput(`a message may have at most ${this.settings.maxPerMessage} attachments`, 'attachmentIds');
    }
    const mine = new Map(
      (await this.store.findByIds(ids)).filter((a) => a.tenantId === viewer.tenantId && a.uploaderId === viewer.id).map((a) => [a.id, a]),
    );
    const unknown = ids.filter((id) => !mine.has(id));
    if (unknown.length > 0) throw badInput(`unknown attachments: ${unknown.join(', ')}`, 'attachmentIds');
    const total = [...mine.values()].reduce((sum, a) => sum + a.sizeBytes, 0);
    if (total > this.settings.maxMessageBytes) {
      throw badInput(`the attachments of a message may have at most ${this.settings.maxMessageBytes} bytes together`, 'attachmentIds');
    }
    return ids;
  }

  /**
   * What GET /files/{id} serves once its signature checked out. An attachment that messages
   * reference is withheld when every one of them is recalled; an unsent upload is served (only
   * its uploader was given a link).
   */
  async openDownload(id: number, variant: Variant): Promise<DownloadDecision> {
    const [attachment] = await this.store.findByIds([id]);
    if (!attachment) return { ok: false, status: 404 };
    const { total, live } = await this.store.references(id);
    if (total > 0 && live === 0) return { ok: false, status: 403 };
    const key = variant === 'file' ? attachment.storageKey : attachment.thumbnailKey;
    if (!key) return { ok: false, status: 404 };
    const object = await this.storage.open(key);
    if (!object) {
      this.logger.warn({ attachmentId: id, variant }, 'attachment bytes are missing from the storage');
      return { ok: false, status: 404 };
    }
    if (variant === 'file') return { ok: true, attachment, object, contentType: attachment.contentType, fileName: attachment.fileName };
    return { ok: true, attachment, object, contentType: 'image/webp', fileName: `${attachment.fileName.replace(/\.[^.]*$/, '')}.thumbnail.webp` };
  }

  /** Deletes stored bytes; keys that are not there are fine. */
  async deleteBytes(rows: Array<{ storageKey: string; thumbnailKey: string | null }>): Promise<void> {
    const keys = rows.flatMap((r) => (r.thumbnailKey ? [r.storageKey, r.thumbnailKey] : [r.storageKey]));
    await Promise.all(keys.map((key) => this.storage.delete(key)));
  }
}
