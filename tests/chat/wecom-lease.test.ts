import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../src/chat/channel.js';
import type { ConnectionLease } from '../../src/chat/ports.js';
import { createRouter } from '../../src/chat/router.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { channelsCheck } from '../../src/ops/health.js';
import { connectTo } from '../../src/store/item-store.js';
import { LeaseTable } from '../../src/store/lease-table.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, type FakeWecomServer, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { capturingLogger, chatConfig } from './helpers/harness.js';

const credentials = { botId: 'aib-lease-bot', secret: 'lease-secret-123' };
const TTL_MS = 600;

/** Waits for a state, not for a time. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('one WeCom connection per bot, decided by a lease in the shared store', () => {
  let server: FakeWecomServer;
  let dir: string;
  const open: Array<{ close(): void }> = [];

  beforeAll(async () => {
    server = await startFakeWecomServer(credentials);
    dir = mkdtempSync(join(tmpdir(), 'planbot-wecom-lease-'));
  });
  afterAll(async () => {
    await server.close();
    for (const db of open) db.close();
  });

  /** One planbot process: its own store connection, lease name and adapter. */
  async function process_(holder: string): Promise<{ adapter: ChatChannel; table: LeaseTable }> {
    const db = await connectTo(dir);
    open.push(db);
    const table = await LeaseTable.open(db);
    const lease: ConnectionLease = {
      renewMs: TTL_MS / 6,
      hold: async () => (await table.acquire(`wecom:${credentials.botId}`, holder, TTL_MS, Date.now())).held,
      release: () => table.release(`wecom:${credentials.botId}`, holder),
    };
    const logs = capturingLogger();
    const adapter = createWecomAdapter({
      config: wecomTestConfig(server, credentials),
      log: logs.log,
      router: createRouter({ config: chatConfig(), log: logs.log, assistant: createFakeAssistant() }),
      lease,
    });
    return { adapter, table };
  }

  it('the second process stands by (healthy, passive) without connecting, and takes over when the first stops', async () => {
    const first = await process_('A');
    const second = await process_('B');
    await first.adapter.start();
    expect(first.adapter.status()).toMatchObject({ connected: true, role: 'active' });
    await second.adapter.start();
    expect(second.adapter.status()).toMatchObject({ connected: true, role: 'passive' });
    expect((await channelsCheck(() => [second.adapter])()).detail).toContain('passive');
    expect(server.logins()).toBe(1);

    await first.adapter.stop();
    await until(() => second.adapter.status().role === 'active' && second.adapter.status().connected);
    expect(server.logins()).toBe(2);

    // The holder that finds the lease taken (its renewals were lost while it hung) closes its connection.
    const third = await process_('C');
    await third.adapter.start();
    expect(third.adapter.status().role).toBe('passive');
    // C's view: B's lease ran out (B hung past it), so C takes it.
    expect(await third.table.acquire(`wecom:${credentials.botId}`, 'C', TTL_MS, Date.now() + 10 * TTL_MS)).toMatchObject({ held: true });
    await until(() => second.adapter.status().role === 'passive' && third.adapter.status().role === 'active' && third.adapter.status().connected);
    expect(server.logins()).toBe(3);
    await second.adapter.stop();
    await third.adapter.stop();
  }, 30_000);
});
