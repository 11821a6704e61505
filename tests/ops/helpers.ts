import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger, silentLogger, type Logger } from '../../src/log/index.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { SEEDS_DIR } from '../helpers/seeds.js';

/** A configuration as loadConfig makes it, from these settings only (no .env, no process environment). */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PLANBOT_SEEDS: SEEDS_DIR, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...env }, join(tmpdir(), 'planbot-no-such.env'));
}

export function tempDir(prefix = 'planbot-ops-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The five seeds in a store of their own (lexical embedder, as offline deployments run). */
export async function seedStore(dir: string): Promise<string> {
  const uri = join(dir, 'store');
  await ingestFolder({ seedsDir: SEEDS_DIR, uri, embedder: new HashedLexicalEmbedder(), log: silentLogger });
  return uri;
}

export async function seedRuntime(uri: string, env: Record<string, string> = {}, log: Logger = silentLogger): Promise<Runtime> {
  return openRuntime(testConfig({ PLANBOT_DB: uri, EMBEDDER: 'lexical', ...env }), log, { ingestIfMissing: false });
}

/** A logger at `level` that keeps its raw output (after secret masking) for assertions. */
export function capturedLog(level = 'trace', secrets: string[] = []): { log: Logger; text(): string; lines(): Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const log = createLogger({ level, secrets, destination: { write: (s: string) => void raw.push(s) } });
  return {
    log,
    text: () => raw.join(''),
    lines: () =>
      raw
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
