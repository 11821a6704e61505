import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSetupError, type ChatChannel } from '../../src/chat/channel.js';
import { createRouter, type Router } from '../../src/chat/router.js';
import { utf8Bytes } from '../../src/chat/text.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { silentLogger } from '../../src/log/index.js';
import { createFakeAssistant, type FakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomMessage, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { capturingLogger, chatConfig } from './helpers/harness.js';

/** The same conversation as on Wechaty, through the real SDK against a local long-connection server. */

const credentials = { botId: 'aib-test-bot', secret: 'test-secret-value-123' };
let server: FakeWecomServer;
let router: Router;
let adapter: ChatChannel;
let assistant: FakeAssistant;
const logs = capturingLogger();
const settled = new Map<string, () => void>();

const body = (over: Parameters<typeof wecomMessage>[1]) => wecomMessage(credentials.botId, over);

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Push a callback and wait until the bot has handled it; returns what the bot said meanwhile. */
async function send(b: ReturnType<typeof body>, reqId?: string) {
  const before = server.said().length;
  const done = new Promise<void>((resolve) => settled.set(b.msgid, resolve));
  server.push(b, reqId);
  await done;
  await router.idle();
  return server.said().slice(before);
}

beforeAll(async () => {
  server = await startFakeWecomServer(credentials);
  assistant = createFakeAssistant();
  router = createRouter({ config: chatConfig({ RATE_LIMIT_PER_MINUTE: 4, ROOM_SEND_INTERVAL_MS: 50 }), log: logs.log, assistant });
  adapter = createWecomAdapter({
    config: wecomTestConfig(server, credentials),
    log: logs.log,
    router,
    onSettled: (id) => {
      settled.get(id)?.();
      settled.delete(id);
    },
  });
  await adapter.start();
  expect(server.authenticated()).toBe(true);
});

afterAll(async () => {
  await adapter.stop();
  await server.close();
});

describe('WeCom 智能机器人 over a fake long connection', () => {
  it('answers a group message that @s the bot with a reply bound to it, mentioning the asker, citing and naming units', async () => {
    const said = await send(body({ chatid: 'chat-1', text: '@小助手 医用耗材怎么管理' }), 'callback-q1');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ cmd: 'aibot_respond_msg', reqId: 'callback-q1' });
    expect(said[0]!.text.startsWith('<@zhangsan> ')).toBe(true);
    expect(said[0]!.text).toContain('《龙岗区2022年度卫生健康工作要点》第9条');
    expect(said[0]!.text).toContain('医管科');
    expect(assistant.asked.at(-1)!.question).toBe('医用耗材怎么管理');
    const reply = server.frames.find((f) => f.reqId === 'callback-q1' && f.cmd === 'aibot_respond_msg');
    expect(reply?.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } });
  });

  it('strips a mention of the bot under another display name', async () => {
    await send(body({ chatid: 'chat-1', userid: 'wangwu', text: '@卫健助手 院前急救' }));
    expect(assistant.asked.at(-1)!.question).toBe('院前急救');
  });

  it('answers a private message without a mention', async () => {
    const said = await send(body({ userid: 'lisi', text: '院前急救怎么安排' }));
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain('第29条');
    expect(said[0]!.text).not.toContain('<@');
  });

  it('runs /unit, /item, /docs, /help and the unknown-command help', async () => {
    const u = 'zhaoliu';
    expect((await send(body({ chatid: 'chat-1', userid: u, text: '@小助手 /单位 医政科' })))[0]!.text).toContain('医政科负责1条');
    expect((await send(body({ chatid: 'chat-1', userid: u, text: '@小助手 /item 龙岗 29' })))[0]!.text).toContain('区急救中心');
    expect((await send(body({ chatid: 'chat-1', userid: u, text: '@小助手 /docs' })))[0]!.text).toContain('已收录2份工作要点');
    expect((await send(body({ chatid: 'chat-1', userid: u, text: '@小助手 帮助' })))[0]!.text).toContain('/unit');
    expect((await send(body({ chatid: 'chat-1', userid: 'sunqi', text: '@小助手 /what' })))[0]!.text).toContain('没有 /what 这个命令');
  });

  it('splits a long answer into messages of at most 2048 bytes: the reply first, then pushes to the chat, paced', async () => {
    const said = await send(body({ chatid: 'chat-1', userid: 'zhouba', text: '@小助手 全部' }), 'callback-long');
    expect(said.length).toBeGreaterThan(1);
    expect(said[0]).toMatchObject({ cmd: 'aibot_respond_msg', reqId: 'callback-long' });
    for (const s of said.slice(1)) expect(s).toMatchObject({ cmd: 'aibot_send_msg', chatid: 'chat-1' });
    for (const s of said) expect(utf8Bytes(s.text)).toBeLessThanOrEqual(2048);
    for (let i = 1; i < said.length; i += 1) expect(said[i]!.at - said[i - 1]!.at).toBeGreaterThanOrEqual(45);
  });

  it('answers a re-delivered message id once', async () => {
    const b = body({ chatid: 'chat-1', userid: 'wu', text: '@小助手 医用耗材' });
    const first = await send(b);
    const again = await send({ ...b });
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
  });

  it('ignores images and files, and answers the text of a voice message', async () => {
    expect(await send(body({ userid: 'zheng', msgtype: 'image', extra: { image: { url: 'http://127.0.0.1/x' } } }))).toHaveLength(0);
    const voice = await send(body({ userid: 'zheng', msgtype: 'voice', extra: { voice: { content: '院前急救' } } }));
    expect(voice[0]!.text).toContain('第29条');
  });

  it('rate-limits with a notice for every question over the limit, apologises for a failure without internals, and keeps answering', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 6; i += 1) texts.push(...(await send(body({ chatid: 'chat-2', userid: 'flood', text: `@小助手 医用耗材${i}` }))).map((s) => s.text));
    expect(texts).toHaveLength(6);
    expect(texts[5]).toContain('秒后再问');
    expect(texts[4]).toContain('每人每分钟最多 4 条');

    const failing = body({ chatid: 'chat-2', userid: 'qian', text: '@小助手 fail 医用耗材' });
    const apology = await send(failing);
    expect(apology[0]!.text).toContain('抱歉');
    expect(apology[0]!.text).not.toContain('exploded');
    expect(logs.lines().some((l) => l.msg === 'answering failed' && l.messageId === failing.msgid && l.room === 'chat-2' && l.user === 'qian')).toBe(true);
    expect((await send(body({ chatid: 'chat-2', userid: 'qian', text: '@小助手 院前急救' })))[0]!.text).toContain('第29条');
  });

  it('handles hostile input', async () => {
    const u = 'hostile';
    const huge = await send(body({ chatid: 'chat-3', userid: u, text: `@小助手 ${'耗'.repeat(20_000)}` }));
    expect(huge[0]!.text).toContain('只读取了前 2000 字');
    for (const s of huge) expect(utf8Bytes(s.text)).toBeLessThanOrEqual(2048);
    expect((await send(body({ chatid: 'chat-3', userid: u, text: '@小助手 🎉' })))[0]!.text).toContain('请用文字提问');
    expect((await send(body({ chatid: 'chat-3', userid: u, text: '@小助手' })))[0]!.text).toContain('/help');
    // A frame without a message id is dropped; the connection carries on.
    server.push({ msgtype: 'text', chattype: 'single', from: { userid: u }, text: { content: '院前急救' } });
    expect((await send(body({ userid: u, text: '院前急救' })))[0]!.text).toContain('第29条');
  });

  it('posts to a chat without a question (RoomPoster)', async () => {
    expect(adapter.poster.owns('chat-1')).toBe(true);
    expect(adapter.poster.owns('chat-never-seen')).toBe(false);
    const before = server.said().length;
    await adapter.poster.post('chat-1', '本周到期的目标:\n《龙岗区2022年度卫生健康工作要点》第9条');
    const posted = server.said().slice(before);
    expect(posted).toEqual([expect.objectContaining({ cmd: 'aibot_send_msg', chatid: 'chat-1' })]);
    expect(posted[0]!.text).toContain('第9条');
  });

  it('never writes the secret to the log', () => {
    expect(JSON.stringify(logs.lines())).not.toContain(credentials.secret);
  });
});

