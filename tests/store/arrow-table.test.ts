import { describe, expect, it } from 'vitest';
import { arrowTable } from '../../src/store/arrow-table.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { textFeatures } from '../../src/store/features.js';
import { sharedTokenizer } from '../../src/store/tokenizer.js';
import { filesSchema, itemsSchema } from '../../src/store/tables.js';

describe('arrowTable: rows to columns', () => {
  it('builds text (multi-byte included), integer, boolean and vector columns that read back as written', () => {
    const rows = [
      { id: 'a#1', source: '深圳.txt', doc: 'a', kind: 'plan', position: 0, json: '{"t":"医政科"}', tokens: '医政科 管理', vector: [1, 0, 0, 0] },
      { id: 'a#2', source: '深圳.txt', doc: 'a', kind: 'review', position: 1, json: '', tokens: '', vector: new Float32Array([0, 0.5, 0.5, 0]) },
    ];
    const table = arrowTable(itemsSchema(4), rows);
    expect(table.numRows).toBe(2);
    const back = table.toArray().map((r) => r.toJSON());
    expect(back.map((r) => [r.id, r.source, r.kind, r.position, r.json, r.tokens])).toEqual(
      rows.map((r) => [r.id, r.source, r.kind, r.position, r.json, r.tokens]),
    );
    expect(Array.from(back[1]!.vector as ArrayLike<number>)).toEqual([0, 0.5, 0.5, 0]);

    const files = arrowTable(
      filesSchema,
      Array.from({ length: 10 }, (_, i) => ({
        source: `${i}`,
        hash: 'h',
        doc: 'd',
        document: '{}',
        items: i,
        stats: '{}',
        words: '[]',
        units: '[]',
        reviewed: i % 3 === 0,
      })),
    );
    expect(files.toArray().map((r) => r.toJSON().reviewed)).toEqual(Array.from({ length: 10 }, (_, i) => i % 3 === 0));
  });

  it('says which column is missing or has the wrong length', () => {
    expect(() => arrowTable(itemsSchema(4), [{ id: 'x' }])).toThrow(/source/);
    const row = { id: 'a', source: 's', doc: 'd', kind: 'plan', position: 0, json: '', tokens: '', vector: [1, 2, 3] };
    expect(() => arrowTable(itemsSchema(4), [row])).toThrow(/vector.*3 values.*4/);
  });
});

describe('the lexical embedder from counted features', () => {
  it('gives the vectors it gives from text, so ingest can tokenise each item once', async () => {
    const embedder = new HashedLexicalEmbedder();
    const tokenizer = await sharedTokenizer();
    const texts = ['加强医用耗材管理,推进集中带量采购', '职业健康监护 医政科 疾控中心'];
    const fromText = await embedder.embed(texts);
    const fromFeatures = embedder.embedFeatures(texts.map((t) => textFeatures(tokenizer.tokens(t), t)));
    expect(fromFeatures.map((v) => Array.from(v))).toEqual(fromText);
  });
});
