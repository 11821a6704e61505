import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { ItemStore } from '../../src/store/item-store.js';
import { ingestFolder } from '../../src/store/ingest.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { Tokenizer } from '../../src/store/tokenizer.js';
import { harvestUserWords } from '../../src/store/user-dictionary.js';
import { parsedSeeds, SEEDS_DIR } from '../helpers/seeds.js';
import { tempDir } from './helpers.js';

const KNOWN = ['智慧健康中心', '医政科', '区慢病院'];

describe('tokenizer', () => {
  it('keeps the corpus words whole once they are in the user dictionary', async () => {
    const { documents } = await parsedSeeds();
    const words = harvestUserWords(
      documents.map((d) => d.document),
      documents.flatMap((d) => d.items),
    );
    for (const w of [...KNOWN, '龙岗区', '龙岗', '深圳', '妈宝课堂']) expect(words).toContain(w);

    const t = await Tokenizer.create();
    t.addUserWords(words);
    const tokens = t.tokens('由智慧健康中心、医政科和区慢病院牵头落实');
    for (const w of KNOWN) expect(tokens).toContain(w);
  });

  it('drops stop words and punctuation, and reads full-width forms as half-width', async () => {
    const t = await Tokenizer.create();
    const tokens = t.tokens('今年的ＡＥＤ配置有哪些?');
    expect(tokens).toContain('aed');
    expect(tokens).not.toContain('的');
    expect(tokens).not.toContain('?');
    expect(tokens).not.toContain('今年');
  });

  it('cuts questions into dictionary words, joining unknown single characters back together', async () => {
    const t = await Tokenizer.create();
    expect(t.words('社康里的卫生间')).toEqual(['社康', '卫生间']);
  });
});

describe('full-text search finds known words', () => {
  const tmp = tempDir();
  let store: ItemStore;
  const embedder = new HashedLexicalEmbedder();

  beforeAll(async () => {
    await ingestFolder({ seedsDir: SEEDS_DIR, uri: `${tmp.dir}/s`, embedder, log: silentLogger });
    store = await ItemStore.open({ uri: `${tmp.dir}/s`, embedder, log: silentLogger });
  });
  afterAll(() => {
    store?.close();
    tmp.cleanup();
  });

  it.each(KNOWN)('%s is found as one token by BM25 over the tokens column', async (word) => {
    const hits = await store.search({ text: word, limit: 50 });
    // An empty result would look like "no answer": require hits, and that every hit really has the word.
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.tokens).toContain(word);
    // Every item that has the word in its text or its unit list is found.
    const expected = (await store.items()).filter((i) => i.text.includes(word) || i.units.includes(word));
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(hits.map((h) => h.item.id))).toEqual(new Set(expected.map((i) => i.id)));
  });

  it('does not match a known word by its parts alone', async () => {
    const hits = await store.search({ text: '医政科', limit: 50 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(`${h.item.text}${h.item.units.join('')}`).toContain('医政科');
  });
});
