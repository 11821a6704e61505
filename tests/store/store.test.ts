import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanItem } from '../../src/items/index.js';
import { silentLogger } from '../../src/log/index.js';
import { ItemStore, StoreMismatchError, StoreMissingError } from '../../src/store/item-store.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { parsedSeeds, seedFile } from '../helpers/seeds.js';
import { CountingEmbedder, copySeeds, tempDir } from './helpers.js';

const log = silentLogger;

describe('ItemStore', () => {
  const tmp = tempDir();
  const uri = join(tmp.dir, 'store');
  let seeds: string;
  const embedder = new CountingEmbedder();

  beforeAll(async () => {
    seeds = copySeeds(tmp.dir);
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
  });
  afterAll(() => tmp.cleanup());

  it('round-trips documents, items and targets exactly, in document order', async () => {
    const store = await ItemStore.open({ uri, embedder, log });
    try {
      const { documents } = await parsedSeeds();
      expect(await store.documents()).toEqual(documents.map((d) => d.document));
      const items = await store.items();
      expect(items).toEqual(documents.flatMap((d) => d.items));
      for (const i of items) expect(PlanItem.safeParse(i).success).toBe(true);
      expect(await store.item('longgang-2022#9')).toEqual(documents.flatMap((d) => d.items).find((i) => i.id === 'longgang-2022#9'));
      expect(await store.item('nope#1')).toBeNull();
      expect((await store.items({ doc: 'longgang-2022', kind: 'plan' })).map((i) => i.label)).toEqual(Array.from({ length: 40 }, (_, n) => String(n + 1)));
      const targets = await store.tables().targets.countRows();
      expect(targets).toBe(items.reduce((n, i) => n + i.targets.length, 0));
      expect(targets).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('refuses to open with another embedder and says to re-ingest', async () => {
    await expect(ItemStore.open({ uri, embedder: new HashedLexicalEmbedder(256), log })).rejects.toThrow(StoreMismatchError);
    await expect(ItemStore.open({ uri, embedder: new HashedLexicalEmbedder(256), log })).rejects.toThrow(
      /lexical-hash-v1 \(dimension 1024\).*dimension 256.*planbot ingest/,
    );
  });

  it('an ingest of a folder with no plan documents builds nothing and says so with zero counts', async () => {
    const empty = join(tmp.dir, 'empty-seeds');
    mkdirSync(empty);
    const r = await ingestFolder({ seedsDir: empty, uri: join(tmp.dir, 'empty-store'), embedder, log });
    expect(r).toMatchObject({ documents: 0, items: 0, targets: 0 });
    expect(await ItemStore.exists(join(tmp.dir, 'empty-store'))).toBe(false);
  });

  it('reports a missing store', async () => {
    await expect(ItemStore.open({ uri: join(tmp.dir, 'none'), embedder, log })).rejects.toThrow(StoreMissingError);
    expect(await ItemStore.exists(join(tmp.dir, 'none'))).toBe(false);
    expect(await ItemStore.exists(uri)).toBe(true);
  });

  it('re-embeds nothing when no file changed', async () => {
    const before = embedder.texts;
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(embedder.texts).toBe(before);
    expect(r.updated).toEqual([]);
    expect(r.unchanged).toHaveLength(5);
    expect(r.items).toBe(180);
  });

  it("replaces a changed file's items and embeds only that file", async () => {
    const file = join(seeds, seedFile('xx-district'));
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('力争引进高层次人才50名以上', '力争引进高层次人才80名以上'));
    const before = embedder.texts;
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toEqual([seedFile('xx-district')]);
    expect(embedder.texts - before).toBe(19);
    const store = await ItemStore.open({ uri, embedder, log });
    try {
      expect((await store.item('xx-2022#9'))!.text).toContain('80名以上');
      expect((await store.items({ doc: 'xx-2022' })).length).toBe(19);
      const hits = await store.search({ text: '高层次 人才', docs: ['xx-2022'], limit: 5 });
      expect(hits.every((h) => h.item.doc === 'xx-2022')).toBe(true);
      expect(hits.map((h) => h.item.id)).toContain('xx-2022#9');
    } finally {
      store.close();
    }
  });

  it('drops the items of a removed file', async () => {
    rmSync(join(seeds, seedFile('dongguan')));
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.removed).toEqual([seedFile('dongguan')]);
    expect(r.documents).toBe(4);
    const store = await ItemStore.open({ uri, embedder, log });
    try {
      expect(await store.items({ doc: 'dongguan-2018' })).toEqual([]);
      expect(await store.tables().targets.countRows("doc = 'dongguan-2018'")).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('ingest is atomic', () => {
  const tmp = tempDir();
  const uri = join(tmp.dir, 'store');
  afterAll(() => tmp.cleanup());

  it('leaves the previous version serving when it fails midway', async () => {
    const seeds = copySeeds(tmp.dir);
    const embedder = new CountingEmbedder();
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    const reader = await ItemStore.open({ uri, embedder, log });
    const before = await reader.items();

    // Change every file, then fail on the third embedding batch: two batches are already written by then.
    for (const prefix of ['dongguan', 'guangzhou', 'longgang', 'shenzhen', 'xx-district']) {
      const file = join(seeds, seedFile(prefix));
      writeFileSync(file, readFileSync(file, 'utf8').replace(/卫生健康/, '卫生健康事业'));
    }
    embedder.failOnCall = embedder.calls + 3;
    await expect(ingestFolder({ seedsDir: seeds, uri, embedder, log, batchItems: 1 })).rejects.toThrow(/injected failure/);

    const after = await ItemStore.open({ uri, embedder, log });
    try {
      expect(await after.items()).toEqual(before);
      expect((await after.fileRows()).map((f) => f.hash).sort()).toEqual((await reader.fileRows()).map((f) => f.hash).sort());
      const hits = await after.search({ text: '医政科', limit: 5 });
      expect(hits.length).toBeGreaterThan(0);
    } finally {
      after.close();
      reader.close();
    }

    // The next run, without the fault, goes through.
    embedder.failOnCall = null;
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toHaveLength(5);
  });
});

describe('a store built before manifests existed', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('is served at its latest versions, and the next ingest gives it a manifest', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'store');
    const embedder = new CountingEmbedder();
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    // What older versions wrote: the embedder record alone, no manifest.
    const store = await ItemStore.open({ uri, embedder, log });
    await (await store.db.openTable('plan_store_meta')).delete("key = 'manifest'");
    store.close();

    const legacy = await ItemStore.open({ uri, embedder, log });
    try {
      expect(await legacy.items()).toHaveLength(180);
    } finally {
      legacy.close();
    }
    const file = join(seeds, seedFile('xx-district'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('力争引进高层次人才50名以上', '力争引进高层次人才80名以上'));
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toEqual([seedFile('xx-district')]);
    const upgraded = await ItemStore.open({ uri, embedder, log });
    try {
      expect(upgraded.manifest()?.tables.items.name).toBe('plan_items');
      expect((await upgraded.item('xx-2022#9'))!.text).toContain('80名以上');
    } finally {
      upgraded.close();
    }
  });
});
