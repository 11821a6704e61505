import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { CorpusStatistics } from '../../src/store/corpus-stats.js';
import { textFeatures } from '../../src/store/features.js';
import { indexedText } from '../../src/store/indexed-text.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { commitManifest } from '../../src/store/manifest.js';
import { seedFile } from '../helpers/seeds.js';
import { copySeeds, tempDir } from './helpers.js';

const log = silentLogger;
const embedder = new HashedLexicalEmbedder();

async function summaryOf(uri: string) {
  const store = await ItemStore.open({ uri, embedder, log });
  try {
    const outline = await store.outline();
    return {
      items: store.statistics.items,
      df: Object.fromEntries([...store.statistics.df].sort(([a], [b]) => (a < b ? -1 : 1))),
      words: [...store.userWords],
      units: [...outline.units],
      reviewed: [...outline.reviewedDocs].sort(),
      documents: outline.documents.map((d) => d.id),
    };
  } finally {
    store.close();
  }
}

describe('the corpus summary', () => {
  const tmp = tempDir();
  let seeds: string;
  afterAll(() => tmp.cleanup());
  beforeAll(() => {
    seeds = copySeeds(tmp.dir);
  });

  it('counts what the items hold: features once per item, units in item order, documents that review a year', async () => {
    const uri = join(tmp.dir, 'fresh');
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    const store = await ItemStore.open({ uri, embedder, log });
    try {
      const items = await store.items();
      const tokenizer = await store.tokenizer();
      const recount = CorpusStatistics.fromFeatureSets(items.map((i) => textFeatures(tokenizer.tokens(indexedText(i)), indexedText(i)).keys()));
      expect(store.statistics.items).toBe(items.length);
      expect(new Map(store.statistics.df)).toEqual(new Map(recount.df));
      const outline = await store.outline();
      expect(outline.units).toEqual([...new Set(items.flatMap((i) => i.units))]);
      expect([...outline.reviewedDocs].sort()).toEqual([...new Set(items.filter((i) => i.kind === 'review').map((i) => i.doc))].sort());
      expect(outline.reviewedDocs.size).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('after an incremental ingest (a file changed, one removed) equals the summary a fresh build of the same folder makes', async () => {
    const uri = join(tmp.dir, 'incremental');
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    const changed = join(seeds, seedFile('xx-district'));
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('力争引进高层次人才50名以上', '力争引进高层次人才80名以上,新增“智慧药房”试点'));
    rmSync(join(seeds, seedFile('shenzhen')));
    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toEqual([seedFile('xx-district')]);
    expect(r.removed).toEqual([seedFile('shenzhen')]);

    const rebuilt = join(tmp.dir, 'rebuilt');
    await ingestFolder({ seedsDir: seeds, uri: rebuilt, embedder, log });
    const [incremental, fresh] = [await summaryOf(uri), await summaryOf(rebuilt)];
    expect(incremental).toEqual(fresh);
    expect(incremental.words).toContain('智慧药房');
    expect(incremental.documents).not.toContain('shenzhen-2022');
  });
});

describe('a store written before per-file units and the summary existed', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('is served (summed from its files and items), and the next ingest builds a current store beside it', async () => {
    const seeds = copySeeds(tmp.dir);
    const uri = join(tmp.dir, 'store');
    await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    const expected = await summaryOf(uri);

    // What an older version wrote: a files table without units and reviewed, and no summary table.
    const store = await ItemStore.open({ uri, embedder, log });
    const manifest = store.manifest()!;
    const files = store.tables().files;
    store.close();
    const writable = await (await import('@lancedb/lancedb')).connect(uri);
    const filesTable = await writable.openTable(files.name);
    await filesTable.dropColumns(['units', 'reviewed']);
    await commitManifest(writable, {
      ...manifest,
      tables: { items: manifest.tables.items, targets: manifest.tables.targets, files: { name: files.name, version: await filesTable.version() } },
    });
    await writable.dropTable(manifest.tables.corpus!.name);
    writable.close();

    expect(await summaryOf(uri)).toEqual(expected);

    const r = await ingestFolder({ seedsDir: seeds, uri, embedder, log });
    expect(r.updated).toHaveLength(5);
    const upgraded = await ItemStore.open({ uri, embedder, log });
    try {
      expect(upgraded.manifest()!.tables.corpus).toBeDefined();
      expect(upgraded.manifest()!.tables.files.name).not.toBe(files.name);
      expect(await upgraded.items()).toHaveLength(180);
    } finally {
      upgraded.close();
    }
    expect(await summaryOf(uri)).toEqual(expected);
  });
});
