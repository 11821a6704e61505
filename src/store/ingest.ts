import { Index, type Connection, type Table } from '@lancedb/lancedb';
import { buildVectorIndex } from './vector-index.js';
import { createHash } from 'node:crypto';
import type { ParsedDocument, PlanItem, SkippedFile } from '../items/index.js';
import { indexedText } from './indexed-text.js';
import type { Logger } from '../log/index.js';
import { parseFolder, type ReadLimits } from '../parse/index.js';
import { arrowTable } from './arrow-table.js';
import { CorpusStatistics, StatisticsTally } from './corpus-stats.js';
import { CorpusSummary, type FileSummaryRow } from './corpus-summary.js';
import type { Embedder } from './embedder.js';
import { EmbeddingCache } from './embedding-cache.js';
import { textFeatures } from './features.js';
import { acquireIngestLock } from './ingest-lock.js';
import { connectTo } from './item-store.js';
import {
  REQUIRED_ROLES,
  commitManifest,
  openCommitted,
  readManifest,
  unreferencedPlanTables,
  type ManifestTables,
  type PlanTables,
  type StoreManifest,
} from './manifest.js';
import { TABLES, corpusSchema, filesSchema, itemsSchema, sqlIn, targetsSchema, type FileRow, type ItemRow, type TargetRow } from './tables.js';
import { pauseForTest } from './test-pause.js';
import { sharedTokenizer } from './tokenizer.js';
import { harvestUserWords } from './user-dictionary.js';

export interface IngestProgress {
  /** Items embedded so far in this run, of `total` to embed. */
  done: number;
  total: number;
  file: string;
}

export interface IngestOptions {
  uri: string;
  embedder: Embedder;
  log: Logger;
  onProgress?: (p: IngestProgress) => void;
  /** Items embedded and written per step; bounds memory on large corpora. */
  batchItems?: number;
  /** How long a lock held from another host stays valid without a heartbeat (ingest-lock.ts). */
  lockLeaseMs?: number;
}

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
  const { documents, skipped } = await parseFolder(opts.seedsDir, { keptIds: await storedDocumentIds(opts.uri), limits: opts.limits });
  for (const s of skipped) opts.log.warn({ file: s.file }, s.reason);
  const result = await ingestDocuments({ ...opts, documents, removeMissing: true });
  return { ...result, skipped, ms: Math.round(performance.now() - started) };
}

/** Document ids the served store gives each file: a file keeps its id while it stays (parse-folder.ts). */
async function storedDocumentIds(uri: string): Promise<Map<string, string>> {
  const db = await connectTo(uri);
  try {
    const manifest = await readManifest(db);
    if (!manifest) return new Map();
    const { files } = await openCommitted(db, manifest.tables);
    const rows = (await files.query().select(['source', 'doc']).toArray()) as Array<Pick<FileRow, 'source' | 'doc'>>;
    return new Map(rows.map((r) => [r.source, r.doc]));
  } finally {
    db.close();
  }
}

/**
 * The seam for ingesting parsed documents from anywhere (a folder, single uploaded files). With
 * `removeMissing`, stored files absent from `documents` are dropped (a folder is the whole corpus);
 * without, the others stay.
 *
 * One ingest at a time per store (ingest-lock.ts). The rows are written beside the served store and
 * switched to by one commit of the manifest (manifest.ts), on every path:
 * - same embedder: new versions of the same tables; readers stay on the committed versions until the switch;
 * - another embedder: a new set of tables under new names; the old set keeps serving until the switch and is
 *   dropped by the next ingest (a bot still running the old embedder keeps reading it until restarted);
 * - failure or kill at any moment: the manifest still names the previous versions. What a killed run wrote is
 *   rolled back (same tables) or dropped (new tables) by the next ingest, which holds the lock.
 */
