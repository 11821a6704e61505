import '../store/lancedb-env.js';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, secretKeys } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { llmFromConfig } from '../app/answering.js';
import { createEmbedder } from '../store/create-embedder.js';
import { answererAsk } from './answerer-ask.js';
import { formatReport } from './report.js';
import { runEval } from './run.js';

/**
 * `npm run eval [-- --file F] [--seeds DIR] [--db URI] [--json]`: scores the retriever on an eval file
 * beside a naive baseline. By default it builds a fresh store from the seeds in a temporary folder, so the
 * figures reflect the code, not whatever store happens to be on disk.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: { file: { type: 'string' }, seeds: { type: 'string' }, db: { type: 'string' }, json: { type: 'boolean' }, 'no-baseline': { type: 'boolean' } },
  strict: true,
});
const file = values.file ?? [join(repo, '..', 'shared', 'eval', 'dev.jsonl'), join(repo, 'eval', 'dev.jsonl')].find(existsSync) ?? join(repo, '..', 'shared', 'eval', 'dev.jsonl');
const config = loadConfig();
const log = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretKeys.map((k) => config[k]) });
try {
  const run = await runEval({
    file,
    seedsDir: values.seeds ?? config.PLANBOT_SEEDS,
    db: values.db,
    embedder: await createEmbedder(config, log),
    log,
    baseline: !values['no-baseline'],
    ask: answererAsk(log, await llmFromConfig(config, log)),
  });
  process.stdout.write(values.json ? `${JSON.stringify(run)}\n` : `eval: ${file}\n\n${formatReport(run)}\n`);
} catch (e) {
  process.stderr.write(`eval: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
