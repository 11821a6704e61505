/** Text hygiene for chat: what comes in is untrusted, what goes out is counted in UTF-8 bytes. */

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// Control characters other than newline and tab, zero-width characters, the byte-order mark and the
// bidirectional overrides: invisible in a chat window, but they break command matching and can reorder text.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// WeChat puts U+2005 after an @mention; the ideographic space is common in Chinese input. Both mean "space".
const ODD_SPACES = /[\u2005\u3000\u00A0]/g;

/** Normalise an incoming message: line endings, invisible characters, odd spaces, surrounding blanks. */
export function cleanIncoming(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(ODD_SPACES, ' ').trim();
}

/** Cut to at most `max` characters (code points, so an emoji is never cut in half). */
/** The longest start of `text` within `max` UTF-8 bytes, never splitting a character. */
export function cutToBytes(text: string, max: number): string {
  if (utf8Bytes(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = utf8Bytes(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

export function cutToChars(text: string, max: number): { text: string; cut: boolean } {
  const chars = Array.from(text);
  if (chars.length <= max) return { text, cut: false };
  return { text: chars.slice(0, max).join(''), cut: true };
}

/** True when the text has something to read: a letter or digit in any script, not only emoji or punctuation. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

// Mention stripping is shared with the query stage, so a question reads the same from every entry point.
export { escapeRegExp, stripMention } from '../text/mention.js';
