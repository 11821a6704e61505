import type { Connection, Table } from '@lancedb/lancedb';
import { PlanDocument, PlanItem, type ItemKind } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { CorpusStatistics } from './corpus-stats.js';
import type { Embedder } from './embedder.js';
import { TABLES, VECTOR_NPROBES, filesSchema, itemsSchema, metaSchema, sqlString, targetsSchema, type FileRow } from './tables.js';
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
}

export interface SearchOptions {
  vector?: number[];
  /** Space-joined content tokens for the full-text side; empty skips it. */
  text?: string;
  /** SQL filter on items columns (doc, kind, source). */
  where?: string;
  limit: number;
}

export interface OpenStoreOptions {
  uri: string;
  embedder: Embedder;
  log: Logger;
}

async function connectTo(uri: string): Promise<Connection> {
  const { connect } = await import('@lancedb/lancedb');
  return connect(uri);
}

/**
 * The plan documents, items and targets in LanceDB, with the vectors and tokens that retrieval searches.
 * Reading methods load the items once and keep them (a few MB for hundreds of documents); `refresh()` picks up
 * a newer ingest.
 */
export class ItemStore {
  private cache: { documents: PlanDocument[]; items: PlanItem[]; byId: Map<string, PlanItem> } | undefined;
  private rrf: unknown;

  /** Version of the meta table (written last by every ingest) that this store serves. */
  private servedIngest = 0;

  private constructor(
    /** The LanceDB connection, shared with sibling table modules (reminders keep their tables here). */
    readonly db: Connection,
    readonly uri: string,
    readonly embedder: Embedder,
    private readonly log: Logger,
    private itemsTable: Table,
    private filesTable: Table,
    private targetsTable: Table,
    /** Feature document frequencies of the stored items. */
    public statistics: CorpusStatistics,
    /** The corpus' own words (units, quoted terms, regions), loaded into the tokenizer before use. */
    public userWords: string[],
  ) {}

  /** True when an ingest has completed at the URI. */
  static async exists(uri: string): Promise<boolean> {
    const db = await connectTo(uri);
    try {
      return await ItemStore.readEmbedderRecord(db) !== null;
    } finally {
      db.close();
    }
  }

  /**
   * Opens a store that an ingest has built. Fails with StoreMissingError when there is none and with
   * StoreMismatchError when another embedder built it.
   */
  static async open(opts: OpenStoreOptions): Promise<ItemStore> {
    const db = await connectTo(opts.uri);
    const recorded = await ItemStore.readEmbedderRecord(db);
    if (!recorded) {
      db.close();
      throw new StoreMissingError(`no plan store at ${opts.uri}: run \`planbot ingest\` first`);
    }
    ItemStore.checkEmbedder(recorded, opts.embedder, opts.uri, db);
    return ItemStore.load(db, opts);
  }

  /**
   * For ingest: opens the store, creating empty tables when there are none. A store built by another embedder
   * is wiped here (its vectors are useless to this one), so re-ingesting is the way to switch embedders.
   */
  static async openForWriting(opts: OpenStoreOptions): Promise<ItemStore> {
    const db = await connectTo(opts.uri);
    const recorded = await ItemStore.readEmbedderRecord(db);
    if (recorded && (recorded.id !== opts.embedder.id || recorded.dimension !== opts.embedder.dimension)) {
      opts.log.warn({ built: recorded, configured: { id: opts.embedder.id, dimension: opts.embedder.dimension } }, 'store built by another embedder: rebuilding it');
      const names = await db.tableNames();
      for (const t of Object.values(TABLES)) if (names.includes(t)) await db.dropTable(t);
    }
    const names = await db.tableNames();
    const ensure = async (name: string, schema: Parameters<Connection['createEmptyTable']>[1]) =>
      names.includes(name) ? db.openTable(name) : db.createEmptyTable(name, schema, { mode: 'create', existOk: true });
    await ensure(TABLES.items, itemsSchema(opts.embedder.dimension));
    await ensure(TABLES.targets, targetsSchema);
    await ensure(TABLES.files, filesSchema);
    await ensure(TABLES.meta, metaSchema);
    return ItemStore.load(db, opts);
  }

