import type { Connection, Table } from '@lancedb/lancedb';
import { z } from 'zod';
import { TABLES, metaSchema, sqlIn } from './tables.js';

/**
 * Which table versions make up the store that is served. Ingest writes its rows beside the served version
 * (new versions of the same tables, or new tables for another embedder) and writes this manifest last, in one
 * commit of the meta table: that commit is the switch. Readers open each table at the version named here, so
 * whatever a running or killed ingest wrote after it stays invisible.
 */
export const StoreManifest = z.object({
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  tables: z.object({
    items: z.object({ name: z.string(), version: z.number().int().positive() }),
    targets: z.object({ name: z.string(), version: z.number().int().positive() }),
    files: z.object({ name: z.string(), version: z.number().int().positive() }),
    /** The corpus summary (corpus-summary.ts); absent in stores built before it, which are summed from files. */
    corpus: z.object({ name: z.string(), version: z.number().int().positive() }).optional(),
  }),
  ingestedAt: z.string(),
});
export type StoreManifest = z.infer<typeof StoreManifest>;
export type ManifestTables = StoreManifest['tables'];
export type PlanTableRole = keyof ManifestTables;
/** The tables every store has (the summary table is optional, see above). */
export const REQUIRED_ROLES = ['items', 'targets', 'files'] as const;
export type PlanTables = Record<(typeof REQUIRED_ROLES)[number], Table> & { corpus?: Table };

const MANIFEST_KEY = 'manifest';
const LEGACY_EMBEDDER_KEY = 'embedder';

/** The committed manifest, or null when no ingest has ever completed at this database. */
export async function readManifest(db: Connection): Promise<StoreManifest | null> {
  if (!(await db.tableNames()).includes(TABLES.meta)) return null;
  const meta = await db.openTable(TABLES.meta);
  const rows = await meta
    .query()
    .where(sqlIn('key', [MANIFEST_KEY, LEGACY_EMBEDDER_KEY]))
    .toArray();
  const manifest = rows.find((r) => r.key === MANIFEST_KEY);
  if (manifest) return StoreManifest.parse(JSON.parse(manifest.value as string));
  const legacy = rows.find((r) => r.key === LEGACY_EMBEDDER_KEY);
  return legacy ? legacyManifest(db, JSON.parse(legacy.value as string)) : null;
}

/**
 * A store built before manifests existed: its embedder record was written last by every ingest, so the
 * latest versions of the plain-named tables are its committed state.
 */
async function legacyManifest(db: Connection, embedder: unknown): Promise<StoreManifest> {
  const version = async (name: string) => {
    const t = await db.openTable(name);
    try {
      return await t.version();
    } finally {
      t.close();
    }
  };
  return StoreManifest.parse({
    embedder,
    tables: {
      items: { name: TABLES.items, version: await version(TABLES.items) },
      targets: { name: TABLES.targets, version: await version(TABLES.targets) },
      files: { name: TABLES.files, version: await version(TABLES.files) },
    },
    ingestedAt: new Date(0).toISOString(),
  });
}

/** The switch: one commit of the meta table. The plain embedder record is kept for older readers. */
export async function commitManifest(db: Connection, manifest: StoreManifest): Promise<void> {
  const meta = await db.createEmptyTable(TABLES.meta, metaSchema, { mode: 'create', existOk: true });
  await meta
    .mergeInsert('key')
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute([
      { key: MANIFEST_KEY, value: JSON.stringify(manifest) },
      { key: LEGACY_EMBEDDER_KEY, value: JSON.stringify(manifest.embedder) },
      { key: 'ingested_at', value: JSON.stringify(manifest.ingestedAt) },
    ]);
}

/** Opens the manifest's tables, each fixed at its committed version (read-only until checkoutLatest). */
export async function openCommitted(db: Connection, tables: ManifestTables): Promise<PlanTables> {
  const open = async ({ name, version }: { name: string; version: number }) => {
    const t = await db.openTable(name);
    await t.checkout(version);
    return t;
  };
  const [items, targets, files, corpus] = await Promise.all([
    open(tables.items),
    open(tables.targets),
    open(tables.files),
    tables.corpus ? open(tables.corpus) : Promise.resolve(undefined),
  ]);
  return corpus ? { items, targets, files, corpus } : { items, targets, files };
}

/** Plan tables (items, targets, files, corpus of any generation) that the manifest does not name. */
export async function unreferencedPlanTables(db: Connection, manifest: StoreManifest | null): Promise<string[]> {
  const named = new Set(manifest ? Object.values(manifest.tables).map((t) => t.name) : []);
  const planTable = new RegExp(`^(${[TABLES.items, TABLES.targets, TABLES.files, TABLES.corpus].join('|')})(__[a-z0-9]+)?$`);
  return (await db.tableNames()).filter((n) => planTable.test(n) && !named.has(n));
}
