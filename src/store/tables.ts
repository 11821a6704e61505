import { createRequire } from 'node:module';

// LanceDB loads apache-arrow's CommonJS build; importing the ESM build as well would load a second copy
// (about 0.3 s of a cold start) whose classes LanceDB's instanceof checks do not know.
const { Bool, Field, FixedSizeList, Float32, Int32, Schema, Utf8 } = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');

/**
 * The store's own tables. Other modules may keep tables in the same database (reminders do), so the names
 * are specific. Every item is stored whole as JSON (the round trip must be exact) next to the columns that
 * queries filter or search on.
 */
export const TABLES = { items: 'plan_items', targets: 'plan_targets', files: 'plan_files', corpus: 'plan_corpus', meta: 'plan_store_meta' } as const;

export const itemsSchema = (dimension: number) =>
  new Schema([
    new Field('id', new Utf8(), false),
    /** The seed file the item came from: the unit of incremental replacement. */
    new Field('source', new Utf8(), false),
    new Field('doc', new Utf8(), false),
    new Field('kind', new Utf8(), false),
    /** Position in its document, so that "all items" keep document order. */
    new Field('position', new Int32(), false),
    new Field('json', new Utf8(), false),
    /** Jieba tokens joined by spaces: the full-text index reads them with the whitespace tokenizer. */
    new Field('tokens', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);

export const targetsSchema = new Schema([
  new Field('id', new Utf8(), false),
  new Field('item_id', new Utf8(), false),
  new Field('source', new Utf8(), false),
  new Field('doc', new Utf8(), false),
  new Field('deadline', new Utf8(), false),
  new Field('json', new Utf8(), false),
]);

export const filesSchema = new Schema([
  new Field('source', new Utf8(), false),
  new Field('hash', new Utf8(), false),
  new Field('doc', new Utf8(), false),
  /** The PlanDocument as JSON. */
  new Field('document', new Utf8(), false),
  new Field('items', new Int32(), false),
  /** This file's items' feature document frequencies (CorpusStatistics JSON). */
  new Field('stats', new Utf8(), false),
  /** This file's contribution to the user dictionary (JSON array). */
  new Field('words', new Utf8(), false),
  /** The responsible units its items list (JSON array): the query stage's unit vocabulary, without loading items. */
  new Field('units', new Utf8(), false),
  /** Whether it has review paragraphs (its document then also covers the year before its plan year). */
  new Field('reviewed', new Bool(), false),
]);

/**
 * One row: the whole corpus' summary (corpus-summary.ts), so that opening the store reads one value instead of
 * every file's statistics.
 */
export const corpusSchema = new Schema([new Field('summary', new Utf8(), false)]);

export const metaSchema = new Schema([new Field('key', new Utf8(), false), new Field('value', new Utf8(), false)]);

export interface ItemRow {
  id: string;
  source: string;
  doc: string;
  kind: string;
  position: number;
  json: string;
  tokens: string;
  vector: ArrayLike<number>;
}

export interface TargetRow {
  id: string;
  item_id: string;
  source: string;
  doc: string;
  deadline: string;
  json: string;
}

export interface FileRow {
  source: string;
  hash: string;
  doc: string;
  document: string;
  items: number;
  stats: string;
  words: string;
  units: string;
  reviewed: boolean;
}

/** A SQL string literal for LanceDB filters. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function sqlIn(column: string, values: string[]): string {
  return `${column} IN (${values.map(sqlString).join(', ')})`;
}
