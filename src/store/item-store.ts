import type { Connection, Table } from '@lancedb/lancedb';
import { PlanDocument, PlanItem, type ItemKind } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { CorpusStatistics } from './corpus-stats.js';
import type { Embedder } from './embedder.js';
import { openCommitted, readManifest, type StoreManifest } from './manifest.js';
import { reciprocalRankFusion } from './fusion.js';
import { TABLES, VECTOR_NPROBES, sqlIn, type FileRow } from './tables.js';
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

/**
 * The plan documents, items and targets in LanceDB, with the vectors and tokens that retrieval searches.
 * Reading methods load the items once and keep them (a few MB for hundreds of documents); `refresh()` picks up
 * a newer ingest.
 */
export class ItemStore {
  private cache: { documents: PlanDocument[]; items: PlanItem[]; byId: Map<string, PlanItem> } | undefined;

  /** The meta table's version (it changes only when an ingest commits) and the manifest this store serves. */
  private served: { meta: number; manifest: StoreManifest | null } = { meta: 0, manifest: null };

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
      // The meta version is read first: a commit landing in between is then seen as newer, never missed.
      const meta = await metaVersion(db);
      const manifest = await readManifest(db);
      if (!manifest) throw new StoreMissingError(`no plan store at ${opts.uri}: run \`planbot ingest\` first`);
      ItemStore.checkEmbedder(manifest.embedder, opts.embedder, opts.uri);
      const tables = await openCommitted(db, manifest.tables);
      const store = new ItemStore(db, opts.uri, opts.embedder, opts.log, tables.items, tables.files, tables.targets, CorpusStatistics.empty(), []);
      store.served = { meta, manifest };
      await store.loadFileSummaries();
      return store;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  private static checkEmbedder(recorded: EmbedderRecord, embedder: Embedder, uri: string): void {
    if (recorded.id === embedder.id && recorded.dimension === embedder.dimension) return;
    throw new StoreMismatchError(
      `the store at ${uri} was built with embedder ${recorded.id} (dimension ${recorded.dimension}), but ${embedder.id} (dimension ${embedder.dimension}) is configured: ` +
        'run `planbot ingest` to rebuild it with the configured embedder, or set EMBEDDER back',
    );
  }

  private async loadFileSummaries(): Promise<void> {
    const rows = (await this.filesTable.query().select(['stats', 'words']).toArray()) as Array<Pick<FileRow, 'stats' | 'words'>>;
    this.statistics = CorpusStatistics.sum(rows.map((r) => CorpusStatistics.fromJSON(r.stats)));
    this.userWords = [...new Set(rows.flatMap((r) => JSON.parse(r.words) as string[]))].sort();
  }

  /**
   * Whether an ingest (in this or another process) committed a newer store than this one serves: a running
   * bot polls it and calls refresh() to pick up new documents without a restart.
   */
  async hasNewerVersion(): Promise<boolean> {
    // The meta table changes only when an ingest commits its manifest, never half-way through its batches.
    return (await metaVersion(this.db)) > this.served.meta;
  }

  /**
   * Serves the store the latest manifest names: call after an ingest in another process. An ingest that
   * switched the embedder cannot be served by this process (its query vectors would not match): that throws
   * StoreMismatchError and the tables this process opened keep serving.
   */
  async refresh(): Promise<void> {
    const meta = await metaVersion(this.db);
    const manifest = await readManifest(this.db);
    if (!manifest) throw new StoreMissingError(`no plan store at ${this.uri}: run \`planbot ingest\` first`);
    if (manifest.embedder.id !== this.embedder.id || manifest.embedder.dimension !== this.embedder.dimension) {
      throw new StoreMismatchError(
        `the store at ${this.uri} was rebuilt with embedder ${manifest.embedder.id} (dimension ${manifest.embedder.dimension}): restart the bot with the matching EMBEDDER`,
      );
    }
    const tables = await openCommitted(this.db, manifest.tables);
    // The old handles are left to the garbage collector, not closed: a search in flight may still use them.
    [this.itemsTable, this.filesTable, this.targetsTable] = [tables.items, tables.files, tables.targets];
    this.served = { meta, manifest };
    this.cache = undefined;
    await this.loadFileSummaries();
  }

  /**
   * Served tables that have versions past the manifest's: an ingest is running, or failed or was killed
   * before its switch. Readers do not see those versions; doctor says so instead of a plain "ok".
   */
  async uncommittedTables(): Promise<string[]> {
    const manifest = this.served.manifest;
    if (!manifest) return [];
    const out: string[] = [];
    for (const { name, version } of Object.values(manifest.tables)) {
      const latest = await this.db.openTable(name);
      try {
        if ((await latest.version()) > version) out.push(name);
      } finally {
        latest.close();
      }
    }
    return out;
  }

  /** The manifest this store serves: which table versions, built by which embedder, when. */
  manifest(): StoreManifest | null {
    return this.served.manifest;
  }

  /** The tokenizer with this corpus' user dictionary loaded: queries must be cut the way the items were. */
  async tokenizer(): Promise<Tokenizer> {
    const t = await sharedTokenizer();
    // The process-wide tokenizer keeps words once added: going over thousands of them on every question did not.
    if (this.wordsAdded !== this.userWords) {
      t.addUserWords(this.userWords);
      this.wordsAdded = this.userWords;
    }
    return t;
  }
  private wordsAdded: string[] | undefined;

  /** The served tables, read-only at their committed versions (tests and the bench read them directly). */
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
   * For /healthz: the store answers a real query. A row count is read from the table's version file alone
   * and still succeeds when the data files are gone; this reads one item's row from its data file and
   * parses it, bypassing the cache.
   */
  async probe(): Promise<{ items: number }> {
    const items = await this.itemsTable.countRows();
    if (items === 0) return { items };
    const rows = await this.itemsTable.query().select(['json']).limit(1).toArray();
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
    const [byVector, byText] = await Promise.all([
      opts.vector ? this.vectorLeg(opts.vector, where, opts.limit) : Promise.resolve([]),
      text ? this.textLeg(text, where, opts.limit) : Promise.resolve([]),
    ]);
    if (!text) return byVector;
    if (!opts.vector) return byText;
    const similarity = new Map(byVector.map((h) => [h.item.id, h.similarity]));
    return reciprocalRankFusion([byVector, byText], (h) => h.item.id)
      .slice(0, opts.limit)
      .map(({ entry, score }) => ({ ...entry, score, similarity: similarity.get(entry.item.id) ?? null }));
  }

  private async vectorLeg(vector: number[], where: string | undefined, limit: number): Promise<SearchHit[]> {
    let q = this.itemsTable.query().nearestTo(vector).distanceType('cosine').nprobes(VECTOR_NPROBES).select(['id', 'json', 'tokens', '_distance']).limit(limit);
    if (where) q = q.where(where);
    const rows = (await q.toArray()) as Array<Record<string, unknown>>;
    return rows.map((r) => this.hit(r, 1 - Number(r._distance), 1 - Number(r._distance)));
  }

  private async textLeg(text: string, where: string | undefined, limit: number): Promise<SearchHit[]> {
    let q = this.itemsTable.query().fullTextSearch(text, { columns: 'tokens' }).select(['id', 'json', 'tokens', '_score']).limit(limit);
    if (where) q = q.where(where);
    const rows = (await q.toArray()) as Array<Record<string, unknown>>;
    return rows.map((r) => this.hit(r, Number(r._score), null));
  }

  private hit(r: Record<string, unknown>, score: number, similarity: number | null): SearchHit {
    const cached = this.cache?.byId.get(r.id as string);
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