export async function ingestDocuments(
  opts: IngestOptions & { documents: ParsedDocument[]; removeMissing: boolean },
): Promise<Omit<IngestResult, 'skipped' | 'ms'> & { skipped: SkippedFile[]; ms: number }> {
  const started = performance.now();
  const lock = await acquireIngestLock(opts.uri, { log: opts.log, leaseMs: opts.lockLeaseMs });
  try {
    await pauseForTest('locked');
    const db = await connectTo(opts.uri);
    try {
      const outcome = await ingestLocked(db, opts);
      return { ...outcome, skipped: [], ms: Math.round(performance.now() - started) };
    } finally {
      db.close();
    }
  } finally {
    await lock?.release();
  }
}

type Outcome = Pick<IngestResult, 'documents' | 'items' | 'targets' | 'updated' | 'unchanged' | 'removed'>;

async function ingestLocked(db: Connection, opts: IngestOptions & { documents: ParsedDocument[]; removeMissing: boolean }): Promise<Outcome> {
  const { log, embedder } = opts;
  const manifest = await readManifest(db);
  // Leftovers of an embedder change that failed or was killed, and the set an earlier change replaced.
  for (const name of await unreferencedPlanTables(db, manifest)) {
    log.info({ table: name }, 'dropping a plan table the served store does not use');
    await db.dropTable(name);
  }
  const sameEmbedder = manifest !== null && manifest.embedder.id === embedder.id && manifest.embedder.dimension === embedder.dimension;
  if (manifest && !sameEmbedder) {
    log.warn(
      { built: manifest.embedder, configured: { id: embedder.id, dimension: embedder.dimension } },
      'store built by another embedder: building a new one beside it; the current one serves until the new one is complete',
    );
  }
  let target = sameEmbedder ? await reopenAtCommitted(db, manifest.tables, log) : null;
  if (target && !(await hasCurrentLayout(target.tables.files))) {
    log.warn('store written by an older planbot (files without their units): building a new one beside it; the current one serves until then');
    closeAll(target.tables);
    target = null;
  }
  target ??= await createTableSet(db, embedder.dimension);
  try {
    const storedFiles = target.fresh
      ? []
      : ((await target.tables.files.query().select(['source', 'hash', 'doc', 'words']).toArray()) as Array<Pick<FileRow, 'source' | 'hash' | 'doc' | 'words'>>);
    const existing = new Map(storedFiles.map((f) => [f.source, f]));
    const incoming = new Map(opts.documents.map((d) => [d.document.source, d]));
    // A file also counts as changed when its document now has another id (its rows must follow the id).
    const changed = opts.documents.filter((d) => {
      const stored = existing.get(d.document.source);
      return stored?.hash !== d.document.hash || stored.doc !== d.document.id;
    });
    const removed = opts.removeMissing ? [...existing.keys()].filter((s) => !incoming.has(s)) : [];
    const unchanged = opts.documents.filter((d) => !changed.includes(d)).map((d) => d.document.source);
    const lists = { updated: changed.map((d) => d.document.source), unchanged, removed };

    if (target.fresh && changed.length === 0) {
      // Nothing to build from: no store is better than an empty one (it reads as "run ingest" everywhere).
      await discard(db, target, manifest, log);
      return { documents: 0, items: 0, targets: 0, ...lists };
    }
    if (changed.length === 0 && removed.length === 0 && !target.rolledBack && target.tables.corpus) return { ...(await counts(target.tables)), ...lists };

    if (!target.tables.corpus) {
      target.tables.corpus = await createCorpusTable(db);
      target.newCorpusTable = true;
    }
    const storedWords = storedFiles.flatMap((f) => JSON.parse(f.words) as string[]);
    const cache = embedder.semantic ? await EmbeddingCache.open(db, embedder, log) : null;
    try {
      const replaced = changed.map((d) => d.document.source).filter((s) => existing.has(s));
      await write(target, storedWords, changed, { replaced, removed }, { ...opts, embed: embedWith(cache, opts) });
    } catch (e) {
      log.error({ err: (e as Error).message }, 'ingest failed: the previous store keeps serving');
      await discard(db, target, manifest, log);
      throw e;
    } finally {
      cache?.close();
    }
    await pauseForTest('before-switch');
    const { items, targets, files, corpus } = target.tables;
    const version = async (table: Table) => ({ name: table.name, version: await table.version() });
    await commitManifest(db, {
      embedder: { id: embedder.id, dimension: embedder.dimension },
      tables: { items: await version(items), targets: await version(targets), files: await version(files), corpus: await version(corpus!) },
      ingestedAt: new Date().toISOString(),
    });
    return { ...(await counts(target.tables)), ...lists };
  } finally {
    closeAll(target.tables);
  }
}

