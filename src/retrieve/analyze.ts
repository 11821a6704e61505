import type { PlanDocument } from '../items/index.js';
import { normalizeText } from '../store/normalize.js';
import { regionAliases } from '../items/region-name.js';
import type { Tokenizer } from '../store/tokenizer.js';
import { ADMIN_SUFFIX, BARE_PLACE_NAMES, NOT_A_PLACE_AFTER, NOT_IN_A_NAME, NOT_PLACES } from './places.js';
import { expandQuestion, type Expansion } from './thesaurus.js';
import { unitAliases } from './units.js';

/** What a question names and asks for, as far as retrieval and answering need to know. */
export interface QuestionAnalysis {
  question: string;
  /** Normalised, with the bot mention removed. */
  text: string;
  /** Corpus regions the question names (龙岗 → 龙岗区). */
  regions: string[];
  /** Years the question names (2018, 2022年). */
  years: number[];
  /** Years named that no document (of the named regions) plans for or reviews. */
  uncoveredYears: number[];
  /** The documents the question points at (by region and/or year); empty: all. */
  docIds: string[];
  /** Places named that no document is about (坪山区): a plan of another region cannot answer for them. */
  unknownPlaces: string[];
  /** Responsible units the question names, as the documents print them. */
  units: string[];
  /** The question asks what a unit is responsible for: the answer is every item of the unit. */
  unitListing: boolean;
  /** The question asks about results (成效, 完成了, 去年), so review paragraphs are as good as plan items. */
  wantsReview: boolean;
  /** Two or more documents named: each gets its own results. */
  compare: boolean;
  /** Numbers in the question, as typed (3000, 27%). */
  numbers: string[];
  /** Content terms (dictionary words without stop words, places, years): what an answer has to be about. */
  terms: string[];
  /** Everyday words of the question and the official terms plans use for them (卫生间 → 厕所). */
  expansions: Expansion[];
}

export interface CorpusVocabulary {
  documents: PlanDocument[];
  /** Every responsible unit the items list. */
  units: string[];
  /** Years that documents review (the year before a plan year, where the document has review items). */
  reviewYears: Map<string, number[]>;
}

const MENTION = /@\S+\s*/gu;
// A year the question is about; not an edition (2021版), a number (2021号) or a range's start (2021-2025).
const YEAR = /((?:19|20)\d{2})(?![\d版号\-—~至])\s*年?/g;
/** Questions about results rather than plans. */
const REVIEW_CUES = /(成效|成绩|成果|完成了|完成情况|完成得|做得怎么样|做了哪些|做了什么|取得|实现了|已经|去年|上一年|回顾|总结|情况)/u;
/** Words that, with a unit, make a question "what does this unit do" and nothing more. */
const LISTING_WORDS = new Set(['负责', '承担', '牵头', '分管', '主管', '工作', '要点', '工作要点', '任务', '事项', '条目', '职责', '几条', '条', '项', '哪', '管', '干', '具体']);

/** The years a question is about. Titles quoted in 《》 name documents, not the year asked about. */
export function yearsNamed(text: string): number[] {
  return [...new Set([...text.replace(/《[^》]*》/g, ' ').matchAll(YEAR)].map((m) => Number(m[1])))];
}

