import type { PlanDocument, PlanItem } from '../../src/items/index.js';
import type { CorpusPort, RetrievalPort } from '../../src/answer/index.js';
import { parsedSeeds } from './seeds.js';

export async function seedCorpus(): Promise<{ documents: PlanDocument[]; items: PlanItem[] }> {
  const { documents } = await parsedSeeds();
  return { documents: documents.map((d) => d.document), items: documents.flatMap((d) => d.items) };
}

/**
 * Retrieval stand-in for answer tests: returns exactly the items a test names, best first, so that a test
 * of how replies are composed does not depend on ranking.
 */
export function fixedRetrieval(items: PlanItem[], hitIds: string[] | null, unitName?: string): RetrievalPort & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    async retrieve(question) {
      questions.push(question);
      if (!hitIds) return { answered: false, hits: [] };
      return {
        answered: true,
        hits: hitIds.map((id, rank) => {
          const item = items.find((i) => i.id === id);
          if (!item) throw new Error(`no item ${id}`);
          return { item, score: 1 / (rank + 1) };
        }),
      };
    },
    async unit(query) {
      const name = unitName ?? query;
      const list = items.filter((i) => i.units.includes(name));
      return { unit: name, matched: list.length ? [name] : [], items: list, suggestions: [] };
    },
  };
}

export function corpusPort(c: { documents: PlanDocument[]; items: PlanItem[] }): CorpusPort {
  return { documents: async () => c.documents, items: async () => c.items };
}

/** Units a reply prints on its 责任单位 lines: what the invented-unit check compares with the cited items. */
export function unitsInReply(reply: string): string[] {
  return [...reply.matchAll(/^责任单位[::](.+)$/gm)].flatMap((m) => m[1]!.split('、').map((u) => u.trim()));
}