/** What `ingest --json` reports, from the tables just written (without loading a single item). */
async function counts(tables: PlanTables): Promise<Pick<IngestResult, 'documents' | 'items' | 'targets'>> {
  const files = (await tables.files.query().select(['items']).toArray()) as Array<Pick<FileRow, 'items'>>;
  return { documents: files.length, items: files.reduce((n, f) => n + f.items, 0), targets: await tables.targets.countRows() };
}

function closeAll(tables: PlanTables): void {
  for (const t of Object.values(tables)) t?.close();
}

/** Files tables written before per-file units existed cannot take the rows this version writes. */
async function hasCurrentLayout(files: Table): Promise<boolean> {
  const names = new Set((await files.schema()).fields.map((f) => f.name));
  return filesSchema.fields.every((f) => names.has(f.name));
}

interface WriteTarget {
  tables: PlanTables;
  /** A new set of tables (first ingest or another embedder), not new versions of the served ones. */
  fresh: boolean;
  /**
   * An interrupted ingest's versions were rolled back: committed again even when nothing changed, so the
   * manifest names the latest versions and doctor stops reporting an unfinished ingest.
   */
  rolledBack: boolean;
  /** The summary table was created by this run (the served store had none): dropped again if the run fails. */
  newCorpusTable?: boolean;
}

/**
 * The served tables, writable, with anything written after their committed versions (by an ingest that was
 * killed) rolled back first: the next versions then start from exactly what readers see.
 */
async function reopenAtCommitted(db: Connection, committed: ManifestTables, log: Logger): Promise<WriteTarget> {
  let rolledBack = false;
  const open = async ({ name, version }: { name: string; version: number }) => {
    const table = await db.openTable(name);
    if ((await table.version()) !== version) {
      rolledBack = true;
      log.warn({ table: name, committed: version, latest: await table.version() }, 'rolling back what an interrupted ingest wrote');
      await table.checkout(version);
      await table.restore();
    }
    return table;
  };
  const tables: PlanTables = { items: await open(committed.items), targets: await open(committed.targets), files: await open(committed.files) };
  if (committed.corpus) tables.corpus = await open(committed.corpus);
  return { tables, fresh: false, rolledBack };
}

/** A new set of empty tables: under the plain names when they are free, else under a new suffix. */
async function createTableSet(db: Connection, dimension: number): Promise<WriteTarget> {
  const existing = new Set(await db.tableNames());
  const plainFree = [TABLES.items, TABLES.targets, TABLES.files, TABLES.corpus].every((n) => !existing.has(n));
  const suffix = plainFree ? '' : `__${Date.now().toString(36)}`;
  const [items, targets, files, corpus] = await Promise.all([
    db.createEmptyTable(TABLES.items + suffix, itemsSchema(dimension), { mode: 'create' }),
    db.createEmptyTable(TABLES.targets + suffix, targetsSchema, { mode: 'create' }),
    db.createEmptyTable(TABLES.files + suffix, filesSchema, { mode: 'create' }),
    db.createEmptyTable(TABLES.corpus + suffix, corpusSchema, { mode: 'create' }),
  ]);
  return { tables: { items, targets, files, corpus }, fresh: true, rolledBack: false };
}

/** A summary table for a served store built before summaries existed (its other tables keep their names). */
async function createCorpusTable(db: Connection): Promise<Table> {
  const existing = new Set(await db.tableNames());
  const name = existing.has(TABLES.corpus) ? `${TABLES.corpus}__${Date.now().toString(36)}` : TABLES.corpus;
  return db.createEmptyTable(name, corpusSchema, { mode: 'create' });
}

