import type { Expansion } from './words/thesaurus.js';

/**
 * What a question asks, decided once. Retrieval and answering read this and never the raw question again.
 *
 * - lookup: what the plans say about a topic;
 * - responsible: who is responsible for a topic (the units come first in the reply);
 * - unit-listing: everything a named unit leads or takes part in;
 * - target: a figure to reach; deadline: a date to meet;
 * - overview: a plan as a whole, when only a plan (region, year) is named.
 */
export const intents = ['lookup', 'responsible', 'unit-listing', 'target', 'deadline', 'overview'] as const;
export type Intent = (typeof intents)[number];

/** Which part a unit plays in the items asked for: 牵头 (lead), 配合/参与 (partner), or either. */
export type Role = 'lead' | 'partner' | 'any';

/** What a question about the last answer wants of its items. */
export type FollowUpAsk = 'units' | 'cite' | 'deadline' | 'text';

export interface QueryScope {
  /** Corpus regions the question names (龙岗 → 龙岗区), in the order it names them. */
  regions: string[];
  /** Years written as numbers (2018, 2022年); titles in 《》 and editions (2021版) are not years asked about. */
  years: number[];
  /** Year words counted from today (今年 → the current year). */
  relativeYears: Array<{ word: string; year: number }>;
  /** The documents searched; empty: all. */
  docIds: string[];
  /**
   * Years the question means by a year word (今年, 明年) that no plan in scope covers yet. The question is answered
   * from the newest plan there is, and the reply says which one.
   */
  notYetPlanned: number[];
  /** Explicit years no document of the named regions plans for or reviews: only an item naming that year answers. */
  uncoveredYears: number[];
  /** Places named that no document is about (坪山区). */
  unknownPlaces: string[];
  /** Two or more documents of different regions named: each gets its own results. */
  compare: boolean;
}

export interface Query {
  /** As asked. */
  question: string;
  /** Normalised (width, case, spaces), the bot mention removed. */
  text: string;
  intent: Intent;
  /** Set when the question can only be about the last answer (那它的期限呢?); used only when there is one. */
  followUp: FollowUpAsk | null;
  /** For unit listings and who-is-responsible questions: the role asked about. */
  role: Role;
  scope: QueryScope;
  /** Corpus units the question names, as the documents print them (医政科). */
  units: string[];
  /** What the question calls a unit when no corpus unit matches it (unit listings only). */
  unitAsTyped: string | null;
  /** Content terms: dictionary words without cue words, stop words, places, years and (for listings) units. */
  terms: string[];
  /** Everyday words and the official terms plans use for them (卫生间 → 厕所). */
  expansions: Expansion[];
  /** Numbers in the question other than years (3000, 27%). */
  numbers: string[];
  /** The question asks about results (成效, 去年), so review paragraphs answer as well as plan items. */
  wantsReview: boolean;
  /** What the full-text and vector legs search for: the content without scope words, plus official terms. */
  searchText: string;
}
