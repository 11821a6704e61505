import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import type { ChatCommand, CommandCaller } from '../../src/chat/ports.js';
import { createRouter, type Router, type RouterOptions } from '../../src/chat/router.js';
import { utf8Bytes } from '../../src/chat/text.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { capturingLogger, chatConfig, message, recordingTarget } from './helpers/harness.js';

const routers: Router[] = [];
function makeRouter(over: Partial<RouterOptions> = {}) {
  const assistant = createFakeAssistant();
  const router = createRouter({ config: chatConfig(), log: silentLogger, assistant, ...over });
  routers.push(router);
  return { router, assistant: (over.assistant as ReturnType<typeof createFakeAssistant>) ?? assistant };
}
afterEach(() => {
  for (const r of routers.splice(0)) r.stop();
});

describe('when the bot answers', () => {
  it('answers a mention in a room, mentioning the asker, with the citation and the units', async () => {
    const { router } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '医用耗材怎么管理', mentioned: true }), target);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.mention).toBe(true);
    expect(sent[0]!.text).toContain('《龙岗区2022年度卫生健康工作要点》第9条');
    expect(sent[0]!.text).toContain('医管科');
  });

  it('stays silent in a room without a mention or a command, and does not ask the assistant', async () => {
    const { router, assistant } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '医用耗材怎么管理' }), target);
    await router.receive(message({ text: '帮助' }), target);
    expect(sent).toHaveLength(0);
    expect(assistant.asked).toHaveLength(0);
  });

  it('answers every message in a private chat, without a mention', async () => {
    const { router } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ roomId: undefined, text: '院前急救', mentioned: true }), target);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.mention).toBe(false);
    expect(sent[0]!.text).toContain('第29条');
  });

  it('treats a typed "@小助手" the platform did not mark as a mention, and strips it from the question', async () => {
    const { router, assistant } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '@小助手医用耗材怎么管理' }), target);
    expect(sent).toHaveLength(1);
    expect(assistant.asked[0]!.question).toBe('医用耗材怎么管理');
  });

  it('ignores its own messages, non-text messages, messages from before start-up and repeated message ids', async () => {
    const { router, assistant } = makeRouter({ startedAt: Date.now() });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '医用耗材', mentioned: true, fromSelf: true }), target);
    await router.receive(message({ text: '', mentioned: true, kind: 'other' }), target);
    await router.receive(message({ text: '医用耗材', mentioned: true, sentAt: Date.now() - 60_000 }), target);
    const once = message({ text: '医用耗材', mentioned: true });
    await router.receive(once, target);
    await router.receive({ ...once }, target);
    expect(assistant.asked).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('answers only in allowlisted rooms, by id, and a topic only once resolved to an id', async () => {
    const { router } = makeRouter({ config: chatConfig({ ROOM_ALLOWLIST: ['room-ok@chatroom', '卫健工作群'] }) });
    const { target, sent } = recordingTarget();
    await router.receive(message({ roomId: 'room-ok@chatroom', text: '/docs' }), target);
    await router.receive(message({ roomId: 'room-x@chatroom', roomTopic: '卫健工作群', text: '/docs' }), target);
    expect(sent).toHaveLength(1);
    const { unmatched } = router.allowlist.resolve([{ id: 'room-x@chatroom', topic: '卫健工作群' }]);
    expect(unmatched).toEqual(['room-ok@chatroom']);
    // Renamed later: still the same id, still allowed.
    await router.receive(message({ roomId: 'room-x@chatroom', roomTopic: '改名后的群', text: '/docs' }), target);
    await router.receive(message({ roomId: undefined, text: '/docs' }), target);
    expect(sent).toHaveLength(3);
  });
});