  private static checkEmbedder(recorded: EmbedderRecord, embedder: Embedder, uri: string, db: Connection): void {
    if (recorded.id === embedder.id && recorded.dimension === embedder.dimension) return;
    db.close();
    throw new StoreMismatchError(
      `the store at ${uri} was built with embedder ${recorded.id} (dimension ${recorded.dimension}), but ${embedder.id} (dimension ${embedder.dimension}) is configured: ` +
        'run `planbot ingest` to rebuild it with the configured embedder, or set EMBEDDER back',
    );
  }

  private static async readEmbedderRecord(db: Connection): Promise<EmbedderRecord | null> {
    if (!(await db.tableNames()).includes(TABLES.meta)) return null;
    const meta = await db.openTable(TABLES.meta);
    const rows = await meta.query().where(`key = ${sqlString('embedder')}`).limit(1).toArray();
    return rows[0] ? (JSON.parse(rows[0].value as string) as EmbedderRecord) : null;
  }

  private static async load(db: Connection, opts: OpenStoreOptions): Promise<ItemStore> {
    const [items, files, targets] = await Promise.all([db.openTable(TABLES.items), db.openTable(TABLES.files), db.openTable(TABLES.targets)]);
    const store = new ItemStore(db, opts.uri, opts.embedder, opts.log, items, files, targets, CorpusStatistics.empty(), []);
    if ((await db.tableNames()).includes(TABLES.meta)) store.servedIngest = await (await db.openTable(TABLES.meta)).version();
    await store.loadFileSummaries();
    return store;
  }

  private async loadFileSummaries(): Promise<void> {
    const rows = (await this.filesTable.query().select(['stats', 'words']).toArray()) as Array<Pick<FileRow, 'stats' | 'words'>>;
    this.statistics = CorpusStatistics.sum(rows.map((r) => CorpusStatistics.fromJSON(r.stats)));
    this.userWords = [...new Set(rows.flatMap((r) => JSON.parse(r.words) as string[]))].sort();
  }

  /**
   * Whether an ingest (in this or another process) wrote a newer version of the items than this store
   * serves: a running bot polls it and calls refresh() to pick up new documents without a restart.
   */
  async hasNewerVersion(): Promise<boolean> {
    // The meta table is what an ingest writes last: a newer meta version means a finished ingest, never one
    // half-way through its batches (items written, files and statistics not yet).
    const meta = await this.db.openTable(TABLES.meta);
    return (await meta.version()) > this.servedIngest;
  }

  /**
   * Re-reads the tables: call after an ingest in another process to serve its result. An ingest that
   * switched the embedder cannot be served by this process (its query vectors would not match): that throws
   * StoreMismatchError and the old tables keep serving.
   */
  async refresh(): Promise<void> {
    const recorded = await ItemStore.readEmbedderRecord(this.db);
    if (recorded && (recorded.id !== this.embedder.id || recorded.dimension !== this.embedder.dimension)) {
      throw new StoreMismatchError(`the store at ${this.uri} was rebuilt with embedder ${recorded.id} (dimension ${recorded.dimension}): restart the bot with the matching EMBEDDER`);
    }
    const meta = await this.db.openTable(TABLES.meta);
    this.servedIngest = await meta.version();
    await Promise.all([this.itemsTable.checkoutLatest(), this.filesTable.checkoutLatest(), this.targetsTable.checkoutLatest()]);
    this.cache = undefined;
    await this.loadFileSummaries();
  }

  /** The tokenizer with this corpus' user dictionary loaded: queries must be cut the way the items were. */
  async tokenizer(): Promise<Tokenizer> {
    const t = await sharedTokenizer();
    t.addUserWords(this.userWords);
    return t;
  }

  /** Internal handles for ingest (same module family); not for other callers. */
  tables(): { items: Table; files: Table; targets: Table } {
    return { items: this.itemsTable, files: this.filesTable, targets: this.targetsTable };
  }

