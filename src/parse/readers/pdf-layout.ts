import { matchHeading } from '../numbering.js';

/**
 * From positioned text (what a PDF's text layer holds) back to paragraphs. Pure functions over
 * coordinates, so each rule is testable without a PDF:
 *
 * 1. pieces on one baseline are one line (rotated pieces, such as a 内部资料 watermark, are left out);
 * 2. running headers and footers (the same line at the same height on many pages) and page numbers
 *    (`3`, `- 3 -`, `第 3 页 共 13 页`, `3/13`) are dropped;
 * 3. lines broken by the page width are joined: a paragraph ends at a line that stops short of the right
 *    margin, and a new one starts at a first-line indent (in documents that indent), after a line ending
 *    in 。;!? (in documents that do not), at a change of font size, after a vertical gap, or at a
 *    numbered heading that follows the end of a sentence.
 */

export interface TextPiece {
  str: string;
  /** Left end of the baseline, in PDF units (1/72 inch), y growing upwards. */
  x: number;
  y: number;
  width: number;
  /** Font size: the height of the text. */
  size: number;
  /** Rotated or skewed text (watermarks, stamps, vertical margins). */
  rotated: boolean;
}

export interface PageText {
  page: number;
  pieces: TextPiece[];
}

export interface Line {
  page: number;
  text: string;
  left: number;
  right: number;
  y: number;
  size: number;
}

export interface Paragraph {
  text: string;
  page: number;
}

const WIDE_CHARS = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2018-\\u201d\\u2026\\u2014';
const SPACE_NEXT_TO_WIDE = new RegExp(`(?<=[${WIDE_CHARS}]) +| +(?=[${WIDE_CHARS}])`, 'gu');
const ASCII_WORD = /[A-Za-z0-9]/;
const LATIN_LETTER = /[A-Za-z]/;
const mostlyLatin = (text: string) => (text.match(/[A-Za-z]/g)?.length ?? 0) > (text.match(/\p{Script=Han}/gu)?.length ?? 0);

/**
 * Spaces in a PDF are guesses from gaps. Chinese typesetting adds a quarter-em between Han characters
 * and Latin letters or digits ("2022 年", "第 3 页"); nobody typed it, and it breaks "2018年底", so a space
 * next to a Chinese character or full-width punctuation goes. Spaces between Latin words stay.
 */
export function normaliseLineSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').replace(SPACE_NEXT_TO_WIDE, '').trim();
}

/** Group a page's pieces into lines, top to bottom, each read left to right. */
export function linesOf(page: PageText): Line[] {
  const pieces = page.pieces.filter((p) => !p.rotated && p.str.trim() !== '' && p.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextPiece[][] = [];
  for (const piece of pieces) {
    const line = groups.find((g) => Math.abs(g[0]!.y - piece.y) <= Math.min(g[0]!.size, piece.size) * 0.5);
    if (line) line.push(piece);
    else groups.push([piece]);
  }
  return groups
    .map((g) => {
      g.sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const p of g) {
        const gap = p.x - end;
        const size = p.size;
        // A wide gap is a column or a tab stop; a small one only separates words in Latin text.
        if (text && (gap > size * 1.5 || (gap > size * 0.2 && ASCII_WORD.test(text.at(-1)!) && ASCII_WORD.test(p.str[0]!)))) text += ' ';
        text += p.str;
        end = Math.max(end, p.x + p.width);
      }
      const size = median(g.map((p) => p.size));
      return { page: page.page, text: normaliseLineSpaces(text), left: g[0]!.x, right: end, y: median(g.map((p) => p.y)), size };
    })
    .filter((l) => l.text !== '')
    .sort((a, b) => b.y - a.y);
}

