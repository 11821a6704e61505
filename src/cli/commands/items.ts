import { itemKinds, unitRolesText, type PlanItem } from '../../items/index.js';
import { parseFolder, readLimitsFrom } from '../../parse/index.js';
import { readItemReference } from '../../query/index.js';
import { UsageError, stringOption, type Command } from '../command.js';

function human(items: PlanItem[]): string {
  return items
    .map(
      (i) =>
        `${i.cite} [${i.kind}] ${i.title}${i.units.length ? `\n  ${unitRolesText(i)}` : ''}${i.targets.length ? `\n  目标:${i.targets.map((t) => `${t.text}(${t.deadline})`).join(';')}` : ''}`,
    )
    .join('\n');
}

const command: Command = {
  name: 'items',
  summary: 'list the items parsed from the plan documents',
  usage: 'planbot items [--doc DOC] [--kind plan|review|intro] [--json]',
  options: {
    doc: { type: 'string', placeholder: 'DOC', description: 'only this document: id (longgang-2022), file name, or region (龙岗, 龙岗 2022)' },
    kind: { type: 'string', placeholder: 'KIND', description: 'only items of this kind: plan, review or intro' },
  },
  async run(ctx) {
    const kind = stringOption(ctx, 'kind');
    if (kind !== undefined && !(itemKinds as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind: expected one of ${itemKinds.join(', ')}, got "${kind}"`);
    }
    const doc = stringOption(ctx, 'doc');
    const { documents, skipped } = await parseFolder(ctx.config.PLANBOT_SEEDS, { limits: readLimitsFrom(ctx.config) });
    for (const s of skipped) ctx.log.warn({ file: s.file }, s.reason);
    // A document by id or file name; failing those, by region as /item takes it (龙岗, 龙岗 2022).
    const exact = documents.filter((d) => d.document.id === doc || d.document.source === doc);
    const byRegion =
      doc === undefined || exact.length
        ? []
        : readItemReference(
            doc,
            documents.map((d) => d.document),
          ).docIds;
    const wanted = (d: (typeof documents)[number]) => doc === undefined || exact.includes(d) || byRegion.includes(d.document.id);
    if (doc !== undefined && !documents.some(wanted)) {
      throw new UsageError(`--doc: no document "${doc}"; documents: ${documents.map((d) => d.document.id).join(', ')}`);
    }
    const items = documents
      .filter(wanted)
      .flatMap((d) => d.items)
      .filter((i) => kind === undefined || i.kind === kind);
    ctx.print(items, human(items));
  },
};
export default command;
