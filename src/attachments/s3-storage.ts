import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config.js';
import type { AttachmentStorage, StoredObject } from './storage.js';

type S3Settings = NonNullable<AppConfig['storage']['s3']>;
type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, s3rver…) through `@aws-sdk/client-s3` v3.
 * The SDK is loaded on first use, so an instance that stores locally never loads it.
 * Credentials: the configured keys, or the SDK's default chain (environment, profile, role).
 */
export class S3Storage implements AttachmentStorage {
  readonly kind = 's3';
  private client: Promise<{ s3: S3Client; sdk: S3Module }> | null = null;

  constructor(private readonly settings: S3Settings) {}

  private connect(): Promise<{ s3: S3Client; sdk: S3Module }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => {
      const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = this.settings;
      const s3 = new sdk.S3Client({
        region,
        endpoint,
        forcePathStyle,
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      });
      return { s3, sdk };
    });
    return this.client;
  }

  private keyOf(key: string): string {
    return `${this.settings.prefix}${key}`;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const { s3, sdk } = await this.connect();
    await s3.send(
      new sdk.PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.keyOf(key),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: contentType,
      }),
    );
  }

  async open(key: string): Promise<StoredObject | null> {
    const { s3, sdk } = await this.connect();
    try {
      const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(key) }));
      if (!object.Body) return null;
      // In Node the SDK's body is an http.IncomingMessage: a Readable.
      return { body: object.Body as Readable, size: Number(object.ContentLength ?? 0) };
    } catch (error) {
      if (error instanceof sdk.NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const { s3, sdk } = await this.connect();
    // S3 answers 204 for a key that is not there, so deleting twice is fine.
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(key) }));
  }

  close(): void {
    void this.client?.then(({ s3 }) => s3.destroy());
  }
}
