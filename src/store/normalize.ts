/**
 * One normal form for every text that is tokenised, stored as tokens or compared: full-width letters, digits
 * and punctuation become half-width (NFKC), Latin letters lower case, runs of whitespace one space. Questions
 * typed on a phone (全角 ２０２２, ＡＥＤ) then meet the documents' half-width forms.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Han characters only (for character n-grams, which carry no meaning across punctuation or digits). */
export const HAN = /\p{Script=Han}/u;
