import { leadUnitsOf, type PlanDocument, type PlanItem } from '../items/index.js';
import type { Query } from '../query/index.js';

/** One cited item in an answer (the `ask --json` contract). Units and citation come from the store. */
export interface Citation {
  id: string;
  doc: string;
  label: string;
  cite: string;
  units: string[];
  /** The units the item names as lead (牵头); empty where its document marks no lead. */
  leadUnits: string[];
  text: string;
  score: number;
}

export type Confidence = 'confident' | 'tentative' | 'none';

export interface AnswerResult {
  /** True only for a confident answer: an item answers the question. */
  answered: boolean;
  /** confident: quoted as the answer; tentative: the closest items, said as such; none: not found. */
  confidence: Confidence;
  /** The calibrated score behind `confidence` (0–1; 1 for listings, overviews and follow-ups). */
  score: number;
  /** The exact reply the bot sends. */
  answer: string;
  citations: Citation[];
  /** Ids of the items the reply text itself shows (a follow-up question refers to these). */
  shownIds: string[];
  /** How the reply was made, for logs and the eval. */
  mode: 'extractive' | 'llm' | 'tentative' | 'unit-listing' | 'overview' | 'follow-up' | 'not-found';
}

export interface RetrievedHit {
  item: PlanItem;
  score: number;
}

/** The query stage as answering sees it: question text in, one `Query` out. */
export interface QueryPort {
  read(question: string): Promise<Query>;
}

/**
 * What answering needs from retrieval and the store, structurally typed so that the answer stage depends
 * on shapes, not on LanceDB.
 */
export interface RetrievalPort {
  retrieve(query: Query, opts?: { k?: number }): Promise<{ confidence: Confidence; score: number; hits: RetrievedHit[] }>;
  listUnits(query: Query): Promise<{ items: PlanItem[]; rolesUnmarked: string[] }>;
  unit(name: string): Promise<{ unit: string; matched: string[]; items: PlanItem[]; suggestions: string[] }>;
}

export interface CorpusPort {
  documents(): Promise<PlanDocument[]>;
  /** Every item (read once on first use: follow-ups and overviews need them, plain answers do not). */
  items(): Promise<PlanItem[]>;
  /** Every unit some item lists, without reading the items (the LLM is told which names are real). */
  units(): Promise<readonly string[]>;
}

export function toCitation(hit: RetrievedHit): Citation {
  const { item, score } = hit;
  return { id: item.id, doc: item.doc, label: item.label, cite: item.cite, units: item.units, leadUnits: leadUnitsOf(item), text: item.text, score };
}
