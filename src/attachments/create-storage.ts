import type { AppConfig } from '../config.js';
import { LocalStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';
import type { AttachmentStorage } from './storage.js';

/** The bucket when STORAGE_S3_BUCKET is set, the directory STORAGE_DIR otherwise. */
export function createStorage(config: AppConfig['storage']): AttachmentStorage {
  return config.s3 ? new S3Storage(config.s3) : new LocalStorage(config.dir);
}
