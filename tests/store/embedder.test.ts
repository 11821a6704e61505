import { loadConfig } from '../../src/config/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { CorpusStatistics } from '../../src/store/corpus-stats.js';
import { createEmbedder } from '../../src/store/create-embedder.js';
import { EmbedderError } from '../../src/store/embedder.js';
import { HashedLexicalEmbedder } from '../../src/store/lexical-embedder.js';
import { OpenAIEmbedder } from '../../src/store/openai-embedder.js';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('HashedLexicalEmbedder', () => {
  it('is deterministic, of its dimension, and L2-normalised', async () => {
    const texts = ['加快推进公立医院建设', '深入开展爱国卫生运动'];
    const a = await new HashedLexicalEmbedder().embed(texts);
    const b = await new HashedLexicalEmbedder().embed(texts);
    expect(a).toEqual(b);
    for (const v of a) {
      expect(v).toHaveLength(1024);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect((await new HashedLexicalEmbedder(256).embed(['x']))[0]).toHaveLength(256);
  });

  it('scores texts that share words above texts that do not', async () => {
    const e = new HashedLexicalEmbedder();
    const [q, near, far] = await e.embed(['公立医院建设', '推进公立医院高质量建设', '开展爱国卫生运动']);
    expect(dot(q!, near!)).toBeGreaterThan(dot(q!, far!) + 0.2);
  });

  it('weighs query terms by corpus IDF', async () => {
    const e = new HashedLexicalEmbedder();
    const stats = CorpusStatistics.fromFeatureSets([['医院', '厕所'], ['医院'], ['医院']]);
    const [toilet, hospital] = await e.embed(['厕所', '医院']);
    const q = await e.embedQuery('医院厕所', stats);
    expect(dot(q, toilet!)).toBeGreaterThan(dot(q, hospital!));
  });

  it('is the default without an API key', async () => {
    const e = await createEmbedder(loadConfig({ EMBEDDER: 'auto' }, '/nonexistent.env'), silentLogger);
    expect(e).toBeInstanceOf(HashedLexicalEmbedder);
  });
});

describe('OpenAIEmbedder against a local fake server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  /** A fake /v1/embeddings: fails the first `failures` requests with `status`, then answers 3-d vectors. */
  async function fake(opts: { failures?: number; status?: number } = {}) {
    const seen: Array<{ input: string[]; encoding_format?: string; auth?: string }> = [];
    let failures = opts.failures ?? 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const json = JSON.parse(body) as { input: string[]; encoding_format?: string };
        seen.push({ ...json, auth: req.headers.authorization });
        if (failures > 0) {
          failures--;
          res.writeHead(opts.status ?? 500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'upstream exploded' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', model: 'fake', data: json.input.map((t, index) => ({ object: 'embedding', index, embedding: [t.length, 1, 0] })) }),
        );
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = server!.address() as AddressInfo;
    return { seen, baseURL: `http://127.0.0.1:${port}/v1` };
  }

  it('probes the dimension of an unknown model, batches, asks for floats and normalises', async () => {
    const { seen, baseURL } = await fake();
    const e = await OpenAIEmbedder.create({ apiKey: 'sk-test-1234', baseURL, model: 'local-model', log: silentLogger, batchSize: 2 });
    expect(e.dimension).toBe(3);
    expect(e.id).toBe('openai:local-model');
    const vs = await e.embed(['a', 'bb', 'ccc']);
    expect(vs).toHaveLength(3);
    for (const v of vs) expect(norm(v)).toBeCloseTo(1, 5);
    expect(seen.slice(1).map((s) => s.input)).toEqual([['a', 'bb'], ['ccc']]);
    expect(seen.every((s) => s.encoding_format === 'float')).toBe(true);
    expect(seen[0]!.auth).toBe('Bearer sk-test-1234');
  });

  it('retries server errors with backoff', async () => {
    const { seen, baseURL } = await fake({ failures: 2, status: 503 });
    const e = await OpenAIEmbedder.create({ apiKey: 'k', baseURL, model: 'text-embedding-3-small', log: silentLogger, retries: 3, backoffMs: 5 });
    // A known model needs no probe, so the first request is the embedding itself.
    await expect(e.embed(['x'])).rejects.toThrow(/dimension 3, expected 1536/);
    expect(seen).toHaveLength(3);
  });

  it('fails with a clear error naming the server and model when retries run out', async () => {
    const { baseURL } = await fake({ failures: 10, status: 500 });
    const err = await OpenAIEmbedder.create({ apiKey: 'k', baseURL, model: 'local-model', log: silentLogger, retries: 1, backoffMs: 1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmbedderError);
    expect((err as Error).message).toMatch(new RegExp(`${baseURL.replace(/[.]/g, '\\.')}.*local-model.*2 attempt.*HTTP 500`));
  });

  it('does not retry a rejected key', async () => {
    const { seen, baseURL } = await fake({ failures: 10, status: 401 });
    await expect(OpenAIEmbedder.create({ apiKey: 'k', baseURL, model: 'local-model', log: silentLogger, retries: 3, backoffMs: 1 })).rejects.toThrow(
      /HTTP 401/,
    );
    expect(seen).toHaveLength(1);
  });

  it('fails clearly when nothing listens', async () => {
    const e = await OpenAIEmbedder.create({ apiKey: 'k', baseURL: 'http://127.0.0.1:9/v1', model: 'text-embedding-3-small', log: silentLogger, retries: 0 });
    await expect(e.embed(['x'])).rejects.toThrow(/127\.0\.0\.1:9.*failed after 1 attempt/);
  });
});
