import OpenAI from 'openai';
import { z } from 'zod';
import type { PlanItem } from '../items/index.js';
import type { Logger } from '../log/index.js';
import { escapeForTag, fillPrompt, loadPrompt } from './prompts.js';

export interface LlmSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

const ModelAnswer = z.object({
  answer: z.string().trim().min(1).max(2000),
  citations: z.array(z.string()).max(10),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

export class InvalidModelAnswer extends Error {
  override name = 'InvalidModelAnswer';
}

/** The model's reply as JSON, tolerating code fences and text around the object (local models add them). */
export function parseModelAnswer(content: string): ModelAnswer {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start === -1 || end <= start) throw new InvalidModelAnswer('no JSON object in the reply');
  let json: unknown;
  try {
    json = JSON.parse(content.slice(start, end + 1));
  } catch {
    throw new InvalidModelAnswer('reply is not valid JSON');
  }
  const parsed = ModelAnswer.safeParse(json);
  if (!parsed.success) throw new InvalidModelAnswer(`reply does not match {answer, citations}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/**
 * Checks that make a model's answer safe to send: it cites only items it was shown, names no responsible
 * unit (the formatter adds those from the store), and quotes no number the cited items do not contain.
 */
export function checkModelAnswer(answer: ModelAnswer, shown: PlanItem[], knownUnits: string[], question: string): PlanItem[] {
  const byId = new Map(shown.map((i) => [i.id, i]));
  const unknown = answer.citations.filter((id) => !byId.has(id));
  if (unknown.length) throw new InvalidModelAnswer(`cites ids it was not given: ${unknown.join(', ')}`);
  const cited = [...new Set(answer.citations)].map((id) => byId.get(id)!);
  const citedUnits = new Set(cited.flatMap((i) => i.units));
  const named = knownUnits.filter((u) => u.length >= 3 && answer.answer.includes(u) && !citedUnits.has(u) && !cited.some((i) => i.text.includes(u)));
  if (named.length) throw new InvalidModelAnswer(`names units the cited items do not list: ${named.join(', ')}`);
  const sources = cited.map((i) => i.text).join('\n') + question;
  const numbers = answer.answer.match(/\d+(?:\.\d+)?/g) ?? [];
  const invented = numbers.filter((n) => !sources.includes(n));
  if (invented.length) throw new InvalidModelAnswer(`quotes numbers the cited items do not contain: ${invented.join(', ')}`);
  return cited;
}

export function buildMessages(question: string, items: PlanItem[]): Array<{ role: 'system' | 'user'; content: string }> {
  const documents = items
    .map((i) => `<item id="${i.id}">\n出处:${i.cite}「${i.title}」\n${escapeForTag(i.text)}\n</item>`)
    .join('\n');
  return [
    { role: 'system', content: loadPrompt('system') },
    { role: 'user', content: fillPrompt(loadPrompt('answer'), { documents, question: escapeForTag(question) }) },
  ];
}

/** Why one LLM call gave no usable answer: a small fixed set, for metrics and alerts. */
export type LlmFailureKind = 'timeout' | 'connection' | 'http-4xx' | 'http-5xx' | 'invalid-answer' | 'other';

export type LlmCallOutcome = { ok: true } | { ok: false; kind: LlmFailureKind; reason: string };

export interface LlmHooks {
  /** Called after every call (a retry is a second call), for metrics. Must not throw. */
  onCall?(outcome: LlmCallOutcome): void;
}

export class LlmAnswerer {
  private readonly client: OpenAI;

  constructor(
    private readonly settings: LlmSettings,
    private readonly log: Logger,
    private readonly hooks: LlmHooks = {},
  ) {
    this.client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs, maxRetries: 0 });
  }

  /**
   * One try and one retry; null when both fail, so that the caller answers extractively. Every failure is
   * logged with its reason (timeout, HTTP status, invalid JSON, unknown id …), never with the key.
   */
  async answer(question: string, items: PlanItem[], knownUnits: string[]): Promise<{ answer: string; cited: PlanItem[] } | null> {
    const messages = buildMessages(question, items);
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const completion = await this.client.chat.completions.create(
          { model: this.settings.model, messages, temperature: 0 },
          { timeout: this.settings.timeoutMs },
        );
        const content = completion.choices[0]?.message?.content ?? '';
        const parsed = parseModelAnswer(content);
        const cited = checkModelAnswer(parsed, items, knownUnits, question);
        this.hooks.onCall?.({ ok: true });
        return { answer: parsed.answer, cited };
      } catch (e) {
        const reason = failureReason(e);
        this.log.warn({ attempt, reason }, 'LLM answer rejected');
        this.hooks.onCall?.({ ok: false, kind: llmFailureKind(e), reason });
      }
    }
    return null;
  }
}

export function llmFailureKind(e: unknown): LlmFailureKind {
  if (e instanceof InvalidModelAnswer) return 'invalid-answer';
  if (e instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (e instanceof OpenAI.APIConnectionError) return 'connection';
  if (e instanceof OpenAI.APIError && e.status !== undefined) return e.status >= 500 ? 'http-5xx' : 'http-4xx';
  return 'other';
}

export function failureReason(e: unknown): string {
  if (e instanceof InvalidModelAnswer) return `invalid answer: ${e.message}`;
  if (e instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (e instanceof OpenAI.APIError) return `HTTP ${e.status ?? 'error'}: ${e.message.slice(0, 200)}`;
  return (e as Error)?.message?.slice(0, 200) ?? String(e);
}
