import { addDays, dateInZone } from '../../remind/calendar.js';
import { formatTargets } from '../../remind/format.js';
import { DEFAULT_WITHIN_DAYS, MAX_WITHIN_DAYS } from '../../remind/remind-command.js';
import { TargetBook } from '../../remind/target-book.js';
import type { RemindTarget } from '../../remind/targets.js';
import { RemindTables } from '../../remind/tables.js';
import { UsageError, dateOption, intOption, stringOption, type Command, type CommandContext } from '../command.js';

/** One target as the contract prints it (`cli-contract.md`, `remind`). */
function contractTarget(t: RemindTarget) {
  return { id: t.id, itemId: t.itemId, cite: t.cite, text: t.text, deadline: t.deadline, deadlineText: t.deadlineText, units: t.units, source: t.source };
}

/**
 * The same targets the bot lists: items from the store (built from the seeds first when there is none, as
 * every store command does), coordinators' targets and done marks from the reminders' tables beside them.
 * Those tables are only read here: a listing never creates them.
 */
async function openBook(ctx: CommandContext): Promise<{ book: TargetBook; close(): Promise<void> }> {
  const { openRuntime } = await import('../../app/runtime.js');
  const runtime = await openRuntime(ctx.config, ctx.log);
  try {
    const tables = await RemindTables.open(runtime.store.db, { create: false });
    return { book: new TargetBook(runtime.store, tables, { overdueDays: ctx.config.OVERDUE_DAYS }), close: () => runtime.close() };
  } catch (e) {
    await runtime.close();
    throw e;
  }
}

const command: Command = {
  name: 'remind',
  summary: "list the targets that fall due soon (plan targets and coordinators' targets)",
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

    const opened = await openBook(ctx);
    const { list, filter, archived } = await opened.book.due({ today, within, unit }).finally(() => opened.close());
    if (!filter.ok) {
      const known = filter.known.slice(0, 40).join(', ');
      throw new UsageError(`--unit: no responsible unit matches "${filter.query}"; units with targets: ${known}${filter.known.length > 40 ? ', …' : ''}`);
    }
    const human = list.targets.length
      ? `${list.targets.length} targets due ${list.today} … ${list.until}:\n${formatTargets(list.targets, { style: 'text', today })}`
      : !archived.activePlans && archived.years.length
        ? `no targets due ${list.today} … ${addDays(today, within)}: every plan loaded is of an earlier year (${archived.years.join(', ')}) and archived for reminders; replay one with --today ${archived.years.at(-1)}-12-01`
        : `no targets due ${list.today} … ${addDays(today, within)}`;
    ctx.print({ today: list.today, until: list.until, targets: list.targets.map(contractTarget) }, human);
  },
};
export default command;
