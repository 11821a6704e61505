import type { Connection, Table } from '@lancedb/lancedb';
import { PlanDocument, PlanItem, type ItemKind } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { CorpusStatistics } from './corpus-stats.js';
import type { Embedder } from './embedder.js';
import { CorpusSummary, type CorpusOutline } from './corpus-summary.js';
import { openCommitted, readManifest, type PlanTables, type StoreManifest } from './manifest.js';
import { reciprocalRankFusion } from './fusion.js';
import { TABLES, sqlIn, sqlString, type FileRow } from './tables.js';
import { vectorProbes } from './vector-index.js';
import { sharedTokenizer, type Tokenizer } from './tokenizer.js';

/** The store was built by another embedder: its vectors cannot be compared with this one's. */
export class StoreMismatchError extends Error {
  override name = 'StoreMismatchError';
}

/** No store at the URI yet (and the caller did not ask to build one). */
export class StoreMissingError extends Error {
  override name = 'StoreMissingError';
}

export interface EmbedderRecord {
  id: string;
  dimension: number;
}

export interface SearchHit {
  item: PlanItem;
  /** Tokens the item was indexed with (for coverage checks without re-tokenising). */
  tokens: string[];
  score: number;
  /** Cosine similarity of the item's vector to the query's, when the vector leg ranked it. */
  similarity: number | null;
}

export interface SearchOptions {
  vector?: number[];
  /** Space-joined content tokens for the full-text side; empty skips it. */
  text?: string;
  /** Only items of these documents; absent or empty: all. */
  docs?: readonly string[];
  limit: number;
}

export interface OpenStoreOptions {
  uri: string;
  embedder: Embedder;
  log: Logger;
  /** Compare every vector instead of searching the index: how the bench measures what the index costs. */
  exactVectorSearch?: boolean;
}

export async function connectTo(uri: string): Promise<Connection> {
  const { connect } = await import('@lancedb/lancedb');
  return connect(uri);
}

/** 0 before the first commit. */
async function metaVersion(db: Connection): Promise<number> {
  if (!(await db.tableNames()).includes(TABLES.meta)) return 0;
  const meta = await db.openTable(TABLES.meta);
  try {
    return await meta.version();
  } finally {
    meta.close();
  }
}

interface LoadedItems {
  items: PlanItem[];
  byId: Map<string, PlanItem>;
}

/**
 * One committed version of the store as this process serves it. A reload builds the next one completely
 * (and loads its items when the current one had them loaded) before it replaces this one, so questions
 * asked meanwhile are answered from this one without waiting.
 */
interface Snapshot {
  /** The meta table's version (it changes only when an ingest commits) and the manifest served. */
  meta: number;
  manifest: StoreManifest;
  tables: PlanTables;
  summary: CorpusSummary;
  outline: CorpusOutline;
  /** Items per document id: how large a searched scope is. */
  itemsPerDoc: Map<string, number>;
  /** Every item, read on first use (listings, /item, reminders): opening the store and answering do without. */
  items?: Promise<LoadedItems>;
  loaded?: LoadedItems;
}

/**
 * The plan documents, items and targets in LanceDB, with the vectors and tokens that retrieval searches.
 * Opening reads the documents and the corpus summary only; every item is read on first use and kept.
 * `refresh()` picks up a newer ingest.
 */
export class ItemStore {
  private constructor(
    /** The LanceDB connection, shared with sibling table modules (reminders keep their tables here). */
    readonly db: Connection,
    readonly uri: string,
    readonly embedder: Embedder,
    private readonly log: Logger,
    private snapshot: Snapshot,
    private readonly exactVectorSearch: boolean,
  ) {}

  /** True when an ingest has completed at the URI. */
  static async exists(uri: string): Promise<boolean> {
    const db = await connectTo(uri);
    try {
      return (await readManifest(db)) !== null;
    } finally {
      db.close();
    }
  }