const PAGE_NUMBER = [
  /^[-—–_\s]*\d{1,4}[-—–_\s]*$/,
  /^第\s*\d{1,4}\s*页(\s*[,,/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[//]\s*\d{1,4}$/,
  /^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$/i,
];

export function isPageNumber(text: string): boolean {
  return PAGE_NUMBER.some((re) => re.test(text.trim()));
}

/** How many lines at the top and bottom of a page can be header or footer. */
const EDGE_LINES = 2;

function edgeLines(lines: Line[]): Line[] {
  if (lines.length <= EDGE_LINES * 2) return lines;
  return [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
}

/**
 * Drop page numbers and running headers and footers. A running line repeats, digits aside, at the same
 * height among the first or last two lines of at least 40% of the pages (two at least); the same words
 * elsewhere on a page (the title under a header that repeats it) are text and stay.
 */
export function dropRunningLines(pages: Line[][]): { pages: Line[][]; dropped: string[] } {
  const key = (l: Line) => l.text.replace(/\d+/g, '#').replace(/\s/g, '');
  const seen = new Map<string, Array<{ page: number; y: number }>>();
  for (const lines of pages) {
    for (const l of edgeLines(lines)) {
      const k = key(l);
      const list = seen.get(k) ?? [];
      if (!list.some((s) => s.page === l.page)) list.push({ page: l.page, y: l.y });
      seen.set(k, list);
    }
  }
  // 40%, not half: a header printed on even pages only is on 6 of 13.
  const needed = Math.max(2, Math.ceil(pages.length * 0.4));
  const running = new Map<string, number>();
  for (const [k, list] of seen) {
    const y = median(list.map((s) => s.y));
    const level = list.filter((s) => Math.abs(s.y - y) <= 6);
    if (level.length >= needed) running.set(k, y);
  }
  const dropped: string[] = [];
  const kept = pages.map((lines) => {
    const edges = new Set(edgeLines(lines));
    return lines.filter((l) => {
      if (!edges.has(l)) return true;
      const y = running.get(key(l));
      if (isPageNumber(l.text) || (y !== undefined && Math.abs(l.y - y) <= 6)) {
        dropped.push(l.text);
        return false;
      }
      return true;
    });
  });
  return { pages: kept, dropped };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

/** The most common value, after rounding to whole points (the body's margin, among indents and centred titles). */
function mode(xs: number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(Math.round(x), (counts.get(Math.round(x)) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [x, n] of counts) if (n > bestCount || (n === bestCount && x < best)) ((best = x), (bestCount = n));
  return best;
}

const SENTENCE_END = /[。;;!?!?::]$/;
const SENTENCE_INSIDE = /[。;;!?!?]/;

/** Join the lines of all pages, in reading order, back into paragraphs. */
export function joinParagraphs(lines: Line[]): Paragraph[] {
  if (lines.length === 0) return [];
  const bodySize = mode(lines.map((l) => l.size));
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 1);
  // Margins per page where a page has enough lines to tell (double-sided layouts mirror them), else the
  // document's.
  const marginsOf = (ls: Line[]) => ({
    left: mode(ls.map((l) => l.left)),
    right: percentile(
      ls.map((l) => l.right),
      0.9,
    ),
  });
  const documentMargins = marginsOf(body);
  const pageMargins = new Map<number, { left: number; right: number }>();
  for (const page of new Set(body.map((l) => l.page))) {
    const onPage = body.filter((l) => l.page === page);
    if (onPage.length >= 8) pageMargins.set(page, marginsOf(onPage));
  }
  const margins = (l: Line) => pageMargins.get(l.page) ?? documentMargins;
  const pitches: number[] = [];
  for (let i = 1; i < body.length; i++) {
    if (body[i]!.page === body[i - 1]!.page) pitches.push(body[i - 1]!.y - body[i]!.y);
  }
  const pitch = median(pitches.filter((p) => p > 0)) || bodySize * 1.5;

  const isShort = (l: Line) => l.right < margins(l).right - l.size * 1.5;
  const isIndented = (l: Line) => l.left > margins(l).left + l.size * 0.8;
  // Does this document mark paragraphs by indenting their first line? Look at lines that follow a short one.
  let afterShort = 0;
  let indentedAfterShort = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!isShort(lines[i - 1]!)) continue;
    afterShort++;
    if (isIndented(lines[i]!)) indentedAfterShort++;
  }
  const usesIndent = afterShort > 0 && indentedAfterShort / afterShort >= 0.5;

  const paragraphs: Paragraph[] = [];
  let current: { text: string; page: number } | null = null;
  let prev: Line | null = null;
  for (const line of lines) {
    if (!current || !prev || startsParagraph(prev, line, current.text)) {
      if (current) paragraphs.push(current);
      current = { text: line.text, page: line.page };
    } else {
      // English breaks lines between words; Chinese typesetting breaks anywhere, inside numbers (1|6家) and
      // Latin words (AP|P) included, so only a line of mostly Latin text gets a space at its end.
      const glue = LATIN_LETTER.test(current.text.at(-1)!) && LATIN_LETTER.test(line.text[0]!) && mostlyLatin(prev!.text) ? ' ' : '';
      current.text += glue + line.text;
    }
    prev = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs;

  function startsParagraph(prev: Line, line: Line, soFar: string): boolean {
    if (Math.abs(line.size - prev.size) >= 1.5) return true;
    if (line.page === prev.page && prev.y - line.y > pitch * 1.6) return true;
    if (isShort(prev)) return true;
    const endsSentence = SENTENCE_END.test(prev.text);
    // A numbered heading after the end of a sentence, or after a title-like line, starts a paragraph;
    // in the middle of a sentence "三是" at a line start is just where the line broke.
    if (matchHeading(line.text) && (endsSentence || !SENTENCE_INSIDE.test(soFar))) return true;
    return usesIndent ? isIndented(line) : endsSentence;
  }
}
