import type { LlmFailureKind } from '../answer/llm.js';

/**
 * What the bot counts, as the core sees it: plain method calls, no Prometheus types. The chat router, the
 * assistant and the reminders' posters call these; `createPrometheusMetrics` (prometheus.ts) records them for
 * /metrics, and `noMetrics` stands in wherever nobody is scraping (CLI commands, tests). Keeping the core on
 * this interface means it never imports prom-client or the HTTP server.
 */

/** Why a message got no answer. A small fixed set, so that it can be a metric label. */
export type IgnoreReason = 'own-message' | 'not-text' | 'duplicate' | 'history' | 'room-not-allowed' | 'not-addressed' | 'rate-limited';

/** What the bot replied with. `answered`/`unanswered` are questions; the rest are commands and fallbacks. */
export type ReplyKind = 'answered' | 'unanswered' | 'command' | 'unknown-command' | 'help' | 'no-words' | 'failed';

export interface BotMetrics {
  messageReceived(channel: string): void;
  messageIgnored(channel: string, reason: IgnoreReason): void;
  /** A reply was sent; `seconds` is the time spent composing it (retrieval, LLM), not the paced sending. */
  messageAnswered(channel: string, kind: ReplyKind, seconds: number): void;
  /** A question over RATE_LIMIT_PER_MINUTE: `notified` for the first, `repeated` for later ones in the same window (each gets the notice). */
  userRateLimited(action: 'notified' | 'repeated'): void;
  /** One retrieval (`retrieve` for questions, `unit` for unit listings). */
  retrieval(operation: 'retrieve' | 'unit', seconds: number, ok: boolean): void;
  /** One LLM call: success, or the kind of failure. */
  llmCall(outcome: { ok: true } | { ok: false; kind: LlmFailureKind }): void;
  /** One reminder post: a digest through a chat channel, or one message to a WeCom group webhook. */
  reminderPosted(via: 'chat' | 'webhook', ok: boolean): void;
}

/** Metrics that go nowhere. */
export const noMetrics: BotMetrics = {
  messageReceived: () => undefined,
  messageIgnored: () => undefined,
  messageAnswered: () => undefined,
  userRateLimited: () => undefined,
  retrieval: () => undefined,
  llmCall: () => undefined,
  reminderPosted: () => undefined,
};

/** Seconds since `startedMs` (a `performance.now()` reading). */
export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
