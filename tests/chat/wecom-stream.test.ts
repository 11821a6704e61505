import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../src/chat/channel.js';
import type { AskReply, Assistant, ChatFeedback } from '../../src/chat/ports.js';
import { createRouter, type Router } from '../../src/chat/router.js';
import { utf8Bytes } from '../../src/chat/text.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { silentLogger } from '../../src/log/index.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomMessage, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { chatConfig } from './helpers/harness.js';

const credentials = { botId: 'aib-stream-bot', secret: 'stream-secret-123' };
const INTERVAL = 1000;

/**
 * An assistant that "writes" its answer in steps, each step moving the router's clock on by a set amount:
 * the throttle is then checked against a clock the test owns, not against real time.
 */
function writingAssistant(clock: { now: number }, steps: Array<{ text: string; advance: number }>, final: AskReply): Assistant {
  return {
    ...createFakeAssistant(),
    async ask(_question, _followUp, options) {
      for (const step of steps) {
        clock.now += step.advance;
        options?.onDraft?.(step.text);
      }
      return final;
    },
  };
}

describe('streamed replies on WeCom', () => {
  let server: FakeWecomServer;
  const clock = { now: 1_000_000 };
  let assistant: Assistant;
  let router: Router;
  let adapter: ChatChannel;
  const kept: ChatFeedback[] = [];
  const settled = new Map<string, () => void>();
  let seq = 0;

  beforeAll(async () => {
    server = await startFakeWecomServer(credentials);
    router = createRouter({
      config: chatConfig({ RATE_LIMIT_PER_MINUTE: 100 }),
      log: silentLogger,
      assistant: { ...createFakeAssistant(), ask: (...args) => assistant.ask(...args) },
      now: () => clock.now,
      startedAt: 0,
      draftIntervalMs: INTERVAL,
      feedback: { record: async (f) => void kept.push(f) },
    });
    adapter = createWecomAdapter({
      config: wecomTestConfig(server, credentials),
      log: silentLogger,
      router,
      onSettled: (id) => settled.get(id)?.(),
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter.stop();
    await server.close();
  });

  async function ask(text: string) {
    seq += 1;
    const msgid = `stream-msg-${seq}`;
    const reqId = `stream-cb-${seq}`;
    const done = new Promise<void>((resolve) => settled.set(msgid, resolve));
    server.push(wecomMessage(credentials.botId, { msgid, chatid: 'chat-s', userid: 'wang', text: `@小助手 ${text}` }), reqId);
    await done;
    await router.idle();
    const frames = server.frames
      .filter((f) => f.reqId === reqId && f.cmd === 'aibot_respond_msg')
      .map((f) => f.body!.stream as { id: string; finish: boolean; content: string; feedback?: { id: string } });
    const pushed = server.said().filter((s) => s.cmd === 'aibot_send_msg' && s.at >= (server.frames.find((f) => f.reqId === reqId)?.at ?? Infinity));
    return { frames, pushed };
  }

  it('an LLM answer streams: throttled drafts, then the finished reply with citations on the same stream; feedback id on the first frame', async () => {
    assistant = writingAssistant(
      clock,
      [
        { text: '龙岗区', advance: 0 },
        { text: '龙岗区要求', advance: 300 },
        { text: '龙岗区要求宫颈癌', advance: 300 },
        { text: '龙岗区要求宫颈癌免费筛查', advance: 500 },
        { text: '龙岗区要求宫颈癌免费筛查不低于5万人。', advance: 100 },
      ],
      {
        answered: true,
        text: '龙岗区要求宫颈癌免费筛查不低于5万人。\n\n依据:《龙岗区2022年度卫生健康工作要点》第30条',
        citationIds: ['longgang-2022#30'],
        mode: 'llm',
        confidence: 'confident',
        score: 0.9,
      },
    );
    const { frames } = await ask('筛查目标');
    // Drafts at 0 ms and 1100 ms; the ones in between are skipped.
    expect(frames.map((f) => [f.finish, f.content])).toEqual([
      [false, '<@wang> 龙岗区'],
      [false, '<@wang> 龙岗区要求宫颈癌免费筛查'],
      [true, '<@wang> 龙岗区要求宫颈癌免费筛查不低于5万人。\n\n依据:《龙岗区2022年度卫生健康工作要点》第30条'],
    ]);
    expect(new Set(frames.map((f) => f.id)).size).toBe(1);
    expect(frames[0]!.feedback?.id).toBeTruthy();
    expect(frames.slice(1).every((f) => f.feedback === undefined)).toBe(true);
    server.pushEvent({
      msgid: 'ev-s1',
      aibotid: credentials.botId,
      chattype: 'group',
      chatid: 'chat-s',
      from: { userid: 'wang' },
      msgtype: 'event',
      event: { eventtype: 'feedback_event', feedback_event: { id: frames[0]!.feedback!.id, type: 2 } },
    });
    while (kept.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(kept[0]).toMatchObject({ verdict: 'down', question: '筛查目标', mode: 'llm', citedIds: ['longgang-2022#30'] });
  });

  it('a draft never exceeds one message; a long finished reply continues as pushed messages', async () => {
    const long = '很长的回答内容。'.repeat(1200);
    assistant = writingAssistant(clock, [{ text: long, advance: INTERVAL }], { answered: true, text: long, citationIds: [], mode: 'llm' });
    const { frames, pushed } = await ask('长问题');
    expect(frames).toHaveLength(2);
    for (const f of frames) expect(utf8Bytes(f.content)).toBeLessThanOrEqual(2048);
    expect(frames[0]!.content.endsWith('…')).toBe(true);
    expect(frames[1]!.finish).toBe(true);
    expect(pushed.length).toBeGreaterThan(0);
  });

  it('an extractive answer (no drafts) keeps one final frame', async () => {
    assistant = writingAssistant(clock, [], { answered: true, text: '医用耗材:加强管理。', citationIds: ['longgang-2022#9'], mode: 'extractive' });
    const { frames } = await ask('医用耗材');
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ finish: true, content: '<@wang> 医用耗材:加强管理。' });
    expect(frames[0]!.feedback?.id).toBeTruthy();
  });
});
