import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/app/assistant.js';
import type { Runtime } from '../../src/app/runtime.js';
import { createRouter } from '../../src/chat/router.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { chatCompletion, startFakeOpenAI, type FakeHandler } from '../helpers/fake-openai.js';
import { message, recordingTarget } from '../chat/helpers/harness.js';
import { capturedLog, seedRuntime, seedStore, tempDir } from './helpers.js';

/**
 * The bot's whole answering path when the LLM misbehaves: a group message goes through the router, the real
 * assistant retrieves from a store built from the seeds, and the LLM is a fake OpenAI-compatible server on
 * 127.0.0.1. Whatever the server does, the group gets the extractive answer, in time, and the metrics and the
 * audit line say what happened.
 */

const KEY = 'sk-ops-test-KEY-0123456789abcdef';
const QUESTION = '龙岗宫颈癌免费筛查要做多少人?';
const tmp = tempDir();
let uri: string;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>> | undefined;
const runtimes: Runtime[] = [];

beforeAll(async () => {
  uri = await seedStore(tmp.dir);
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  while (runtimes.length) await runtimes.pop()!.close();
});
afterAll(() => tmp.cleanup());

async function botWith(handler: FakeHandler) {
  fake = await startFakeOpenAI(handler);
  const logs = capturedLog('trace', [KEY]);
  const runtime = await seedRuntime(uri, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: fake.url, LLM_TIMEOUT_MS: '1000' }, logs.log);
  runtimes.push(runtime);
  const metrics = createPrometheusMetrics({ defaultMetrics: false });
  const router = createRouter({ config: runtime.config, log: logs.log, assistant: createAssistant(runtime, undefined, metrics), metrics });
  const ask = async (text: string) => {
    const { target, sent } = recordingTarget();
    const started = Date.now();
    await router.receive(message({ text, mentioned: true }), target);
    await router.idle();
    return { sent, ms: Date.now() - started };
  };
  return { ask, logs, metrics, requests: fake.requests };
}

const http500: FakeHandler = (_req, res) => {
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end('{"error":{"message":"upstream exploded"}}');
};
const hang: FakeHandler = () => undefined;
const garbage: FakeHandler = (_req, res) => chatCompletion(res, '好的!以下是答案:宫颈癌筛查很重要。');
const notJson: FakeHandler = (_req, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<html>502 Bad Gateway</html>');
};

describe('LLM faults through the bot', () => {
  it.each([
    ['returns HTTP 500', http500, 'http-5xx'],
    ['hangs', hang, 'timeout'],
    ['returns prose instead of JSON', garbage, 'invalid-answer'],
    ['returns an HTML error page with status 200', notJson, 'other'],
  ])('the server %s: the group still gets the extractive answer, within the timeout', async (_name, handler, kind) => {
    const bot = await botWith(handler);
    const { sent, ms } = await bot.ask(QUESTION);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('宫颈癌免费筛查不低于5万人');
    expect(sent[0]!.text).toContain('依据:《龙岗区2022年度卫生健康工作要点》第30条');
    expect(sent[0]!.text).toContain('责任单位:妇社科');
    expect(sent[0]!.text).not.toContain('抱歉');
    // One call and one retry, each bounded by LLM_TIMEOUT_MS=1000, plus retrieval.
    expect(ms).toBeLessThan(4000);
    expect(bot.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(2);

    const text = (await bot.metrics.render()).body;
    expect(text).toContain(`planbot_llm_failures_total{reason="${kind}"} 2`);
    expect(text).toContain('planbot_llm_calls_total{outcome="failed"} 2');
    expect(text).toContain('planbot_messages_answered_total{channel="wechaty",kind="answered"} 1');
    expect(text).toMatch(/planbot_retrieval_duration_seconds_count\{operation="retrieve",outcome="ok"\} 1/);

    const audit = bot.logs.lines().find((l) => l.msg === 'answered question')!;
    expect(audit).toMatchObject({ mode: 'extractive', question: QUESTION, kind: 'answered' });
    expect(audit.cited).toContain('longgang-2022#30');
    expect(typeof audit.requestId).toBe('string');
    expect(bot.logs.text()).not.toContain(KEY);
  });

  it('a good LLM answer is sent, counted and audited as mode llm', async () => {
    const bot = await botWith((_req, res) =>
      chatCompletion(res, JSON.stringify({ answer: '龙岗区宫颈癌免费筛查不低于5万人。', citations: ['longgang-2022#30'] })),
    );
    const { sent } = await bot.ask(QUESTION);
    expect(sent[0]!.text).toMatch(/^龙岗区宫颈癌免费筛查不低于5万人。\n\n依据:/);
    expect((await bot.metrics.render()).body).toContain('planbot_llm_calls_total{outcome="ok"} 1');
    const audit = bot.logs.lines().find((l) => l.msg === 'answered question')!;
    expect(audit).toMatchObject({ mode: 'llm', cited: ['longgang-2022#30'] });
    expect(audit.answerMs).toBeGreaterThanOrEqual(0);
  });

  it('the router log lines for one message share its request id, and the next message gets another', async () => {
    const bot = await botWith(http500);
    await bot.ask(QUESTION);
    await bot.ask('医用耗材怎么管理');
    const ids = bot.logs
      .lines()
      .filter((l) => l.module === 'chat' && l.requestId)
      .map((l) => l.requestId);
    const audits = bot.logs.lines().filter((l) => l.msg === 'answered question');
    expect(audits).toHaveLength(2);
    expect(audits[0]!.requestId).not.toBe(audits[1]!.requestId);
    expect(new Set(ids)).toEqual(new Set([audits[0]!.requestId, audits[1]!.requestId]));
    // The LLM client's own lines (made once at start-up, far from the router) carry the id of their message.
    const rejected = bot.logs.lines().filter((l) => l.msg === 'LLM answer rejected');
    expect(rejected.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rejected.map((l) => l.requestId))).toEqual(new Set([audits[0]!.requestId, audits[1]!.requestId]));
  });
});
