import { commonChineseShare, isPlausibleChinese } from './plausible-chinese.js';
import type { ReadResult } from './types.js';

const HAN = /\p{Script=Han}/gu;
/** C0 controls other than tab, line feed, form feed and carriage return: never in a text document. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f]/;

type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
const UTF16_NAME: Record<string, string> = { 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE' };

/**
 * Decode a plan document. Scraped pages arrive as UTF-8, as GBK/GB18030 (Windows exports) or as UTF-16
 * (Notepad's "Unicode"), with or without a byte-order mark. Decoding is strict: a byte sequence that is
 * invalid in every candidate encoding is reported, not replaced, because silent replacement characters
 * would end up inside cited text. And only a plausible result is read: GB18030 accepts almost any bytes,
 * so a Big5 file decodes "cleanly" into garble, which plausible-chinese.ts recognises. Big5 (traditional
 * Chinese) is refused by name: the parser, the aliases and retrieval all work in simplified Chinese.
 */
export function decodePlanBytes(bytes: Buffer, name = 'file'): ReadResult {
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') return { ok: false, reason: `${name}: empty file` };
  const ok = (text: string, encoding: Encoding): ReadResult => ({
    ok: true,
    text: text.replace(/\r\n?/g, '\n'),
    encoding,
    bytes,
    format: 'text',
    warnings: [],
  });

  const bom = byteOrderMark(bytes);
  if (bom) {
    const label = UTF16_NAME[bom.encoding] ?? 'UTF-8';
    const text = strictDecode(bytes.subarray(bom.length), bom.encoding);
    if (text === null)
      return { ok: false, reason: `${name}: invalid ${label}: the file starts with a ${label} byte-order mark but its bytes are not ${label}` };
    if (hanCount(text) < 20) return { ok: false, reason: `${name}: no Chinese text found (decoded as ${bom.encoding}); not a plan document` };
    return ok(text, bom.encoding);
  }

  // UTF-16 without a mark: ASCII characters (digits, line ends, numbering) leave a zero byte on one side.
  const utf16 = utf16Guess(bytes);
  if (utf16) {
    const text = strictDecode(bytes, utf16);
    if (text !== null && !CONTROL.test(text) && hanCount(text) >= 20) {
      if (isPlausibleChinese(text)) return ok(text, utf16);
      return { ok: false, reason: `${name}: looks like ${UTF16_NAME[utf16]} without a byte-order mark, but decodes to implausible text; save it as UTF-8` };
    }
  }
  if (looksBinary(bytes)) return { ok: false, reason: `${name}: binary file (not a text document)` };

  const utf8 = strictDecode(bytes, 'utf-8');
  if (utf8 !== null) {
    if (hanCount(utf8) < 20) return { ok: false, reason: `${name}: no Chinese text found (decoded as utf-8); not a plan document` };
    return ok(utf8, 'utf-8');
  }
  const gb = strictDecode(bytes, 'gb18030');
  if (gb !== null && hanCount(gb) >= 20 && isPlausibleChinese(gb)) return ok(gb, 'gb18030');
  // Pure Chinese UTF-16 without a mark has no zero bytes to give it away; it only reads plausibly as itself.
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    const text = strictDecode(bytes, encoding);
    if (text !== null && !CONTROL.test(text) && hanCount(text) >= 20 && isPlausibleChinese(text)) return ok(text, encoding);
  }
  const big5 = strictDecode(bytes, 'big5');
  if (big5 !== null && hanCount(big5) >= 20) {
    return { ok: false, reason: `${name}: Big5 (traditional Chinese) encoding is not supported: save the file as UTF-8, in simplified Chinese` };
  }
  if (gb !== null && hanCount(gb) >= 20) {
    const share = Math.round(commonChineseShare(gb) * 100);
    return {
      ok: false,
      reason: `${name}: garbled when read as GBK/GB18030 (only ${share}% common Chinese characters): unknown text encoding, save the file as UTF-8`,
    };
  }
  if (gb !== null) return { ok: false, reason: `${name}: no Chinese text found (decoded as gb18030); not a plan document` };
  return { ok: false, reason: `${name}: unrecognised text encoding (neither UTF-8, GBK/GB18030 nor UTF-16)` };
}

function strictDecode(bytes: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function hanCount(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

function byteOrderMark(bytes: Buffer): { encoding: Encoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 by where its zero bytes fall: an ASCII character is 00 xx (BE) or xx 00 (LE), so zeros pile up on
 * one side. Chinese characters rarely have a zero byte (一, U+4E00, does), hence a ratio, not "none".
 */
function utf16Guess(bytes: Buffer): Encoding | null {
  if (bytes.length % 2 !== 0) return null;
  const sample = bytes.subarray(0, 8192);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  if (odd >= 4 && odd >= 3 * even) return 'utf-16le';
  if (even >= 4 && even >= 3 * odd) return 'utf-16be';
  return null;
}

function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control / sample.length > 0.05;
}

/** Enough Chinese text to be a plan: the same bar for every format, so a near-empty extraction is reported. */
export function hasPlanText(text: string): boolean {
  return hanCount(text) >= 20;
}
