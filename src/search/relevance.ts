import { wordMatches, wordTerm, type ParsedQuery } from './tokenize.js';

// Relevance order (docs/search.md, "Relevance"): the newest RELEVANCE_WINDOW matches are
// scored with BM25's term-frequency part over the message text, and the ranked window is
// paged by offset. Every match already holds every query term (AND), so the score tells how
// strongly a message is about the query, not whether it is.

/** How many of the newest matches a relevance search ranks. */
export const RELEVANCE_WINDOW = 200;
/** A relevance cursor is anchor × RANK_SLOTS + offset (RANK_SLOTS > RELEVANCE_WINDOW). */
const RANK_SLOTS = 1000;
/** BM25's saturation and length normalization. */
const K1 = 1.2;
const B = 0.75;
/** A word that only starts with the query word ("budgetary" for "budget") counts this much of a same-stem word. */
const PREFIX_WEIGHT = 0.5;
/** A multi-word query found as written, in order, multiplies the score by this. */
const PHRASE_BONUS = 1.5;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Where a relevance page starts: the ranking is over matches with ids up to `anchor` (the
 * newest match when the first page was asked for), so messages that arrive between pages do
 * not shift it; `offset` is the rank after the previous page's last hit.
 */
export interface RankPosition {
  anchor: number;
  offset: number;
}

export const encodeRankPosition = ({ anchor, offset }: RankPosition): number => anchor * RANK_SLOTS + offset;
export const decodeRankPosition = (position: number): RankPosition => ({
  anchor: Math.floor(position / RANK_SLOTS),
  offset: position % RANK_SLOTS,
});

/** How often each of the query's marks occurs in `content`: same-stem words 1, prefix-only words PREFIX_WEIGHT, CJK runs 1. */
function markFrequencies(content: string, query: ParsedQuery): number[] {
  const text = content.normalize('NFKC');
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    const word = isWordLike ? /^[\p{L}\p{N}_]+/u.exec(segment)?.[0] : undefined;
    if (word) words.push(word.toLowerCase());
  }
  return query.marks.map((mark) => {
    if (mark.kind === 'cjk') {
      let n = 0;
      for (let at = text.indexOf(mark.text); at >= 0; at = text.indexOf(mark.text, at + mark.text.length)) n += 1;
      return n;
    }
    const stem = wordTerm(mark.text);
    let n = 0;
    for (const word of words) {
      if (!wordMatches(word, mark.text)) continue;
      n += wordTerm(word) === stem ? 1 : PREFIX_WEIGHT;
    }
    return n;
  });
}

/**
 * Scores of `contents` for `query`, in the same order: the sum over the query's marks of
 * BM25's tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / average length)), times
 * PHRASE_BONUS when a query of several marks appears as written.
 */
export function relevanceScores(contents: readonly string[], query: ParsedQuery): number[] {
  if (contents.length === 0) return [];
  const average = contents.reduce((sum, c) => sum + c.length, 0) / contents.length || 1;
  const phrase = query.marks.length > 1 ? query.marks.map((m) => m.text).join(' ') : null;
  return contents.map((content) => {
    const norm = K1 * (1 - B + (B * content.length) / average);
    let score = 0;
    for (const tf of markFrequencies(content, query)) score += (tf * (K1 + 1)) / (tf + norm);
    if (phrase && content.normalize('NFKC').toLowerCase().includes(phrase)) score *= PHRASE_BONUS;
    return score;
  });
}

/** `items` ranked by score, highest first; equal scores newest (highest id) first. */
export function rankByRelevance<T>(items: readonly T[], scores: readonly number[], idOf: (item: T) => number): T[] {
  return items
    .map((item, i) => ({ item, score: scores[i]!, id: idOf(item) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .map((r) => r.item);
}
