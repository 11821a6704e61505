import type { Logger } from '../log/index.js';
import { EmbedderError, l2normalize, type Embedder } from './embedder.js';

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
}

type EmbeddingsClient = { embeddings: { create(body: { model: string; input: string[]; encoding_format: 'float' }): Promise<{ data: Array<{ embedding: number[]; index: number }> }> } };

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
  private client: EmbeddingsClient | undefined;

  private constructor(
    private readonly opts: OpenAIEmbedderOptions,
    readonly dimension: number,
  ) {
    this.id = `openai:${opts.model}`;
  }

  /** Knows the dimension of common models; asks the server for others (one short request). */
  static async create(opts: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const known = KNOWN_DIMENSIONS[opts.model];
    if (known) return new OpenAIEmbedder(opts, known);
    const probe = new OpenAIEmbedder(opts, 0);
    const [v] = await probe.request(['维度']);
    return new OpenAIEmbedder(opts, v!.length);
  }

  async embed(texts: string[]): Promise<number[][]> {
    const size = Math.max(1, this.opts.batchSize ?? 64);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.request(texts.slice(i, i + size))));
    return out;
  }

  private async request(batch: string[]): Promise<number[][]> {
    const client = await this.getClient();
    const retries = this.opts.retries ?? 3;
    let delay = this.opts.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await client.embeddings.create({ model: this.opts.model, input: batch, encoding_format: 'float' });
        const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.length !== batch.length) throw new EmbedderError(`embedding server returned ${vectors.length} vectors for ${batch.length} texts`);
        if (this.dimension && vectors.some((v) => v.length !== this.dimension)) {
          throw new EmbedderError(`embedding model ${this.opts.model} returned vectors of dimension ${vectors.find((v) => v.length !== this.dimension)!.length}, expected ${this.dimension}`);
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
    const where = this.opts.baseURL ?? 'https://api.openai.com/v1';
    const why = status ? `HTTP ${status}: ${(e as Error).message}` : (e as Error).message;
    return `embedding request to ${where} (model ${this.opts.model}) failed after ${attempts} attempt(s): ${why}. Check OPENAI_BASE_URL, OPENAI_API_KEY and EMBEDDING_MODEL, or set EMBEDDER=lexical to run offline.`;
  }

  private async getClient(): Promise<EmbeddingsClient> {
    if (this.client) return this.client;
    const { default: OpenAI } = await import('openai');
    this.client = new OpenAI({
      apiKey: this.opts.apiKey,
      baseURL: this.opts.baseURL,
      maxRetries: 0,
      timeout: this.opts.timeoutMs ?? 30000,
    }) as unknown as EmbeddingsClient;
    return this.client;
  }
}
