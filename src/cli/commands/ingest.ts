import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { SkippedFile } from '../../items/index.js';
import { ParseError, parseFile, readLimitsFrom, type ReadLimits } from '../../parse/index.js';
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

/**
 * `planbot ingest FILE…` adds or replaces single documents by copying them into the seeds folder, which stays
 * the one record of what the store serves (a later folder ingest keeps them), then ingesting the folder: only
 * the new or changed files are embedded, atomically, exactly as in a folder ingest. A file that does not
 * parse is reported and not copied, so a bad upload never reaches the folder.
 */
async function addFiles(paths: string[], seedsDir: string, limits: ReadLimits): Promise<{ added: string[]; rejected: SkippedFile[] }> {
  const added: string[] = [];
  const rejected: SkippedFile[] = [];
  await mkdir(seedsDir, { recursive: true });
  for (const path of paths) {
    const name = basename(path);
    try {
      await parseFile(path, limits);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      rejected.push({ file: name, reason: e.message });
      continue;
    }
    const target = join(seedsDir, name);
    if (resolve(path) !== resolve(target)) await copyFile(path, target);
    added.push(name);
  }
  return { added, rejected };
}

const command: Command = {
  name: 'ingest',
  summary: 'read the plan documents into the store (only new and changed files are embedded); FILE… adds single documents',
  usage: 'planbot ingest [FILE…] [--seeds DIR] [--db URI] [--json]',
  options: {},
  async run(ctx) {
    const { added, rejected } = ctx.positionals.length
      ? await addFiles(ctx.positionals, ctx.config.PLANBOT_SEEDS, readLimitsFrom(ctx.config))
      : { added: [], rejected: [] };
    if (ctx.positionals.length && added.length === 0) {
      ctx.print({ added, skipped: rejected }, rejected.map((r) => `not added: ${r.reason}`).join('\n'));
      return 1;
    }
    const embedder = await createEmbedder(ctx.config, ctx.log);
    const progress = terminalProgress();
    try {
      const result = await ingestFolder({
        seedsDir: ctx.config.PLANBOT_SEEDS,
        uri: ctx.config.PLANBOT_DB,
        embedder,
        log: ctx.log,
        onProgress: progress,
        limits: readLimitsFrom(ctx.config),
      });
      progress?.end();
      const { documents, items, targets, ms, updated, unchanged, removed } = result;
      const skipped = [...rejected, ...result.skipped];
      const lines = [
        ...added.map((a) => `added ${a} to ${ctx.config.PLANBOT_SEEDS}`),
        ...rejected.map((r) => `not added: ${r.reason}`),
        human(result, ctx.config.PLANBOT_DB),
      ];
      ctx.print({ documents, items, targets, skipped, ms, updated, unchanged, removed, ...(ctx.positionals.length ? { added } : {}) }, lines.join('\n'));
    } catch (e) {
      progress?.end();
      throw e;
    }
  },
};
export default command;
