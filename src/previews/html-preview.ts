import { Parser } from 'htmlparser2';
import { cleanText, FIELD_LIMITS, type LinkPreview } from './link-preview.js';

/** Meta tags read, by the name in their `property` or `name` attribute; the first of each wins. */
const WANTED = new Set([
  'og:title',
  'twitter:title',
  'og:description',
  'twitter:description',
  'description',
  'og:site_name',
  'application-name',
  'og:image',
  'og:image:url',
  'og:image:secure_url',
  'twitter:image',
  'twitter:image:src',
]);

/**
 * The preview of an HTML page, picked from OpenGraph (`og:*`), Twitter card (`twitter:*`) and
 * plain `<title>` / `<meta name="description">`, in that order. The page is parsed with
 * htmlparser2 (entities decoded, no script run); text inside `<svg>` does not count as the
 * title. Null when the page names neither a title nor a description.
 *
 * `pageUrl` is where the HTML came from (after redirects): relative image URLs are resolved
 * against it (or against `<base href>`), and only http(s) images are kept.
 */
export function previewFromHtml(html: string, pageUrl: string, linkUrl: string): LinkPreview | null {
  const meta = new Map<string, string>();
  let title: string | null = null;
  let inTitle = false;
  let titleText = '';
  let svgDepth = 0;
  let base: string | null = null;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'svg') svgDepth += 1;
        if (name === 'title' && svgDepth === 0 && title === null) {
          inTitle = true;
          titleText = '';
        }
        if (name === 'base' && base === null && attributes.href) base = attributes.href;
        if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
          const content = attributes.content;
          if (WANTED.has(key) && content !== undefined && content.trim() !== '' && !meta.has(key)) meta.set(key, content);
        }
      },
      ontext(text) {
        if (inTitle) titleText += text;
      },
      onclosetag(name) {
        if (name === 'svg' && svgDepth > 0) svgDepth -= 1;
        if (name === 'title' && inTitle) {
          inTitle = false;
          title = titleText;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // A page cut off by the byte limit inside <title> still has what was read of it.
  if (title === null && inTitle) title = titleText;

  const first = (...keys: string[]) => {
    for (const key of keys) {
      const value = meta.get(key);
      if (value !== undefined) return value;
    }
    return null;
  };
  const preview: LinkPreview = {
    url: linkUrl,
    title: cleanText(first('og:title', 'twitter:title') ?? title, FIELD_LIMITS.title),
    description: cleanText(first('og:description', 'twitter:description', 'description'), FIELD_LIMITS.description),
    siteName: cleanText(first('og:site_name', 'application-name'), FIELD_LIMITS.siteName),
    imageUrl: absoluteHttpUrl(
      first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'),
      base,
      pageUrl,
    ),
  };
  return preview.title === null && preview.description === null ? null : preview;
}

/** `raw` resolved against `<base href>` (itself resolved against the page), when it is http(s). */
function absoluteHttpUrl(raw: string | null, base: string | null, pageUrl: string): string | null {
  if (raw === null) return null;
  try {
    let against = new URL(pageUrl);
    if (base !== null) {
      const b = new URL(base.trim(), against);
      if (b.protocol === 'http:' || b.protocol === 'https:') against = b;
    }
    const url = new URL(raw.trim(), against);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.href.length > FIELD_LIMITS.url) return null;
    return url.href;
  } catch {
    return null;
  }
}
