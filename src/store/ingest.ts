import { Index, type Table } from '@lancedb/lancedb';
import type { ParsedDocument, SkippedFile } from '../items/index.js';
import { indexedText } from './indexed-text.js';
import type { Logger } from '../log/index.js';
import { parseFolder, type ReadLimits } from '../parse/index.js';
import { CorpusStatistics } from './corpus-stats.js';
import type { Embedder } from './embedder.js';
import { textFeatures } from './features.js';
import { ItemStore } from './item-store.js';
import { TABLES, VECTOR_INDEX_MIN_ROWS, sqlIn, type FileRow, type ItemRow, type TargetRow } from './tables.js';
import { harvestUserWords } from './user-dictionary.js';

export interface IngestProgress {
  /** Items embedded so far in this run, of `total` to embed. */
  done: number;
  total: number;
  file: string;
}

export type StoreTarget = { store: ItemStore } | { uri: string; embedder: Embedder };

export type IngestOptions = StoreTarget & {
  log: Logger;
  onProgress?: (p: IngestProgress) => void;
  /** Items embedded and written per step; bounds memory on large corpora. */
  batchItems?: number;
};

/** `planbot ingest --json`: counts of what the store serves after the run. */
export interface IngestResult {
  documents: number;
  items: number;
  targets: number;
  skipped: SkippedFile[];
  ms: number;
  /** File names whose items were (re-)embedded, left as they were, and dropped. */
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** Reads a folder of plan documents into the store: new and changed files replace their items, removed files are dropped. */
export async function ingestFolder(opts: IngestOptions & { seedsDir: string; limits?: ReadLimits }): Promise<IngestResult> {
  const started = performance.now();
  const { documents, skipped } = await parseFolder(opts.seedsDir, opts.limits);
  for (const s of skipped) opts.log.warn({ file: s.file }, s.reason);
  const result = await ingestDocuments({ ...opts, documents, removeMissing: true });
  return { ...result, skipped, ms: Math.round(performance.now() - started) };
}

/**
 * The seam for ingesting parsed documents from anywhere (a folder, single uploaded files). With
 * `removeMissing`, stored files absent from `documents` are dropped (a folder is the whole corpus);
 * without, the others stay.
 *
 * Atomic per run: every table's version is noted first, and any failure restores those versions, so the
 * previous store keeps serving. The embedder record is written last: a store whose first ingest failed
 * has none and counts as missing.
 */
export async function ingestDocuments(
  opts: IngestOptions & { documents: ParsedDocument[]; removeMissing: boolean },
): Promise<Omit<IngestResult, 'skipped' | 'ms'> & { skipped: SkippedFile[]; ms: number }> {
  const started = performance.now();
  const store = 'store' in opts ? opts.store : await ItemStore.openForWriting({ uri: opts.uri, embedder: opts.embedder, log: opts.log });
  try {
    const existing = new Map((await store.fileRows()).map((f) => [f.source, f]));
    const incoming = new Map(opts.documents.map((d) => [d.document.source, d]));
    // A file also counts as changed when the parser now gives it another document id: a second plan of the
    // same region and year renames the later file's document (longgang-2022-2), and its stored rows must
    // follow, or the two files' items would be confused.
    const changed = opts.documents.filter((d) => {
      const stored = existing.get(d.document.source);
      return stored?.hash !== d.document.hash || stored.doc !== d.document.id;
    });
    const removed = opts.removeMissing ? [...existing.keys()].filter((s) => !incoming.has(s)) : [];
    const unchanged = opts.documents.filter((d) => !changed.includes(d)).map((d) => d.document.source);

    if (changed.length || removed.length) {
      await writeAtomically(store, opts.log, () => write(store, changed, removed, opts));
      await store.refresh();
    }
    const [documents, items] = await Promise.all([store.documents(), store.items()]);
    return {
      documents: documents.length,
      items: items.length,
      targets: items.reduce((n, i) => n + i.targets.length, 0),
      skipped: [],
      ms: Math.round(performance.now() - started),
      updated: changed.map((d) => d.document.source),
      unchanged,
      removed,
    };
  } finally {
    if (!('store' in opts)) store.close();
  }
}

async function writeAtomically(store: ItemStore, log: Logger, work: () => Promise<void>): Promise<void> {
  const tables = { ...store.tables(), meta: await store.db.openTable(TABLES.meta) };
  const versions = await Promise.all(Object.values(tables).map(async (t) => [t, await t.version()] as const));
  try {
    await work();
  } catch (e) {
    log.error({ err: (e as Error).message }, 'ingest failed: restoring the previous store version');
    for (const [table, version] of versions) await restoreTo(table, version, log);
    throw e;
  }
}

async function restoreTo(table: Table, version: number, log: Logger): Promise<void> {
  try {
    if ((await table.version()) === version) return;
    await table.checkout(version);
    await table.restore();
  } catch (e) {
    log.error({ table: table.name, version, err: (e as Error).message }, 'could not restore table version');
  }
}

async function write(store: ItemStore, changed: ParsedDocument[], removed: string[], opts: IngestOptions & { documents: ParsedDocument[] }): Promise<void> {
  const { items: itemsTable, targets: targetsTable, files: filesTable } = store.tables();
  const tokenizer = await store.tokenizer();
  // Words of every incoming file, so that a changed file is cut with the whole corpus' vocabulary.
  tokenizer.addUserWords(harvestUserWords(opts.documents.map((d) => d.document), opts.documents.flatMap((d) => d.items)));

  const total = changed.reduce((n, d) => n + d.items.length, 0);
  const batchItems = Math.max(1, opts.batchItems ?? 512);
  const fileRows: FileRow[] = [];
  let done = 0;
  for (const batch of batches(changed, batchItems)) {
    const items = batch.flatMap((d) => d.items.map((item, position) => ({ item, position, source: d.document.source })));
    const vectors = await store.embedder.embed(items.map(({ item }) => indexedText(item)));
    const itemRows: ItemRow[] = [];
    const featuresBySource = new Map<string, Array<Iterable<string>>>();
    items.forEach(({ item, position, source }, i) => {
      const tokens = tokenizer.tokens(indexedText(item));
      itemRows.push({ id: item.id, source, doc: item.doc, kind: item.kind, position, json: JSON.stringify(item), tokens: tokens.join(' '), vector: vectors[i]! });
      const list = featuresBySource.get(source) ?? [];
      list.push(textFeatures(tokens, indexedText(item)).keys());
      featuresBySource.set(source, list);
    });
    const sources = batch.map((d) => d.document.source);
    await replaceBySource(itemsTable, itemRows, sources);
    const targetRows: TargetRow[] = batch.flatMap((d) =>
      d.items.flatMap((item) => item.targets.map((t, n) => ({ id: `${item.id}@${n + 1}`, item_id: item.id, source: d.document.source, doc: item.doc, deadline: t.deadline, json: JSON.stringify(t) }))),
    );
    await replaceBySource(targetsTable, targetRows, sources);
    for (const d of batch) {
      fileRows.push({
        source: d.document.source,
        hash: d.document.hash,
        doc: d.document.id,
        document: JSON.stringify(d.document),
        items: d.items.length,
        stats: CorpusStatistics.fromFeatureSets(featuresBySource.get(d.document.source) ?? []).toJSON(),
        words: JSON.stringify(harvestUserWords([d.document], d.items)),
      });
      done += d.items.length;
      opts.onProgress?.({ done, total, file: d.document.source });
    }
  }
  if (removed.length) {
    await itemsTable.delete(sqlIn('source', removed));
    await targetsTable.delete(sqlIn('source', removed));
    await filesTable.delete(sqlIn('source', removed));
  }
  if (fileRows.length) await filesTable.mergeInsert('source').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(fileRows as unknown as Array<Record<string, unknown>>);

  await itemsTable.createIndex('tokens', {
    config: Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
    replace: true,
  });
  await indexVectors(itemsTable);
  const meta = await store.db.openTable(TABLES.meta);
  await meta
    .mergeInsert('key')
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute([
      { key: 'embedder', value: JSON.stringify({ id: store.embedder.id, dimension: store.embedder.dimension }) },
      { key: 'ingested_at', value: JSON.stringify(new Date().toISOString()) },
    ]);
}

/**
 * Below a few thousand items an exact (flat) vector scan is fast and best; above, it dominates query time
 * (at 40,000 × 1024-d a hybrid query took 340 ms flat against 16 ms with IVF_FLAT, see docs/PERFORMANCE.md), so
 * the vectors get an IVF_FLAT index: about 600 rows a partition, searched with VECTOR_NPROBES (tables.ts).
 * Rows written after the index is built are still searched (LanceDB scans the unindexed tail).
 */
async function indexVectors(itemsTable: Table): Promise<void> {
  const rows = await itemsTable.countRows();
  if (rows < VECTOR_INDEX_MIN_ROWS) return;
  const numPartitions = Math.min(256, Math.max(8, Math.round(rows / 600)));
  await itemsTable.createIndex('vector', { config: Index.ivfFlat({ numPartitions, distanceType: 'cosine' }), replace: true });
}

/** One commit per table and batch: the batch's files' old rows go, their new rows come, in the same version. */
async function replaceBySource(table: Table, rows: Array<ItemRow | TargetRow>, sources: string[]): Promise<void> {
  if (rows.length === 0) {
    await table.delete(sqlIn('source', sources));
    return;
  }
  // Matched on the source file as well as the id: one file's rows can never update another file's.
  await table
    .mergeInsert(['source', 'id'])
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .whenNotMatchedBySourceDelete({ where: sqlIn('source', sources) })
    .execute(rows as unknown as Array<Record<string, unknown>>);
}

function* batches(docs: ParsedDocument[], size: number): Generator<ParsedDocument[]> {
  let batch: ParsedDocument[] = [];
  let n = 0;
  for (const d of docs) {
    batch.push(d);
    n += d.items.length;
    if (n >= size) {
      yield batch;
      batch = [];
      n = 0;
    }
  }
  if (batch.length) yield batch;
}
