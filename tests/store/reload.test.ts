import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/app/answering.js';
import { openRuntime } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

describe('a running bot and a later ingest', () => {
  it('serves documents another process ingested, without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-reload-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(seeds, seedFile('longgang')));
    const config = loadConfig({ PLANBOT_DB: join(dir, 'db'), PLANBOT_SEEDS: seeds }, join(dir, 'no.env'));
    const runtime = await openRuntime(config, silentLogger);
    try {
      const answerer = await createAnswerer(runtime);
      expect((await answerer.answer('深圳的三甲医院年内新增几家?')).answered).toBe(false);
      expect(await runtime.reloadIfChanged()).toBe(false);

      // A coordinator drops the Shenzhen plan in and runs `planbot ingest` in another process.
      copyFileSync(join(SEEDS_DIR, seedFile('shenzhen')), join(seeds, seedFile('shenzhen')));
      await ingestFolder({ seedsDir: seeds, uri: config.PLANBOT_DB, embedder: new HashedLexicalEmbedder(), log: silentLogger });

      expect(await runtime.reloadIfChanged()).toBe(true);
      expect((await runtime.store.documents()).map((d) => d.id).sort()).toEqual(['longgang-2022', 'shenzhen-2022']);
      const r = await answerer.answer('深圳的三甲医院年内新增几家?');
      expect(r.answered).toBe(true);
      expect(r.answer).toContain('年内新增三甲医院3家以上');
      expect(await runtime.reloadIfChanged()).toBe(false);
    } finally {
      await runtime.close();
    }
  });

  it('keeps answering from the version it serves while it reads the next one, then serves the next one whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-reload-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    copyFileSync(join(SEEDS_DIR, seedFile('longgang')), join(seeds, seedFile('longgang')));
    const uri = join(dir, 'db');
    const embedder = new HashedLexicalEmbedder();
    await ingestFolder({ seedsDir: seeds, uri, embedder, log: silentLogger });
    const store = await ItemStore.open({ uri, embedder, log: silentLogger });
    try {
      const before = await store.items();
      copyFileSync(join(SEEDS_DIR, seedFile('shenzhen')), join(seeds, seedFile('shenzhen')));
      await ingestFolder({ seedsDir: seeds, uri, embedder, log: silentLogger });

      const reloading = store.refresh();
      // Asked while the next version is being read: the current one answers, at once and whole.
      expect(await store.items()).toBe(before);
      expect((await store.documents()).map((d) => d.id)).toEqual(['longgang-2022']);
      await reloading;
      const after = await store.items();
      expect(after).not.toBe(before);
      expect(new Set(after.map((i) => i.doc))).toEqual(new Set(['longgang-2022', 'shenzhen-2022']));
      expect((await store.outline()).documents.map((d) => d.id)).toEqual(['longgang-2022', 'shenzhen-2022']);
      expect(store.statistics.items).toBe(after.length);
    } finally {
      store.close();
    }
  });
});
