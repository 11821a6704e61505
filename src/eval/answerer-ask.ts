import { Answerer } from '../answer/answerer.js';
import type { LlmAnswerer } from '../answer/llm.js';
import type { Logger } from '../log/index.js';
import { QueryReader } from '../query/index.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { ItemStore } from '../store/item-store.js';
import type { AskFunction } from './score.js';

/**
 * The system under test as users meet it: the answer stage over the retriever, so that facts and units are
 * scored on the reply the bot would send, not on the items' raw text.
 */
export function answererAsk(log: Logger, llm: LlmAnswerer | null = null, k = 5) {
  return ({ retriever, store }: { retriever: Retriever; store: ItemStore }): AskFunction => {
    const queries = new QueryReader(store, { botNames: ['小助手'] });
    const answerer = new Answerer({
      queries,
      retrieval: retriever,
      corpus: { documents: () => store.documents(), items: () => store.items(), units: () => store.units() },
      log,
      llm,
    });
    return async (question) => {
      const r = await answerer.answer(question, { k });
      return {
        answered: r.answered,
        confidence: r.confidence,
        score: r.score,
        answer: r.answer,
        citations: r.citations.map((c) => ({ id: c.id, text: c.text, units: c.units })),
      };
    };
  };
}