describe('commands', () => {
  const run = async (text: string, over: Parameters<typeof message>[0] = {}) => {
    const { router, assistant } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ text, ...over }), target);
    return { text: sent.map((s) => s.text).join('\n'), sent, asked: assistant.asked };
  };

  it('/unit and /单位 list what a unit owns, with or without a space', async () => {
    for (const t of ['/unit 医政科', '/单位 医政科', '/unit医政科', '/单位医政科', '／unit 医政科']) {
      const r = await run(t);
      expect(r.text, t).toContain('医政科负责1条');
      expect(r.text, t).toContain('第29条');
    }
  });

  it('/item and /条目 show one item in full', async () => {
    for (const t of ['/item 龙岗 29', '/条目 龙岗 29', '/ITEM 龙岗 29']) {
      const r = await run(t);
      expect(r.text, t).toContain('提升院前急救能力');
      expect(r.text, t).toContain('区急救中心');
    }
  });

  it('/docs, /文件, and a bare 文件 when mentioned list the plans', async () => {
    for (const [t, over] of [
      ['/docs', {}],
      ['/文件', {}],
      ['文件', { mentioned: true }],
    ] as const) {
      const r = await run(t, over);
      expect(r.text, t).toContain('已收录2份工作要点');
    }
  });

  it('/help and 帮助 show every command, contributed ones included', async () => {
    const remind: ChatCommand = { names: ['remind', '提醒'], summary: '/remind(提醒):近期到期的目标', run: async () => 'ok' };
    const { router } = makeRouter({ commands: [remind] });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '/help' }), target);
    await router.receive(message({ text: '帮助', roomId: undefined }), target);
    expect(sent).toHaveLength(2);
    for (const s of sent) {
      for (const c of ['/help', '/docs', '/item', '/unit', '/remind']) expect(s.text).toContain(c);
      expect(s.text).toContain('@小助手');
    }
  });

  it('an unknown command with a mention, or in a private chat, gets the help text, naming what was typed', async () => {
    const r = await run('/frobnicate 医政科', { mentioned: true });
    expect(r.text).toContain('没有 /frobnicate 这个命令');
    expect(r.text).toContain('/unit');
    expect(r.asked).toHaveLength(0);
    expect((await run('/', { mentioned: true })).text).toContain('/help');
    expect((await run('/frobnicate', { roomId: undefined })).text).toContain('没有 /frobnicate 这个命令');
  });

  it('in a room without a mention, only a known command addresses the bot: a path or a typo is ignored', async () => {
    for (const t of ['/usr/local/bin 在哪', '/frobnicate 医政科', '/helpme', '/', '／ 随便']) {
      const r = await run(t);
      expect(r.sent, t).toHaveLength(0);
      expect(r.asked, t).toHaveLength(0);
    }
    expect((await run('/help')).text).toContain('/unit');
    expect((await run('/帮助')).text).toContain('/unit');
  });

  it('a word that merely starts like a command is a question', async () => {
    const r = await run('文件里怎么说医用耗材', { mentioned: true });
    expect(r.asked.map((a) => a.question)).toEqual(['文件里怎么说医用耗材']);
    expect((await run('/helpme', { mentioned: true })).text).toContain('没有 /helpme 这个命令');
  });

  it('a command without its argument explains its usage', async () => {
    expect((await run('/unit')).text).toContain('用法');
    expect((await run('/item')).text).toContain('/item 龙岗 29');
  });

  it('passes contributed commands their arguments and the caller', async () => {
    const calls: Array<{ args: string; caller: CommandCaller }> = [];
    const remind: ChatCommand = {
      names: ['/remind', '提醒'],
      summary: '/remind',
      run: async (args, caller) => {
        calls.push({ args, caller });
        return `已设置:${args}`;
      },
    };
    const { router } = makeRouter({ commands: [remind] });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '/提醒 每周一 9:00' }), target);
    expect(sent[0]!.text).toContain('已设置:每周一 9:00');
    expect(calls[0]!.caller).toMatchObject({ channel: 'wechaty', roomId: 'room-1@chatroom', userId: 'user-1', userName: '张三', roomTopic: '卫健工作群' });
  });

  it('refuses two commands with the same name', () => {
    const dup: ChatCommand = { names: ['帮助'], summary: 'x', run: async () => '' };
    expect(() => makeRouter({ commands: [dup] })).toThrow(/帮助.*registered twice/);
  });
});