/**
 * After a failure the manifest was not switched, so readers are unaffected either way; this only tidies:
 * the served tables go back to their committed versions, a new set is dropped. What fails here is left to
 * the next ingest, which does the same.
 */
async function discard(db: Connection, target: WriteTarget, manifest: StoreManifest | null, log: Logger): Promise<void> {
  for (const role of [...REQUIRED_ROLES, 'corpus'] as const) {
    const table = target.tables[role];
    if (!table) continue;
    try {
      if (target.fresh || (role === 'corpus' && target.newCorpusTable)) {
        await db.dropTable(table.name);
        continue;
      }
      const committed = manifest!.tables[role]!.version;
      if ((await table.version()) === committed) continue;
      await table.checkout(committed);
      await table.restore();
    } catch (e) {
      log.error({ table: table.name, err: (e as Error).message }, 'could not tidy a table after the failed ingest (the next ingest will)');
    }
  }
}

/** An item as ingest reads it, once: the text it is found by, its tokens and its lexical features. */
interface AnalysedItem {
  text: string;
  tokens: string[];
  features: Map<string, number>;
}

type Embed = (items: AnalysedItem[]) => Promise<ArrayLike<number>[]>;

/**
 * Vectors for analysed items: from their features where the embedder makes vectors of those (no second
 * tokenisation), else through the cache where there is one (saying how many texts really went to the model).
 */
function embedWith(cache: EmbeddingCache | null, opts: IngestOptions): Embed {
  const { embedder } = opts;
  if (embedder.embedFeatures) {
    const fromFeatures = embedder.embedFeatures.bind(embedder);
    return async (items) => fromFeatures(items.map((i) => i.features));
  }
  if (!cache) return (items) => embedder.embed(items.map((i) => i.text));
  return async (items) => {
    const started = performance.now();
    const { vectors, embedded } = await cache.embed(items.map((i) => i.text));
    if (embedded)
      opts.log.info({ embedded, cached: items.length - embedded, perSecond: Math.round(embedded / ((performance.now() - started) / 1000)) }, 'embedded items');
    return vectors;
  };
}

/**
 * Writes the changed files' rows, drops the removed files' rows, rebuilds the indexes and the corpus summary.
 * All of it lands in versions no reader sees until the manifest switches, so rows are appended (a replaced
 * file's old rows deleted first) rather than merged, and one batch is analysed while the last one is written.
 */
