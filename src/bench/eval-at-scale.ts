import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedDocument } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { QueryReader } from '../query/index.js';
import { Retriever } from '../retrieve/retriever.js';
import { loadEvalFile } from '../eval/dataset.js';
import { retrieverAsk } from '../eval/run.js';
import { scoreRun, type EvalReport } from '../eval/score.js';
import type { Embedder } from '../store/embedder.js';
import { ingestDocuments } from '../store/ingest.js';
import { ItemStore } from '../store/item-store.js';
import { VECTOR_INDEX_MIN_ROWS } from '../store/vector-index.js';
import { seedItemOf, synthesize } from './corpus.js';

export interface ScaleEvalFigures {
  items: number;
  indexed: ScaleScores;
  exact: ScaleScores;
  /** Share of questions whose top 5 holds the same items with the index as with an exact scan. */
  sameTop5: number;
}

interface ScaleScores {
  recall5: number;
  paraphrase5: number;
  mrr: number;
  confidentPrecision: number | null;
}

/**
 * The dev questions over the seeds among `items` synthetic items, so that the store is large enough for the
 * vector index (the seed store alone is searched exactly and cannot show what the index costs): once with the
 * index, once with an exact scan of the same store. A cited copy of a seed item counts as that item (its
 * region and numbers are the copy's own, its content the seed's): the question is whether the right content
 * is still found among tens of thousands of items, and whether the index changes what is found.
 */
export async function evalAtScale(opts: {
  seeds: ParsedDocument[];
  evalFile: string;
  items: number;
  embedder: Embedder;
  log: Logger;
}): Promise<ScaleEvalFigures> {
  const temp = await mkdtemp(join(tmpdir(), 'planbot-eval-scale-'));
  try {
    const uri = join(temp, 'store');
    const documents = [...opts.seeds, ...synthesize(opts.seeds, Math.max(VECTOR_INDEX_MIN_ROWS, opts.items))];
    await ingestDocuments({ uri, embedder: opts.embedder, log: opts.log, documents, removeMissing: true });
    const questions = await loadEvalFile(opts.evalFile);
    const run = async (exactVectorSearch: boolean): Promise<EvalReport> => {
      const store = await ItemStore.open({ uri, embedder: opts.embedder, log: opts.log, exactVectorSearch });
      try {
        const ask = retrieverAsk(new Retriever(store, opts.log), new QueryReader(store, { botNames: ['小助手'] }));
        const asSeed = async (question: string) => {
          const reply = await ask(question);
          const citations = reply.citations.map((c) => {
            const seed = seedItemOf(opts.seeds, c.id);
            return seed ? { id: seed.id, text: seed.text, units: seed.units } : c;
          });
          return { ...reply, citations };
        };
        return await scoreRun('planbot at scale', questions, asSeed, { knownUnits: [...(await store.units())] });
      } finally {
        store.close();
      }
    };
    const [indexed, exact] = [await run(false), await run(true)];
    const scores = (r: EvalReport): ScaleScores => ({
      recall5: r.overall.recall5,
      paraphrase5: r.byType.paraphrase?.recall5 ?? 0,
      mrr: r.overall.mrr,
      confidentPrecision: r.confidentPrecision,
    });
    // The same items, in any order (copies of one seed item count as it, so their order among ties is arbitrary).
    const top5 = (ids: string[]) => [...new Set(ids.slice(0, 5))].sort().join();
    const same = indexed.questions.filter((q, i) => top5(q.citations) === top5(exact.questions[i]!.citations)).length;
    return { items: documents.reduce((n, d) => n + d.items.length, 0), indexed: scores(indexed), exact: scores(exact), sameTop5: same / questions.length };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
