import type { Logger } from '../log/index.js';
import { EmbedderError, l2normalize, type Embedder } from './embedder.js';
import { PLAIN_PROFILE, type EmbeddingProfile } from './embedding-profiles.js';
import type { LocalEmbeddingServer } from './local-embedding-server.js';

/** Dimensions of well-known models, so that opening a store needs no request; others are probed once. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** Empty: api.openai.com. Any server that speaks the OpenAI embeddings API works (vLLM, Ollama, LM Studio). */
  baseURL?: string;
  model: string;
  log: Logger;
  /** Texts per request; servers cap the batch (OpenAI: 2048 inputs), local servers often far lower. */
  batchSize?: number;
  /** Attempts per batch after the first, for rate limits, server errors and dropped connections. */
  retries?: number;
  /** First backoff; doubled on every retry. */
  backoffMs?: number;
  timeoutMs?: number;
  /** How the model wants questions and passages (prefixes, or input_type for servers that prefix). */
  profile?: EmbeddingProfile;
  /** The local server this embedder talks to, started by planbot (EMBEDDER=local); its address wins over baseURL. */
  server?: LocalEmbeddingServer;
}

type Side = 'query' | 'passage';
type EmbeddingsBody = { model: string; input: string[]; encoding_format: 'float'; input_type?: Side };
type EmbeddingsClient = { embeddings: { create(body: EmbeddingsBody): Promise<{ data: Array<{ embedding: number[]; index: number }> }> } };

/** Status codes worth retrying: the server may answer the same request a moment later. */
function retryable(e: unknown): boolean {
  const status = (e as { status?: number }).status;
  if (status === undefined) return true; // connection refused, reset, timeout
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Embeddings from an OpenAI-compatible server. Vectors are L2-normalised so that cosine search behaves the
 * same whatever the server returns. The id names the server and model: vectors from two models cannot mix.
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly semantic = true;
  readonly similarityRange: readonly [number, number] | undefined;
  private client: { baseURL: string | undefined; client: EmbeddingsClient } | undefined;
  private readonly profile: EmbeddingProfile;

  private constructor(
    private readonly opts: OpenAIEmbedderOptions,
    readonly dimension: number,
  ) {
    this.profile = opts.profile ?? PLAIN_PROFILE;
    this.similarityRange = this.profile.similarityRange;
    // The profile is part of the id: vectors made with other prefixes do not compare well with these.
    const kind = opts.server ? 'local' : 'openai';
    this.id = `${kind}:${opts.model}${this.profile.name === 'plain' ? '' : `+${this.profile.name}`}`;
  }

  /** Knows the dimension of common models; asks the server for others (one short request). */
  static async create(opts: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const known = KNOWN_DIMENSIONS[opts.model];
    if (known) return new OpenAIEmbedder(opts, known);
    const probe = new OpenAIEmbedder(opts, 0);
    const [v] = await probe.request(['维度'], 'query');
    return new OpenAIEmbedder(opts, v!.length);
  }

  /** Stored texts are passages. */
  async embed(texts: string[]): Promise<number[][]> {
    const size = Math.max(1, this.opts.batchSize ?? 64);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.request(texts.slice(i, i + size), 'passage')));
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.request([text], 'query'))[0]!;
  }

  async close(): Promise<void> {
    await this.opts.server?.stop();
  }

  private async request(texts: string[], side: Side): Promise<number[][]> {
    const prefix = side === 'query' ? this.profile.queryPrefix : this.profile.passagePrefix;
    const batch = prefix ? texts.map((t) => prefix + t) : texts;
    const body: EmbeddingsBody = { model: this.opts.model, input: batch, encoding_format: 'float', ...(this.profile.inputType ? { input_type: side } : {}) };
    const retries = this.opts.retries ?? 3;
    let delay = this.opts.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.opts.server?.ready();
        const client = await this.getClient();
        const res = await client.embeddings.create(body);
        const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.length !== batch.length) throw new EmbedderError(`embedding server returned ${vectors.length} vectors for ${batch.length} texts`);
        if (this.dimension && vectors.some((v) => v.length !== this.dimension)) {
          throw new EmbedderError(
            `embedding model ${this.opts.model} returned vectors of dimension ${vectors.find((v) => v.length !== this.dimension)!.length}, expected ${this.dimension}`,
          );
        }
        return vectors.map(l2normalize);
      } catch (e) {
        if (e instanceof EmbedderError) throw e;
        if (attempt >= retries || !retryable(e)) throw new EmbedderError(this.describe(e, attempt + 1));
        this.opts.log.warn({ attempt: attempt + 1, delayMs: delay, err: (e as Error).message }, 'embedding request failed, retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
  }

  private describe(e: unknown, attempts: number): string {
    const status = (e as { status?: number }).status;
    const where = this.opts.server?.baseURL ?? this.opts.baseURL ?? 'https://api.openai.com/v1';
    const why = status ? `HTTP ${status}: ${(e as Error).message}` : (e as Error).message;
    return `embedding request to ${where} (model ${this.opts.model}) failed after ${attempts} attempt(s): ${why}. Check EMBEDDING_BASE_URL (or OPENAI_BASE_URL), EMBEDDING_API_KEY and EMBEDDING_MODEL, or set EMBEDDER=lexical to run offline.`;
  }

  /** One client per address: a restarted local server listens on a new port. */
  private async getClient(): Promise<EmbeddingsClient> {
    const baseURL = this.opts.server?.baseURL ?? this.opts.baseURL;
    if (this.client && this.client.baseURL === baseURL) return this.client.client;
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey: this.opts.apiKey, baseURL, maxRetries: 0, timeout: this.opts.timeoutMs ?? 30000 }) as unknown as EmbeddingsClient;
    this.client = { baseURL, client };
    return client;
  }
}
