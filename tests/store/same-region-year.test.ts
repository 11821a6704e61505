import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

describe('two plans of the same region and year', () => {
  it('keep their own items through adds and removals (no file takes over another file’s rows)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-same-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    const uri = join(dir, 'db');
    const embedder = new HashedLexicalEmbedder();
    const original = readFileSync(join(SEEDS_DIR, seedFile('longgang')), 'utf8');
    writeFileSync(join(seeds, 'longgang.txt'), original);
    const ingest = () => ingestFolder({ seedsDir: seeds, uri, embedder, log: silentLogger });
    const counts = async () => {
      const store = await ItemStore.open({ uri, embedder, log: silentLogger });
      try {
        const items = await store.items();
        const byDoc: Record<string, number> = {};
        for (const i of items) byDoc[i.doc] = (byDoc[i.doc] ?? 0) + 1;
        return { byDoc, sources: Object.fromEntries((await store.documents()).map((d) => [d.id, d.source])), ids: new Set(items.map((i) => i.id)).size === items.length };
      } finally {
        store.close();
      }
    };
    await ingest();
    expect((await counts()).byDoc).toEqual({ 'longgang-2022': 41 });

    // A revised copy whose name sorts first: it takes the plain id and the original becomes -2.
    writeFileSync(join(seeds, 'a-revised.txt'), original.replace('推动在区疾控中心建设', '推动在区疾控中心加快建设'));
    await ingest();
    let c = await counts();
    expect(c.byDoc).toEqual({ 'longgang-2022': 41, 'longgang-2022-2': 41 });
    expect(c.sources).toEqual({ 'longgang-2022': 'a-revised.txt', 'longgang-2022-2': 'longgang.txt' });
    expect(c.ids).toBe(true);

    rmSync(join(seeds, 'a-revised.txt'));
    await ingest();
    c = await counts();
    expect(c.byDoc).toEqual({ 'longgang-2022': 41 });
    expect(c.sources).toEqual({ 'longgang-2022': 'longgang.txt' });
  });
});
