import { stemmer } from 'stemmer';

// How text becomes search terms (docs/search.md). One rule for messages and queries:
// - Han (and kana/hangul) runs become overlapping bigrams, plus the run's last character on
//   its own, so every character of the run starts some term: "周会纪要" → 周会 会纪 纪要 要.
//   A one-character query then matches as a prefix of those terms.
// - Other words (Intl.Segmenter's word boundaries) are lowercased and NFKC-folded; words
//   with letters are stemmed (Porter), numbers are kept as they are. "@alice" is "alice".
// Terms are at most MAX_TERM_CHARS characters; a message keeps each term once.

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;
const DIGITS = /^\p{N}+$/u;
export const MAX_TERM_CHARS = 32;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** A piece of text: a run of CJK characters, or one other word. */
type Piece = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let run = '';
  const flush = () => {
    if (run) out.push({ kind: 'cjk', text: run });
    run = '';
  };
  for (const { segment, isWordLike } of segmenter.segment(text.normalize('NFKC'))) {
    if (!isWordLike) {
      flush();
      continue;
    }
    // A segment may mix scripts ("Q3预算" is rare but possible): split it by character class.
    let word = '';
    for (const ch of segment) {
      if (CJK.test(ch)) {
        if (word) out.push({ kind: 'word', text: word });
        word = '';
        run += ch;
      } else {
        flush();
        if (WORD.test(ch)) word += ch;
        else if (word) {
          out.push({ kind: 'word', text: word });
          word = '';
        }
      }
    }
    if (word) out.push({ kind: 'word', text: word });
  }
  flush();
  return out;
}

const clip = (term: string) => [...term].slice(0, MAX_TERM_CHARS).join('');

/** A word's term: lowercased, stemmed unless it holds a digit, clipped. */
export function wordTerm(word: string): string {
  const lower = word.toLowerCase();
  return clip(DIGITS.test(lower) || /\p{N}/u.test(lower) ? lower : stemmer(lower));
}

function cjkTerms(run: string): string[] {
  const chars = [...run];
  const terms: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i]! + chars[i + 1]!);
  terms.push(chars.at(-1)!);
  return terms;
}

/** The distinct terms a message's text is indexed under. */
export function documentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const piece of pieces(text)) {
    if (piece.kind === 'word') terms.add(wordTerm(piece.text));
    else for (const term of cjkTerms(piece.text)) terms.add(term);
  }
  return [...terms];
}

/**
 * One condition of a query: messages having `value` as a term (`prefix` false) or a term
 * starting with it (`prefix` true: English words, so "stand" finds "standup", and a lone
 * CJK character).
 */
export interface QueryTerm {
  value: string;
  prefix: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** CJK runs of three or more characters: the message's text must contain each as written. */
  phrases: string[];
  /** What the snippet marks: the query's words and CJK runs as typed (lowercased). */
  marks: Array<{ kind: 'cjk' | 'word'; text: string }>;
}

/** A query's terms: every one must match (AND). */
export function parseQuery(query: string): ParsedQuery {
  const terms = new Map<string, QueryTerm>();
  const phrases: string[] = [];
  const marks: ParsedQuery['marks'] = [];
  const add = (term: QueryTerm) => {
    const key = `${term.prefix ? 'p' : 'e'}:${term.value}`;
    if (!terms.has(key)) terms.set(key, term);
  };
  for (const piece of pieces(query)) {
    if (piece.kind === 'word') {
      const lower = piece.text.toLowerCase();
      marks.push({ kind: 'word', text: lower });
      add({ value: wordTerm(piece.text), prefix: !DIGITS.test(lower) });
      continue;
    }
    marks.push({ kind: 'cjk', text: piece.text });
    const chars = [...piece.text];
    if (chars.length === 1) {
      add({ value: piece.text, prefix: true });
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) add({ value: chars[i]! + chars[i + 1]!, prefix: false });
    if (chars.length >= 3) phrases.push(piece.text);
  }
  return { terms: [...terms.values()], phrases, marks };
}

/** Whether a word of a message matches a query word: same stem, or starts with it. */
export function wordMatches(messageWord: string, queryWord: string): boolean {
  const lower = messageWord.toLowerCase();
  if (DIGITS.test(queryWord)) return lower === queryWord;
  return lower.startsWith(queryWord) || wordTerm(lower).startsWith(wordTerm(queryWord));
}
