import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** The bytes of one stored object, ready to be streamed. */
export interface StoredObject {
  body: Readable;
  size: number;
}

/**
 * Where attachment bytes live. Keys are made by the server (`newStorageKey`), never from a
 * client's file name. Deleting a key that is not there is not an error: the cleanup may run
 * again after a crash, and on several instances.
 */
export interface AttachmentStorage {
  readonly kind: 'local' | 's3';
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** null when nothing is stored under the key. */
  open(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  close(): void;
}

/** A fresh key for an upload: tenant, month, random name. */
export function newStorageKey(tenantId: string, now: Date): string {
  const tenant = tenantId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || '_';
  return `${tenant}/${now.toISOString().slice(0, 7)}/${randomBytes(16).toString('hex')}`;
}