async function write(
  target: WriteTarget,
  storedWords: string[],
  changed: ParsedDocument[],
  dropped: { replaced: string[]; removed: string[] },
  opts: IngestOptions & { documents: ParsedDocument[]; embed: Embed },
): Promise<void> {
  const { items: itemsTable, targets: targetsTable, files: filesTable } = target.tables;
  const tokenizer = await sharedTokenizer();
  tokenizer.addUserWords(storedWords);
  // Words of every incoming file, so that a changed file is cut with the whole corpus' vocabulary.
  const wordsOf = new Map(opts.documents.map((d) => [d.document.source, harvestUserWords([d.document], d.items)]));
  for (const words of wordsOf.values()) tokenizer.addUserWords(words);

  // The summary's counts before this run's changes: what the served summary says, less the files that go.
  const previous = target.fresh ? CorpusStatistics.empty() : await statisticsWithout(target, [...dropped.replaced, ...dropped.removed]);
  const replacedSet = new Set(dropped.replaced);
  const dimension = opts.embedder.dimension;
  const total = changed.reduce((n, d) => n + d.items.length, 0);
  const batchItems = Math.max(1, opts.batchItems ?? defaultBatchItems(opts.embedder));
  const tally = new StatisticsTally();
  tally.add(previous);
  let done = 0;
  let batchNumber = 0;
  let writing: Promise<void> = Promise.resolve();
  for (const batch of batches(changed, batchItems)) {
    const items = batch.flatMap((d) => d.items.map((item, position) => ({ item, position, source: d.document.source })));
    const analysed = items.map(({ item }): AnalysedItem => {
      const text = indexedText(item);
      const tokens = tokenizer.tokens(text);
      return { text, tokens, features: textFeatures(tokens, text) };
    });
    const vectors = await opts.embed(analysed);
    const itemRows: ItemRow[] = items.map(({ item, position, source }, i) => ({
      id: item.id,
      source,
      doc: item.doc,
      kind: item.kind,
      position,
      json: JSON.stringify(item),
      tokens: analysed[i]!.tokens.join(' '),
      vector: vectors[i]!,
    }));
    const targetRows: TargetRow[] = batch.flatMap((d) =>
      d.items.flatMap((item) =>
        targetIds(item).map((id, n) => ({
          id,
          item_id: item.id,
          source: d.document.source,
          doc: item.doc,
          deadline: item.targets[n]!.deadline,
          json: JSON.stringify(item.targets[n]),
        })),
      ),
    );
    const fileRows: FileRow[] = [];
    let offset = 0;
    for (const d of batch) {
      const stats = CorpusStatistics.fromFeatureSets(analysed.slice(offset, offset + d.items.length).map((a) => a.features.keys()));
      offset += d.items.length;
      tally.add(stats);
      fileRows.push({
        source: d.document.source,
        hash: d.document.hash,
        doc: d.document.id,
        document: JSON.stringify(d.document),
        items: d.items.length,
        stats: stats.toJSON(),
        words: JSON.stringify(wordsOf.get(d.document.source) ?? []),
        units: JSON.stringify([...new Set(d.items.flatMap((i) => i.units))]),
        reviewed: d.items.some((i) => i.kind === 'review'),
      });
    }
    // The previous batch was being written while this one was analysed; one write at a time after that.
    await writing;
    const sources = batch.map((d) => d.document.source).filter((s) => replacedSet.has(s));
    writing = appendRows(target.tables, { items: itemRows, targets: targetRows, files: fileRows }, sources, dimension);
    writing.catch(() => undefined); // awaited below: a failure surfaces there, not as an unhandled rejection
    done += items.length;
    for (const d of batch) opts.onProgress?.({ done, total, file: d.document.source });
    if (++batchNumber === 1) {
      await writing;
      await pauseForTest('first-batch-written');
    }
  }
  await writing;
  if (dropped.removed.length) {
    await itemsTable.delete(sqlIn('source', dropped.removed));
    await targetsTable.delete(sqlIn('source', dropped.removed));
  }
  if (dropped.removed.length) await filesTable.delete(sqlIn('source', dropped.removed));
  await writeSummary(target, tally.total(), opts.log);
  await buildIndexes(itemsTable, opts.log);
}

/** Data files past which the items table is rewritten as one before its indexes are built. */
const MAX_ITEM_FILES = 8;

/**
 * Every appended batch is a data file, and a search that filters by document reads from each: a scoped search at
 * 100,000 items took 18 ms over 50 files and 10 ms over one (unscoped ones 13 and 10). Old versions are kept
 * (cleanupOlderThan the epoch): the served manifest still names one, and readers use it until the switch.
 */
async function compact(itemsTable: Table, log: Logger): Promise<void> {
  const files = (await itemsTable.stats()).fragmentStats.numFragments;
  if (files <= MAX_ITEM_FILES) return;
  const result = await itemsTable.optimize({ cleanupOlderThan: new Date(0) });
  log.debug({ before: files, removed: result.compaction.fragmentsRemoved, added: result.compaction.fragmentsAdded }, 'items table compacted');
}

/**
 * Larger batches write fewer data files (compacted after anyway, see compact) and fewer commits. Model embedders
 * keep small batches: what a batch embeds is remembered (embedding cache) only when the batch completes, and a
 * model takes minutes for a few hundred texts.
 */
function defaultBatchItems(embedder: Embedder): number {
  return embedder.semantic ? 512 : 4096;
}

