import { percentile } from './timing.js';
import '../store/lancedb-env.js';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/index.js';
import type { ParsedDocument } from '../items/index.js';
import { createLogger } from '../log/index.js';
import { QUESTIONS } from './questions.js';
import { parseFolder } from '../parse/index.js';
import { QueryReader } from '../query/index.js';
import { Retriever } from '../retrieve/retriever.js';
import { createEmbedder } from '../store/create-embedder.js';
import { ingestDocuments } from '../store/ingest.js';
import { ItemStore } from '../store/item-store.js';
import { indexedText } from '../store/indexed-text.js';
import { REGIONS, seedItemOf, synthesize } from './corpus.js';
import { indexAgreement, nearby, seededRandom } from './vector-agreement.js';

/**
 * `npm run bench:local`: the local embedding model (EMBEDDER=local) on this machine. Ingest of the seeds
 * measures the model's own rate (every text embedded); a 5,000-item store made of the seeds' texts under other
 * document ids measures query latency at that size, its ingest served by the embedding cache (the cold figure
 * is the seeds' rate times the item count). Writes its section of docs/PERFORMANCE.md.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = createLogger({ level: 'warn' });
const BEGIN = '<!-- local-model bench: begin -->';
const END = '<!-- local-model bench: end -->';

/** Copies of the seeds under other ids: the same texts, so the cache serves their vectors. */
function copies(seeds: ParsedDocument[], target: number): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (let n = 0, count = 0; count < target; n++) {
    const seed = seeds[n % seeds.length]!;
    const id = `copy-${n}`;
    out.push({
      document: { ...seed.document, id, source: `${id}.txt`, hash: createHash('sha256').update(id).digest('hex') },
      items: seed.items.map((i) => ({ ...i, id: `${id}#${i.label}`, doc: id })),
    });
    count += seed.items.length;
  }
  return out;
}

async function queryLatency(uri: string, embedder: Awaited<ReturnType<typeof createEmbedder>>, rounds: number): Promise<{ p50: number; p95: number }> {
  const store = await ItemStore.open({ uri, embedder, log });
  try {
    const retriever = new Retriever(store, log);
    const reader = new QueryReader(store, { botNames: ['小助手'] });
    for (const q of QUESTIONS.slice(0, 3)) await retriever.retrieve(await reader.read(q));
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const s = performance.now();
      await retriever.retrieve(await reader.read(`${QUESTIONS[i % QUESTIONS.length]}${i >= QUESTIONS.length ? ` ${i}` : ''}`));
      times.push(performance.now() - s);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    store.close();
  }
}

/**
 * The vector index's agreement with an exact scan for this model's 384-d vectors at 40k and 100k items.
 * Embedding that many texts takes the model hours here, so the corpus is made from its real vectors: each seed
 * item's vector plus noise as large as the difference the model sees between an item and its copy in another
 * district and year (measured on real copies); the questions are embedded by the model.
 */
