import { createEmbedder } from '../../store/create-embedder.js';
import { ingestFolder, type IngestResult } from '../../store/ingest.js';
import { terminalProgress } from '../../store/progress.js';
import type { Command } from '../command.js';

function human(r: IngestResult, uri: string): string {
  const lines = [`${uri}: ${r.documents} documents, ${r.items} items, ${r.targets} targets (${r.ms} ms)`];
  if (r.updated.length) lines.push(`  embedded: ${r.updated.join(', ')}`);
  if (r.unchanged.length) lines.push(`  unchanged: ${r.unchanged.length} file(s)`);
  if (r.removed.length) lines.push(`  removed: ${r.removed.join(', ')}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.file}: ${s.reason}`);
  return lines.join('\n');
}

const command: Command = {
  name: 'ingest',
  summary: 'read the plan documents into the store (only new and changed files are embedded)',
  usage: 'planbot ingest [--seeds DIR] [--db URI] [--json]',
  options: {},
  async run(ctx) {
    const embedder = await createEmbedder(ctx.config, ctx.log);
    const progress = terminalProgress();
    try {
      const result = await ingestFolder({ seedsDir: ctx.config.PLANBOT_SEEDS, uri: ctx.config.PLANBOT_DB, embedder, log: ctx.log, onProgress: progress });
      progress?.end();
      const { documents, items, targets, skipped, ms, updated, unchanged, removed } = result;
      ctx.print({ documents, items, targets, skipped, ms, updated, unchanged, removed }, human(result, ctx.config.PLANBOT_DB));
    } catch (e) {
      progress?.end();
      throw e;
    }
  },
};
export default command;