  async fileRows(): Promise<FileRow[]> {
    return (await this.filesTable.query().toArray()) as FileRow[];
  }

  private async loadAll() {
    if (this.cache) return this.cache;
    const files = await this.fileRows();
    const bySource = (a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
    const documents = files.sort(bySource).map((f) => PlanDocument.parse(JSON.parse(f.document)));
    const rows = (await this.itemsTable.query().select(['source', 'position', 'json']).toArray()) as Array<{ source: string; position: number; json: string }>;
    rows.sort((a, b) => bySource(a, b) || a.position - b.position);
    const items = rows.map((r) => PlanItem.parse(JSON.parse(r.json)));
    this.cache = { documents, items, byId: new Map(items.map((i) => [i.id, i])) };
    return this.cache;
  }

  /** The loaded plan documents, in file name order. */
  async documents(): Promise<PlanDocument[]> {
    return (await this.loadAll()).documents;
  }

  /** All items in document order, optionally of one document (id or file name) and/or one kind. */
  async items(filter: { doc?: string; kind?: ItemKind } = {}): Promise<PlanItem[]> {
    const { items, documents } = await this.loadAll();
    const docId = filter.doc === undefined ? undefined : (documents.find((d) => d.id === filter.doc || d.source === filter.doc)?.id ?? filter.doc);
    return items.filter((i) => (docId === undefined || i.doc === docId) && (filter.kind === undefined || i.kind === filter.kind));
  }

  async item(id: string): Promise<PlanItem | null> {
    return (await this.loadAll()).byId.get(id) ?? null;
  }

  /** Row count of the items table, without loading the items. */
  async countItems(): Promise<number> {
    return this.itemsTable.countRows();
  }

  /**
   * Vector and full-text search over the items, fused by reciprocal rank (LanceDB's RRF reranker, k = 60).
   * With only one side given, that side's ranking.
   */
  async search(opts: SearchOptions): Promise<SearchHit[]> {
    const columns = ['id', 'json', 'tokens'];
    const text = opts.text?.trim() ?? '';
    let rows: Array<Record<string, unknown>>;
    if (opts.vector && text) {
      let q = this.itemsTable.query().nearestTo(opts.vector).distanceType('cosine').nprobes(VECTOR_NPROBES).fullTextSearch(text, { columns: 'tokens' }).rerank(await this.rrfReranker()).select(columns).limit(opts.limit);
      if (opts.where) q = q.where(opts.where);
      rows = await q.toArray();
      return rows.map((r) => this.hit(r, Number(r._relevance_score)));
    }
    if (opts.vector) {
      let q = this.itemsTable.query().nearestTo(opts.vector).distanceType('cosine').nprobes(VECTOR_NPROBES).select([...columns, '_distance']).limit(opts.limit);
      if (opts.where) q = q.where(opts.where);
      rows = await q.toArray();
      return rows.map((r) => this.hit(r, 1 - Number(r._distance)));
    }
    if (!text) return [];
    let q = this.itemsTable.query().fullTextSearch(text, { columns: 'tokens' }).select([...columns, '_score']).limit(opts.limit);
    if (opts.where) q = q.where(opts.where);
    rows = await q.toArray();
    return rows.map((r) => this.hit(r, Number(r._score)));
  }

  private hit(r: Record<string, unknown>, score: number): SearchHit {
    const cached = this.cache?.byId.get(r.id as string);
    const item = cached ?? PlanItem.parse(JSON.parse(r.json as string));
    return { item, tokens: String(r.tokens ?? '').split(' ').filter(Boolean), score };
  }

  private async rrfReranker() {
    if (!this.rrf) {
      const { rerankers } = await import('@lancedb/lancedb');
      this.rrf = await rerankers.RRFReranker.create(60);
    }
    return this.rrf as Awaited<ReturnType<typeof import('@lancedb/lancedb').rerankers.RRFReranker.create>>;
  }

  close(): void {
    this.db.close();
  }
}
