/**
 * Document frequencies of lexical features over the items of the store: the IDF that weighs a question's
 * terms (in the lexical embedder's query vectors and in the answered/not-found decision). Kept per source file
 * so that an incremental ingest only recounts the files it re-reads, and summed into the corpus summary
 * (corpus-summary.ts) that the store opens with.
 */
export class CorpusStatistics {
  constructor(
    /** Number of items counted. */
    readonly items: number,
    readonly df: ReadonlyMap<string, number>,
  ) {}

  static empty(): CorpusStatistics {
    return new CorpusStatistics(0, new Map());
  }

  /** Counts each feature once per item. */
  static fromFeatureSets(sets: Iterable<Iterable<string>>): CorpusStatistics {
    const df = new Map<string, number>();
    let items = 0;
    for (const set of sets) {
      items++;
      for (const f of new Set(set)) df.set(f, (df.get(f) ?? 0) + 1);
    }
    return new CorpusStatistics(items, df);
  }

  static sum(parts: CorpusStatistics[]): CorpusStatistics {
    const tally = new StatisticsTally();
    for (const p of parts) tally.add(p);
    return tally.total();
  }

  /** These counts without `parts` (files an incremental ingest replaces or drops); features left at 0 go. */
  minus(parts: CorpusStatistics[]): CorpusStatistics {
    const df = new Map(this.df);
    let items = this.items;
    for (const p of parts) {
      items -= p.items;
      for (const [f, n] of p.df) {
        const left = (df.get(f) ?? 0) - n;
        if (left > 0) df.set(f, left);
        else df.delete(f);
      }
    }
    return new CorpusStatistics(Math.max(0, items), df);
  }

  /** Smoothed IDF; a feature no item has gets the largest weight (it is the most specific thing asked). */
  idf(feature: string): number {
    return Math.log((this.items + 1) / ((this.df.get(feature) ?? 0) + 0.5));
  }

  /** Features and counts as two arrays: parsed several times faster than pairs at a corpus' size. */
  toJSON(): string {
    return JSON.stringify({ items: this.items, features: [...this.df.keys()], counts: [...this.df.values()] });
  }

  /** Reads both this JSON and the `df` pairs that stores written before it hold. */
  static fromJSON(json: string): CorpusStatistics {
    const raw = JSON.parse(json) as { items: number; features?: string[]; counts?: number[]; df?: Array<[string, number]> };
    if (raw.df) return new CorpusStatistics(raw.items, new Map(raw.df));
    const df = new Map<string, number>();
    const counts = raw.counts ?? [];
    (raw.features ?? []).forEach((f, i) => df.set(f, counts[i]!));
    return new CorpusStatistics(raw.items, df);
  }
}

/** Statistics added up part by part, so that ingest need not keep every file's statistics until the end. */
export class StatisticsTally {
  private readonly df = new Map<string, number>();
  private items = 0;

  add(part: CorpusStatistics): void {
    this.items += part.items;
    for (const [f, n] of part.df) this.df.set(f, (this.df.get(f) ?? 0) + n);
  }

  total(): CorpusStatistics {
    return new CorpusStatistics(this.items, new Map(this.df));
  }
}
