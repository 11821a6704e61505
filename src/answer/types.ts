import type { PlanDocument, PlanItem } from '../items/index.js';

/** One cited item in an answer (the `ask --json` contract). Units and citation come from the store. */
export interface Citation {
  id: string;
  doc: string;
  label: string;
  cite: string;
  units: string[];
  text: string;
  score: number;
}

export interface AnswerResult {
  answered: boolean;
  /** The exact reply the bot sends. */
  answer: string;
  citations: Citation[];
  /** Ids of the items the reply text itself shows (a follow-up question refers to these). */
  shownIds: string[];
  /** How the reply was made, for logs and the eval: extractive, llm, unit-listing, follow-up, not-found. */
  mode: 'extractive' | 'llm' | 'unit-listing' | 'follow-up' | 'not-found';
}

export interface RetrievedHit {
  item: PlanItem;
  score: number;
}

/**
 * What answering needs from retrieval and the store, structurally typed so that the answer stage depends
 * on shapes, not on LanceDB.
 */
export interface RetrievalPort {
  retrieve(
    question: string,
    opts?: { k?: number },
  ): Promise<{ answered: boolean; hits: RetrievedHit[]; analysis?: { expansions?: Array<{ word: string; official: string[] }>; wantsReview?: boolean } }>;
  unit(query: string): Promise<{ unit: string; matched: string[]; items: PlanItem[]; suggestions: string[] }>;
}

export interface CorpusPort {
  documents(): Promise<PlanDocument[]>;
  items(): Promise<PlanItem[]>;
}

export function toCitation(hit: RetrievedHit): Citation {
  const { item, score } = hit;
  return { id: item.id, doc: item.doc, label: item.label, cite: item.cite, units: item.units, text: item.text, score };
}
