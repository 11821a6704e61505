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

/** Numbers as values, whatever their form in the text: 1,200 and 1200 are one number; 20 is not in 2022. */
function numbersIn(text: string): Set<string> {
  const plain = text.normalize('NFKC').replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  return new Set((plain.match(/\d+(?:\.\d+)?/g) ?? []).map((n) => String(Number(n))));
}

/** Chinese numerals that count something (三十家, 五个): the model must not turn a figure into words either. */
const CHINESE_COUNT = /([一二两三四五六七八九十百千万]+)(?=[个家所张台名人项次条万亿%])/gu;

/** Names of offices and bodies (医政处, 卫健委, 社康中心): a model must not attribute work to one it was not shown. */
const BODY_NAME = /[\p{Script=Han}]{1,8}(?:科|处|室|局|委|中心|办)/gu;

/**
 * Checks that make a model's answer safe to send: it cites only items it was shown, writes no citation of
 * its own (the formatter adds them from the store), names no office the cited items do not name, and quotes
 * no figure the cited items do not contain — compared as whole numbers, so 20 does not pass because 2022 is
 * there, and the user's own question is no source.
 */
export function checkModelAnswer(answer: ModelAnswer, shown: PlanItem[], knownUnits: string[]): PlanItem[] {
  const byId = new Map(shown.map((i) => [i.id, i]));
  const unknown = answer.citations.filter((id) => !byId.has(id));
  if (unknown.length) throw new InvalidModelAnswer(`cites ids it was not given: ${unknown.join(', ')}`);
  const cited = [...new Set(answer.citations)].map((id) => byId.get(id)!);
  const text = answer.answer.normalize('NFKC');
  const sources = cited
    .map((i) => `${i.text}\n${i.units.join('、')}`)
    .join('\n')
    .normalize('NFKC');

  if (/第\s*\d+\s*条|《[^》]*》\s*(第|\(|[一二三四五六七八九十]+[、是])/.test(text)) throw new InvalidModelAnswer('writes a citation of its own');
  const citedUnits = new Set(cited.flatMap((i) => i.units));
  const namedUnits = knownUnits.filter((u) => u.length >= 2 && text.includes(u) && !citedUnits.has(u) && !sources.includes(u));
  if (namedUnits.length) throw new InvalidModelAnswer(`names units the cited items do not list: ${namedUnits.join(', ')}`);
  // Any office-like name must appear (as its last three characters at least) in what the items say.
  const bodies = [...text.matchAll(BODY_NAME)].map((m) => m[0]).filter((b) => ![3, 4, 5, 6].some((n) => b.length >= n && sources.includes(b.slice(-n))));
  if (bodies.length) throw new InvalidModelAnswer(`names offices the cited items do not: ${bodies.join(', ')}`);

  const known = numbersIn(sources);
  const invented = [...numbersIn(text)].filter((n) => !known.has(n));
  if (invented.length) throw new InvalidModelAnswer(`quotes numbers the cited items do not contain: ${invented.join(', ')}`);
  const words = [...text.matchAll(CHINESE_COUNT)].map((m) => m[1]!).filter((w) => w.length > 1 || !'一'.includes(w));
  const inventedWords = words.filter((w) => !sources.includes(w));
  if (inventedWords.length) throw new InvalidModelAnswer(`writes figures in words the cited items do not contain: ${inventedWords.join(', ')}`);
  return cited;
}

export function buildMessages(question: string, items: PlanItem[]): Array<{ role: 'system' | 'user'; content: string }> {
  const documents = items.map((i) => `<item id="${i.id}">\n出处:${i.cite}「${i.title}」\n${escapeForTag(i.text)}\n</item>`).join('\n');
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
  async answer(
    question: string,
    items: PlanItem[],
    knownUnits: string[],
    onDraft?: (answerSoFar: string) => void,
  ): Promise<{ answer: string; cited: PlanItem[] } | null> {
    const messages = buildMessages(question, items);
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const content = onDraft ? await this.streamed(messages, onDraft) : await this.whole(messages);
        const parsed = parseModelAnswer(content);
        const cited = checkModelAnswer(parsed, items, knownUnits);
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

  private async whole(messages: ReturnType<typeof buildMessages>): Promise<string> {
    const completion = await this.client.chat.completions.create(
      { model: this.settings.model, messages, temperature: 0 },
      { timeout: this.settings.timeoutMs },
    );
    return completion.choices[0]?.message?.content ?? '';
  }

  /** The same call, streamed: each chunk passes the answer written so far to `onDraft` (a chat shows it live). */
  private async streamed(messages: ReturnType<typeof buildMessages>, onDraft: (answerSoFar: string) => void): Promise<string> {
    const stream = await this.client.chat.completions.create(
      { model: this.settings.model, messages, temperature: 0, stream: true },
      { timeout: this.settings.timeoutMs },
    );
    let content = '';
    let shown = '';
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta?.content ?? '';
      const draft = draftAnswer(content);
      if (draft !== shown) {
        shown = draft;
        onDraft(draft);
      }
    }
    return content;
  }
}

/**
 * The `answer` string of a JSON reply still being written, decoded as far as it goes: what a chat can show
 * while the model writes. Empty until the field has started.
 */
export function draftAnswer(content: string): string {
  const start = /"answer"\s*:\s*"/.exec(content);
  if (!start) return '';
  let out = '';
  for (let i = start.index + start[0].length; i < content.length; i += 1) {
    const c = content[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = content[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = content.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += ({ n: '\n', t: '\t', r: '', b: '', f: '' } as Record<string, string>)[next] ?? next;
    i += 1;
  }
  return out;
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
