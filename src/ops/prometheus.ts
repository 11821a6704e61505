import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BotMetrics } from '../ports/metrics.js';

/** BotMetrics recorded in a prom-client registry of its own (never the library's global one). */
export interface PrometheusMetrics extends BotMetrics {
  readonly registry: Registry;
  /** The text exposition for /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
}

// Answers take from a few ms (extractive, warm) to LLM_TIMEOUT_MS twice over (an LLM call and its retry).
const ANSWER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60];
const RETRIEVAL_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createPrometheusMetrics(options: { defaultMetrics?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  // Process metrics (memory, CPU, event-loop lag) tell a stuck or leaking bot apart from a quiet one.
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const received = new Counter({ name: 'planbot_messages_received_total', help: 'Chat messages the bot saw, by channel', labelNames: ['channel'], registers });
  const ignored = new Counter({
    name: 'planbot_messages_ignored_total',
    help: 'Chat messages the bot did not answer, by reason',
    labelNames: ['channel', 'reason'],
    registers,
  });
  const answered = new Counter({
    name: 'planbot_messages_answered_total',
    help: 'Chat messages the bot replied to, by reply kind',
    labelNames: ['channel', 'kind'],
    registers,
  });
  const answerSeconds = new Histogram({
    name: 'planbot_answer_duration_seconds',
    help: 'Time to compose a reply (retrieval, LLM), excluding paced sending',
    labelNames: ['kind'],
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const rateLimited = new Counter({
    name: 'planbot_rate_limited_total',
    help: "Messages over a user's RATE_LIMIT_PER_MINUTE: the first one of a window (notified) and later ones (repeated); every one gets the notice",
    labelNames: ['action'],
    registers,
  });
  const retrievalSeconds = new Histogram({
    name: 'planbot_retrieval_duration_seconds',
    help: 'Retrieval time per call',
    labelNames: ['operation', 'outcome'],
    buckets: RETRIEVAL_BUCKETS,
    registers,
  });
  const llmCalls = new Counter({ name: 'planbot_llm_calls_total', help: 'LLM calls, by outcome (ok or failed)', labelNames: ['outcome'], registers });
  const llmFailures = new Counter({
    name: 'planbot_llm_failures_total',
    help: 'Failed LLM calls, by reason; answers then fall back to extractive',
    labelNames: ['reason'],
    registers,
  });
  const reminders = new Counter({
    name: 'planbot_reminders_sent_total',
    help: 'Reminder posts: digests through a chat channel, messages to a WeCom group webhook',
    labelNames: ['via', 'outcome'],
    registers,
  });

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    messageReceived: (channel) => received.inc({ channel }),
    messageIgnored: (channel, reason) => ignored.inc({ channel, reason }),
    messageAnswered(channel, kind, seconds) {
      answered.inc({ channel, kind });
      answerSeconds.observe({ kind }, seconds);
    },
    userRateLimited: (action) => rateLimited.inc({ action }),
    retrieval: (operation, seconds, ok) => retrievalSeconds.observe({ operation, outcome: ok ? 'ok' : 'error' }, seconds),
    llmCall(outcome) {
      llmCalls.inc({ outcome: outcome.ok ? 'ok' : 'failed' });
      if (!outcome.ok) llmFailures.inc({ reason: outcome.kind });
    },
    reminderPosted: (via, ok) => reminders.inc({ via, outcome: ok ? 'ok' : 'failed' }),
  };
}
