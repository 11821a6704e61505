import type { EvalQuestion } from './dataset.js';

/** What a system under evaluation answers: the `ask --json` shape, at least these fields. */
export interface EvalCitation {
  id: string;
  text: string;
  units: string[];
}
export interface EvalAnswer {
  /** Confident answers only (the `ask --json` contract). */
  answered: boolean;
  /** Graded answer; a system that only says answered/not is read as confident/none. */
  confidence?: 'confident' | 'tentative' | 'none';
  /** The calibrated score behind the grade, where the system has one. */
  score?: number;
  answer: string;
  citations: EvalCitation[];
}
export type AskFunction = (question: string) => Promise<EvalAnswer>;

export interface QuestionScore {
  id: string;
  type: EvalQuestion['type'];
  question: string;
  answered: boolean;
  confidence: 'confident' | 'tentative' | 'none';
  score: number | null;
  /** Share of needles in the top-1 / top-5 citations (unit questions: all citations); null for negatives. */
  recall1: number | null;
  recall5: number | null;
  /** 1 / rank of the first citation holding a needle; 0 when none does. */
  rr: number | null;
  /** Negatives: the system said "not found". */
  rejected: boolean | null;
  /** Share of answer_facts in the reply; null when the question lists none. */
  facts: number | null;
  /** Share of expected units named in the reply; null when the question lists none. */
  units: number | null;
  /** Known units the reply names that no cited item lists. */
  inventedUnits: string[];
  citations: string[];
  ms: number;
}

export interface Aggregate {
  questions: number;
  recall1: number;
  recall5: number;
  mrr: number;
}

export interface CalibrationRow {
  /** Lower bound of the score bucket. */
  from: number;
  to: number;
  replies: number;
  /** Share of these replies whose cited items hold the answer (negatives never do). */
  holding: number;
}

export interface EvalReport {
  system: string;
  byType: Record<string, Aggregate>;
  overall: Aggregate;
  negatives: { total: number; rejected: number; confident: number };
  /** Share of confident replies to answerable questions whose top 5 holds the answer; null with none confident. */
  confidentPrecision: number | null;
  confidentReplies: number;
  calibration: CalibrationRow[];
  /** Answers wrongly withheld: non-negative questions answered "not found". */
  falseRejections: number;
  facts: number | null;
  units: number | null;
  inventedUnits: number;
  latencyMs: { p50: number; p95: number };
  questions: QuestionScore[];
}

const squash = (s: string) => s.replace(/\s+/g, '');

export interface ScoreOptions {
  k?: number;
  /** Every unit name of the corpus, to spot units the reply names that its citations do not list. */
  knownUnits?: string[];
}

/** Runs every question through `ask` and scores it as ../shared/eval/README.md describes. */
export async function scoreRun(system: string, questions: EvalQuestion[], ask: AskFunction, opts: ScoreOptions = {}): Promise<EvalReport> {
  const k = opts.k ?? 5;
  const scores: QuestionScore[] = [];
  for (const q of questions) {
    const started = performance.now();
    const res = await ask(q.question);
    const ms = performance.now() - started;
    scores.push(scoreOne(q, res, k, ms, opts.knownUnits ?? []));
  }
  return aggregate(system, scores);
}

export function scoreOne(q: EvalQuestion, res: EvalAnswer, k: number, ms: number, knownUnits: string[]): QuestionScore {
  const confidence = res.confidence ?? (res.answered ? 'confident' : 'none');
  // Tentative replies cite their closest items: they count for recall, not as answers.
  const texts = confidence === 'none' ? [] : res.citations.map((c) => squash(c.text));
  const needles = q.needles.map(squash);
  const all = q.type === 'unit';
  const share = (top: string[]) => (needles.length ? needles.filter((n) => top.some((t) => t.includes(n))).length / needles.length : 0);
  const negative = q.type === 'negative';
  const firstRank = texts.findIndex((t) => needles.some((n) => t.includes(n)));
  const reply = squash(res.answer);
  const citedUnits = new Set(res.citations.flatMap((c) => c.units));
  return {
    id: q.id,
    type: q.type,
    question: q.question,
    answered: res.answered,
    confidence,
    score: res.score ?? null,
    recall1: negative ? null : share(all ? texts : texts.slice(0, 1)),
    recall5: negative ? null : share(all ? texts : texts.slice(0, k)),
    rr: negative ? null : firstRank === -1 ? 0 : 1 / (firstRank + 1),
    rejected: negative ? !res.answered : null,
    facts: q.answer_facts.length && !negative ? q.answer_facts.filter((f) => reply.includes(squash(f))).length / q.answer_facts.length : null,
    units: q.units.length && !negative ? q.units.filter((u) => reply.includes(squash(u))).length / q.units.length : null,
    inventedUnits: res.answered ? attributedUnits(res.answer, knownUnits).filter((u) => !citedUnits.has(u)) : [],
    citations: res.citations.map((c) => c.id),
    ms,
  };
}

