import { normalizeText } from '../store/normalize.js';
import type { Tokenizer } from '../store/tokenizer.js';
import { questionText } from '../text/mention.js';
import type { FollowUpAsk, Intent, Query, Role } from './query.js';
import { YEAR, readScope } from './scope.js';
import { matchUnits } from './units.js';
import type { QueryVocabulary } from './vocabulary.js';
import {
  DEADLINE_CUE,
  LEAD_CUE,
  LISTING_WORDS,
  META_ONLY,
  OVERVIEW_CUE,
  PARTNER_CUE,
  REFERS_BACK,
  RESPONSIBLE_CUES,
  REVIEW_CUE,
  TARGET_CUE,
  UNIT_LISTING_CUES,
  type Cue,
} from './words/cues.js';
import { QUESTION_FILLER } from './words/filler.js';
import { expandQuestion } from './words/thesaurus.js';

export interface UnderstandOptions {
  /** The bot's names, for removing its @-mention. */
  botNames: readonly string[];
  /** What 今年 means. */
  today: Date;
}

/** The shape of an office's name (医政科, 区疾控中心, 专项工作组): what a typed unit name that the corpus lacks ends with. */
const OFFICE_NAME = /(科|处|室|办|所|站|中心|院|局|委|会|组|队|部|协会|公司|街道)$/u;

/**
 * Question text → one `Query`. Everything later stages need to know about the question is decided here:
 * scope, intent, units and the role asked about, content terms and their official forms.
 */
export function understand(question: string, vocabulary: QueryVocabulary, tokenizer: Tokenizer, opts: UnderstandOptions): Query {
  const text = normalizeText(questionText(question.normalize('NFKC'), opts.botNames));
  const { scope, scopeWords } = readScope(text, vocabulary, opts.today);

  const responsibleSpans = spans(text, RESPONSIBLE_CUES);
  const listingSpans = spans(text, UNIT_LISTING_CUES);
  const overviewSpans = spans(text, [{ pattern: OVERVIEW_CUE, note: '' }]);

  // The content of the question: what is left once scope words and the words of asking are taken out.
  let content = removeAll(text, scopeWords);
  content = content.replace(new RegExp(YEAR.source, 'g'), ' ');
  content = removeAll(content, [...responsibleSpans, ...listingSpans]);
  const contentTerms = termsOf(content, tokenizer);

  let units = findUnits(text, vocabulary);
  let unitAsTyped: string | null = null;
  const unitWords = new Set(units.flatMap((u) => [u, ...tokenizer.words(u)].map(normalizeText)));
  const withoutUnits = contentTerms.filter((t) => !unitWords.has(t) && !units.some((u) => normalizeText(u).includes(t)));
  const residual = withoutUnits.filter((t) => !LISTING_WORDS.has(t));

  // An ownership cue after a name the corpus does not print as such (医政 → 医政科; 停车场管理处 → none).
  const ownerSpans = spans(
    text,
    UNIT_LISTING_CUES.filter((c) => c.namesOwner),
  );
  if (units.length === 0 && ownerSpans.length > 0) {
    const subject = listingSubject(text, ownerSpans[0]!, scopeWords);
    if (subject) {
      const match = matchUnits(
        subject,
        vocabulary.units.map((u) => u.unit),
      );
      if (match.matched.length) units = match.matched;
      else if (OFFICE_NAME.test(subject)) unitAsTyped = subject;
    }
  }
  const listingResidual = units.length && residual.length ? residual.filter((t) => !units.some((u) => normalizeText(u).includes(t))) : residual;
  const namesUnit = units.length > 0 || unitAsTyped !== null;
  const isListing = namesUnit && (listingResidual.length === 0 || (unitAsTyped !== null && residual.every((t) => unitAsTyped!.includes(t))));

  const overviewResidual = termsOf(removeAll(content, overviewSpans), tokenizer);
  const namesPlan = scope.regions.length > 0 || scope.years.length > 0;

  let intent: Intent;
  if (isListing) intent = 'unit-listing';
  else if (namesPlan && overviewSpans.length > 0 && overviewResidual.length === 0 && units.length === 0) intent = 'overview';
  else if (responsibleSpans.length > 0 && contentTerms.length > 0) intent = 'responsible';
  else if (DEADLINE_CUE.test(text)) intent = 'deadline';
  else if (TARGET_CUE.test(text)) intent = 'target';
  else intent = 'lookup';

  const terms = intent === 'unit-listing' ? [] : contentTerms;
  const expansions = expandQuestion(content);
  const reviewedYearAsked = scope.years.some((y) => {
    const inScope = vocabulary.documents.filter((d) => scope.docIds.length === 0 || scope.docIds.includes(d.id));
    return inScope.some((d) => (vocabulary.reviewYears.get(d.id) ?? []).includes(y)) && !inScope.some((d) => d.year === y);
  });
  const numbers = [...text.matchAll(/\d+(?:\.\d+)?%?/g)].map((m) => m[0]).filter((n) => !scope.years.includes(Number(n)));
  const searchBase = scope.docIds.length ? content : removeAll(text, [...responsibleSpans, ...listingSpans]);

  return {
    question,
    text,
    intent,
    followUp: namesPlan || namesUnit || residualBeyondMeta(text, contentTerms) ? null : followUpKind(text),
    role: roleAsked(text),
    scope,
    units,
    unitAsTyped: intent === 'unit-listing' ? unitAsTyped : null,
    terms,
    expansions,
    numbers,
    wantsReview: REVIEW_CUE.test(text) || reviewedYearAsked,
    searchText: [searchBase.replace(/\s+/g, ' ').trim() || text, ...expansions.flatMap((e) => e.official)].join(' '),
  };
}

