import type { ReadResult } from './types.js';

const HAN = /\p{Script=Han}/gu;

/**
 * Decode a plan document. Scraped pages arrive as UTF-8, as GBK/GB18030 (Windows exports) or, rarely, as
 * UTF-16 with a BOM. Decoding is strict: a byte sequence that is invalid in every candidate encoding is
 * reported, not replaced, because silent replacement characters would end up inside cited text.
 */
export function decodePlanBytes(bytes: Buffer, name = 'file'): ReadResult {
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') return { ok: false, reason: `${name}: empty file` };
  let candidates: string[] = ['utf-8', 'gb18030'];
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) ((candidates = ['utf-16le']), (body = bytes.subarray(2)));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) ((candidates = ['utf-16be']), (body = bytes.subarray(2)));
  else if (looksBinary(bytes)) return { ok: false, reason: `${name}: binary file (not a text document)` };

  for (const encoding of candidates) {
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(body);
    } catch {
      continue;
    }
    const han = text.match(HAN)?.length ?? 0;
    if (han < 20) return { ok: false, reason: `${name}: no Chinese text found (decoded as ${encoding}); not a plan document` };
    return { ok: true, text: text.replace(/\r\n?/g, '\n'), encoding, bytes, format: 'text', warnings: [] };
  }
  return { ok: false, reason: `${name}: unrecognised text encoding (neither UTF-8 nor GBK/GB18030)` };
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
  return (text.match(HAN)?.length ?? 0) >= 20;
}
