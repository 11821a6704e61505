import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { Embedder } from './embedder.js';
import { profileFor, type EmbeddingProfile } from './embedding-profiles.js';
import { HashedLexicalEmbedder } from './lexical-embedder.js';

type EmbedderConfig = Pick<
  Config,
  | 'EMBEDDER'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'EMBEDDING_MODEL'
  | 'EMBEDDING_BASE_URL'
  | 'EMBEDDING_API_KEY'
  | 'EMBEDDING_QUERY_PREFIX'
  | 'EMBEDDING_PASSAGE_PREFIX'
  | 'LOCAL_EMBEDDER_COMMAND'
>;

export interface EmbeddingSettings {
  kind: 'lexical' | 'openai' | 'local';
  model: string;
  baseURL: string | undefined;
  apiKey: string | undefined;
  profile: EmbeddingProfile;
}

/** The local server's bundled model. */
export const LOCAL_MODEL = 'multilingual-e5-small-q4';

/** What the configuration asks for, with every default resolved in one place (doctor and ingest agree). */
export function embeddingSettings(config: EmbedderConfig): EmbeddingSettings {
  const baseURL = config.EMBEDDING_BASE_URL ?? config.OPENAI_BASE_URL;
  const apiKey = config.EMBEDDING_API_KEY ?? config.OPENAI_API_KEY;
  const kind =
    config.EMBEDDER === 'auto' ? (config.EMBEDDING_API_KEY || config.EMBEDDING_BASE_URL || config.OPENAI_API_KEY ? 'openai' : 'lexical') : config.EMBEDDER;
  const model = config.EMBEDDING_MODEL ?? (kind === 'local' ? LOCAL_MODEL : 'text-embedding-3-small');
  const profile = profileFor(model, { queryPrefix: config.EMBEDDING_QUERY_PREFIX, passagePrefix: config.EMBEDDING_PASSAGE_PREFIX });
  return { kind, model, baseURL: kind === 'local' ? undefined : baseURL, apiKey, profile };
}

/** A server on this machine needs no key: most local servers ignore the header. */
function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * EMBEDDER=auto picks the OpenAI-compatible embedder when an endpoint or key is configured, else the offline one;
 * EMBEDDER=local starts the local embedding server first. Call `close()` on the result when done.
 */
export async function createEmbedder(config: EmbedderConfig, log: Logger): Promise<Embedder> {
  const s = embeddingSettings(config);
  if (s.kind === 'lexical') return new HashedLexicalEmbedder();
  const { OpenAIEmbedder } = await import('./openai-embedder.js');
  if (s.kind === 'local') {
    const { LocalEmbeddingServer } = await import('./local-embedding-server.js');
    const server = await LocalEmbeddingServer.start({ command: config.LOCAL_EMBEDDER_COMMAND, log: log.child({ module: 'local-embedder' }) });
    try {
      return await OpenAIEmbedder.create({ apiKey: 'local', model: s.model, profile: s.profile, server, log, batchSize: 32 });
    } catch (e) {
      await server.stop();
      throw e;
    }
  }
  if (!s.apiKey && !isLoopback(s.baseURL)) {
    throw new Error('EMBEDDER=openai needs EMBEDDING_API_KEY or OPENAI_API_KEY (a loopback server needs none), or set EMBEDDER=lexical or EMBEDDER=local');
  }
  return OpenAIEmbedder.create({ apiKey: s.apiKey ?? 'local', baseURL: s.baseURL, model: s.model, profile: s.profile, log });
}
