import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { silentLogger } from '../../src/log/index.js';
import { createRouter, type Router } from '../../src/chat/router.js';
import { utf8Bytes } from '../../src/chat/text.js';
import { createWechatyAdapter, type WechatyChannel } from '../../src/chat/wechaty/adapter.js';
import { createFakeAssistant, type FakeAssistant } from './helpers/fake-assistant.js';
import { capturingLogger, chatConfig } from './helpers/harness.js';

/**
 * The whole Wechaty path on wechaty-puppet-mock: a contact says something in a room, Wechaty delivers it,
 * the adapter and router answer, and what the bot sends is read back from the puppet.
 */

interface Sent {
  conversationId: string;
  text: string;
  at: number;
}

class RecordingPuppet extends PuppetMock {
  sent: Sent[] = [];
  override async messageSendText(conversationId: string, text: string): Promise<void> {
    this.sent.push({ conversationId, text, at: performance.now() });
    return super.messageSendText(conversationId, text);
  }
}

let mocker: InstanceType<typeof mock.Mocker>;
let puppet: RecordingPuppet;
let adapter: WechatyChannel;
let router: Router;
let assistant: FakeAssistant;
let botContact: ReturnType<typeof mocker.createContact>;
let alice: ReturnType<typeof mocker.createContact>;
// One person per test where the rate limit (4 a minute) could otherwise carry over from an earlier test.
const people: Record<string, ReturnType<typeof mocker.createContact>> = {};
let room: ReturnType<typeof mocker.createRoom>;
let otherRoom: ReturnType<typeof mocker.createRoom>;
const settled = new Map<string, () => void>();
const logs = capturingLogger();

/** Say something as `who` and wait until the bot has handled it completely. */
async function say(who: typeof alice, text: string, to: typeof room | typeof alice, mentions: Array<typeof alice> = []): Promise<Sent[]> {
  const before = puppet.sent.length;
  let id = '';
  const capture = ({ messageId }: { messageId: string }): void => {
    id = messageId;
  };
  puppet.once('message', capture);
  who.say(text, mentions).to(to);
  puppet.off('message', capture);
  await new Promise<void>((resolve) => settled.set(id, resolve));
  await router.idle();
  return puppet.sent.slice(before);
}

beforeAll(async () => {
  mocker = new mock.Mocker();
  puppet = new RecordingPuppet({ mocker });
  botContact = mocker.createContact({ name: '小助手' });
  alice = mocker.createContact({ name: '张三' });
  for (const name of ['李四', '王五', '赵六', '孙七', '周八']) people[name] = mocker.createContact({ name });
  room = mocker.createRoom({ topic: '卫健工作群', memberIdList: [botContact.id, alice.id, ...Object.values(people).map((p) => p.id)] });
  otherRoom = mocker.createRoom({ topic: '无关的群', memberIdList: [botContact.id, alice.id] });
  assistant = createFakeAssistant();
  router = createRouter({
    config: chatConfig({ ROOM_ALLOWLIST: ['卫健工作群'], RATE_LIMIT_PER_MINUTE: 4, ROOM_SEND_INTERVAL_MS: 60 }),
    log: logs.log,
    assistant,
  });
  adapter = createWechatyAdapter({
    config: { BOT_NAME: '小助手', WECHATY_PUPPET: undefined, WECHATY_PUPPET_SERVICE_TOKEN: undefined },
    log: logs.log,
    router,
    puppet,
    maxBytes: 600,
    restart: { initialMs: 20, maxMs: 100 },
    onSettled: (id) => {
      settled.get(id)?.();
      settled.delete(id);
    },
  });
  await adapter.start();
  const loggedIn = adapter.loggedIn();
  mocker.login(botContact);
  await loggedIn;
  // The allowlist names the room by topic; the adapter resolves it to the id after login.
  await vi.waitFor(() => expect(router.allowlist.allows(room.id)).toBe(true), { timeout: 3000 });
  expect(router.allowlist.allows(otherRoom.id)).toBe(false);
}, 30_000);

afterAll(async () => {
  await adapter.stop();
});

