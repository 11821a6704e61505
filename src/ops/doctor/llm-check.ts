import type { Config } from '../../config/index.js';
import { llmWanted, openaiEmbedder } from './config-check.js';
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
    return check('llm', 'fail', `${where} did not answer: ${await describe(err, timeoutOf(c))}. Answers will fall back to extractive until it does; check OPENAI_BASE_URL, OPENAI_API_KEY and CHAT_MODEL.`);
  }
}

/** One tiny embedding, when questions are embedded by an OpenAI-compatible server (every question needs it). */
export async function embeddingsCheck(c: Config): Promise<DoctorCheck> {
  if (!openaiEmbedder(c) || !c.OPENAI_API_KEY) return check('embeddings', 'skip', 'lexical embedder: no embedding server needed');
  const where = `${c.EMBEDDING_MODEL} at ${c.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}`;
  const client = await openaiClient(c, c.OPENAI_API_KEY);
  try {
    const res = await client.embeddings.create({ model: c.EMBEDDING_MODEL, input: ['卫生健康'], encoding_format: 'float' });
    return check('embeddings', 'ok', `${where} answered (dimension ${res.data[0]?.embedding.length ?? '?'})`);
  } catch (err) {
    return check('embeddings', 'fail', `${where} did not answer: ${await describe(err, timeoutOf(c))}. Questions cannot be searched without it; check OPENAI_BASE_URL and EMBEDDING_MODEL, or set EMBEDDER=lexical (then re-ingest).`);
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
