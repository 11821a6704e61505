import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../src/chat/channel.js';
import type { ChatCommand } from '../../src/chat/ports.js';
import { createRouter, type Router } from '../../src/chat/router.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { doneCard, targetOfKey } from '../../src/chat/wecom/done-card.js';
import { silentLogger } from '../../src/log/index.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomMessage, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { chatConfig } from './helpers/harness.js';

const credentials = { botId: 'aib-card-bot', secret: 'card-secret-123' };

/** Stands in for the reminders' /target: only the coordinator may mark done, as the real command checks. */
function targetCommand(done: string[]): ChatCommand {
  return {
    names: ['target', '目标'],
    summary: '/target',
    async run(args, caller) {
      const m = /^done\s+(\S+)$/.exec(args);
      if (!m) return '用法';
      if (caller.userId !== 'boss') return '只有协调员可以管理目标(添加、查看、完成、删除)。';
      done.push(m[1]!);
      return `已标记完成:${m[1]} 完成筛查。它不再出现在到期提醒和逾期列表里(撤销:/target undo ${m[1]})。`;
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a digest card with 已完成 buttons on WeCom', () => {
  let server: FakeWecomServer;
  let router: Router;
  let adapter: ChatChannel;
  const done: string[] = [];

  beforeAll(async () => {
    server = await startFakeWecomServer(credentials);
    router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant(), commands: [targetCommand(done)] });
    adapter = createWecomAdapter({
      config: wecomTestConfig(server, credentials),
      log: silentLogger,
      router,
    });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter.stop();
    await server.close();
  });

  it("follows the markdown digest; a coordinator's tap marks the target done and updates the card for everyone; anyone else only sees why not", async () => {
    await adapter.poster.post('chat-d', '### 到期提醒\n> 完成筛查 · 编号 `c1`', { doneTargets: ['c1', 'p1a2b3c4d'] });
    const sent = server.frames.filter((f) => f.cmd === 'aibot_send_msg');
    expect(sent.map((f) => f.body?.msgtype)).toEqual(['markdown', 'template_card']);
    const card = sent[1]!.body!.template_card as { task_id: string; button_list: Array<{ text: string; key: string }> };
    expect(sent[1]!.body!.chatid).toBe('chat-d');
    expect(card.button_list.map((b) => b.key)).toEqual(['planbot-done:c1', 'planbot-done:p1a2b3c4d']);

    const tap = (userid: string, key: string, msgid: string) =>
      server.pushEvent(
        wecomMessage(credentials.botId, {
          msgid,
          chatid: 'chat-d',
          userid,
          msgtype: 'event',
          extra: { event: { eventtype: 'template_card_event', event_key: key, task_id: card.task_id } },
        }),
      );
    const updates = () => server.frames.filter((f) => f.cmd === 'aibot_respond_update_msg');

    const refusedReq = tap('visitor', 'planbot-done:c1', 'tap-1');
    await until(() => updates().length === 1);
    expect(updates()[0]!.reqId).toBe(refusedReq);
    expect(updates()[0]!.body).toMatchObject({ response_type: 'update_template_card', userids: ['visitor'] });
    expect((updates()[0]!.body!.template_card as { sub_title_text: string }).sub_title_text).toContain('只有协调员');
    expect(done).toEqual([]);

    tap('boss', 'planbot-done:c1', 'tap-2');
    await until(() => updates().length === 2);
    const update = updates()[1]!.body!;
    expect(update.userids).toBeUndefined();
    const after = update.template_card as { task_id: string; sub_title_text: string; button_list: Array<{ text: string }> };
    expect(after.task_id).toBe(card.task_id);
    expect(after.button_list.map((b) => b.text)).toEqual(['c1 ✓', 'p1a2b3c4d 已完成']);
    expect(after.sub_title_text).toContain('已标记完成:c1');
    expect(done).toEqual(['c1']);
  });

  it('a digest without targets gets no card; keys that are not done buttons are not targets', async () => {
    const before = server.frames.length;
    await adapter.poster.post('chat-d', '未来 7 天内没有到期的目标。', { doneTargets: [] });
    expect(
      server.frames
        .slice(before)
        .filter((f) => f.cmd === 'aibot_send_msg')
        .map((f) => f.body?.msgtype),
    ).toEqual(['markdown']);
    expect(doneCard([], 't')).toBeUndefined();
    expect(doneCard(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 't')!.button_list).toHaveLength(6);
    expect(doneCard(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 't')!.sub_title_text).toContain('其余 1 项');
    expect(targetOfKey('other:x')).toBeUndefined();
    expect(targetOfKey('planbot-done:c1; drop')).toBeUndefined();
  });
});
