import { openRuntime } from '../../app/runtime.js';
import { unitRolesText, type PlanItem } from '../../items/index.js';
import { UsageError, type Command } from '../command.js';

function human(unit: string, matched: string[], items: PlanItem[], suggestions: string[]): string {
  if (items.length === 0) {
    return `没有找到以“${unit}”为责任单位的条目。${suggestions.length ? `你是不是要找:${suggestions.join('、')}?` : ''}`;
  }
  const head = `${matched.join('、')}:${items.length}条`;
  return [head, ...items.map((i) => `${i.cite} ${i.title}\n  ${unitRolesText(i)}`)].join('\n');
}

const command: Command = {
  name: 'unit',
  summary: 'every item that lists a responsible unit (医政 finds 医政科)',
  usage: 'planbot unit "医政科" [--json]',
  options: {},
  async run(ctx) {
    const query = ctx.positionals.join(' ').trim();
    if (!query) throw new UsageError('give a unit name, for example: planbot unit "医政科"');
    const runtime = await openRuntime(ctx.config, ctx.log);
    try {
      const r = await runtime.retriever.unit(query);
      ctx.print({ unit: r.unit, matched: r.matched, items: r.items, suggestions: r.suggestions }, human(r.unit, r.matched, r.items, r.suggestions));
    } finally {
      await runtime.close();
    }
  },
};
export default command;
