import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { EmbedderError } from '../../src/store/embedder.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore, StoreMismatchError } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { OpenAIEmbedder } from '../../src/store/openai-embedder.js';
import { copySeeds, tempDir } from './helpers.js';

const log = silentLogger;

/** A 127.0.0.1 port that nothing listens on: taken from the OS, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Issue 11, point 1: an ingest with another embedder used to drop the plan tables as it opened the store, so a
 * failure (here: an embeddings server that is down) left nothing to serve.
 */
describe('an ingest with another embedder', () => {
  const tmp = tempDir('planbot-embedder-change-');
  afterAll(() => tmp.cleanup());
  const lexical = new HashedLexicalEmbedder();

  it('that fails (dead embeddings server) leaves the running reader and a fresh open answering', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'failed');
    await ingestFolder({ seedsDir: seeds, uri, embedder: lexical, log });
    const reader = await ItemStore.open({ uri, embedder: lexical, log });
    try {
      const items = await reader.items();
      const hits = await reader.search({ text: '医政科', limit: 5 });
      expect(hits.length).toBeGreaterThan(0);

      const dead = await OpenAIEmbedder.create({
        apiKey: 'x',
        baseURL: `http://127.0.0.1:${await deadPort()}/v1`,
        model: 'text-embedding-3-small',
        log,
        retries: 0,
      });
      await expect(ingestFolder({ seedsDir: seeds, uri, embedder: dead, log })).rejects.toThrow(EmbedderError);

      // The running reader queries LanceDB again (not its cache) and gets the same answers.
      expect((await reader.search({ text: '医政科', limit: 5 })).map((h) => h.item.id)).toEqual(hits.map((h) => h.item.id));
      expect(await reader.probe()).toEqual({ items: 180 });
      expect(await reader.hasNewerVersion()).toBe(false);

      const fresh = await ItemStore.open({ uri, embedder: lexical, log });
      try {
        expect(await fresh.items()).toEqual(items);
        expect((await fresh.search({ text: '医政科', limit: 5 })).length).toBeGreaterThan(0);
        expect(await fresh.probe()).toEqual({ items: 180 });
      } finally {
        fresh.close();
      }
    } finally {
      reader.close();
    }
  });

  it('that succeeds switches at the end; the old reader keeps its tables, and a fresh open needs the new embedder', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'switched');
    await ingestFolder({ seedsDir: seeds, uri, embedder: lexical, log });
    const reader = await ItemStore.open({ uri, embedder: lexical, log });
    try {
      const small = new HashedLexicalEmbedder(256);
      const r = await ingestFolder({ seedsDir: seeds, uri, embedder: small, log });
      expect(r.updated).toHaveLength(5);
      expect(r.items).toBe(180);

      expect(await reader.hasNewerVersion()).toBe(true);
      await expect(reader.refresh()).rejects.toThrow(StoreMismatchError);
      expect((await reader.search({ text: '医政科', limit: 5 })).length).toBeGreaterThan(0);

      await expect(ItemStore.open({ uri, embedder: lexical, log })).rejects.toThrow(StoreMismatchError);
      const fresh = await ItemStore.open({ uri, embedder: small, log });
      try {
        expect(await fresh.probe()).toEqual({ items: 180 });
        expect((await fresh.search({ text: '医政科', limit: 5 })).length).toBeGreaterThan(0);
      } finally {
        fresh.close();
      }
    } finally {
      reader.close();
    }

    // And back: the set the first switch replaced is dropped by this run, which builds under the plain names again.
    const back = await ingestFolder({ seedsDir: seeds, uri, embedder: lexical, log });
    expect(back.items).toBe(180);
    const reopened = await ItemStore.open({ uri, embedder: lexical, log });
    try {
      expect((await reopened.db.tableNames()).filter((n) => n.startsWith('plan_items'))).toHaveLength(2);
    } finally {
      reopened.close();
    }
  });
});
