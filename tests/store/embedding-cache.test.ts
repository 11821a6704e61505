import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger as log } from '../../src/log/index.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { seedFile } from '../helpers/seeds.js';
import { CountingEmbedder, copySeeds, tempDir } from './helpers.js';

/** A model stand-in: vectors as the default embedder makes them, but marked semantic, so ingest caches them. */
class CountingModel extends CountingEmbedder {
  readonly semantic = true;
}

describe('the embedding cache', () => {
  const tmp = tempDir('planbot-cache-');
  afterAll(() => tmp.cleanup());

  it('embeds only texts it has not seen: a changed item, not its whole file; and survives a new embedder process', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'store');
    const first = new CountingModel();
    await ingestFolder({ seedsDir: seeds, uri, embedder: first, log });
    expect(first.texts).toBe(180);

    // One item of the Longgang plan is edited: the file changes, one item text with it.
    const file = join(seeds, seedFile('longgang'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('严控不合理使用', '严控不合理使用和过度检查'));
    const restarted = new CountingModel();
    await ingestFolder({ seedsDir: seeds, uri, embedder: restarted, log });
    expect(restarted.texts).toBe(1);

    const store = await ItemStore.open({ uri, embedder: restarted, log });
    try {
      expect((await store.item('longgang-2022#9'))!.text).toContain('过度检查');
      expect(await store.countItems()).toBe(180);
    } finally {
      store.close();
    }
  });
});
