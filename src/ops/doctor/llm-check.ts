import type { Config } from '../../config/index.js';
import { silentLogger } from '../../log/index.js';
import { createEmbedder, embeddingSettings } from '../../store/create-embedder.js';
import type { Embedder } from '../../store/embedder.js';
import { llmWanted } from './config-check.js';
import { check, type DoctorCheck } from './types.js';

/** A doctor run should not sit for LLM_TIMEOUT_MS twice when the server is down. */
const PROBE_TIMEOUT_MS = 15_000;
const timeoutOf = (c: Config) => Math.min(c.LLM_TIMEOUT_MS, PROBE_TIMEOUT_MS);

/** One tiny chat completion (one output token), when answers come from an LLM. */
export async function llmCheck(c: Config): Promise<DoctorCheck> {
  if (!llmWanted(c) || !c.OPENAI_API_KEY) return check('llm', 'skip', 'no LLM configured: answers are extractive (set OPENAI_API_KEY to use one)');
  const where = `${c.CHAT_MODEL} at ${c.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}`;
  const client = await openaiClient(c, c.OPENAI_API_KEY);
  const started = performance.now();
  try {
    await client.chat.completions.create({ model: c.CHAT_MODEL, messages: [{ role: 'user', content: '只回复:好' }], max_tokens: 1, temperature: 0 });
    return check('llm', 'ok', `${where} answered in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    return check(
      'llm',
      'fail',
      `${where} did not answer: ${await describe(err, timeoutOf(c))}. Answers will fall back to extractive until it does; check OPENAI_BASE_URL, OPENAI_API_KEY and CHAT_MODEL.`,
    );
  }
}

/**
 * One embedding, made the way questions will be: the configured server is called, or the local one started
 * (EMBEDDER=local), and the vector's dimension checked against what the embedder declares.
 */
export async function embeddingsCheck(c: Config): Promise<DoctorCheck> {
  const s = embeddingSettings(c);
  if (s.kind === 'lexical') return check('embeddings', 'skip', 'lexical embedder: no embedding server needed');
  const where =
    s.kind === 'local' ? `${s.model} on the local server (${c.LOCAL_EMBEDDER_COMMAND})` : `${s.model} at ${s.baseURL ?? 'https://api.openai.com/v1'}`;
  let embedder: Embedder | undefined;
  try {
    embedder = await createEmbedder(c, silentLogger);
    const started = performance.now();
    const [v] = await embedder.embed(['卫生健康']);
    if (!v || v.length !== embedder.dimension)
      return check('embeddings', 'fail', `${where} returned a vector of dimension ${v?.length ?? 0}, expected ${embedder.dimension}`);
    return check('embeddings', 'ok', `${where} answered in ${Math.round(performance.now() - started)} ms (dimension ${v.length}, profile ${s.profile.name})`);
  } catch (err) {
    return check('embeddings', 'fail', `${where} did not answer: ${(err as Error).message}`);
  } finally {
    await embedder?.close?.();
  }
}

async function openaiClient(c: Config, apiKey: string) {
  const { default: OpenAI } = await import('openai');
  return new OpenAI({ apiKey, baseURL: c.OPENAI_BASE_URL, maxRetries: 0, timeout: timeoutOf(c) });
}

async function describe(err: unknown, timeoutMs: number): Promise<string> {
  const { failureReason, llmFailureKind } = await import('../../answer/llm.js');
  const kind = llmFailureKind(err);
  if (kind === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (kind === 'connection') {
    // fetch wraps the system error (ECONNREFUSED, ENOTFOUND …) a level or two down.
    let cause = (err as { cause?: unknown }).cause as { code?: string; message?: string; cause?: unknown } | undefined;
    while (cause && !cause.code && cause.cause) cause = cause.cause as typeof cause;
    return `cannot connect (${cause?.code ?? cause?.message ?? 'connection failed'})`;
  }
  const reason = failureReason(err).replace(/\.+$/, '');
  if (/^HTTP 401/.test(reason)) return `${reason} (the key was refused)`;
  if (/^HTTP 404/.test(reason)) return `${reason} (wrong OPENAI_BASE_URL path, or no such model)`;
  return reason;
}
