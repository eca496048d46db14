import type { MessageRow } from '../inbox/inbox.store.js';

/**
 * What a message shows for one of its links (docs/link-previews.md). Stored in
 * `messages.link_previews` as a JSON array, in the order the links appear in the content.
 * `url` is the link as written in the message (normalized), not where its redirects led.
 */
export interface LinkPreview {
  url: string;
  title: string | null;
  description: string | null;
  siteName: string | null;
  /** Absolute http(s) URL, resolved against the page it came from; the server never fetches it. */
  imageUrl: string | null;
}

/** Longest text kept per field: a page decides its own meta tags, the message stays small. */
export const FIELD_LIMITS = { title: 300, description: 1000, siteName: 200, url: 2048 } as const;

/** Collapses whitespace and cuts at `max` characters (whole code points); empty becomes null. */
export function cleanText(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  if (text.length === 0) return null;
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** The link previews of a message as the API shows them; anything in the column that is not one is skipped. */
export function linkPreviewsOf(message: Pick<MessageRow, 'linkPreviews'>): LinkPreview[] {
  const raw = message.linkPreviews;
  if (!Array.isArray(raw)) return [];
  const out: LinkPreview[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const p = item as Record<string, unknown>;
    if (typeof p.url !== 'string') continue;
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    out.push({
      url: p.url,
      title: text(p.title),
      description: text(p.description),
      siteName: text(p.siteName),
      imageUrl: text(p.imageUrl),
    });
  }
  return out;
}
