import type { PlanDocument } from '../items/index.js';
import type { QueryScope } from './query.js';
import { ADMIN_SUFFIX, BARE_PLACE_NAMES, NOT_A_PLACE_AFTER, NOT_IN_A_NAME, NOT_PLACES } from './words/places.js';
import { relativeYears } from './words/relative-years.js';
import { coversYear, type QueryVocabulary } from './vocabulary.js';

// A year the question is about; not an edition (2021版), a number (2021号) or a range's start (2021-2025).
export const YEAR = /((?:19|20)\d{2})(?![\d版号\-—~至])\s*年?/g;

/** The years a text names as numbers. Titles quoted in 《》 name documents, not the year asked about. */
export function yearsNamed(text: string): number[] {
  return [...new Set([...text.replace(/《[^》]*》/g, ' ').matchAll(YEAR)].map((m) => Number(m[1])))];
}

/** 坪山区 → 坪山: how the documents' text would mention the place. */
export function placeShortName(place: string): string {
  const short = place.replace(/(特别行政区|自治区|自治州|新区|市|区|县)$/u, '');
  return short.length >= 2 ? short : place;
}

export interface ReadScope {
  scope: QueryScope;
  /** Every span of the text that named the scope (place names, years, year words): not content. */
  scopeWords: string[];
}

/**
 * Which documents a question is about. Regions pick their documents; a year narrows them (a document covers its
 * plan year and the year it reviews). A year word (今年) that no plan of the region covers yet means the newest
 * plan there is, and the reply says so. A year alone picks the documents of that year.
 */
export function readScope(text: string, vocabulary: QueryVocabulary, today: Date): ReadScope {
  const years = yearsNamed(text);
  const relative = relativeYears(text, today);

  const mentions: Array<{ region: string; at: number; name: string }> = [];
  for (const [region, names] of vocabulary.regionNames) {
    const name = names.find((n) => text.includes(n));
    if (name) mentions.push({ region, at: text.indexOf(name), name });
  }
  mentions.sort((a, b) => a.at - b.at);
  const regions = mentions.map((m) => m.region);
  const regionWords = [...vocabulary.regionNames].filter(([r]) => regions.includes(r)).flatMap(([, names]) => names);

  const known = [...vocabulary.regionNames.values()].flat();
  const unknownPlaces = findPlaces(text).filter((p) => !known.some((k) => k === p || k.includes(p) || p.includes(k)));

  const { documents } = vocabulary;
  const covers = (d: PlanDocument, y: number) => coversYear(vocabulary, d, y);
  const meant = [...years, ...relative.map((r) => r.year)];
  let docIds: string[];
  if (regions.length) {
    docIds = regions.flatMap((region) => {
      const own = documents.filter((d) => d.region === region);
      const covering = own.filter((d) => meant.some((y) => covers(d, y)));
      if (covering.length || meant.length === 0) return (covering.length ? covering : own).map((d) => d.id);
      // Only year words (今年) and no plan of that year yet: the newest plan of the region answers.
      if (years.length === 0) return newest(own).map((d) => d.id);
      return own.map((d) => d.id);
    });
  } else {
    docIds = meant.length ? documents.filter((d) => meant.some((y) => covers(d, y))).map((d) => d.id) : [];
  }
  docIds = [...new Set(docIds)];

  const inScope = docIds.length ? documents.filter((d) => docIds.includes(d.id)) : documents;
  const inRegion = regions.length ? documents.filter((d) => regions.includes(d.region)) : documents;
  const uncoveredYears = years.filter((y) => !inRegion.some((d) => covers(d, y)));
  const notYetPlanned = [...new Set(relative.map((r) => r.year))].filter((y) => years.length === 0 && !inScope.some((d) => covers(d, y)));
  const compare = new Set(docIds).size > 1 && regions.length > 1;

  // A place inside a named region (前海 in 深圳) is what the question is about, not another scope.
  const placeWords = regions.length ? [] : [...unknownPlaces, ...unknownPlaces.map(placeShortName)];
  const scopeWords = [...regionWords, ...placeWords, ...relative.map((r) => r.word)];
  return {
    scope: { regions, years, relativeYears: relative, docIds, notYetPlanned, uncoveredYears, unknownPlaces, compare },
    scopeWords,
  };
}

function newest(documents: PlanDocument[]): PlanDocument[] {
  const top = Math.max(...documents.map((d) => d.year));
  return documents.filter((d) => d.year === top);
}

/** Place names by their shape (坪山区, 佛山市) or as the bare names people type (北京, 福田). */
export function findPlaces(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(ADMIN_SUFFIX)) {
    const at = m.index!;
    // 区级, 市属, 县域: an adjective, not a place.
    if (NOT_A_PLACE_AFTER.test(text.charAt(at + m[0].length))) continue;
    for (let len = 2; len <= 4 && at - len >= 0; len++) {
      const name = text.slice(at - len, at);
      if (!/^\p{Script=Han}+$/u.test(name) || NOT_IN_A_NAME.test(name) || NOT_PLACES.has(name.slice(-1) + m[0])) break;
      if (NOT_PLACES.has(name + m[0]) || NOT_PLACES.has(text.slice(at - 1, at) + m[0])) break;
      found.add(name + m[0]);
      break;
    }
  }
  for (const name of BARE_PLACE_NAMES) if (text.includes(name)) found.add(name);
  return [...found];
}
