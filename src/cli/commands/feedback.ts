import { writeFile } from 'node:fs/promises';
import type { FeedbackRecord } from '../../store/feedback-table.js';
import { UsageError, dateOption, stringOption, type Command } from '../command.js';

/**
 * One thumbs-down as an eval-set line (the shape of eval/dev.jsonl): the question as asked, with nothing
 * filled in that a person has to judge. The notes keep what the bot cited, so whoever fills in the needles
 * sees what the wrong answer was built on.
 */
function evalLine(r: FeedbackRecord, n: number) {
  const cited = r.citedIds.length ? r.citedIds.join(', ') : 'none';
  const how = [r.mode && `mode ${r.mode}`, r.confidence && `confidence ${r.confidence}`, r.comment && `comment: ${r.comment}`].filter(Boolean).join('; ');
  return {
    id: `fb${String(n).padStart(3, '0')}`,
    question: r.question,
    type: 'lookup',
    doc: null,
    label: null,
    needles: [],
    units: [],
    answer_facts: [],
    notes: `feedback ${r.at.slice(0, 10)} (${r.channel}): bot cited ${cited}${how ? `; ${how}` : ''}`,
  };
}

function human(r: FeedbackRecord): string {
  const mark = { down: '✗', up: '✓', cancel: '·' }[r.verdict];
  const cited = r.citedIds.length ? r.citedIds.join(', ') : '—';
  return `${r.at.slice(0, 16).replace('T', ' ')}  ${mark} ${r.channel}${r.roomId ? `/${r.roomId}` : ''} ${r.userId}: ${r.question}\n    cited ${cited}; ${r.mode ?? '?'}, ${r.confidence ?? '?'}${r.comment ? `; “${r.comment}”` : ''}`;
}

const command: Command = {
  name: 'feedback',
  summary: 'list what people said about answers (/错了, WeCom ratings); --export writes thumbs-down ones as eval lines',
  usage: 'planbot feedback [--since YYYY-MM-DD] [--json] [--export FILE]',
  options: {
    since: { type: 'string', placeholder: 'YYYY-MM-DD', description: 'only feedback given on or after this date (UTC)' },
    export: { type: 'string', placeholder: 'FILE', description: 'write the thumbs-down ones as eval-set JSON lines (needles to fill in)' },
  },
  async run(ctx) {
    const since = dateOption(ctx, 'since');
    const file = stringOption(ctx, 'export');
    if (file !== undefined && file.trim() === '') throw new UsageError('--export: expected a file name');
    if (ctx.positionals.length) throw new UsageError(`unexpected argument "${ctx.positionals[0]}": feedback takes only options`);
    const { FeedbackTable } = await import('../../store/feedback-table.js');
    const table = await FeedbackTable.openAt(ctx.config.PLANBOT_DB);
    let records: FeedbackRecord[];
    try {
      records = await table.list({ since });
    } finally {
      table.dispose();
    }
    if (file !== undefined) {
      const down = records.filter((r) => r.verdict === 'down');
      await writeFile(file, down.map((r, i) => JSON.stringify(evalLine(r, i + 1))).join('\n') + (down.length ? '\n' : ''));
      ctx.print(
        { exported: down.length, file },
        `${down.length} thumbs-down answer(s) written to ${file} as eval lines; fill in doc, label, needles and units before adding them to the eval set.`,
      );
      return;
    }
    ctx.print(
      { feedback: records },
      records.length
        ? `${records.length} feedback entr${records.length === 1 ? 'y' : 'ies'}${since ? ` since ${since}` : ''}:\n${records.map(human).join('\n')}`
        : `no feedback${since ? ` since ${since}` : ''}`,
    );
  },
};
export default command;
