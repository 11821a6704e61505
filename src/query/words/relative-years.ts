/**
 * Year words that count from today, and how far: people say 今年 and mean the year they ask in. Longer words
 * first, so 前年 is not read as 年.
 */
export const RELATIVE_YEARS: ReadonlyArray<readonly [word: string, offset: number]> = [
  ['大前年', -3], // the year before 前年
  ['大后年', 3], // three years on
  ['本年度', 0], // the current year, formally
  ['上一年', -1], // the previous year
  ['下一年', 1], // the following year
  ['今年', 0], // this year
  ['本年', 0], // this year, formally
  ['当年', 0], // the current year (in questions, not narration)
  ['明年', 1], // next year
  ['来年', 1], // next year, literary
  ['去年', -1], // last year
  ['前年', -2], // the year before last
  ['后年', 2], // the year after next
];

/** The relative year words of a text, resolved against `today`'s year, in the order they appear. */
export function relativeYears(text: string, today: Date): Array<{ word: string; year: number }> {
  const out: Array<{ word: string; year: number; at: number }> = [];
  let rest = text;
  for (const [word, offset] of RELATIVE_YEARS) {
    for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at + 1)) {
      out.push({ word, year: today.getFullYear() + offset, at });
      rest = rest.slice(0, at) + ' '.repeat(word.length) + rest.slice(at + word.length);
    }
  }
  return out.sort((a, b) => a.at - b.at).map(({ word, year }) => ({ word, year }));
}
