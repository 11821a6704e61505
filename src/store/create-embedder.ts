import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { Embedder } from './embedder.js';
import { HashedLexicalEmbedder } from './lexical-embedder.js';

/** EMBEDDER=auto picks the OpenAI-compatible embedder when a key is configured, else the offline one. */
export async function createEmbedder(config: Pick<Config, 'EMBEDDER' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'EMBEDDING_MODEL'>, log: Logger): Promise<Embedder> {
  const kind = config.EMBEDDER === 'auto' ? (config.OPENAI_API_KEY ? 'openai' : 'lexical') : config.EMBEDDER;
  if (kind === 'lexical') return new HashedLexicalEmbedder();
  if (!config.OPENAI_API_KEY) throw new Error('EMBEDDER=openai needs OPENAI_API_KEY (any value for a local server that ignores it), or set EMBEDDER=lexical');
  const { OpenAIEmbedder } = await import('./openai-embedder.js');
  return OpenAIEmbedder.create({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.EMBEDDING_MODEL, log });
}
