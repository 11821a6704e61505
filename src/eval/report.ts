import type { EvalRun } from './run.js';
import { aggregate, isCheckQuestion, type Aggregate, type EvalReport } from './score.js';

const pct = (x: number | null) => (x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`);
const row = (name: string, a: Aggregate | undefined, b: Aggregate | undefined) =>
  `${name.padEnd(12)}${String(a?.questions ?? b?.questions ?? 0).padStart(3)}   ${pct(a?.recall1 ?? null)} ${pct(a?.recall5 ?? null)} ${pct(a?.mrr ?? null)}   │ ${pct(b?.recall1 ?? null)} ${pct(b?.recall5 ?? null)} ${pct(b?.mrr ?? null)}`;

/** The side-by-side table `npm run eval` prints. */
export function formatReport(run: EvalRun): string {
  const p = run.planbot;
  const b = run.baseline;
  const types = [...new Set([...Object.keys(p.byType), ...Object.keys(b?.byType ?? {})])];
  const lines = [
    `${''.padEnd(15)}${'planbot'.padEnd(27)}│ ${b ? b.system : 'baseline (off)'}`,
    `${'type'.padEnd(12)}  n   recall@1 recall@5    MRR   │ recall@1 recall@5    MRR`,
    ...types.map((t) => row(t, p.byType[t], b?.byType[t])),
    row('all', p.overall, b?.overall),
    '',
    `negatives answered "not found" (no confident reply): planbot ${p.negatives.rejected}/${p.negatives.total}, confidently answered ${p.negatives.confident}${b ? `; baseline ${b.negatives.rejected}/${b.negatives.total}` : ''}`,
    `confident replies: ${p.confidentReplies}, confident precision (top 5 holds the answer): ${pct(p.confidentPrecision)}`,
    `answerable questions answered "not found": planbot ${p.falseRejections}${b ? `, baseline ${b.falseRejections}` : ''}`,
    `answer facts: ${pct(p.facts)}   units named: ${pct(p.units)}   invented units: ${p.inventedUnits}`,
    `latency per question: p50 ${p.latencyMs.p50.toFixed(1)} ms, p95 ${p.latencyMs.p95.toFixed(1)} ms`,
    '',
    'tuning part and check part (every third question by id; nothing was tuned on it):',
    ...parts(p),
    '',
    'calibration (score bucket → replies, share whose cited items hold the answer):',
    ...p.calibration.map((c) => `  ${c.from.toFixed(1)}–${c.to.toFixed(1)}  ${String(c.replies).padStart(3)}  ${pct(c.holding)}`),
    '',
    'not confident, or missed (planbot):',
    ...misses(p),
  ];
  return lines.join('\n');
}

function parts(r: EvalReport): string[] {
  return [false, true].map((check) => {
    const a = aggregate(
      check ? 'check' : 'tuning',
      r.questions.filter((q) => isCheckQuestion(q.id) === check),
    );
    const para = a.byType.paraphrase;
    return `  ${a.system.padEnd(7)} n ${String(a.questions.length).padStart(3)}  recall@5 ${pct(a.overall.recall5)}  paraphrase ${pct(para?.recall5 ?? null)}  MRR ${pct(a.overall.mrr)}  confident precision ${pct(a.confidentPrecision)}  negatives confident ${a.negatives.confident}/${a.negatives.total}`;
  });
}

function misses(r: EvalReport): string[] {
  const out = r.questions
    .filter((q) => (q.type === 'negative' ? q.confidence === 'confident' : (q.recall5 ?? 0) < 1 || q.confidence !== 'confident'))
    .map(
      (q) =>
        `  ${q.id} [${q.type}] ${q.confidence} ${(q.score ?? 0).toFixed(2)}${q.type === 'negative' ? '' : ` recall@5 ${pct(q.recall5)}`}: ${q.question}  → ${q.citations.slice(0, 5).join(', ') || '(none)'}`,
    );
  return out.length ? out : ['  (none)'];
}

/**
 * Several embedders on the same questions, one column each: recall@5 by type, paraphrases, confident
 * precision, negatives answered confidently, MRR.
 */
export function formatComparison(runs: Array<{ name: string; run: EvalRun }>): string {
  const types = [...new Set(runs.flatMap((r) => Object.keys(r.run.planbot.byType)))];
  const width = Math.max(16, ...runs.map((r) => r.name.length + 2));
  const col = (x: string) => x.padStart(width);
  const line = (label: string, f: (r: EvalReport) => string) => `${label.padEnd(26)}${runs.map((r) => col(f(r.run.planbot))).join('')}`;
  return [
    `${''.padEnd(26)}${runs.map((r) => col(r.name)).join('')}`,
    ...types.map((t) => line(`recall@5 ${t}`, (r) => pct(r.byType[t]?.recall5 ?? null).trim())),
    line('recall@5 all', (r) => pct(r.overall.recall5).trim()),
    line('MRR', (r) => pct(r.overall.mrr).trim()),
    line('confident precision', (r) => pct(r.confidentPrecision).trim()),
    line('negatives confident', (r) => `${r.negatives.confident}/${r.negatives.total}`),
    line('confident replies', (r) => String(r.confidentReplies)),
    line('latency p50 / p95 ms', (r) => `${r.latencyMs.p50.toFixed(0)} / ${r.latencyMs.p95.toFixed(0)}`),
  ].join('\n');
}
