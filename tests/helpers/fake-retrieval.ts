import type { PlanDocument, PlanItem } from '../../src/items/index.js';
import type { CorpusPort, QueryPort, RetrievalPort } from '../../src/answer/index.js';
import type { Confidence } from '../../src/answer/types.js';
import { QueryReader, outlineOf, type Query } from '../../src/query/index.js';
import { filterByRole } from '../../src/retrieve/index.js';
import { sharedTokenizer } from '../../src/store/tokenizer.js';
import { parsedSeeds } from './seeds.js';

export async function seedCorpus(): Promise<{ documents: PlanDocument[]; items: PlanItem[] }> {
  const { documents } = await parsedSeeds();
  return { documents: documents.map((d) => d.document), items: documents.flatMap((d) => d.items) };
}

/**
 * Retrieval stand-in for answer tests: returns exactly the items a test names, best first, graded as the test
 * says (confident by default), so that a test of how replies are composed does not depend on ranking.
 */
export function fixedRetrieval(
  items: PlanItem[],
  hitIds: string[] | null,
  unitName?: string,
  confidence: Confidence = 'confident',
): RetrievalPort & { queries: Query[] } {
  const queries: Query[] = [];
  return {
    queries,
    async retrieve(query) {
      queries.push(query);
      if (!hitIds) return { confidence: 'none', score: 0, hits: [] };
      return {
        confidence,
        score: confidence === 'confident' ? 0.9 : 0.2,
        hits: hitIds.map((id, rank) => {
          const item = items.find((i) => i.id === id);
          if (!item) throw new Error(`no item ${id}`);
          return { item, score: 1 / (rank + 1) };
        }),
      };
    },
    async listUnits(query) {
      const names = unitName ? [unitName] : query.units;
      const list = items.filter((i) => i.units.some((u) => names.includes(u)) && (query.scope.docIds.length === 0 || query.scope.docIds.includes(i.doc)));
      return filterByRole(list, names, query.role, items);
    },
    async unit(query) {
      const name = unitName ?? query;
      const list = items.filter((i) => i.units.includes(name));
      return { unit: name, matched: list.length ? [name] : [], items: list, suggestions: [] };
    },
  };
}

/** The real query stage over a corpus held in memory. */
export function queryPort(c: { documents: PlanDocument[]; items: PlanItem[] }, now = new Date('2026-06-01T00:00:00+08:00')): QueryPort {
  const outline = outlineOf(c.documents, c.items);
  return new QueryReader({ outline: async () => outline, tokenizer: sharedTokenizer }, { botNames: ['小助手'], now: () => now });
}

export function corpusPort(c: { documents: PlanDocument[]; items: PlanItem[] }): CorpusPort {
  return { documents: async () => c.documents, items: async () => c.items, units: async () => [...new Set(c.items.flatMap((i) => i.units))] };
}

/** Units a reply prints on its 责任单位 lines: what the invented-unit check compares with the cited items. */
export function unitsInReply(reply: string): string[] {
  return [...reply.matchAll(/^责任单位[::](.+)$/gm)].flatMap((m) => m[1]!.split('、').map((u) => u.trim()));
}