async function agreementAtScale(seeds: ParsedDocument[], uri: string, embedder: Awaited<ReturnType<typeof createEmbedder>>): Promise<string[]> {
  const store = await ItemStore.open({ uri, embedder, log });
  const rows = (await store.tables().items.query().select(['id', 'vector']).toArray()) as Array<{ id: string; vector: ArrayLike<number> }>;
  store.close();
  const seedVector = new Map(rows.map((r) => [r.id, Array.from(r.vector)]));
  const sample = synthesize(seeds, 400)
    .flatMap((d) => d.items)
    .filter((_, i) => i % 17 === 0)
    .slice(0, 24);
  const copyVectors = await embedder.embed(sample.map(indexedText));
  const cosines = sample.map((item, i) => dot(copyVectors[i]!, seedVector.get(seedItemOf(seeds, item.id)!.id)!));
  const meanCos = cosines.reduce((a, b) => a + b, 0) / cosines.length;
  const dimension = embedder.dimension;
  const sigma = Math.sqrt((1 / meanCos ** 2 - 1) / dimension);
  const asked = [
    ...new Set(Array.from({ length: 200 }, (_, i) => `${i % 3 === 0 ? REGIONS[i % REGIONS.length]!.slice(0, 2) : ''}${QUESTIONS[i % QUESTIONS.length]}`)),
  ];
  const queries = await Promise.all(
    asked.map(async (q) => (embedder.embedQuery ? embedder.embedQuery(q, undefined as never) : (await embedder.embed([q]))[0]!)),
  );
  const bases = [...seedVector.values()];
  const lines = [`an item and its copy in another district and year: cosine ${meanCos.toFixed(3)} on average (${sample.length} real copies embedded)`];
  for (const size of [40000, 100000]) {
    const random = seededRandom(size);
    const vectors = Array.from({ length: size }, (_, i) => nearby(bases[i % bases.length]!, sigma, random));
    const r = await indexAgreement(vectors, queries, [10, 20, 30, 45, 60]);
    const figures = r.byProbes.map((b) => `${b.probes} probes ${b.agreement.toFixed(1)}% (p95 ${b.p95.toFixed(1)} ms)`).join(', ');
    lines.push(`vector index at ${size} items of ${dimension}-d model vectors, ${r.partitions} partitions: top 10 agreeing with an exact scan at ${figures}`);
  }
  return lines;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export async function benchLocalModel(): Promise<string[]> {
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };
  const temp = await mkdtemp(join(tmpdir(), 'planbot-bench-local-'));
  const embedder = await createEmbedder(loadConfig({ EMBEDDER: 'local' }, join(temp, 'no.env')), log);
  try {
    const { documents: seeds } = await parseFolder(join(repo, 'seeds'));
    const seedItems = seeds.reduce((n, d) => n + d.items.length, 0);
    const uri = join(temp, 'store');
    const t0 = performance.now();
    await ingestDocuments({ uri, embedder, log, documents: seeds, removeMissing: true });
    const seedS = (performance.now() - t0) / 1000;
    const rate = seedItems / seedS;
    say(
      `ingest of the seeds with ${embedder.id}: ${seedItems} items in ${seedS.toFixed(1)} s = ${rate.toFixed(1)} items/s (every text embedded; items average about 300 characters)`,
    );
    const seedQ = await queryLatency(uri, embedder, 50);
    say(`query (question embedded by the model + hybrid retrieval) on the seeds: p50 ${seedQ.p50.toFixed(0)} ms, p95 ${seedQ.p95.toFixed(0)} ms`);
    // Read while the store holds the seeds' own vectors (the copies below replace them).
    const agreement = await agreementAtScale(seeds, uri, embedder);

    const big = copies(seeds, 5000);
    const bigItems = big.reduce((n, d) => n + d.items.length, 0);
    const t1 = performance.now();
    await ingestDocuments({ uri, embedder, log, documents: big, removeMissing: true, batchItems: 1024 });
    const bigS = (performance.now() - t1) / 1000;
    say(
      `ingest at ${bigItems} items with every vector from the embedding cache: ${bigS.toFixed(1)} s = ${Math.round(bigItems / bigS)} items/s; cold, the model's rate above makes it about ${Math.round(bigItems / rate / 60)} min`,
    );
    const bigQ = await queryLatency(uri, embedder, 50);
    say(`query at ${bigItems} items: p50 ${bigQ.p50.toFixed(0)} ms, p95 ${bigQ.p95.toFixed(0)} ms`);
    for (const line of agreement) say(line);
  } finally {
    await embedder.close?.();
    await rm(temp, { recursive: true, force: true });
  }
  return lines;
}

/** The local-model section of an existing PERFORMANCE.md, so that the main bench, which rewrites the file, keeps it. */
export function localSectionOf(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  return start >= 0 && end > start ? doc.slice(start, end + END.length) : '';
}

/** Replaces this bench's section of docs/PERFORMANCE.md, leaving the rest as the main bench wrote it. */
export async function writeLocalSection(lines: string[]): Promise<void> {
  const path = join(repo, 'docs', 'PERFORMANCE.md');
  const doc = await readFile(path, 'utf8').catch(() => '# Performance\n');
  const section = [
    BEGIN,
    '## The local embedding model (EMBEDDER=local)',
    '',
    `Measured by \`npm run bench:local\` (src/bench/local-model.ts) on ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}; other processes were running.`,
    '',
    ...lines.map((l) => `- ${l}`),
    END,
  ].join('\n');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  const next = start >= 0 && end > start ? doc.slice(0, start) + section + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${section}\n`;
  await writeFile(path, next);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeLocalSection(await benchLocalModel());
  process.stdout.write('\nwritten to docs/PERFORMANCE.md\n');
}
