import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../src/chat/channel.js';
import type { ChatFeedback, FeedbackSink } from '../../src/chat/ports.js';
import { createRouter, type Router } from '../../src/chat/router.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { readFeedbackEvent } from '../../src/chat/wecom/inbound.js';
import { silentLogger } from '../../src/log/index.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomMessage, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { chatConfig, message, recordingTarget } from './helpers/harness.js';

function memorySink(): FeedbackSink & { kept: ChatFeedback[] } {
  const kept: ChatFeedback[] = [];
  return { kept, record: async (f) => void kept.push(f) };
}

describe('/错了 and /不对', () => {
  it("keep the caller's last question with its cited ids, confidence and mode, and thank them", async () => {
    const sink = memorySink();
    const router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant(), feedback: sink });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '/错了' }), target);
    expect(sent[0]!.text).toContain('没有找到你最近问过的问题');
    expect(sink.kept).toEqual([]);

    await router.receive(message({ text: '医用耗材怎么管理', mentioned: true }), target);
    await router.receive(message({ text: '/错了 应该是医政科负责' }), target);
    expect(sent.at(-1)!.text).toContain('谢谢，已记下');
    expect(sink.kept).toEqual([
      {
        verdict: 'down',
        source: 'command',
        channel: 'wechaty',
        roomId: 'room-1@chatroom',
        userId: 'user-1',
        question: '医用耗材怎么管理',
        citedIds: ['longgang-2022#9'],
        confidence: 'confident',
        score: 0.8,
        mode: 'extractive',
        comment: '应该是医政科负责',
      },
    ]);
    // Someone else in the room flags the same answer: the room's last answer is the one meant.
    await router.receive(message({ userId: 'user-2', text: '/不对' }), target);
    expect(sink.kept[1]).toMatchObject({ userId: 'user-2', question: '医用耗材怎么管理', comment: null });
    // A private chat works the same, and the command is listed in /help.
    await router.receive(message({ roomId: undefined, text: '院前急救' }), target);
    await router.receive(message({ roomId: undefined, text: '不对' }), target);
    expect(sink.kept[2]).toMatchObject({ roomId: null, question: '院前急救', citedIds: ['longgang-2022#29'] });
    await router.receive(message({ text: '/help' }), target);
    expect(sent.at(-1)!.text).toContain('/错了');
    router.stop();
  });

  it('give each answer a feedback id on its first part, which a platform rating refers back to', async () => {
    const sink = memorySink();
    const router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant(), feedback: sink });
    const { target, sent } = recordingTarget(700, 20);
    await router.receive(message({ text: '全部', mentioned: true }), target);
    expect(sent.length).toBeGreaterThan(1);
    const id = sent[0]!.feedbackId!;
    expect(id).toBeTruthy();
    expect(sent.slice(1).every((s) => s.feedbackId === undefined)).toBe(true);
    await router.receive(message({ text: '/help' }), target);
    expect(sent.at(-1)!.feedbackId).toBeUndefined();
    expect(await router.feedback(id, 'up', { userId: 'user-9' })).toBe(true);
    expect(sink.kept[0]).toMatchObject({ verdict: 'up', source: 'wecom-event', userId: 'user-9', question: '全部' });
    expect(await router.feedback('unknown-id', 'down', { userId: 'user-9' })).toBe(false);
    router.stop();
  });

  it('without a place to keep feedback there is no such command', async () => {
    const router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant() });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '/错了', mentioned: true }), target);
    expect(sent[0]!.text).toContain('没有 /错了 这个命令');
    router.stop();
  });
});

describe('WeCom feedback events', () => {
  const credentials = { botId: 'aib-feedback-bot', secret: 'feedback-secret-123' };
  let server: FakeWecomServer;
  let router: Router;
  let adapter: ChatChannel;
  const sink = memorySink();
  const settled = new Map<string, () => void>();

  beforeAll(async () => {
    server = await startFakeWecomServer(credentials);
    router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant(), feedback: sink });
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

  it('an answer carries a feedback id; a thumbs-down on it is kept with the question and what was cited', async () => {
    const done = new Promise<void>((resolve) => settled.set('fb-q1', resolve));
    server.push(wecomMessage(credentials.botId, { msgid: 'fb-q1', chatid: 'chat-fb', userid: 'zhang', text: '@小助手 医用耗材怎么管理' }), 'cb-fb-1');
    await done;
    await router.idle();
    const reply = server.frames.find((f) => f.reqId === 'cb-fb-1' && f.cmd === 'aibot_respond_msg');
    const feedbackId = (reply?.body?.stream as { feedback?: { id: string } }).feedback?.id;
    expect(feedbackId).toBeTruthy();

    const before = sink.kept.length;
    server.pushEvent(
      wecomMessage(credentials.botId, {
        msgid: 'ev-1',
        chatid: 'chat-fb',
        userid: 'li',
        msgtype: 'event',
        extra: { event: { eventtype: 'feedback_event', feedback_event: { id: feedbackId, type: 2, content: '单位写错了' } } },
      }),
    );
    const deadline = Date.now() + 5000;
    while (sink.kept.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(sink.kept.at(-1)).toEqual({
      verdict: 'down',
      source: 'wecom-event',
      channel: 'wecom',
      roomId: 'chat-fb',
      userId: 'li',
      question: '医用耗材怎么管理',
      citedIds: ['longgang-2022#9'],
      confidence: 'confident',
      score: 0.8,
      mode: 'extractive',
      comment: '单位写错了',
    });
  });

  it('reads ratings defensively', () => {
    expect(readFeedbackEvent({ event: { eventtype: 'feedback_event', feedback_event: { id: 'a', type: 1 } } })).toEqual({ id: 'a', verdict: 'up' });
    expect(readFeedbackEvent({ event: { eventtype: 'feedback_event', feedback_event: { id: 'a', type: 3 } } })).toEqual({ id: 'a', verdict: 'cancel' });
    expect(readFeedbackEvent({ event: { eventtype: 'feedback_event', feedback_event: { id: 'a', type: 9 } } })).toBeUndefined();
    expect(readFeedbackEvent({ event: { eventtype: 'feedback_event' } })).toBeUndefined();
  });
});
