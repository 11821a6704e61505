import { Answerer } from '../answer/answerer.js';
import type { LlmAnswerer, LlmHooks } from '../answer/llm.js';
import type { RetrievalPort } from '../answer/types.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { noMetrics, secondsSince, type BotMetrics } from '../ports/metrics.js';
import type { Runtime } from './runtime.js';

/**
 * LLM answers when configured (ANSWER_MODE=llm, or auto with a key), else extractive. The OpenAI SDK is
 * imported only then: offline, `planbot ask` should not pay for loading it.
 */
export async function llmFromConfig(config: Config, log: Logger, hooks: LlmHooks = {}): Promise<LlmAnswerer | null> {
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
    hooks,
  );
}

/** Retrieval with every call timed into the metrics, failures included (they still throw). */
export function timedRetrieval(inner: RetrievalPort, metrics: BotMetrics): RetrievalPort {
  const timed =
    <A extends unknown[], R>(operation: 'retrieve' | 'unit', fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        const result = await fn(...args);
        metrics.retrieval(operation, secondsSince(started), true);
        return result;
      } catch (err) {
        metrics.retrieval(operation, secondsSince(started), false);
        throw err;
      }
    };
  return {
    retrieve: timed('retrieve', (q, o) => inner.retrieve(q, o)),
    listUnits: timed('unit', (q) => inner.listUnits(q)),
    unit: timed('unit', (q) => inner.unit(q)),
  };
}

export async function createAnswerer(runtime: Runtime, metrics: BotMetrics = noMetrics): Promise<Answerer> {
  return new Answerer({
    queries: runtime.queries,
    retrieval: timedRetrieval(runtime.retriever, metrics),
    corpus: { documents: () => runtime.store.documents(), items: () => runtime.store.items(), units: () => runtime.store.units() },
    log: runtime.log,
    llm: await llmFromConfig(runtime.config, runtime.log, { onCall: (outcome) => metrics.llmCall(outcome) }),
  });
}
