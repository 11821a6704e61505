import { CorpusStatistics } from './corpus-stats.js';
import type { Table } from '@lancedb/lancedb';
import type { PlanDocument } from '../items/index.js';
import type { FileRow } from './tables.js';

/** A file row's parts that the summary is made of. */
export type FileSummaryRow = Pick<FileRow, 'source' | 'doc' | 'words' | 'units' | 'reviewed'>;

/**
 * What answering needs to know of the whole corpus, without reading its items: the feature statistics (IDF),
 * the corpus' own words for the tokenizer, every unit name and the documents that review a year. Every ingest
 * writes it as one row beside the items (table plan_corpus, named in the manifest), so opening a store of
 * 100,000 items reads one value instead of thousands of per-file statistics.
 */
export class CorpusSummary {
  constructor(
    readonly statistics: CorpusStatistics,
    /** Sorted. */
    readonly words: readonly string[],
    /** Every responsible unit some item lists, in the order the items first list them (files by name). */
    readonly units: readonly string[],
    /** Documents with review paragraphs. */
    readonly reviewedDocs: ReadonlySet<string>,
  ) {}

  /**
   * The summary of the files whose rows are given. Their statistics are passed in, not summed here: an
   * incremental ingest subtracts the replaced files' counts instead of re-adding thousands of files'.
   */
  static fromFiles(rows: readonly FileSummaryRow[], statistics: CorpusStatistics): CorpusSummary {
    const byName = [...rows].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    return new CorpusSummary(
      statistics,
      [...union(byName.map((r) => r.words))].sort(),
      [...union(byName.map((r) => r.units))],
      new Set(byName.filter((r) => r.reviewed).map((r) => r.doc)),
    );
  }

  toJSON(): string {
    const { statistics, words, units, reviewedDocs } = this;
    return JSON.stringify({ statistics: statistics.toJSON(), words, units, reviewedDocs: [...reviewedDocs] });
  }

  /** The summary a store's corpus table holds; null when there is no such table or row (stores built before it). */
  static async read(table: Table | undefined): Promise<CorpusSummary | null> {
    const row = table ? ((await table.query().toArray()) as Array<{ summary: string }>)[0] : undefined;
    return row ? CorpusSummary.fromJSON(row.summary) : null;
  }

  static fromJSON(json: string): CorpusSummary {
    const raw = JSON.parse(json) as { statistics: string; words: string[]; units: string[]; reviewedDocs: string[] };
    return new CorpusSummary(CorpusStatistics.fromJSON(raw.statistics), raw.words, raw.units, new Set(raw.reviewedDocs));
  }
}

/** The JSON arrays' values, each once, in order of first appearance. */
function union(jsonArrays: string[]): Set<string> {
  const all = new Set<string>();
  for (const json of jsonArrays) for (const w of JSON.parse(json) as string[]) all.add(w);
  return all;
}

/**
 * What the query stage reads of the corpus (query/vocabulary.ts): the same object until the store serves
 * another version, so that what is built from it is built once per version.
 */
export interface CorpusOutline {
  documents: PlanDocument[];
  /** Every unit some item lists, in the order items first list them. */
  units: readonly string[];
  /** Documents with review paragraphs. */
  reviewedDocs: ReadonlySet<string>;
}