describe('outgoing messages', () => {
  it('splits a long answer at item boundaries, every message within the byte limit', async () => {
    const { router } = makeRouter();
    const { target, sent } = recordingTarget(700, 30);
    await router.receive(message({ text: '全部条目', mentioned: true }), target);
    expect(sent.length).toBeGreaterThan(2);
    expect(utf8Bytes(sent[0]!.text)).toBeLessThanOrEqual(700 - 30);
    for (const s of sent) expect(utf8Bytes(s.text)).toBeLessThanOrEqual(700);
    expect(sent.map((s) => s.mention)).toEqual(sent.map((_, i) => i === 0));
    sent.forEach((s, i) => expect(s.text.endsWith(`(${i + 1}/${sent.length})`)).toBe(true));
    // Each citation line arrives whole, in one message, with its units.
    for (const cite of ['第9条', '第29条', '第3条']) {
      const holder = sent.filter((s) => s.text.includes(`依据:《`) && s.text.includes(cite));
      expect(holder, cite).toHaveLength(1);
      expect(holder[0]!.text).toMatch(new RegExp(`依据:《[^\\n]*${cite};责任单位:`));
    }
  });

  it('paces messages to one room, but not across rooms', async () => {
    const { router } = makeRouter({ config: chatConfig({ ROOM_SEND_INTERVAL_MS: 120 }) });
    const a = recordingTarget(700, 30);
    const b = recordingTarget(700, 30);
    await Promise.all([
      router.receive(message({ text: '全部', mentioned: true }), a.target),
      router.receive(message({ roomId: 'room-2@chatroom', text: '院前急救', mentioned: true }), b.target),
    ]);
    const gaps = a.sent.slice(1).map((s, i) => s.at - a.sent[i]!.at);
    expect(gaps.length).toBeGreaterThan(1);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(110);
    expect(b.sent[0]!.at - a.sent[0]!.at).toBeLessThan(100);
  });

  it('rate-limits questions: every one over the limit gets a notice saying when to ask again; commands never count', async () => {
    let now = 1_000_000;
    const { router, assistant } = makeRouter({ config: chatConfig({ RATE_LIMIT_PER_MINUTE: 3 }), now: () => now, startedAt: 0 });
    const { target, sent } = recordingTarget();
    // Commands first: they must not use up the questions.
    for (let i = 0; i < 5; i += 1) await router.receive(message({ text: '/help', sentAt: now }), target);
    expect(sent).toHaveLength(5);
    for (let i = 0; i < 3; i += 1) {
      await router.receive(message({ text: `医用耗材 ${i}`, mentioned: true, sentAt: now }), target);
      now += 10_000;
    }
    for (let i = 0; i < 3; i += 1) await router.receive(message({ text: `医用耗材 more ${i}`, mentioned: true, sentAt: now }), target);
    expect(assistant.asked).toHaveLength(3);
    expect(sent).toHaveLength(11);
    // The oldest question was asked 30 s ago: a place frees in 30 s.
    for (const notice of sent.slice(8)) expect(notice.text).toContain('每人每分钟最多 3 条问题，请 30 秒后再问');
    // A command still works over the limit.
    await router.receive(message({ text: '/help', sentAt: now }), target);
    expect(sent.at(-1)!.text).toContain('/unit');
    // Someone else is not limited.
    await router.receive(message({ userId: 'user-2', text: '医用耗材', mentioned: true, sentAt: now }), target);
    expect(assistant.asked).toHaveLength(4);
    now += 61_000;
    await router.receive(message({ text: '医用耗材 again', mentioned: true, sentAt: now }), target);
    expect(assistant.asked).toHaveLength(5);
  });
});

