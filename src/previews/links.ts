import { find } from 'linkifyjs';
import { FIELD_LIMITS } from './link-preview.js';

/**
 * The first `max` distinct http(s) links of a message, normalized (WHATWG URL, no fragment).
 * Only links written with their scheme count: linkify also finds bare names such as
 * `main.py` (.py is a country's domain), and a message that mentions a file must not make the
 * server fetch anything. Links with credentials (`http://user:pass@host/`) are skipped.
 */
export function extractLinks(content: string, max: number): string[] {
  const links: string[] = [];
  // Most messages have no link: skip the tokenizer for them (this runs after every send).
  if (!/https?:\/\//i.test(content)) return links;
  for (const match of find(content, 'url')) {
    if (links.length >= max) break;
    if (!/^https?:\/\//i.test(match.value)) continue;
    let url: URL;
    try {
      url = new URL(match.href);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (url.username !== '' || url.password !== '') continue;
    url.hash = '';
    const href = url.href;
    if (href.length > FIELD_LIMITS.url || links.includes(href)) continue;
    links.push(href);
  }
  return links;
}