/** One batch's rows appended to the three tables (a replaced file's old rows deleted first). */
async function appendRows(
  tables: PlanTables,
  rows: { items: ItemRow[]; targets: TargetRow[]; files: FileRow[] },
  replaced: string[],
  dimension: number,
): Promise<void> {
  const { items, targets, files } = tables;
  if (replaced.length) await Promise.all([items, targets, files].map((t) => t.delete(sqlIn('source', replaced))));
  const append = (table: Table, schema: Parameters<typeof arrowTable>[0], list: object[]) =>
    list.length ? table.add(arrowTable(schema, list as Array<Record<string, unknown>>)) : Promise.resolve();
  await Promise.all([append(items, itemsSchema(dimension), rows.items), append(targets, targetsSchema, rows.targets), append(files, filesSchema, rows.files)]);
}

/**
 * The served summary's counts less the files that are replaced or removed. A store built before summaries
 * existed gets its counts summed from its files' rows, once.
 */
async function statisticsWithout(target: WriteTarget, goneSources: string[]): Promise<CorpusStatistics> {
  const { files, corpus } = target.tables;
  const statsOf = (rows: Array<Pick<FileRow, 'stats'>>) => rows.map((r) => CorpusStatistics.fromJSON(r.stats));
  const served = await CorpusSummary.read(corpus);
  if (!served) {
    const gone = new Set(goneSources);
    const all = (await files.query().select(['source', 'stats']).toArray()) as Array<Pick<FileRow, 'source' | 'stats'>>;
    return CorpusStatistics.sum(statsOf(all.filter((r) => !gone.has(r.source))));
  }
  if (goneSources.length === 0) return served.statistics;
  const gone = (await files.query().where(sqlIn('source', goneSources)).select(['stats']).toArray()) as Array<Pick<FileRow, 'stats'>>;
  return served.statistics.minus(statsOf(gone));
}

/** The new summary: these counts with the words, units and reviewed documents of every file now stored. */
async function writeSummary(target: WriteTarget, statistics: CorpusStatistics, log: Logger): Promise<void> {
  const rows = (await target.tables.files.query().select(['source', 'doc', 'words', 'units', 'reviewed']).toArray()) as FileSummaryRow[];
  const summary = CorpusSummary.fromFiles(rows, statistics);
  log.debug({ features: summary.statistics.df.size, words: summary.words.length, units: summary.units.length }, 'corpus summary');
  await target.tables.corpus!.add(arrowTable(corpusSchema, [{ summary: summary.toJSON() }]), { mode: 'overwrite' });
}

/**
 * The full-text index, the bitmap index scoped questions filter on, and (above a few thousand items) the
 * vector index (vector-index.ts), rebuilt over the new version.
 */
async function buildIndexes(itemsTable: Table, log: Logger): Promise<void> {
  const timed = async <T>(what: string, build: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await build();
    log.debug({ index: what, ms: Math.round(performance.now() - started) }, 'index built');
    return result;
  };
  await timed('compaction', () => compact(itemsTable, log));
  await timed('full text', () =>
    itemsTable.createIndex('tokens', {
      config: Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
      replace: true,
    }),
  );
  // Scoped questions filter by document: a bitmap index on this low-cardinality column halves their full-text leg.
  await timed('doc', () => itemsTable.createIndex('doc', { config: Index.bitmap(), replace: true }));
  await timed('vector', () => buildVectorIndex(itemsTable));
}

/**
 * `<item id>@<hash of the clause>`: a target's id comes from its item's id (the document and the item's own
 * label) and its own text, not its place in the item's list, so an unchanged item keeps its targets' ids
 * whatever else changes. Identical clauses of one item are told apart by their order (~2, ~3).
 */
function targetIds(item: PlanItem): string[] {
  const seen = new Map<string, number>();
  return item.targets.map((t) => {
    const base = `${item.id}@${createHash('sha256')
      .update(`${t.text}\n${t.value ?? ''}\n${t.unit ?? ''}`)
      .digest('hex')
      .slice(0, 8)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
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
