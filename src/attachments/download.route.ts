import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../logger.js';
import type { AttachmentsService } from './attachments.service.js';
import type { Variant } from './download-links.js';

const ROUTE = /^\/files\/(\d{1,16})(\/thumbnail)?$/;

/** RFC 5987 ext-value characters; everything else is percent-encoded. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback for old clients and the
 * exact name (RFC 6266 / RFC 5987) for the others.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}

/**
 * GET (and HEAD) /files/{id} and /files/{id}/thumbnail, next to the health routes. The
 * signed query (`exp`, `sig`) is the whole authorization; a link that is expired, altered or
 * for another file is refused with 403 before anything is looked up. Returns false when the
 * request is not for this route.
 */
export function createDownloadRoute(attachments: AttachmentsService, logger: Logger) {
  return async function handleDownload(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = ROUTE.exec(url.pathname);
    if (!match) return false;
    const refuse = (status: number, error: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(JSON.stringify({ error }));
      return true;
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'method not allowed');
    const id = Number(match[1]);
    const variant: Variant = match[2] ? 'thumbnail' : 'file';
    const remaining = attachments.links.verify(id, variant, url.searchParams.get('exp'), url.searchParams.get('sig'));
    if (remaining === null) return refuse(403, 'this link is not valid or has expired');

    const download = await attachments.openDownload(id, variant);
    if (!download.ok) return refuse(download.status, download.status === 404 ? 'not found' : 'this file is no longer available');
    const { attachment, object } = download;
    const etag = `"${attachment.sha256}${variant === 'file' ? '' : '-thumbnail'}"`;
    const headers: Record<string, string | number> = {
      'content-type': download.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : download.contentType,
      'content-disposition': contentDisposition(download.fileName),
      'x-content-type-options': 'nosniff',
      // Opened in a tab anyway, the file runs nothing and loads nothing.
      'content-security-policy': "default-src 'none'; sandbox",
      // The link is the authorization, so a shared cache (a CDN) may keep the file as long as the link lives.
      'cache-control': `public, max-age=${remaining}`,
      'access-control-allow-origin': '*',
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      object.body.destroy();
      res.writeHead(304, headers).end();
      return true;
    }
    headers['content-length'] = object.size;
    if (req.method === 'HEAD') {
      object.body.destroy();
      res.writeHead(200, headers).end();
      return true;
    }
    res.writeHead(200, headers);
    try {
      await pipeline(object.body, res);
    } catch (error) {
      // The client went away (premature close), or the storage failed mid-file: either way the
      // response cannot be mended now.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        logger.warn({ err: error, attachmentId: id }, 'download failed while streaming');
      }
      res.destroy();
    }
    return true;
  };
}