/**
 * The units a reply attributes responsibility to: what its 责任单位 lines print, or, in a reply without such
 * lines (an LLM's prose), units named right after 由/责任单位/牵头单位. A unit name inside a quoted sentence
 * (龙岗中心医院、区妇幼保健院与…共建) is the document's own text, not an attribution, and does not count.
 */
export function attributedUnits(reply: string, knownUnits: string[]): string[] {
  const lines = [...reply.matchAll(/^责任(?:单位|科室)[::](.+)$/gm)].map((m) => m[1]!);
  if (lines.length === 0) return knownUnits.filter((u) => new RegExp(`(由|责任单位|负责单位|牵头单位)[^。\n]{0,6}${u}`).test(reply));
  return [
    ...new Set(
      lines.flatMap((l) =>
        l
          .split(/[、,,]/)
          .map((u) => u.trim())
          .filter(Boolean),
      ),
    ),
  ];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function aggregateOf(scores: QuestionScore[]): Aggregate {
  return {
    questions: scores.length,
    recall1: mean(scores.map((s) => s.recall1!)),
    recall5: mean(scores.map((s) => s.recall5!)),
    mrr: mean(scores.map((s) => s.rr!)),
  };
}

/** The reply's cited items hold (part of) the answer: what "right" means for a confident reply. */
export const holds = (s: QuestionScore) => s.type !== 'negative' && (s.recall5 ?? 0) > 0;

const BUCKETS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001];

/** Score bucket → share of replies whose citations hold the answer: how far the score can be trusted. */
export function calibrate(scores: QuestionScore[]): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (let i = 0; i + 1 < BUCKETS.length; i++) {
    const [from, to] = [BUCKETS[i]!, BUCKETS[i + 1]!];
    const inside = scores.filter((s) => s.score !== null && s.score >= from && s.score < to);
    if (inside.length) rows.push({ from, to: Math.min(1, to), replies: inside.length, holding: inside.filter(holds).length / inside.length });
  }
  return rows;
}

/** Every third question by id number is kept for checking; the rest is what rules and weights may be tuned on. */
export function isCheckQuestion(id: string): boolean {
  const n = Number(id.replace(/\D/g, ''));
  return Number.isFinite(n) && n % 3 === 0;
}

export function aggregate(system: string, scores: QuestionScore[]): EvalReport {
  const positive = scores.filter((s) => s.type !== 'negative');
  const confidentPositive = positive.filter((s) => s.confidence === 'confident');
  const byType: Record<string, Aggregate> = {};
  for (const type of [...new Set(positive.map((s) => s.type))]) byType[type] = aggregateOf(positive.filter((s) => s.type === type));
  const negatives = scores.filter((s) => s.type === 'negative');
  const facts = scores.filter((s) => s.facts !== null);
  const units = scores.filter((s) => s.units !== null);
  return {
    system,
    byType,
    overall: aggregateOf(positive),
    negatives: {
      total: negatives.length,
      rejected: negatives.filter((s) => s.rejected).length,
      confident: negatives.filter((s) => s.confidence === 'confident').length,
    },
    confidentPrecision: confidentPositive.length ? confidentPositive.filter(holds).length / confidentPositive.length : null,
    confidentReplies: scores.filter((s) => s.confidence === 'confident').length,
    calibration: calibrate(scores),
    falseRejections: positive.filter((s) => !s.answered).length,
    facts: facts.length ? mean(facts.map((s) => s.facts!)) : null,
    units: units.length ? mean(units.map((s) => s.units!)) : null,
    inventedUnits: scores.reduce((n, s) => n + s.inventedUnits.length, 0),
    latencyMs: {
      p50: percentile(
        scores.map((s) => s.ms),
        50,
      ),
      p95: percentile(
        scores.map((s) => s.ms),
        95,
      ),
    },
    questions: scores,
  };
}
