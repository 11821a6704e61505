import { Answerer } from '../answer/answerer.js';
import type { LlmAnswerer } from '../answer/llm.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import type { Runtime } from './runtime.js';

/**
 * LLM answers when configured (ANSWER_MODE=llm, or auto with a key), else extractive. The OpenAI SDK is
 * imported only then: offline, `planbot ask` should not pay for loading it.
 */
export async function llmFromConfig(config: Config, log: Logger): Promise<LlmAnswerer | null> {
  const wanted = config.ANSWER_MODE === 'llm' || (config.ANSWER_MODE === 'auto' && !!config.OPENAI_API_KEY);
  if (!wanted) return null;
  if (!config.OPENAI_API_KEY) {
    log.warn('ANSWER_MODE=llm but OPENAI_API_KEY is not set: answering extractively');
    return null;
  }
  const { LlmAnswerer } = await import('../answer/llm.js');
  return new LlmAnswerer(
    { apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.CHAT_MODEL, timeoutMs: config.LLM_TIMEOUT_MS },
    log.child({ module: 'llm' }),
  );
}

export async function createAnswerer(runtime: Runtime): Promise<Answerer> {
  return new Answerer({
    retrieval: runtime.retriever,
    corpus: { documents: () => runtime.store.documents(), items: () => runtime.store.items() },
    log: runtime.log,
    llm: await llmFromConfig(runtime.config, runtime.log),
  });
}