/** Corpus units the question names, by a name they go by, longest first; a name inside a longer hit is not meant alone. */
export function findUnits(text: string, vocabulary: QueryVocabulary): string[] {
  const hits: Array<{ unit: string; alias: string }> = [];
  for (const { unit, aliases } of vocabulary.units) {
    const alias = aliases.find((a) => text.includes(a));
    if (alias) hits.push({ unit, alias });
  }
  return hits.filter((h) => !hits.some((o) => o !== h && o.alias.length > h.alias.length && o.alias.includes(h.alias))).map((h) => h.unit);
}

/** 牵头 alone asks for led items, 配合/参与 alone for partnered ones; both or neither: any. */
export function roleAsked(text: string): Role {
  const lead = LEAD_CUE.test(text);
  const partner = PARTNER_CUE.test(text);
  if (lead && !partner) return 'lead';
  if (partner && !lead) return 'partner';
  return 'any';
}

/** What a short question about the last answer wants of it; null when it is a question of its own. */
export function followUpKind(text: string): FollowUpAsk | null {
  const q = text.trim();
  if (q.length > 30 || (!REFERS_BACK.test(q) && !META_ONLY.test(q))) return null;
  if (/(责任单位|责任科室|负责单位|谁负责|哪个科室|哪些单位|谁来|牵头|谁管)/u.test(q)) return 'units';
  if (/(第几条|哪一条|哪条|出处|依据|哪个文件|哪份)/u.test(q)) return 'cite';
  if (DEADLINE_CUE.test(q)) return 'deadline';
  if (/(原文|全文|详细|具体|展开)/u.test(q)) return 'text';
  return null;
}

/** A follow-up names nothing of its own: content words beyond "it", "this" and the thing asked mean a new question. */
function residualBeyondMeta(text: string, terms: string[]): boolean {
  if (META_ONLY.test(text.trim())) return false;
  const meta =
    /^(那|那么|这|这个|这条|该条|它|上面|刚才|上一条|前面|上述|这项|该项|这一条|责任|单位|科室|负责|期限|截止|时间|日期|时限|完成|原文|全文|出处|依据|详细|具体|展开|条|第几|哪条|文件|呢|是|谁|什么|啥)+$/u;
  return terms.some((t) => !meta.test(t));
}

function termsOf(text: string, tokenizer: Tokenizer): string[] {
  return [...new Set(tokenizer.words(text))].filter((t) => !QUESTION_FILLER.has(t) && !/^\d+(\.\d+)?%?$/.test(t) && !/^(19|20)\d{2}年?$/.test(t));
}

function spans(text: string, cues: readonly Cue[]): string[] {
  const out: string[] = [];
  for (const { pattern } of cues) for (const m of text.matchAll(new RegExp(pattern.source, 'gu'))) if (m[0]) out.push(m[0]);
  return out;
}

function removeAll(text: string, parts: string[]): string {
  let out = text;
  for (const p of [...new Set(parts)].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(p).join(' ');
  return out;
}

/** The words before a listing cue, without scope words and fillers: the unit the question is about (医政 in 医政负责哪些). */
function listingSubject(text: string, cue: string, scopeWords: string[]): string {
  const before = text.slice(0, text.indexOf(cue));
  let subject = removeAll(before, scopeWords).replace(new RegExp(YEAR.source, 'g'), ' ');
  subject = subject.replace(/(我们|我在|我是|咱们|在|的|那边|这边|今年|工作要点里?|要点里?)/gu, ' ');
  const parts = subject.split(/[\s,，。?？!！、]+/u).filter(Boolean);
  return parts.at(-1) ?? '';
}
