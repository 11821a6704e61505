import { chineseToNumber } from './chinese-numerals.js';

/**
 * The numbering layouts of Chinese government documents, kept as data (as RAGFlow keeps its BULLET_PATTERN):
 * a new layout is one entry. Which family is a part, a section or an item is not fixed here: it follows from
 * how the families nest in each document (see outline.ts), because `(一)` is an item in one plan and a
 * section in another.
 *
 * `label` renders the printed ordinal the way citations show it; `lostOrdinal` recognises a heading of the
 * family whose ordinal was lost in scraping (`是提升…` for `二是提升…`), which outline.ts re-numbers from the
 * sequence.
 */
export interface NumberingFamily {
  name: string;
  pattern: RegExp;
  label: (ordinal: string) => string;
  lostOrdinal?: RegExp;
}

const CN = '[一二三四五六七八九十]{1,3}';

export const numberingFamilies: NumberingFamily[] = [
  { name: 'cn-comma', pattern: new RegExp(`^(${CN})[、.．]\\s*`), label: (o) => `${o}、` },
  { name: 'cn-paren', pattern: new RegExp(`^[((](${CN})[))]\\s*`), label: (o) => `(${o})` },
  { name: 'arabic-dot', pattern: /^(\d{1,3})[.．](?!\d)\s*/, label: (o) => o },
  { name: 'arabic-comma', pattern: /^(\d{1,3})[、,,]\s*/, label: (o) => o },
  { name: 'arabic-paren', pattern: /^[((](\d{1,3})[))]\s*/, label: (o) => `(${o})` },
  { name: 'circled', pattern: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*/, label: (o) => o },
  { name: 'cn-shi', pattern: new RegExp(`^(${CN})是(?=\\p{Script=Han}|[“"《(( ])`, 'u'), label: (o) => `${o}是`, lostOrdinal: /^是(?=\p{Script=Han})/u },
];

export interface HeadingMatch {
  family: NumberingFamily;
  /** The ordinal as printed (`九`, `12`); null when it was lost and must be inferred. */
  ordinal: string | null;
  /** The ordinal as a number, when it can be read. */
  position: number | null;
  /** The line with the ordinal removed. */
  rest: string;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export function matchHeading(line: string): HeadingMatch | null {
  for (const family of numberingFamilies) {
    const m = family.pattern.exec(line);
    if (!m) continue;
    const ordinal = m[1]!;
    const rest = line.slice(m[0].length).trim();
    if (rest === '') continue;
    const position = family.name === 'circled' ? CIRCLED.indexOf(ordinal) + 1 : chineseToNumber(ordinal);
    return { family, ordinal, position, rest };
  }
  return null;
}

/** A heading whose ordinal was lost; only meaningful where its family is already open (outline.ts checks). */
export function matchLostOrdinal(line: string, family: NumberingFamily): HeadingMatch | null {
  if (!family.lostOrdinal) return null;
  const m = family.lostOrdinal.exec(line);
  if (!m) return null;
  return { family, ordinal: null, position: null, rest: line.slice(m[0].length).trim() };
}
