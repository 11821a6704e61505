import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Jieba } from '@node-rs/jieba';
import { normalizeText } from './normalize.js';
import { isStopToken } from './stop-words.js';

/**
 * A user-dictionary word needs a frequency high enough to beat its split form (医政 + 科) in jieba's
 * dynamic programme; the bundled dictionary's common words sit around 10^3–10^5.
 */
const USER_WORD_FREQUENCY = 100000;

/**
 * Chinese tokens for the full-text index and the lexical embedder: jieba in search mode (long words and
 * their parts: 智慧健康中心 → 智慧 健康 中心 智慧健康中心), over normalised text, stop words removed.
 * The corpus' own terms (unit names, quoted terms, regions) are added as user words so that they stay whole.
 */
export class Tokenizer {
  private readonly userWords = new Set<string>();

  private constructor(private readonly jieba: Jieba) {}

  /** Loads jieba's bundled dictionary (about 0.3 s); call once per process through `sharedTokenizer`. */
  static async create(): Promise<Tokenizer> {
    // Only dict.txt: the package's dict.js also reads idf.txt (6 MB, for keyword extraction, never used here),
    // which was half of a cold `planbot ask`.
    const { Jieba } = await import('@node-rs/jieba');
    const dictPath = join(dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json')), 'dict.txt');
    return new Tokenizer(Jieba.withDict(await readFile(dictPath)));
  }

  /** Adds words to the dictionary; words already added are skipped, so calling this again is cheap. */
  addUserWords(words: Iterable<string>): void {
    const fresh: string[] = [];
    for (const raw of words) {
      const w = normalizeText(raw).replace(/\s+/g, '');
      if (w.length < 2 || this.userWords.has(w)) continue;
      this.userWords.add(w);
      fresh.push(`${w} ${USER_WORD_FREQUENCY} n`);
    }
    if (fresh.length) this.jieba.loadDict(Buffer.from(`${fresh.join('\n')}\n`));
  }

  /**
   * The words of a question as the dictionary knows them (no HMM guessing, which glues particles onto
   * unknown words: 社康里, 人会). Runs of single characters the dictionary does not know are joined back
   * (社 康 → 社康), and stop words dropped.
   */
  words(text: string): string[] {
    const normal = normalizeText(text);
    if (!normal) return [];
    const out: string[] = [];
    let run = '';
    const flush = () => {
      if (run && !isStopToken(run)) out.push(run);
      run = '';
    };
    for (const raw of this.jieba.cut(normal, false)) {
      const t = raw.trim();
      if (t.length === 1 && /\p{Script=Han}/u.test(t) && !isStopToken(t)) {
        run += t;
        continue;
      }
      flush();
      if (!isStopToken(t)) out.push(t);
    }
    flush();
    return out;
  }

  /** Content tokens in text order (duplicates kept: term frequency matters to BM25 and the embedder). */
  tokens(text: string): string[] {
    const normal = normalizeText(text);
    if (!normal) return [];
    return this.jieba
      .cutForSearch(normal, true)
      .map((t) => t.trim())
      .filter((t) => !isStopToken(t));
  }
}

let shared: Promise<Tokenizer> | undefined;

/** The process-wide tokenizer: jieba's dictionary is large, so it is loaded once and only when needed. */
export function sharedTokenizer(): Promise<Tokenizer> {
  shared ??= Tokenizer.create();
  return shared;
}
