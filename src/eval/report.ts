import type { EvalRun, } from './run.js';
import type { Aggregate, EvalReport } from './score.js';

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
    `negatives rejected: planbot ${p.negatives.rejected}/${p.negatives.total}${b ? `, baseline ${b.negatives.rejected}/${b.negatives.total}` : ''}`,
    `answerable questions answered "not found": planbot ${p.falseRejections}${b ? `, baseline ${b.falseRejections}` : ''}`,
    `answer facts: ${pct(p.facts)}   units named: ${pct(p.units)}   invented units: ${p.inventedUnits}`,
    `latency per question: p50 ${p.latencyMs.p50.toFixed(1)} ms, p95 ${p.latencyMs.p95.toFixed(1)} ms`,
    '',
    'misses (planbot):',
    ...misses(p),
  ];
  return lines.join('\n');
}

function misses(r: EvalReport): string[] {
  const out = r.questions
    .filter((q) => (q.type === 'negative' ? !q.rejected : (q.recall5 ?? 0) < 1 || !q.answered))
    .map((q) => `  ${q.id} [${q.type}] ${q.type === 'negative' ? 'answered' : `recall@5 ${pct(q.recall5)}${q.answered ? '' : ', said not found'}`}: ${q.question}  → ${q.citations.slice(0, 5).join(', ') || '(none)'}`);
  return out.length ? out : ['  (none)'];
}