export function analyzeQuestion(question: string, corpus: CorpusVocabulary, tokenizer: Tokenizer): QuestionAnalysis {
  const text = normalizeText(question.replace(MENTION, ' '));

  // Titles quoted in 《》 name documents, not the year asked about.
  const years = yearsNamed(text);
  const regionHits = new Map<string, string[]>();
  for (const d of corpus.documents) {
    for (const alias of regionAliases(d.region)) {
      if (text.includes(normalizeText(alias))) regionHits.set(d.region, [...(regionHits.get(d.region) ?? []), alias]);
    }
  }
  const regions = [...regionHits.keys()];
  const docIds = scopeDocuments(corpus, regions, years);
  const known = new Set(corpus.documents.flatMap((d) => regionAliases(d.region).map(normalizeText)));
  const unknownPlaces = findPlaces(text).filter((p) => !known.has(p) && ![...known].some((k) => k.includes(p) || p.includes(k)));

  const units = findUnits(text, corpus.units);
  const placeWords = new Set([...regionHits.values()].flat().map(normalizeText).concat(unknownPlaces, unknownPlaces.map(placeShortName)));
  // Places and years chose the scope; as content terms they would only be half-segmented noise (坪 + 山区).
  let contentText = text;
  for (const p of [...placeWords].sort((a, b) => b.length - a.length)) contentText = contentText.split(p).join(' ');
  contentText = contentText.replace(YEAR, ' ');
  const tokens = tokenizer.words(contentText);
  const unitWords = new Set(units.flatMap((u) => tokenizer.tokens(u)));
  const terms = [...new Set(tokens)].filter((t) => !placeWords.has(t) && !/^\d+$/.test(t) && !/^(19|20)\d{2}年?$/.test(t) && !regionWordPart(t, placeWords));
  const residual = terms.filter((t) => !unitWords.has(t) && !LISTING_WORDS.has(t));
  const unitListing = units.length > 0 && residual.length === 0;

  // A year the scoped documents review but do not plan for (广州 2021, 东莞 2017) asks about results.
  const scoped = corpus.documents.filter((d) => docIds.length === 0 || docIds.includes(d.id));
  const asksReviewedYear = years.some((y) => scoped.some((d) => (corpus.reviewYears.get(d.id) ?? []).includes(y)) && !scoped.some((d) => d.year === y));
  const wantsReview = REVIEW_CUES.test(text) || asksReviewedYear;
  const numbers = [...text.matchAll(/\d+(?:\.\d+)?%?/g)].map((m) => m[0]).filter((n) => !years.includes(Number(n)));

  // A year no document of the named regions plans for or reviews (龙岗2025年…): only an item that speaks of
  // that very year can answer; the retriever checks.
  const inRegion = regions.length ? corpus.documents.filter((d) => regions.includes(d.region)) : corpus.documents;
  const uncoveredYears = years.filter((y) => !inRegion.some((d) => d.year === y || (corpus.reviewYears.get(d.id) ?? []).includes(y)));

  return { question, text, regions, years, uncoveredYears, docIds, unknownPlaces, units, unitListing, wantsReview, compare: new Set(docIds).size > 1 && regions.length > 1, numbers, terms, expansions: expandQuestion(text) };
}

/** 坪山区 → 坪山: how the documents' text would mention the place. */
export function placeShortName(place: string): string {
  const short = place.replace(/(特别行政区|自治区|自治州|新区|市|区|县)$/u, '');
  return short.length >= 2 ? short : place;
}

/** A token that is part of a named place (岗区 from 龙岗区 in search mode) says nothing about content. */
function regionWordPart(token: string, places: Set<string>): boolean {
  for (const p of places) if (p.length > token.length && p.includes(token) && /区|市|县/.test(token)) return true;
  return false;
}

/**
 * The documents a question is about. Regions pick their documents; a year narrows them (a document covers its
 * plan year and the year it reviews). A year alone picks the documents of that year.
 */
function scopeDocuments(corpus: CorpusVocabulary, regions: string[], years: number[]): string[] {
  const covers = (d: PlanDocument, y: number) => d.year === y || (corpus.reviewYears.get(d.id) ?? []).includes(y);
  if (regions.length) {
    const byRegion = corpus.documents.filter((d) => regions.includes(d.region));
    const byYear = byRegion.filter((d) => years.length === 0 || years.some((y) => covers(d, y)));
    return (byYear.length ? byYear : byRegion).map((d) => d.id);
  }
  if (years.length) return corpus.documents.filter((d) => years.some((y) => covers(d, y))).map((d) => d.id);
  return [];
}

function findPlaces(text: string): string[] {
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

/** Corpus units the question names, by the unit's printed name or a short form (医政 → 医政科), longest first. */
export function findUnits(text: string, units: string[]): string[] {
  const hits: Array<{ unit: string; alias: string }> = [];
  for (const unit of units) {
    const alias = unitAliases(unit).find((a) => a.length >= 2 && text.includes(normalizeText(a)));
    if (alias) hits.push({ unit, alias });
  }
  // A unit whose alias lies inside another hit's alias (区属各医院 inside …) is not meant on its own.
  return hits
    .filter((h) => !hits.some((o) => o !== h && o.alias.length > h.alias.length && o.alias.includes(h.alias)))
    .map((h) => h.unit);
}