describe('WeCom setup errors', () => {
  it("fails start-up on the first refusal, without waiting out the SDK's retries, and stops trying", async () => {
    const other = await startFakeWecomServer(credentials);
    const r = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant() });
    // The SDK's default schedule (1 s doubling): five refused logins would take ~31 s, far past the start timeout.
    const bad = createWecomAdapter({
      config: { BOT_NAME: '小助手', WECOM_BOT_ID: credentials.botId, WECOM_BOT_SECRET: 'wrong-secret', WECOM_WS_URL: other.url },
      log: silentLogger,
      router: r,
      startTimeoutMs: 20_000,
    });
    const started = performance.now();
    const error = await bad.start().catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(ChatSetupError);
    expect((error as Error).message).toMatch(/WECOM_BOT_ID\/WECOM_BOT_SECRET/);
    expect((error as Error).message).not.toContain('wrong-secret');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(other.frames.filter((f) => f.cmd === 'aibot_subscribe')).toHaveLength(1);
    await bad.stop();
    await other.close();
  });

  it('once started, keeps logging in again past five refusals (a rotated secret) and recovers when it is accepted', async () => {
    const other = await startFakeWecomServer(credentials);
    const r = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant() });
    const up = createWecomAdapter({
      config: { BOT_NAME: '小助手', WECOM_BOT_ID: credentials.botId, WECOM_BOT_SECRET: credentials.secret, WECOM_WS_URL: other.url },
      log: silentLogger,
      router: r,
      // Backoff 1, 2, 4 … ms: eight refused logins take a quarter of a second.
      reconnectIntervalMs: 1,
    });
    await up.start();
    expect(up.status().connected).toBe(true);
    const logins = () => other.frames.filter((f) => f.cmd === 'aibot_subscribe').length;
    other.setSecret('rotated-secret-value');
    other.dropConnections();
    await waitFor(() => logins() >= 1 + 8, 10_000);
    expect(up.status().connected).toBe(false);
    other.setSecret(credentials.secret);
    await waitFor(() => up.status().connected, 10_000);
    await up.stop();
    await other.close();
  });

  it('warns at start-up about ROOM_ALLOWLIST entries that are group names, which WeCom cannot resolve', async () => {
    const startWith = async (allowlist: string[]) => {
      const other = await startFakeWecomServer(credentials);
      const captured = capturingLogger();
      const r = createRouter({ config: chatConfig({ ROOM_ALLOWLIST: allowlist }), log: silentLogger, assistant: createFakeAssistant() });
      const a = createWecomAdapter({
        config: { BOT_NAME: '小助手', WECOM_BOT_ID: credentials.botId, WECOM_BOT_SECRET: credentials.secret, WECOM_WS_URL: other.url },
        log: captured.log,
        router: r,
      });
      await a.start();
      await a.stop();
      await other.close();
      return captured.lines().filter((l) => l.level === 40 && String(l.msg).includes('ROOM_ALLOWLIST'));
    };
    const mixed = await startWith(['卫健工作群', 'wrkSFfCgAAabc123', 'Health Team', '12345@chatroom']);
    expect(mixed).toHaveLength(1);
    expect(mixed[0]!.entries).toEqual(['卫健工作群', 'Health Team']);
    expect(mixed[0]!.msg).toContain('"卫健工作群", "Health Team"');
    expect(mixed[0]!.msg).toContain('cannot list');
    expect(mixed[0]!.msg).not.toContain('wrkSFfCgAAabc123');
    expect(mixed[0]!.msg).not.toContain('no WeCom group at all');
    const onlyTopics = await startWith(['卫健工作群']);
    expect(onlyTopics[0]!.msg).toContain('no WeCom group at all');
    expect(await startWith(['wrkSFfCgAAabc123'])).toHaveLength(0);
    expect(await startWith([])).toHaveLength(0);
  });

  it('refuses to start with half a configuration', async () => {
    const r = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant() });
    const half = createWecomAdapter({
      config: { BOT_NAME: '小助手', WECOM_BOT_ID: 'x', WECOM_BOT_SECRET: undefined, WECOM_WS_URL: undefined },
      log: silentLogger,
      router: r,
    });
    await expect(half.start()).rejects.toThrow(/WECOM_BOT_SECRET is empty/);
  });
});
