import { join } from 'node:path';
import { Answerer } from '../answer/answerer.js';
import type { ParsedDocument } from '../items/index.js';
import { createLogger } from '../log/index.js';
import { loadEvalFile } from '../eval/dataset.js';
import { parseFolder } from '../parse/index.js';
import { QueryReader, type Query } from '../query/index.js';
import { Retriever } from '../retrieve/retriever.js';
import { ingestDocuments } from '../store/ingest.js';
import { ItemStore } from '../store/item-store.js';
import { HashedLexicalEmbedder } from '../store/lexical-embedder.js';
import { sqlIn } from '../store/tables.js';
import { VECTOR_INDEX_MIN_ROWS, vectorPartitions } from '../store/vector-index.js';
import { REGIONS, synthesize } from './corpus.js';
import { QUESTIONS } from './questions.js';
import { percentile } from './timing.js';
import { agreeingShare } from './vector-agreement.js';

const log = createLogger({ level: 'warn' });
const QUERIES = 200;

interface Spread {
  p50: number;
  p95: number;
}

export interface SizeFigures {
  items: number;
  ingestMs: number;
  ingestPeakRssMb: number;
  /** Filled in from a fresh process (firstAnswer). */
  openMs: number;
  firstAnswerMs: number;
  queries: number;
  retrieval: Spread;
  /** p95 per kind of question, as text. */
  byKind: string;
  bare: Spread;
  vectorLeg: Spread;
  textLeg: Spread;
  probes: number;
  partitions: number;
  /** The index against an exact scan on the bench's questions and on the dev questions; null without an index. */
  agreement: Agreement | null;
  devAgreement: Agreement | null;
  devAt20: Agreement | null;
  firstListingMs: number;
  reload: { refreshMs: number; answered: number; slowestMs: number };
}

export interface Agreement {
  /** Percent of the index's top-10 ids that an exact scan agrees with, over the questions the index serves. */
  share: number;
  /** Distinct questions the index serves (the others search a scope scanned whole). */
  questions: number;
  probes: number;
  /** The indexed vector query's p95. */
  p95: number;
}

const spread = (xs: number[]): Spread => ({ p50: percentile(xs, 50), p95: percentile(xs, 95) });

function questions(): string[] {
  return Array.from({ length: QUERIES }, (_, i) => `${i % 3 === 0 ? REGIONS[i % REGIONS.length]!.slice(0, 2) : ''}${QUESTIONS[i % QUESTIONS.length]}`);
}

/** What the bot does with a question before composing a reply: read it, then list or retrieve. */
async function retrieve(reader: QueryReader, retriever: Retriever, question: string): Promise<Query> {
  const query = await reader.read(question);
  if (query.intent === 'unit-listing') await retriever.listUnits(query);
  else await retriever.retrieve(query);
  return query;
}

