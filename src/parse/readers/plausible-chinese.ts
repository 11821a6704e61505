/**
 * Whether decoded text reads as simplified Chinese or as the garble a wrong encoding makes. GB18030 gives
 * a meaning to almost every byte pair, so a Big5 file (or UTF-16 without a byte-order mark) "decodes"
 * without an error into nonsense: the check has to be on what came out.
 *
 * The measure: of the letters outside ASCII (Han, kana, Hangul, Greek, Cyrillic, private-use, U+FFFD), the
 * share that are among the 6,763 characters of GB2312, the set every simplified plan is written in. Plans
 * score above 0.98 (a rare character in a name costs little). Big5 read as GB18030 lands at about 0.6 at
 * most: a Big5 character whose second byte is below 0xA1 becomes a rare GBK extension character, and the
 * first bytes of Big5's symbols become kana and Cyrillic.
 */

/** Below this share the decoding is refused as implausible. */
export const MIN_COMMON_SHARE = 0.85;

const LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Greek}\p{Script=Cyrillic}\p{Co}\ufffd]/gu;
let gb2312: Set<string> | undefined;

/** GB2312's Han characters (rows 0xB0–0xF7), read off Node's own decoder once. */
function gb2312Han(): Set<string> {
  if (gb2312) return gb2312;
  const set = new Set<string>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0xb0; hi <= 0xf7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (ch.length === 1 && ch !== '\ufffd') set.add(ch);
    }
  }
  gb2312 = set;
  return set;
}

/** Letters looked at: a garbled decoding shows within a few pages, and a long file need not be scanned whole. */
const SAMPLE_LETTERS = 200_000;

/** The share of non-ASCII letters that are common simplified characters; 1 when there are none. */
export function commonChineseShare(text: string): number {
  const common = gb2312Han();
  let letters = 0;
  let hits = 0;
  for (const [c] of text.matchAll(LETTER)) {
    letters++;
    if (common.has(c)) hits++;
    if (letters >= SAMPLE_LETTERS) break;
  }
  return letters === 0 ? 1 : hits / letters;
}

export function isPlausibleChinese(text: string): boolean {
  return commonChineseShare(text) >= MIN_COMMON_SHARE;
}
