import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { runEval } from '../../src/eval/run.js';
import { answererAsk } from '../../src/eval/answerer-ask.js';
import { scoreOne } from '../../src/eval/score.js';
import { SEEDS_DIR } from '../helpers/seeds.js';

const repo = join(import.meta.dirname, '..', '..');
const DEV = [join(repo, '..', 'shared', 'eval', 'dev.jsonl'), join(repo, 'eval', 'dev.jsonl')].find(existsSync);

describe('retrieval quality on the dev questions (default, offline embedder)', () => {
  it.runIf(DEV)('reaches recall@5 ≥ 0.95 and rejects at least 2 of 3 negatives, above the naive baseline', async () => {
    const { planbot, baseline } = await runEval({ file: DEV!, seedsDir: SEEDS_DIR, log: silentLogger });
    expect(planbot.overall.questions).toBeGreaterThanOrEqual(20);
    expect(planbot.overall.recall5).toBeGreaterThanOrEqual(0.95);
    expect(planbot.negatives.total).toBeGreaterThanOrEqual(3);
    expect(planbot.negatives.rejected).toBeGreaterThanOrEqual(2);
    expect(planbot.overall.mrr).toBeGreaterThan(baseline!.overall.mrr);
  });

  it.runIf(DEV)('answers with the facts and units the questions need, and invents no unit', async () => {
    const { planbot } = await runEval({ file: DEV!, seedsDir: SEEDS_DIR, log: silentLogger, ask: answererAsk(silentLogger), baseline: false });
    const facts = (type: string) => {
      const scored = planbot.questions.filter((s) => s.type === type && s.facts !== null);
      return scored.reduce((n, s) => n + s.facts!, 0) / scored.length;
    };
    expect(facts('target')).toBeGreaterThanOrEqual(0.9);
    expect(facts('deadline')).toBeGreaterThanOrEqual(0.9);
    const unitQuestions = planbot.questions.filter((s) => s.type === 'unit');
    expect(unitQuestions.length).toBeGreaterThan(0);
    expect(unitQuestions.every((s) => s.units === 1)).toBe(true);
    expect(planbot.inventedUnits).toBe(0);
    expect(planbot.negatives.rejected).toBeGreaterThanOrEqual(2);
  });

  it('fails loudly when the dev file is missing rather than passing with nothing', () => {
    expect(DEV, 'dev.jsonl not found beside the repository (../shared/eval/dev.jsonl)').toBeDefined();
  });
});

describe('scoring', () => {
  const q = { id: 'x', question: 'q', type: 'lookup' as const, needles: ['甲 乙', '丙'], units: ['医政科'], answer_facts: ['3家'], doc: null, label: null };
  it('matches needles without whitespace, counts recall at 1 and 5, and reciprocal rank', () => {
    const s = scoreOne(q, { answered: true, answer: '共3家,医政科负责', citations: [{ id: 'a', text: '无关', units: [] }, { id: 'b', text: '甲乙', units: ['医政科'] }, { id: 'c', text: '丙', units: [] }] }, 5, 1, ['医政科', '医管科']);
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