/** One corpus size, measured in this process: ingest, the query mix, the bare LanceDB query, agreement, a reload. */
export async function measureSize(size: number, uri: string, repo: string): Promise<Omit<SizeFigures, 'openMs' | 'firstAnswerMs'>> {
  const { documents: seeds } = await parseFolder(join(repo, 'seeds'));
  const docs = synthesize(seeds, size);
  const items = docs.reduce((n, d) => n + d.items.length, 0);
  const embedder = new HashedLexicalEmbedder();

  const t0 = performance.now();
  await ingestDocuments({ uri, embedder, log, documents: docs, removeMissing: true });
  const ingestMs = performance.now() - t0;
  const ingestPeakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

  const store = await ItemStore.open({ uri, embedder, log });
  try {
    const retriever = new Retriever(store, log);
    const reader = new QueryReader(store, { botNames: ['小助手'] });
    const asked = questions();
    // The first unit listing reads every item once; timed on its own, then the mix runs warm.
    const listing = asked.find((q) => q.startsWith('医政科'))!;
    const l0 = performance.now();
    await retrieve(reader, retriever, listing);
    const firstListingMs = performance.now() - l0;
    for (const q of asked.slice(0, 20)) await retrieve(reader, retriever, q);

    const times: number[] = [];
    const kinds = new Map<string, number[]>();
    const scopes: Array<string[]> = [];
    for (const q of asked) {
      const s = performance.now();
      const query = await retrieve(reader, retriever, q);
      const took = performance.now() - s;
      times.push(took);
      const kind = `${query.intent}${query.scope.docIds.length ? ' (scoped)' : ''}`;
      kinds.set(kind, [...(kinds.get(kind) ?? []), took]);
      scopes.push(query.scope.docIds);
    }
    const byKind = [...kinds]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, xs]) => `${k} ${percentile(xs, 95).toFixed(1)} ms (${xs.length})`)
      .join(', ');

    const bareFigures = await bare(store, asked, scopes);
    const devQuestions = (await loadEvalFile(join(repo, 'eval', 'dev.jsonl'))).map((q) => q.question);
    const indexed = store.statistics.items >= VECTOR_INDEX_MIN_ROWS;
    const agreement = indexed ? await vectorAgreement(store, reader, asked, store.vectorProbes()) : null;
    const devAgreement = indexed ? await vectorAgreement(store, reader, devQuestions, store.vectorProbes()) : null;
    const devAt20 = indexed && store.vectorProbes() !== 20 ? await vectorAgreement(store, reader, devQuestions, 20) : null;
    const reload = await reloadWhileAnswering(store, reader, retriever, docs, uri, asked);
    return {
      items,
      ingestMs,
      ingestPeakRssMb,
      queries: asked.length,
      retrieval: spread(times),
      byKind,
      ...bareFigures,
      firstListingMs,
      reload,
      agreement,
      devAgreement,
      devAt20,
    };
  } finally {
    store.close();
  }
}

/** The same questions as one LanceDB hybrid query each, and each leg alone. */
async function bare(store: ItemStore, asked: string[], scopes: string[][]) {
  const { rerankers } = await import('@lancedb/lancedb');
  const table = store.tables().items;
  const rows = store.statistics.items;
  const probes = store.vectorProbes();
  const rrf = await rerankers.RRFReranker.create(60);
  const tokenizer = await store.tokenizer();
  const embedder = store.embedder;
  const prepared = await Promise.all(
    asked.map(async (q, i) => ({
      text: tokenizer.tokens(q).join(' '),
      vector: await embedder.embedQuery!(q, store.statistics),
      where: scopes[i]!.length ? sqlIn('doc', scopes[i]!) : undefined,
      // As the store searches it: a small scope is scanned whole (ItemStore.scansScope).
      scanned: store.scansScope(scopes[i]!),
    })),
  );
  const timed = async (query: (p: (typeof prepared)[number]) => Promise<unknown>): Promise<number[]> => {
    const out: number[] = [];
    for (const p of prepared) {
      const s = performance.now();
      await query(p);
      out.push(performance.now() - s);
    }
    return out;
  };
  const columns = ['id', 'json', 'tokens'];
  const vectorQuery = (p: (typeof prepared)[number]) => {
    const q = table.query().nearestTo(p.vector).distanceType('cosine').nprobes(probes);
    const scoped = p.where ? q.where(p.where) : q;
    return p.scanned ? scoped.bypassVectorIndex() : scoped;
  };
  const hybrid = await timed((p) => {
    const q = vectorQuery(p).fullTextSearch(p.text, { columns: 'tokens' }).rerank(rrf).select(columns).limit(40);
    return q.toArray();
  });
  const vectorLeg = await timed((p) => vectorQuery(p).select(columns).limit(40).toArray());
  const textLeg = await timed((p) => {
    const q = table.query().fullTextSearch(p.text, { columns: 'tokens' }).select(columns).limit(40);
    return (p.where ? q.where(p.where) : q).toArray();
  });

  return {
    bare: spread(hybrid),
    vectorLeg: spread(vectorLeg),
    textLeg: spread(textLeg),
    probes: rows >= VECTOR_INDEX_MIN_ROWS ? probes : 0,
    partitions: rows >= VECTOR_INDEX_MIN_ROWS ? vectorPartitions(rows) : 0,
  };
}

