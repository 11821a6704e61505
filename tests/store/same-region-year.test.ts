import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { assignDocumentIds } from '../../src/parse/parse-folder.js';
import { parseBytes } from '../../src/parse/parse-document.js';
import { planTargets } from '../../src/remind/targets.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { ItemStore } from '../../src/store/item-store.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { RemindTables } from '../../src/remind/tables.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';

const embedder = new HashedLexicalEmbedder();
const log = silentLogger;

/** What a store serves, keyed so that a moved id shows up as a difference. */
async function snapshot(uri: string) {
  const store = await ItemStore.open({ uri, embedder, log });
  try {
    const items = await store.items();
    const byDoc: Record<string, number> = {};
    for (const i of items) byDoc[i.doc] = (byDoc[i.doc] ?? 0) + 1;
    const targetRows = (await store.tables().targets.query().select(['id', 'source']).toArray()) as Array<{ id: string; source: string }>;
    return {
      byDoc,
      sources: Object.fromEntries((await store.documents()).map((d) => [d.id, d.source])),
      items,
      uniqueIds: new Set(items.map((i) => i.id)).size === items.length,
      targetRowIds: (source: string) =>
        targetRows
          .filter((r) => r.source === source)
          .map((r) => r.id)
          .sort(),
      reminderIds: (doc: string) => planTargets(items.filter((i) => i.doc === doc)).map((t) => t.id),
    };
  } finally {
    store.close();
  }
}

describe('a second edition of a plan (issue 11, point 5)', () => {
  it('adding a file whose name sorts first moves no document, item or target id, and a done mark survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-edition-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    const uri = join(dir, 'db');
    const original = readFileSync(join(SEEDS_DIR, seedFile('longgang')), 'utf8');
    writeFileSync(join(seeds, 'longgang.txt'), original);
    const ingest = () => ingestFolder({ seedsDir: seeds, uri, embedder, log });
    try {
      await ingest();
      const before = await snapshot(uri);
      expect(before.byDoc).toEqual({ 'longgang-2022': 41 });
      const done = before.reminderIds('longgang-2022')[0]!;
      expect(done).toBeDefined();
      const db = (await ItemStore.open({ uri, embedder, log })).db;
      const remind = await RemindTables.open(db);
      await remind.markDone({ targetId: done, doneBy: 'wxid_lead', doneByName: '组长', doneAt: '2022-03-01T00:00:00.000Z' });
      db.close();

      // The revised edition sorts before the original by file name (it used to take longgang-2022 from it).
      writeFileSync(join(seeds, 'a-revised.txt'), original.replace('推动在区疾控中心建设', '推动在区疾控中心加快建设'));
      const r = await ingest();
      expect(r.updated).toEqual(['a-revised.txt']);
      expect(r.unchanged).toEqual(['longgang.txt']);
      const after = await snapshot(uri);
      expect(after.sources['longgang-2022']).toBe('longgang.txt');
      const revisedId = Object.entries(after.sources).find(([, s]) => s === 'a-revised.txt')![0];
      expect(revisedId).toMatch(/^longgang-2022-.+/);
      expect(after.uniqueIds).toBe(true);
      expect(after.items.filter((i) => i.doc === 'longgang-2022').map((i) => i.id)).toEqual(before.items.map((i) => i.id));
      expect(after.targetRowIds('longgang.txt')).toEqual(before.targetRowIds('longgang.txt'));
      expect(after.reminderIds('longgang-2022')).toEqual(before.reminderIds('longgang-2022'));

      const reopened = await ItemStore.open({ uri, embedder, log });
      try {
        expect(await (await RemindTables.open(reopened.db)).doneIds()).toEqual(new Set([done]));
        expect(after.reminderIds('longgang-2022')).toContain(done);
      } finally {
        reopened.close();
      }

      // The original edition goes: the revised one keeps the id it was given (ids never move while a file stays).
      rmSync(join(seeds, 'longgang.txt'));
      await ingest();
      expect((await snapshot(uri)).sources).toEqual({ [revisedId]: 'a-revised.txt' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a fresh build tells editions apart by published date, then file name, not by the order files are read', async () => {
    const text = readFileSync(join(SEEDS_DIR, seedFile('longgang')), 'utf8');
    const parse = async (names: string[]) => {
      const docs = await Promise.all(names.map((n) => parseBytes(Buffer.from(text), n)));
      assignDocumentIds(docs);
      return Object.fromEntries(docs.map((d) => [d.document.source, d.document.id]));
    };
    const one = await parse(['b.txt', 'a.txt']);
    const two = await parse(['a.txt', 'b.txt']);
    expect(one).toEqual(two);
    expect(one['a.txt']).toBe('longgang-2022');
    expect(one['b.txt']).toMatch(/^longgang-2022-/);
  });

  it('a changed item keeps its id; the targets of every item whose clause did not change keep theirs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planbot-edit-'));
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    const uri = join(dir, 'db');
    const original = readFileSync(join(SEEDS_DIR, seedFile('longgang')), 'utf8');
    writeFileSync(join(seeds, 'longgang.txt'), original);
    try {
      await ingestFolder({ seedsDir: seeds, uri, embedder, log });
      const before = await snapshot(uri);
      const edited = before.items.find((i) => i.text.includes('推动在区疾控中心建设'))!;
      writeFileSync(join(seeds, 'longgang.txt'), original.replace('推动在区疾控中心建设', '推动在区疾控中心加快建设'));
      await ingestFolder({ seedsDir: seeds, uri, embedder, log });
      const after = await snapshot(uri);
      expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
      expect(after.items.find((i) => i.id === edited.id)!.text).toContain('加快建设');
      const others = (snap: typeof before) => planTargets(snap.items.filter((i) => i.id !== edited.id)).map((t) => t.id);
      expect(others(after)).toEqual(others(before));
      expect(others(before).length).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