describe('Wechaty on the mock puppet', () => {
  it('answers a mention in a room with a reply that mentions the asker, cites the item and names the units', async () => {
    const replies = await say(alice, '@小助手 医用耗材怎么管理', room, [botContact]);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.conversationId).toBe(room.id);
    expect(replies[0]!.text.startsWith('@张三')).toBe(true);
    expect(replies[0]!.text).toContain('《龙岗区2022年度卫生健康工作要点》第9条');
    expect(replies[0]!.text).toContain('医管科');
    expect(assistant.asked.at(-1)!.question).toBe('医用耗材怎么管理');
  });

  it('stays silent without a mention, and in a room not on the allowlist', async () => {
    expect(await say(alice, '医用耗材怎么管理', room)).toHaveLength(0);
    expect(await say(alice, '@小助手 医用耗材怎么管理', otherRoom, [botContact])).toHaveLength(0);
  });

  it('answers a private message', async () => {
    const replies = await say(alice, '院前急救怎么安排', botContact);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.conversationId).toBe(alice.id);
    expect(replies[0]!.text).toContain('第29条');
    expect(replies[0]!.text).not.toContain('@张三');
  });

  it('runs /unit, /item, /docs, /help and their Chinese names without a mention', async () => {
    const wang = people['王五']!;
    expect((await say(wang, '/单位 医政科', room))[0]!.text).toContain('医政科负责1条');
    expect((await say(wang, '/item 龙岗 29', room))[0]!.text).toContain('区急救中心');
    expect((await say(wang, '/文件', room))[0]!.text).toContain('已收录2份工作要点');
    // An unknown command is not for the bot unless it @s the bot: a path or a typo stays chat between people.
    expect(await say(wang, '/nope', room)).toHaveLength(0);
    expect((await say(wang, '@小助手 /nope', room, [botContact]))[0]!.text).toContain('/unit');
  });

  it('splits a long answer within the byte limit, paced', async () => {
    const zhao = people['赵六']!;
    const replies = await say(zhao, '/help', zhao);
    expect(replies[0]!.text).toContain('/help');
    const long = await say(zhao, '@小助手 全部', room, [botContact]);
    expect(long.length).toBeGreaterThan(2);
    for (const r of long) expect(utf8Bytes(r.text)).toBeLessThanOrEqual(600);
    expect(long[0]!.text.startsWith('@赵六')).toBe(true);
    for (const r of long.slice(1)) expect(r.text.startsWith('@')).toBe(false);
    for (let i = 1; i < long.length; i += 1) expect(long[i]!.at - long[i - 1]!.at).toBeGreaterThanOrEqual(55);
  });

  it('rate-limits with a notice for every question over the limit, apologises for a failure and keeps answering', async () => {
    const bob = people['李四']!;
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) answers.push(...(await say(bob, `@小助手 医用耗材 ${i}`, room, [botContact])).map((r) => r.text));
    expect(answers).toHaveLength(6);
    expect(answers[5]).toContain('秒后再问');
    expect(answers[4]).toContain('每人每分钟最多 4 条');

    const apology = await say(alice, '@小助手 fail 医用耗材', room, [botContact]);
    expect(apology[0]!.text).toContain('抱歉');
    expect(logs.lines().some((l) => l.msg === 'answering failed' && l.room === room.id)).toBe(true);
    expect((await say(alice, '@小助手 院前急救', room, [botContact]))[0]!.text).toContain('第29条');
  });

  it('handles hostile input: 20,000 characters, control characters, emoji only, only a mention', async () => {
    const sun = people['孙七']!;
    const huge = await say(sun, `@小助手 ${'急'.repeat(20_000)}`, room, [botContact]);
    expect(huge.map((r) => r.text).join('')).toContain('只读取了前 2000 字');
    expect((await say(sun, '@小助手 \u0000\u0007\u200b院前急救\u202e', room, [botContact]))[0]!.text).toContain('第29条');
    expect((await say(sun, '@小助手 🎉🎉', room, [botContact]))[0]!.text).toContain('请用文字提问');
    expect((await say(sun, '@小助手', room, [botContact]))[0]!.text).toContain('/help');
  });

  it('restarts the puppet with backoff after a logout and answers again after the new login', async () => {
    await puppet.logout();
    await expect.poll(() => logs.lines().some((l) => l.msg === 'restarting the Wechaty puppet'), { timeout: 3000 }).toBe(true);
    await expect.poll(() => logs.lines().some((l) => l.msg === 'Wechaty puppet restarted'), { timeout: 3000 }).toBe(true);
    const loggedIn = adapter.loggedIn();
    // The mock needs someone to "scan" again: log the bot back in once the puppet has restarted.
    mocker.login(botContact);
    await loggedIn;
    expect((await say(people['周八']!, '@小助手 院前急救', room, [botContact]))[0]!.text).toContain('第29条');
  });
});
