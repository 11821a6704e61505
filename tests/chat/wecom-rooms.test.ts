import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomMemory } from '../../src/chat/ports.js';
import { createRouter } from '../../src/chat/router.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { silentLogger } from '../../src/log/index.js';
import { connectTo } from '../../src/store/item-store.js';
import { RoomTable } from '../../src/store/room-table.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomMessage, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { chatConfig } from './helpers/harness.js';

const credentials = { botId: 'aib-rooms-bot', secret: 'rooms-secret-123' };

describe('WeCom chats the bot has seen, kept in the store', () => {
  let server: FakeWecomServer;
  let dir: string;
  const dbs: Array<{ close(): void }> = [];

  beforeAll(async () => {
    server = await startFakeWecomServer(credentials);
    dir = mkdtempSync(join(tmpdir(), 'planbot-wecom-rooms-'));
  });
  afterAll(async () => {
    await server.close();
    for (const db of dbs) db.close();
  });

  async function adapterOnStore() {
    const db = await connectTo(dir);
    dbs.push(db);
    const table = await RoomTable.open(db);
    const rooms: RoomMemory = { rooms: () => table.rooms('wecom'), remember: (id) => table.remember('wecom', id, new Date().toISOString()) };
    const settled = new Map<string, () => void>();
    const router = createRouter({ config: chatConfig(), log: silentLogger, assistant: createFakeAssistant() });
    const adapter = createWecomAdapter({
      config: wecomTestConfig(server, credentials),
      log: silentLogger,
      router,
      rooms,
      onSettled: (id) => settled.get(id)?.(),
    });
    return { adapter, router, table, settled };
  }

  it('a digest reaches a group seen before the restart, pushed with sendMessage as markdown', async () => {
    const first = await adapterOnStore();
    await first.adapter.start();
    expect(first.adapter.poster.owns('chat-old')).toBe(false);
    const done = new Promise<void>((resolve) => first.settled.set('rooms-q1', resolve));
    server.push(wecomMessage(credentials.botId, { msgid: 'rooms-q1', chatid: 'chat-old', userid: 'li', text: '@小助手 医用耗材' }));
    await done;
    await first.router.idle();
    while (!(await first.table.rooms('wecom')).includes('chat-old')) await new Promise((resolve) => setTimeout(resolve, 5));
    await first.adapter.stop();

    const second = await adapterOnStore();
    await second.adapter.start();
    expect(second.adapter.poster.owns('chat-old')).toBe(true);
    expect(await second.adapter.poster.reaches?.('chat-old')).toBe(true);
    await second.adapter.poster.post('chat-old', '本周到期目标:\n- 完成筛查');
    const pushed = server.frames.filter((f) => f.cmd === 'aibot_send_msg').at(-1);
    expect(pushed?.body).toMatchObject({ chatid: 'chat-old', msgtype: 'markdown', markdown: { content: '本周到期目标:\n- 完成筛查' } });
    expect(await second.table.rooms('wecom')).toEqual(['chat-old']);
    await second.adapter.stop();
  });
});