/**
 * Another ingest commits (one document changed), and the store reloads while questions keep coming: the
 * slowest answer during the reload says whether anyone waited for it.
 */
async function reloadWhileAnswering(store: ItemStore, reader: QueryReader, retriever: Retriever, docs: ParsedDocument[], uri: string, asked: string[]) {
  const first = docs[0]!;
  const changed: ParsedDocument = {
    document: { ...first.document, hash: `${first.document.hash}-changed` },
    items: first.items.map((i, n) => (n === 0 ? { ...i, text: `${i.text}(本条已修订)` } : i)),
  };
  await ingestDocuments({ uri, embedder: store.embedder, log, documents: [changed], removeMissing: false });
  if (!(await store.hasNewerVersion())) throw new Error('bench: the second ingest did not commit a newer version');
  let done = false;
  const s = performance.now();
  const refreshing = store.refresh().finally(() => (done = true));
  let answered = 0;
  let slowestMs = 0;
  for (let i = 0; !done; i++) {
    const q0 = performance.now();
    await retrieve(reader, retriever, asked[i % asked.length]!);
    slowestMs = Math.max(slowestMs, performance.now() - q0);
    answered++;
  }
  await refreshing;
  return { refreshMs: performance.now() - s, answered, slowestMs };
}

/** In a fresh process: open the store and answer one question, as `planbot ask` does. */
export async function firstAnswer(uri: string): Promise<{ openMs: number; answerMs: number }> {
  const embedder = new HashedLexicalEmbedder();
  const s = performance.now();
  const store = await ItemStore.open({ uri, embedder, log });
  const openMs = performance.now() - s;
  try {
    const answerer = new Answerer({
      queries: new QueryReader(store, { botNames: ['小助手'] }),
      retrieval: new Retriever(store, log),
      corpus: { documents: () => store.documents(), items: () => store.items(), units: () => store.units() },
      log,
    });
    const a = performance.now();
    await answerer.answer('家庭医生签约服务覆盖率要达到多少?');
    return { openMs, answerMs: performance.now() - a };
  } finally {
    store.close();
  }
}

/**
 * The vector leg as the retriever runs it (each question read by the query stage, its search text embedded, its
 * scope filtered or scanned whole) with `probes`, against an exact scan (agreeingShare).
 */
export async function vectorAgreement(store: ItemStore, reader: QueryReader, questions: string[], probes: number): Promise<Agreement> {
  const table = store.tables().items;
  const distinct = [...new Set(questions)];
  let shared = 0;
  let served = 0;
  const took: number[] = [];
  for (const question of distinct) {
    const query = await reader.read(question);
    if (store.scansScope(query.scope.docIds) || !query.searchText.trim()) continue;
    const vector = await store.embedder.embedQuery!(query.searchText, store.statistics);
    const search = async (exact: boolean) => {
      let q = table.query().nearestTo(vector).distanceType('cosine').nprobes(probes);
      if (query.scope.docIds.length) q = q.where(sqlIn('doc', query.scope.docIds));
      if (exact) q = q.bypassVectorIndex();
      const s = performance.now();
      const rows = (await q.select(['_distance']).limit(10).toArray()) as Array<{ _distance: number }>;
      if (!exact) took.push(performance.now() - s);
      return rows.map((r) => Number(r._distance));
    };
    const tenth = (await search(true)).at(-1) ?? Infinity;
    const got = await search(false);
    shared += agreeingShare(got, tenth);
    served++;
  }
  return { share: (shared / Math.max(1, served)) * 100, questions: served, probes, p95: took.length ? percentile(took, 95) : 0 };
}
