import { existsSync } from 'node:fs';
import { parseFolder } from '../../parse/index.js';
import { addDays, dateInZone } from '../../remind/calendar.js';
import { formatTargets } from '../../remind/format.js';
import { DEFAULT_WITHIN_DAYS, MAX_WITHIN_DAYS } from '../../remind/remind-command.js';
import { TargetBook } from '../../remind/target-book.js';
import type { RemindTarget } from '../../remind/targets.js';
import { RemindTables } from '../../store/remind-tables.js';
import { UsageError, dateOption, intOption, stringOption, type Command, type CommandContext } from '../command.js';

/** One target as the contract prints it (`cli-contract.md`, `remind`). */
function contractTarget(t: RemindTarget) {
  return { id: t.id, itemId: t.itemId, cite: t.cite, text: t.text, deadline: t.deadline, deadlineText: t.deadlineText, units: t.units, source: t.source };
}

/**
 * The reminders' state (coordinators' targets, done marks) is read, never created: a listing must not
 * leave an empty database behind where none was. A local path that does not exist means no state yet.
 */
async function openState(uri: string): Promise<RemindTables | null> {
  if (!uri.includes('://') && !existsSync(uri)) return null;
  const lancedb = await import('@lancedb/lancedb');
  return RemindTables.open(await lancedb.connect(uri), { create: false });
}

async function loadBook(ctx: CommandContext): Promise<TargetBook> {
  const { documents, skipped } = await parseFolder(ctx.config.PLANBOT_SEEDS);
  for (const s of skipped) ctx.log.warn({ file: s.file }, s.reason);
  const items = documents.flatMap((d) => d.items);
  const tables = await openState(ctx.config.PLANBOT_DB);
  return new TargetBook({ items: () => items }, tables ?? RemindTables.empty());
}

const command: Command = {
  name: 'remind',
  summary: 'list the targets that fall due soon (plan targets and coordinators\' targets)',
  usage: 'planbot remind [--today YYYY-MM-DD] [--within DAYS] [--unit UNIT] [--json]',
  options: {
    today: { type: 'string', placeholder: 'YYYY-MM-DD', description: 'count from this date (default: today in TZ); replays old plans' },
    within: { type: 'string', placeholder: 'DAYS', description: `days after today still listed (default ${DEFAULT_WITHIN_DAYS})` },
    unit: { type: 'string', placeholder: 'UNIT', description: 'only targets of this responsible unit (医政 matches 医政科)' },
  },
  async run(ctx) {
    const today = dateOption(ctx, 'today') ?? dateInZone(Date.now(), ctx.config.TZ);
    const within = intOption(ctx, 'within', DEFAULT_WITHIN_DAYS, 0, MAX_WITHIN_DAYS);
    const unit = stringOption(ctx, 'unit');
    if (unit !== undefined && unit.trim() === '') throw new UsageError('--unit: expected a unit name such as 医政科, got an empty value');
    if (ctx.positionals.length) throw new UsageError(`unexpected argument "${ctx.positionals[0]}": remind takes only options`);

    const book = await loadBook(ctx);
    const { list, filter } = await book.due({ today, within, unit });
    if (!filter.ok) {
      const known = filter.known.slice(0, 40).join(', ');
      throw new UsageError(`--unit: no responsible unit matches "${filter.query}"; units with targets: ${known}${filter.known.length > 40 ? ', …' : ''}`);
    }
    const human = list.targets.length
      ? `${list.targets.length} targets due ${list.today} … ${list.until}:\n${formatTargets(list.targets, { style: 'text', today })}`
      : `no targets due ${list.today} … ${addDays(today, within)}`;
    ctx.print({ today: list.today, until: list.until, targets: list.targets.map(contractTarget) }, human);
  },
};
export default command;
