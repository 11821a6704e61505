import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command.js';
import { openBot } from '../../src/cli/commands/start.js';
import { silentLogger } from '../../src/log/index.js';
import { runDoctor } from '../../src/ops/doctor/run-doctor.js';
import { runHealthChecks, storeCheck } from '../../src/ops/health.js';
import { acquireIngestLock } from '../../src/store/ingest-lock.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { StoreUnavailableError } from '../../src/ops/store-diagnosis.js';
import { seedStore, tempDir, testConfig } from './helpers.js';

/**
 * The store folder missing, unusable or damaged: `planbot start` stops with an explanation (not LanceDB's
 * Rust dump), and `planbot doctor` gives the same one. Tests run as root here, so "unreadable" is
 * simulated by what root cannot read either: a file where the folder should be, and damaged version files.
 *
 * An ingest that fails midway leaving the previous store serving is tested where ingest lives:
 * tests/store/store.test.ts, "leaves the previous version serving when it fails midway".
 */

const tmp = tempDir();
let healthy: string;
beforeAll(async () => {
  healthy = await seedStore(tmp.dir);
});
afterAll(() => tmp.cleanup());

function context(env: Record<string, string>): CommandContext {
  return {
    positionals: [],
    values: {},
    json: false,
    config: testConfig({ EMBEDDER: 'lexical', ...env }),
    log: silentLogger,
    stdin: Readable.from([]),
    stdout: new PassThrough(),
    print: () => undefined,
  };
}

async function startupError(env: Record<string, string>): Promise<string> {
  const bot = await openBot(context(env)).catch((e: unknown) => e);
  if (!(bot instanceof StoreUnavailableError)) {
    if (bot && typeof (bot as { close?: unknown }).close === 'function') await (bot as { close(): Promise<void> }).close();
    throw new Error(`expected StoreUnavailableError, got ${String(bot)}`);
  }
  return bot.message;
}

async function doctorStore(env: Record<string, string>) {
  const report = await runDoctor(context(env).config, silentLogger);
  return report.checks.find((c) => c.name === 'store')!;
}

describe('store faults at start-up and in doctor', () => {
  it('PLANBOT_DB is a file', async () => {
    const file = join(tmp.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const message = await startupError({ PLANBOT_DB: file });
    expect(message).toBe(`PLANBOT_DB=${file} is a file, not a folder. Point PLANBOT_DB to a folder (it is created when missing).`);
    expect(await doctorStore({ PLANBOT_DB: file })).toMatchObject({ status: 'fail', summary: message });
  });

  it('no store and no seeds folder to build it from', async () => {
    const env = { PLANBOT_DB: join(tmp.dir, 'never-built'), PLANBOT_SEEDS: join(tmp.dir, 'no-seeds') };
    const message = await startupError(env);
    expect(message).toContain(`PLANBOT_SEEDS=${env.PLANBOT_SEEDS} does not exist`);
    expect(message).not.toContain('ENOENT');
    const report = await runDoctor(context(env).config, silentLogger);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'store')!.summary).toBe(message);
    expect(report.checks.find((c) => c.name === 'seeds')!.summary).toContain('does not exist');
  });

  it('no store and a seeds folder without plan documents', async () => {
    const seeds = join(tmp.dir, 'empty-seeds');
    mkdirSync(seeds);
    writeFileSync(join(seeds, 'notes.doc'), 'old Word file');
    const message = await startupError({ PLANBOT_DB: join(tmp.dir, 'never-built-2'), PLANBOT_SEEDS: seeds });
    expect(message).toContain(`PLANBOT_SEEDS=${seeds} holds no plan documents`);
  });

  it('a damaged store: explained in one readable sentence, with what to do', async () => {
    const damaged = join(tmp.dir, 'damaged');
    cpSync(healthy, damaged, { recursive: true });
    const versions = join(damaged, 'plan_store_meta.lance', '_versions');
    for (const f of readdirSync(versions)) writeFileSync(join(versions, f), 'garbage');
    const message = await startupError({ PLANBOT_DB: damaged });
    expect(message).toMatch(
      new RegExp(`^cannot read the plan store at ${damaged} \\(PLANBOT_DB\\): .+\\. It may be damaged: restore the folder from a backup`),
    );
    expect(message).not.toMatch(/Caused by|\.rs:\d+|backtrace/);
    expect(await doctorStore({ PLANBOT_DB: damaged })).toMatchObject({ status: 'fail', summary: message });
  });

  it('/healthz: the store check queries the data, so it fails when the data files are gone (a row count did not)', async () => {
    const broken = join(tmp.dir, 'data-gone');
    cpSync(healthy, broken, { recursive: true });
    const store = await ItemStore.open({ uri: broken, embedder: new HashedLexicalEmbedder(), log: silentLogger });
    try {
      expect(await storeCheck(store)()).toEqual({ ok: true, detail: `180 items readable at ${broken}` });
      const data = join(broken, 'plan_items.lance', 'data');
      for (const f of readdirSync(data)) rmSync(join(data, f));
      expect(await store.countItems()).toBe(180);
      const report = await runHealthChecks({ store: storeCheck(store) });
      expect(report.failing).toEqual(['store']);
      expect(report.checks.store!.detail).toMatch(/Not found/);
    } finally {
      store.close();
    }
  });

  it('no store yet while another process builds it: start-up names that ingest instead of calling the store damaged', async () => {
    const db = join(tmp.dir, 'being-built');
    const lock = await acquireIngestLock(db, { log: silentLogger });
    try {
      const message = await startupError({ PLANBOT_DB: db });
      expect(message).toContain(`another ingest is writing the store at ${db}: pid ${process.pid}`);
      expect(message).not.toContain('damaged');
    } finally {
      await lock!.release();
    }
  });

  it('a healthy store opens, and doctor counts its items', async () => {
    const bot = await openBot(context({ PLANBOT_DB: healthy }));
    await bot.close();
    const store = await doctorStore({ PLANBOT_DB: healthy });
    expect(store.status).toBe('ok');
    expect(store.summary).toMatch(/^180 items from 5 documents at .+, built with the configured embedder \(lexical-hash-v1\)$/);
  });
});