  /**
   * Opens the store that the last completed ingest committed (its manifest), each table fixed at the
   * committed version: rows an unfinished or killed ingest wrote since are not seen. Fails with
   * StoreMissingError when no ingest has completed and with StoreMismatchError when another embedder built it.
   */
  static async open(opts: OpenStoreOptions): Promise<ItemStore> {
    const db = await connectTo(opts.uri);
    try {
      const snapshot = await ItemStore.committedSnapshot(db, opts.uri, opts.embedder, 'open');
      return new ItemStore(db, opts.uri, opts.embedder, opts.log, snapshot, opts.exactVectorSearch ?? false);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  private static async committedSnapshot(db: Connection, uri: string, embedder: Embedder, why: 'open' | 'refresh'): Promise<Snapshot> {
    // The meta version is read first: a commit landing in between is then seen as newer, never missed.
    const meta = await metaVersion(db);
    const manifest = await readManifest(db);
    if (!manifest) throw new StoreMissingError(`no plan store at ${uri}: run \`planbot ingest\` first`);
    ItemStore.checkEmbedder(manifest.embedder, embedder, uri, why);
    const tables = await openCommitted(db, manifest.tables);
    const [{ documents, itemsPerDoc }, summary] = await Promise.all([readDocuments(tables.files), readSummary(tables)]);
    return {
      meta,
      manifest,
      tables,
      summary: summary.summary,
      outline: { documents, units: summary.summary.units, reviewedDocs: summary.summary.reviewedDocs },
      itemsPerDoc,
      ...summary.items,
    };
  }

  private static checkEmbedder(recorded: EmbedderRecord, embedder: Embedder, uri: string, why: 'open' | 'refresh'): void {
    if (recorded.id === embedder.id && recorded.dimension === embedder.dimension) return;
    if (why === 'refresh') {
      throw new StoreMismatchError(
        `the store at ${uri} was rebuilt with embedder ${recorded.id} (dimension ${recorded.dimension}): restart the bot with the matching EMBEDDER`,
      );
    }
    throw new StoreMismatchError(
      `the store at ${uri} was built with embedder ${recorded.id} (dimension ${recorded.dimension}), but ${embedder.id} (dimension ${embedder.dimension}) is configured: ` +
        'run `planbot ingest` to rebuild it with the configured embedder, or set EMBEDDER back',
    );
  }

  /** Partitions of the vector index a query searches (vector-index.ts). */
  vectorProbes(): number {
    return vectorProbes(this.snapshot.summary.statistics.items);
  }

  /** Feature document frequencies of the stored items. */
  get statistics(): CorpusStatistics {
    return this.snapshot.summary.statistics;
  }

  /** The corpus' own words (units, quoted terms, regions), loaded into the tokenizer before use. */
  get userWords(): readonly string[] {
    return this.snapshot.summary.words;
  }

  /**
   * Whether an ingest (in this or another process) committed a newer store than this one serves: a running
   * bot polls it and calls refresh() to pick up new documents without a restart.
   */
  async hasNewerVersion(): Promise<boolean> {
    // The meta table changes only when an ingest commits its manifest, never half-way through its batches.
    return (await metaVersion(this.db)) > this.snapshot.meta;
  }

  /**
   * Serves the store the latest manifest names: call after an ingest in another process. The new version is
   * made ready (its items too, when this one's were loaded) while the current one keeps answering, then
   * replaces it. An ingest that switched the embedder cannot be served by this process (its query vectors
   * would not match): that throws StoreMismatchError and the current version keeps serving.
   */
  async refresh(): Promise<void> {
    const next = await ItemStore.committedSnapshot(this.db, this.uri, this.embedder, 'refresh');
    if (this.snapshot.items) await ItemStore.itemsOf(next);
    // The old handles are left to the garbage collector, not closed: a search in flight may still use them.
    this.snapshot = next;
  }

  /**
   * Served tables that have versions past the manifest's: an ingest is running, or failed or was killed
   * before its switch. Readers do not see those versions; doctor says so instead of a plain "ok".
   */
  async uncommittedTables(): Promise<string[]> {
    const out: string[] = [];
    for (const served of Object.values(this.snapshot.manifest.tables)) {
      if (!served) continue;
      const latest = await this.db.openTable(served.name);
      try {
        if ((await latest.version()) > served.version) out.push(served.name);
      } finally {
        latest.close();
      }
    }
    return out;
  }

  /** The manifest this store serves: which table versions, built by which embedder, when. */
  manifest(): StoreManifest | null {
    return this.snapshot.manifest;
  }

  /** The tokenizer with this corpus' user dictionary loaded: queries must be cut the way the items were. */
  async tokenizer(): Promise<Tokenizer> {
    const t = await sharedTokenizer();
    // The process-wide tokenizer keeps words once added: going over thousands of them on every question did not.
    const words = this.snapshot.summary.words;
    if (this.wordsAdded !== words) {
      t.addUserWords(words);
      this.wordsAdded = words;
    }
    return t;
  }
  private wordsAdded: readonly string[] | undefined;

  /** The served tables, read-only at their committed versions (tests and the bench read them directly). */
  tables(): PlanTables {
    return this.snapshot.tables;
  }

  /** What the store holds per source file (not its statistics, which are large and only ingest reads). */
  async fileRows(): Promise<StoredFile[]> {
    return (await this.snapshot.tables.files.query().select(['source', 'hash', 'doc', 'items']).toArray()) as StoredFile[];
  }

  /** Documents, units and reviewed documents, without reading items: what the query stage needs. */
  async outline(): Promise<CorpusOutline> {
    return this.snapshot.outline;
  }

  /** The loaded plan documents, in file name order. */
  async documents(): Promise<PlanDocument[]> {
    return this.snapshot.outline.documents;
  }

  /** Every unit some item lists. */
  async units(): Promise<readonly string[]> {
    return this.snapshot.summary.units;
  }

  private static itemsOf(snapshot: Snapshot): Promise<LoadedItems> {
    snapshot.items ??= readItems(snapshot.tables.items).then(
      (loaded) => (snapshot.loaded = loaded),
      (e: unknown) => {
        snapshot.items = undefined; // the next call tries again
        throw e;
      },
    );
    return snapshot.items;
  }

  /** All items in document order, optionally of one document (id or file name) and/or one kind. */
  async items(filter: { doc?: string; kind?: ItemKind } = {}): Promise<PlanItem[]> {
    const snapshot = this.snapshot;
    const { items } = await ItemStore.itemsOf(snapshot);
    if (filter.doc === undefined && filter.kind === undefined) return items;
    const documents = snapshot.outline.documents;
    const docId = filter.doc === undefined ? undefined : (documents.find((d) => d.id === filter.doc || d.source === filter.doc)?.id ?? filter.doc);
    return items.filter((i) => (docId === undefined || i.doc === docId) && (filter.kind === undefined || i.kind === filter.kind));
  }

  /** One item by id: from the loaded items, or one row read by id when they are not loaded. */
  async item(id: string): Promise<PlanItem | null> {
    const loaded = this.snapshot.loaded;
    if (loaded) return loaded.byId.get(id) ?? null;
    const rows = (await this.snapshot.tables.items
      .query()
      .where(`id = ${sqlString(id)}`)
      .select(['json'])
      .limit(1)
      .toArray()) as Array<{ json: string }>;
    return rows[0] ? PlanItem.parse(JSON.parse(rows[0].json)) : null;
  }

  /** Row count of the items table, without loading the items. */
  async countItems(): Promise<number> {
    return this.snapshot.tables.items.countRows();
  }

  /**
   * For /healthz: the store answers a real query. A row count is read from the table's version file alone
   * and still succeeds when the data files are gone; this reads one item's row from its data file and
   * parses it, bypassing the cache.
   */
  async probe(): Promise<{ items: number }> {
    const items = await this.snapshot.tables.items.countRows();
    if (items === 0) return { items };
    const rows = await this.snapshot.tables.items.query().select(['json']).limit(1).toArray();
    if (!rows[0]) throw new Error(`the items table counts ${items} rows but a query returned none`);
    PlanItem.parse(JSON.parse(rows[0].json as string));
    return { items };
  }

  /**
   * Vector and full-text search over the items, as two queries run side by side and fused by reciprocal rank
   * (fusion.ts). With only one side given, that side's ranking. Callers filter by document with a typed option;
   * the SQL stays here, where LanceDB is known.
   */
  async search(opts: SearchOptions): Promise<SearchHit[]> {
    const text = opts.text?.trim() ?? '';
    const where = opts.docs?.length ? sqlIn('doc', [...opts.docs]) : undefined;
    const exact = this.exactVectorSearch || this.scansScope(opts.docs ?? []);
    const [byVector, byText] = await Promise.all([
      opts.vector ? this.vectorLeg(opts.vector, where, opts.limit, exact) : Promise.resolve([]),
      text ? this.textLeg(text, where, opts.limit) : Promise.resolve([]),
    ]);
    if (!text) return byVector;
    if (!opts.vector) return byText;
    const similarity = new Map(byVector.map((h) => [h.item.id, h.similarity]));
    return reciprocalRankFusion([byVector, byText], (h) => h.item.id)
      .slice(0, opts.limit)
      .map(({ entry, score }) => ({ ...entry, score, similarity: similarity.get(entry.item.id) ?? null }));
  }

  /**
   * Whether a search in these documents compares every vector of the scope instead of using the index: the index
   * searches the partitions nearest the question, and a scope's few items (one district's plan among 40,000
   * items) may lie in none of them: with the index, the eval on a 40k store lost 5 points of recall@5. Larger
   * scopes (a district's plans over ten years, 3,600 of 100,000 items) agreed with a scan on every bench question
   * through the index, and scanning them cost more (docs/PERFORMANCE.md).
   */
  scansScope(docs: readonly string[]): boolean {
    if (docs.length === 0) return false;
    const { itemsPerDoc } = this.snapshot;
    return docs.reduce((n, d) => n + (itemsPerDoc.get(d) ?? 0), 0) <= EXACT_SCOPE_MAX_ITEMS;
  }

  private async vectorLeg(vector: number[], where: string | undefined, limit: number, exact: boolean): Promise<SearchHit[]> {
    let q = this.snapshot.tables.items
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .nprobes(this.vectorProbes())
      .select(['id', 'json', 'tokens', '_distance'])
      .limit(limit);
    if (exact) q = q.bypassVectorIndex();
    if (where) q = q.where(where);
    const rows = (await q.toArray()) as Array<Record<string, unknown>>;
    return rows.map((r) => this.hit(r, 1 - Number(r._distance), 1 - Number(r._distance)));
  }

  private async textLeg(text: string, where: string | undefined, limit: number): Promise<SearchHit[]> {
    let q = this.snapshot.tables.items.query().fullTextSearch(text, { columns: 'tokens' }).select(['id', 'json', 'tokens', '_score']).limit(limit);
    if (where) q = q.where(where);
    const rows = (await q.toArray()) as Array<Record<string, unknown>>;
    return rows.map((r) => this.hit(r, Number(r._score), null));
  }

  private hit(r: Record<string, unknown>, score: number, similarity: number | null): SearchHit {
    const cached = this.snapshot.loaded?.byId.get(r.id as string);
    const item = cached ?? PlanItem.parse(JSON.parse(r.json as string));
    return {
      item,
      tokens: String(r.tokens ?? '')
        .split(' ')
        .filter(Boolean),
      score,
      similarity,
    };
  }

  close(): void {
    this.db.close();
  }
}

export type StoredFile = Pick<FileRow, 'source' | 'hash' | 'doc' | 'items'>;

/** Scopes of at most this many items are searched without the vector index (scansScope). */
export const EXACT_SCOPE_MAX_ITEMS = 2000;

const bySource = (a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);

async function readDocuments(files: Table): Promise<{ documents: PlanDocument[]; itemsPerDoc: Map<string, number> }> {
  const rows = (await files.query().select(['source', 'doc', 'document', 'items']).toArray()) as Array<Pick<FileRow, 'source' | 'doc' | 'document' | 'items'>>;
  const documents = rows.sort(bySource).map((f) => PlanDocument.parse(JSON.parse(f.document)));
  return { documents, itemsPerDoc: new Map(rows.map((r) => [r.doc, r.items])) };
}

/**
 * Every item, read batch by batch with a turn of the event loop between batches: a reload reads them while
 * questions are being answered, and turning 100,000 rows into objects at once held those answers up.
 */
async function readItems(table: Table): Promise<LoadedItems> {
  // Grouped by file as they come, so that document order needs only a sort of the file names, not of every row.
  const byFile = new Map<string, Array<{ position: number; item: PlanItem }>>();
  const read = await table.query().select(['source', 'position', 'json']).toArrow();
  for (const batch of read.batches) {
    for (const r of batch.toArray() as unknown as Array<{ source: string; position: number; json: string }>) {
      const list = byFile.get(r.source) ?? [];
      if (list.length === 0) byFile.set(r.source, list);
      list.push({ position: r.position, item: PlanItem.parse(JSON.parse(r.json)) });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const items: PlanItem[] = [];
  for (const source of [...byFile.keys()].sort()) {
    for (const { item } of byFile.get(source)!.sort((a, b) => a.position - b.position)) items.push(item);
  }
  return { items, byId: new Map(items.map((i) => [i.id, i])) };
}

/**
 * The committed corpus summary. A store built before summaries existed has none: it is summed from its files'
 * statistics and words and from its items (then already loaded, and kept), until its next ingest writes one.
 */
async function readSummary(tables: PlanTables): Promise<{ summary: CorpusSummary; items?: Pick<Snapshot, 'items' | 'loaded'> }> {
  const stored = await CorpusSummary.read(tables.corpus);
  if (stored) return { summary: stored };
  const [files, loaded] = await Promise.all([
    tables.files.query().select(['stats', 'words']).toArray() as Promise<Array<Pick<FileRow, 'stats' | 'words'>>>,
    readItems(tables.items),
  ]);
  const summary = new CorpusSummary(
    CorpusStatistics.sum(files.map((r) => CorpusStatistics.fromJSON(r.stats))),
    [...new Set(files.flatMap((r) => JSON.parse(r.words) as string[]))].sort(),
    [...new Set(loaded.items.flatMap((i) => i.units))],
    new Set(loaded.items.filter((i) => i.kind === 'review').map((i) => i.doc)),
  );
  return { summary, items: { items: Promise.resolve(loaded), loaded } };
}
