import { wordMatches, type ParsedQuery } from './tokenize.js';

/**
 * A piece of a message's text around its first match, with the matched parts as ranges.
 * Plain text and offsets, never markup: a client renders `text` as text and styles the
 * ranges, so nothing in a message can inject HTML (docs/search.md).
 */
export interface Snippet {
  text: string;
  /** Offsets and lengths in UTF-16 code units of `text` (JavaScript string indices), in order, not overlapping. */
  highlights: Array<{ offset: number; length: number }>;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const ELLIPSIS = '…';

function matchRanges(content: string, query: ParsedQuery): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const words = query.marks.filter((m) => m.kind === 'word').map((m) => m.text);
  if (words.length > 0) {
    for (const { segment, index, isWordLike } of segmenter.segment(content)) {
      if (!isWordLike) continue;
      // A segment may hold "standup改到": match the word part at its start.
      const word = /^[\p{L}\p{N}_]+/u.exec(segment)?.[0];
      if (word && words.some((w) => wordMatches(word.normalize('NFKC'), w))) ranges.push([index, index + word.length]);
    }
  }
  for (const mark of query.marks) {
    if (mark.kind !== 'cjk') continue;
    for (let at = content.indexOf(mark.text); at >= 0; at = content.indexOf(mark.text, at + mark.text.length)) {
      ranges.push([at, at + mark.text.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** The snippet of `content` for `query`: at most about `width` characters, starting a little before the first match. */
export function snippetOf(content: string, query: ParsedQuery, width = 120): Snippet {
  const ranges = matchRanges(content, query);
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 4));
  let end = Math.min(content.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Never cut a surrogate pair in two.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(content[start] ?? '')) start -= 1;
  if (end < content.length && /[\uD800-\uDBFF]/.test(content[end - 1] ?? '')) end += 1;
  const lead = start > 0 ? ELLIPSIS : '';
  const text = lead + content.slice(start, end) + (end < content.length ? ELLIPSIS : '');
  const highlights = ranges
    .filter(([from, to]) => to > start && from < end)
    .map(([from, to]) => {
      const offset = Math.max(from, start) - start + lead.length;
      return { offset, length: Math.min(to, end) - Math.max(from, start) };
    });
  return { text, highlights };
}
