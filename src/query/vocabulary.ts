import type { PlanDocument, PlanItem } from '../items/index.js';
import { regionAliases } from '../items/region-name.js';
import type { CorpusOutline } from '../store/corpus-summary.js';
import { normalizeText } from '../store/normalize.js';
import { unitAliases } from './units.js';

/**
 * What the query stage knows of the corpus: documents with their region names, units with the names people
 * call them by, and the years each document reviews. Built once per loaded corpus (not per question), so a
 * question costs work in proportion to itself, not to the number of documents.
 */
export interface QueryVocabulary {
  documents: PlanDocument[];
  /** Per region: the normalised names it goes by (龙岗区, 龙岗), longest first. */
  regionNames: Map<string, string[]>;
  /** Every responsible unit the items list, with its normalised aliases. */
  units: Array<{ unit: string; aliases: string[] }>;
  /** Years that a document reviews (the year before its plan year, where it has review paragraphs). */
  reviewYears: Map<string, number[]>;
}

/** The outline of a corpus held as items (tests, tools): what the store reads from its summary instead. */
export function outlineOf(documents: PlanDocument[], items: readonly PlanItem[]): CorpusOutline {
  return { documents, units: [...new Set(items.flatMap((i) => i.units))], reviewedDocs: new Set(items.filter((i) => i.kind === 'review').map((i) => i.doc)) };
}

export function buildVocabulary({ documents, units: unitNames, reviewedDocs }: CorpusOutline): QueryVocabulary {
  const regionNames = new Map<string, string[]>();
  for (const d of documents) {
    if (regionNames.has(d.region)) continue;
    regionNames.set(
      d.region,
      regionAliases(d.region)
        .map(normalizeText)
        .sort((a, b) => b.length - a.length),
    );
  }
  const units = unitNames.map((unit) => ({
    unit,
    aliases: unitAliases(unit)
      .map(normalizeText)
      .filter((a) => a.length >= 2),
  }));
  const reviewYears = new Map<string, number[]>();
  for (const d of documents) if (reviewedDocs.has(d.id)) reviewYears.set(d.id, [d.year - 1]);
  return { documents, regionNames, units, reviewYears };
}

/** A document covers its plan year and the year it reviews. */
export function coversYear(vocabulary: QueryVocabulary, document: PlanDocument, year: number): boolean {
  return document.year === year || (vocabulary.reviewYears.get(document.id) ?? []).includes(year);
}
