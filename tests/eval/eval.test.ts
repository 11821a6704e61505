import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { runEval, type EvalRun } from '../../src/eval/run.js';
import { answererAsk } from '../../src/eval/answerer-ask.js';
import { aggregate, isCheckQuestion, scoreOne } from '../../src/eval/score.js';
import { SEEDS_DIR } from '../helpers/seeds.js';

const repo = join(import.meta.dirname, '..', '..');
// The repository's copy of the dev set, so that a fresh clone tests the same questions as a checkout beside shared/.
const DEV = join(repo, 'eval', 'dev.jsonl');

describe('answer quality on the dev questions (default, offline embedder)', () => {
  let run: EvalRun;
  beforeAll(async () => {
    run = await runEval({ file: DEV, seedsDir: SEEDS_DIR, log: silentLogger, ask: answererAsk(silentLogger) });
  }, 300_000);
  const part = (check: boolean) =>
    aggregate(
      'part',
      run.planbot.questions.filter((q) => isCheckQuestion(q.id) === check),
    );

  it('finds the answer in the top 5 of confident and tentative replies: recall@5 ≥ 0.92, paraphrases ≥ 0.85', () => {
    expect(existsSync(DEV), 'eval/dev.jsonl is missing').toBe(true);
    expect(run.planbot.overall.questions).toBeGreaterThanOrEqual(100);
    expect(run.planbot.overall.recall5).toBeGreaterThanOrEqual(0.92);
    expect(run.planbot.byType.paraphrase!.recall5).toBeGreaterThanOrEqual(0.85);
    expect(run.planbot.overall.recall5).toBeGreaterThan(run.baseline!.overall.recall5);
  });

  it('is right when it is confident (precision ≥ 0.95) and confident about at most 2 negatives', () => {
    expect(run.planbot.confidentReplies).toBeGreaterThan(40);
    expect(run.planbot.confidentPrecision).toBeGreaterThanOrEqual(0.95);
    expect(run.planbot.negatives.total).toBeGreaterThanOrEqual(15);
    expect(run.planbot.negatives.confident).toBeLessThanOrEqual(2);
  });

  it('holds on the check part (every third question), which no rule or weight was tuned on', () => {
    const check = part(true);
    expect(check.overall.questions).toBeGreaterThanOrEqual(30);
    expect(check.overall.recall5).toBeGreaterThanOrEqual(0.9);
    expect(check.confidentPrecision).toBeGreaterThanOrEqual(0.95);
    expect(check.negatives.confident).toBeLessThanOrEqual(1);
  });

  it('answers with the facts and units the questions need, and invents no unit', () => {
    const facts = (type: string) => {
      const scored = run.planbot.questions.filter((s) => s.type === type && s.facts !== null);
      return scored.reduce((n, s) => n + s.facts!, 0) / scored.length;
    };
    expect(facts('target')).toBeGreaterThanOrEqual(0.9);
    expect(facts('deadline')).toBeGreaterThanOrEqual(0.9);
    const unitQuestions = run.planbot.questions.filter((s) => s.type === 'unit');
    expect(unitQuestions.length).toBeGreaterThan(0);
    expect(unitQuestions.every((s) => s.units === 1 && s.recall5 === 1)).toBe(true);
    expect(run.planbot.inventedUnits).toBe(0);
  });

  it('prints a calibration table in which higher scores hold the answer more often', () => {
    const rows = run.planbot.calibration;
    expect(rows.reduce((n, r) => n + r.replies, 0)).toBe(run.planbot.questions.length);
    const above = rows.filter((r) => r.from >= 0.4);
    const below = rows.filter((r) => r.to <= 0.2);
    const share = (rs: typeof rows) =>
      rs.reduce((n, r) => n + r.holding * r.replies, 0) /
      Math.max(
        1,
        rs.reduce((n, r) => n + r.replies, 0),
      );
    expect(share(above)).toBeGreaterThan(share(below));
  });
});

describe('scoring', () => {
  const q = { id: 'x', question: 'q', type: 'lookup' as const, needles: ['甲 乙', '丙'], units: ['医政科'], answer_facts: ['3家'], doc: null, label: null };
  it('matches needles without whitespace, counts recall at 1 and 5, and reciprocal rank', () => {
    const s = scoreOne(
      q,
      {
        answered: true,
        answer: '共3家,医政科负责',
        citations: [
          { id: 'a', text: '无关', units: [] },
          { id: 'b', text: '甲乙', units: ['医政科'] },
          { id: 'c', text: '丙', units: [] },
        ],
      },
      5,
      1,
      ['医政科', '医管科'],
    );
    expect([s.recall1, s.recall5, s.rr, s.facts, s.units]).toEqual([0, 1, 0.5, 1, 1]);
    expect(s.inventedUnits).toEqual([]);
  });
  it('flags a unit the reply attributes that no citation lists, not one quoted from item text', () => {
    const cited = [{ id: 'a', text: '推进区妇幼保健院建设', units: ['医政科'] }];
    const units = ['医政科', '医管科', '区妇幼保健院'];
    const s = scoreOne(q, { answered: true, answer: '推进区妇幼保健院建设。\n依据:《甲》第1条\n责任单位:医政科、医管科', citations: cited }, 5, 1, units);
    expect(s.inventedUnits).toEqual(['医管科']);
    const prose = scoreOne(q, { answered: true, answer: '由医管科负责', citations: cited }, 5, 1, units);
    expect(prose.inventedUnits).toEqual(['医管科']);
  });
  it('counts a negative as rejected only when not answered', () => {
    const neg = { ...q, type: 'negative' as const, needles: [] };
    expect(scoreOne(neg, { answered: false, answer: '', citations: [] }, 5, 1, []).rejected).toBe(true);
    expect(scoreOne(neg, { answered: true, answer: '', citations: [] }, 5, 1, []).rejected).toBe(false);
  });
});