describe('failures and hostile input', () => {
  it('an exception in the assistant gives a short apology without internals, is logged, and the next message is answered', async () => {
    const { log, lines } = capturingLogger();
    const { router } = makeRouter({ log });
    const { target, sent } = recordingTarget();
    const bad = message({ text: 'fail 医用耗材', mentioned: true });
    await router.receive(bad, target);
    expect(sent[0]!.text).toContain('抱歉');
    expect(sent[0]!.text).not.toMatch(/exploded|secret|Error/);
    const logged = lines().find((l) => l.msg === 'answering failed');
    expect(logged).toMatchObject({ room: 'room-1@chatroom', user: 'user-1', messageId: bad.messageId, level: 50 });
    expect(JSON.stringify(logged)).toContain('store exploded');
    await router.receive(message({ text: '医用耗材怎么管理', mentioned: true }), target);
    expect(sent[1]!.text).toContain('第9条');
  });

  it('a send that fails is logged and does not stop the next reply', async () => {
    const { log, lines } = capturingLogger();
    const { router } = makeRouter({ log });
    let fail = true;
    const sent: string[] = [];
    const target = {
      maxBytes: 2048,
      mentionBytes: 20,
      send: async (text: string) => {
        if (fail) throw new Error('network down');
        sent.push(text);
      },
    };
    await router.receive(message({ text: '医用耗材', mentioned: true }), target);
    fail = false;
    await router.receive(message({ text: '院前急救', mentioned: true }), target);
    expect(sent).toHaveLength(1);
    expect(lines().some((l) => l.msg === 'reply not delivered')).toBe(true);
  });

  it('cuts a 20,000-character message to MAX_MESSAGE_CHARS and says so', async () => {
    const { router, assistant } = makeRouter({ config: chatConfig({ MAX_MESSAGE_CHARS: 500 }) });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '医用耗材'.repeat(5000), mentioned: true }), target);
    expect(Array.from(assistant.asked[0]!.question)).toHaveLength(500);
    expect(sent.map((s) => s.text).join('')).toContain('只读取了前 500 字');
  });

  it('removes control and invisible characters, answers emoji-only with a hint and a bare mention with help', async () => {
    const { router, assistant } = makeRouter();
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '\u0000医用\u200b耗材\u202e怎么\u0007管理\u0001', mentioned: true }), target);
    expect(assistant.asked[0]!.question).toBe('医用耗材怎么管理');
    await router.receive(message({ text: '😀😀🎉', mentioned: true }), target);
    await router.receive(message({ text: '', mentioned: true }), target);
    await router.receive(message({ text: '@小助手' }), target);
    expect(assistant.asked).toHaveLength(1);
    expect(sent[1]!.text).toContain('请用文字提问');
    expect(sent[2]!.text).toContain('/help');
    expect(sent[3]!.text).toContain('/help');
  });
});

describe('follow-up context', () => {
  it('passes the last citations per user per room, and forgets them after 10 minutes', async () => {
    let now = 5_000_000;
    const { router, assistant } = makeRouter({ now: () => now, startedAt: 0 });
    const { target } = recordingTarget();
    await router.receive(message({ text: '医用耗材怎么管理', mentioned: true }), target);
    await router.receive(message({ text: '它的责任单位是谁', mentioned: true }), target);
    expect(assistant.asked[1]!.followUp).toEqual({ citationIds: ['longgang-2022#9'] });
    await router.receive(message({ roomId: 'room-2@chatroom', text: '它的责任单位是谁', mentioned: true }), target);
    expect(assistant.asked[2]!.followUp).toBeUndefined();
    await router.receive(message({ userId: 'user-2', text: '它的责任单位是谁', mentioned: true }), target);
    expect(assistant.asked[3]!.followUp).toBeUndefined();
    now += 10 * 60_000 + 1;
    await router.receive(message({ text: '它的责任单位是谁', mentioned: true }), target);
    expect(assistant.asked[4]!.followUp).toBeUndefined();
  });
});

describe('secrets in outgoing text', () => {
  const KEY = 'sk-live-SECRETKEY-0123456789abcdef';
  const WECOM_SECRET = 'wecom-SECRET-abcdefghij0123';

  it('masks the API key an answer quotes, and every other secret, in replies and in posted digests alike', async () => {
    const leaky = createFakeAssistant();
    leaky.ask = async () => ({ answered: true, text: `按配置,密钥是 ${KEY},企业微信 secret ${WECOM_SECRET}。`, citationIds: [] });
    const { router } = makeRouter({ config: chatConfig({ OPENAI_API_KEY: KEY, WECOM_BOT_SECRET: WECOM_SECRET }), assistant: leaky });
    const { target, sent } = recordingTarget();
    await router.receive(message({ text: '密钥是什么', mentioned: true }), target);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).not.toContain(KEY);
    expect(sent[0]!.text).not.toContain(WECOM_SECRET);
    expect(sent[0]!.text).toContain('[redacted]');

    const digest = recordingTarget();
    await router.deliver('room-1', `到期提醒 ${KEY}`, digest.target);
    expect(digest.sent.map((s) => s.text)).toEqual(['到期提醒 [redacted]']);
  });
});
