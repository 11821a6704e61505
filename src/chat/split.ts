import { replies } from './replies.js';
import { utf8Bytes } from './text.js';

/**
 * Cutting a reply into messages a platform accepts. Limits are in UTF-8 bytes (WeCom text: 2048), where a
 * Chinese character costs 3. Cuts fall at item boundaries first (a blank line, or a line starting with 依据,
 * which opens a citation), then at line ends, then after a sentence, and only as a last resort mid-sentence,
 * so that one item's text and its citation stay together whenever they fit.
 */

export interface SplitOptions {
  /** The most one message may carry, in UTF-8 bytes. */
  maxBytes: number;
  /** Bytes the platform adds to the first message (the mention of the asker). */
  firstReserveBytes?: number;
  /** More parts than this and the rest is replaced by a note: nobody reads twenty messages in a group. */
  maxParts?: number;
}

const DEFAULT_MAX_PARTS = 8;
// Room for the "\n(12/34)" marker that numbers the parts.
const MARKER_RESERVE = 10;

interface Piece {
  text: string;
  /** What joins this piece to the one before it in the original text. */
  sep: string;
}

export function splitReply(text: string, options: SplitOptions): string[] {
  const body = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trim();
  const first = options.maxBytes - (options.firstReserveBytes ?? 0);
  if (first < 16 || options.maxBytes < 16) throw new RangeError(`splitReply: maxBytes ${options.maxBytes} leaves no room for text`);
  if (body === '') return [];
  if (utf8Bytes(body) <= first) return [body];

  const budget = (index: number) => (index === 0 ? first : options.maxBytes) - MARKER_RESERVE;
  const parts = pack(pieces(body), budget);
  const maxParts = Math.max(2, options.maxParts ?? DEFAULT_MAX_PARTS);
  const kept = parts.length > maxParts ? [...parts.slice(0, maxParts - 1), replies.tooLong(parts.length - maxParts + 1)] : parts;
  return kept.map((p, i) => `${p}\n(${i + 1}/${kept.length})`);
}

/** Item-sized pieces: paragraphs, with a line starting with 依据 opening a new piece. */
function pieces(body: string): Piece[] {
  const out: Piece[] = [];
  body.split(/\n[ \t]*\n+/).forEach((paragraph, p) => {
    let current: string[] = [];
    let sep = p === 0 ? '' : '\n\n';
    for (const line of paragraph.split('\n')) {
      if (/^\s*依据/.test(line) && current.length > 0) {
        out.push({ text: current.join('\n'), sep });
        current = [];
        sep = '\n';
      }
      current.push(line);
    }
    if (current.length > 0) out.push({ text: current.join('\n'), sep });
  });
  return out;
}

/** Greedy packing: keep adding pieces to the current message while they fit; break up pieces that never fit. */
function pack(items: Piece[], budget: (index: number) => number): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current !== '') parts.push(current);
    current = '';
  };
  const place = (piece: Piece) => {
    const joined = current === '' ? piece.text : current + piece.sep + piece.text;
    if (utf8Bytes(joined) <= budget(parts.length)) {
      current = joined;
      return;
    }
    flush();
    if (utf8Bytes(piece.text) <= budget(parts.length)) {
      current = piece.text;
      return;
    }
    for (const smaller of breakUp(piece.text, budget(parts.length))) place(smaller);
  };
  for (const piece of items) place(piece);
  flush();
  return parts;
}

/** A piece too big for one message: by lines, else by sentences, else by characters. */
function breakUp(text: string, limit: number): Piece[] {
  const lines = text.split('\n');
  if (lines.length > 1) return lines.map((line, i) => ({ text: line, sep: i === 0 ? '' : '\n' }));
  const sentences = text.match(/[^。!?;!?;]+[。!?;!?;]*|[。!?;!?;]+/g) ?? [text];
  if (sentences.length > 1) return sentences.map((s) => ({ text: s, sep: '' }));
  return hardCut(text, limit).map((s) => ({ text: s, sep: '' }));
}

function hardCut(text: string, limit: number): string[] {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of text) {
    const b = utf8Bytes(ch);
    if (bytes + b > limit && current !== '') {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += b;
  }
  if (current !== '') out.push(current);
  return out;
}
