import '../store/lancedb-env.js';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, secretKeys } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { llmFromConfig } from '../app/answering.js';
import { createEmbedder, embeddingSettings } from '../store/create-embedder.js';
import type { Embedder } from '../store/embedder.js';
import { HashedLexicalEmbedder } from '../store/lexical-embedder.js';
import { answererAsk } from './answerer-ask.js';
import { formatComparison, formatReport } from './report.js';
import { runEval, type EvalRun } from './run.js';

/**
 * `npm run eval [-- --file F] [--seeds DIR] [--db URI] [--json] [--no-local]`: scores the bot on an eval file
 * beside a naive baseline. By default it builds a fresh store from the seeds in a temporary folder, so the
 * figures reflect the code, not whatever store happens to be on disk.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    seeds: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
    'no-baseline': { type: 'boolean' },
    'no-local': { type: 'boolean' },
  },
  strict: true,
});
const file =
  values.file ??
  [join(repo, '..', 'shared', 'eval', 'dev.jsonl'), join(repo, 'eval', 'dev.jsonl')].find(existsSync) ??
  join(repo, '..', 'shared', 'eval', 'dev.jsonl');
const config = loadConfig();
const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretKeys.map((k) => config[k]) });

/**
 * The configured system first (with the naive baseline beside it), then, side by side, the offline default and
 * the local model when they are not what is configured: the local model's figures come from the same run.
 */
async function evaluate(embedder: Embedder, baseline: boolean): Promise<EvalRun> {
  return runEval({
    file,
    seedsDir: values.seeds ?? config.PLANBOT_SEEDS,
    db: values.db,
    embedder,
    log,
    baseline,
    ask: answererAsk(log, await llmFromConfig(config, log)),
  });
}

const embedders: Embedder[] = [];
try {
  const configured = await createEmbedder(config, log);
  embedders.push(configured);
  const main = await evaluate(configured, !values['no-baseline']);
  const compared: Array<{ name: string; run: EvalRun }> = [{ name: configured.id, run: main }];
  const notes: string[] = [];
  // A given store was built by one embedder: the others cannot read it.
  if (values.db) notes.push('--db: only the configured embedder is evaluated');
  else if (configured.semantic) compared.push({ name: 'offline (lexical)', run: await evaluate(new HashedLexicalEmbedder(), false) });
  if (!values.db && !values['no-local'] && embeddingSettings(config).kind !== 'local') {
    try {
      const local = await createEmbedder({ ...config, EMBEDDER: 'local', EMBEDDING_MODEL: undefined }, log);
      embedders.push(local);
      compared.push({ name: local.id, run: await evaluate(local, false) });
    } catch (e) {
      notes.push(`local model not evaluated: ${(e as Error).message}`);
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ ...main, compared: compared.slice(1) })}\n`);
  else {
    const side = compared.length > 1 ? `\n\nside by side (same questions):\n${formatComparison(compared)}` : '';
    process.stdout.write(`eval: ${file}\n\n${formatReport(main)}${side}${notes.length ? `\n\n${notes.join('\n')}` : ''}\n`);
  }
} catch (e) {
  process.stderr.write(`eval: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  for (const e of embedders) await e.close?.();
}
