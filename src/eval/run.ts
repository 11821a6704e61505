import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log/index.js';
import { QueryReader } from '../query/index.js';
import type { Retriever } from '../retrieve/retriever.js';
import { HashedLexicalEmbedder } from '../store/lexical-embedder.js';
import { ItemStore } from '../store/item-store.js';
import { ingestFolder } from '../store/ingest.js';
import type { Embedder } from '../store/embedder.js';
import { naiveChunkBaseline } from './baseline.js';
import { loadEvalFile, type EvalQuestion } from './dataset.js';
import { scoreRun, type AskFunction, type EvalReport } from './score.js';

/**
 * The default system under test until the answer stage plugs in its own: the retriever's hits are the
 * citations and their texts the answer (so facts and units are scored on the cited items themselves).
 */
export function retrieverAsk(retriever: Retriever, queries: QueryReader, k = 5): AskFunction {
  return async (question) => {
    const r = await retriever.retrieve(await queries.read(question), { k });
    const citations = r.hits.map((h) => ({ id: h.item.id, text: h.item.text, units: h.item.units }));
    const answer = r.hits.length
      ? r.hits.map((h) => `${h.item.cite} ${h.item.text}${h.item.units.length ? `(责任单位:${h.item.units.join('、')})` : ''}`).join('\n')
      : '没有找到相关内容。';
    return { answered: r.confidence === 'confident', confidence: r.confidence, score: r.score, answer, citations };
  };
}

export interface EvalRunOptions {
  file: string;
  seedsDir: string;
  log: Logger;
  /** A store to evaluate; default: a fresh one built from `seedsDir` in a temporary folder. */
  db?: string;
  embedder?: Embedder;
  /** The system under test, given the opened store's retriever; default `retrieverAsk`. */
  ask?: (ctx: { retriever: Retriever; store: ItemStore }) => AskFunction;
  /** Only these questions (the tuning or the check part of the dev set). */
  filter?: (q: EvalQuestion) => boolean;
  baseline?: boolean;
}

export interface EvalRun {
  planbot: EvalReport;
  baseline: EvalReport | null;
}

export async function runEval(opts: EvalRunOptions): Promise<EvalRun> {
  const questions = (await loadEvalFile(opts.file)).filter(opts.filter ?? (() => true));
  const embedder = opts.embedder ?? new HashedLexicalEmbedder();
  const temp = opts.db ? null : await mkdtemp(join(tmpdir(), 'planbot-eval-'));
  const uri = opts.db ?? join(temp!, 'store');
  try {
    if (temp) await ingestFolder({ seedsDir: opts.seedsDir, uri, embedder, log: opts.log });
    const store = await ItemStore.open({ uri, embedder, log: opts.log });
    try {
      const { Retriever } = await import('../retrieve/retriever.js');
      const retriever = new Retriever(store, opts.log);
      const ask = opts.ask ? opts.ask({ retriever, store }) : retrieverAsk(retriever, new QueryReader(store, { botNames: ['小助手'] }));
      const knownUnits = [...new Set((await store.items()).flatMap((i) => i.units))];
      const planbot = await scoreRun('planbot', questions, ask, { knownUnits });
      const baseline =
        opts.baseline === false
          ? null
          : await scoreRun('naive 500-char BM25', questions, await naiveChunkBaseline(opts.seedsDir, await store.tokenizer()), { knownUnits });
      return { planbot, baseline };
    } finally {
      store.close();
    }
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}
