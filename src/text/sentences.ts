/**
 * Sentences of an item, each ending with its own punctuation, in document order. ASCII ? and ! do not end a
 * sentence: in scraped pages a ? stands for a character lost to a bad encoding.
 */
export function splitSentences(text: string): string[] {
  return (text.match(/[^。;\uFF1B!\uFF01\uFF1F\n]+[。;\uFF1B!\uFF01\uFF1F]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 1);
}

/** Character bigrams of the Han and alphanumeric runs: a tokenizer-free overlap measure for short texts. */
export function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.match(/[\p{Script=Han}A-Za-z0-9]+/gu) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  }
  return out;
}
