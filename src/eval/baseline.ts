import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEXT_EXTENSIONS, decodePlanBytes } from '../parse/index.js';
import type { Tokenizer } from '../store/tokenizer.js';
import type { AskFunction } from './score.js';

/** BM25 parameters as usually published (Robertson et al.). */
const K1 = 1.2;
const B = 0.75;
const CHUNK = 500;

interface Chunk {
  id: string;
  text: string;
  tf: Map<string, number>;
  length: number;
}

/**
 * The naive system the eval compares against: each seed file's decoded text cut into fixed 500-character
 * chunks, ranked by BM25 over the same jieba tokens. No item structure, no filters, never "not found":
 * what a generic RAG setup does with these documents.
 */
export async function naiveChunkBaseline(seedsDir: string, tokenizer: Tokenizer): Promise<AskFunction> {
  const chunks: Chunk[] = [];
  const names = (await readdir(seedsDir)).filter((n) => TEXT_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)) && n.toLowerCase() !== 'readme.md').sort();
  for (const name of names) {
    const read = decodePlanBytes(await readFile(join(seedsDir, name)), name);
    if (!read.ok) continue;
    const text = read.text.replace(/\s+/g, ' ');
    for (let at = 0, n = 1; at < text.length; at += CHUNK, n++) {
      const piece = text.slice(at, at + CHUNK);
      const tokens = tokenizer.tokens(piece);
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      chunks.push({ id: `${name}@${n}`, text: piece, tf, length: tokens.length });
    }
  }
  const df = new Map<string, number>();
  for (const c of chunks) for (const t of c.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = chunks.reduce((n, c) => n + c.length, 0) / Math.max(1, chunks.length);
  const idf = (t: string) => Math.log(1 + (chunks.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));

  return async (question) => {
    const terms = [...new Set(tokenizer.tokens(question))];
    const ranked = chunks
      .map((c) => {
        let score = 0;
        for (const t of terms) {
          const f = c.tf.get(t);
          if (f) score += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * c.length) / avg));
        }
        return { c, score };
      })
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    return {
      answered: ranked.length > 0,
      answer: ranked.map((r) => r.c.text).join('\n'),
      citations: ranked.map((r) => ({ id: r.c.id, text: r.c.text, units: [] })),
    };
  };
}
