import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/chat/router.js';
import { createWecomAdapter } from '../../src/chat/wecom/adapter.js';
import { channelsCheck } from '../../src/ops/health.js';
import { createFakeAssistant } from './helpers/fake-assistant.js';
import { startFakeWecomServer, wecomTestConfig } from './helpers/fake-wecom-server.js';
import { capturingLogger, chatConfig } from './helpers/harness.js';

const credentials = { botId: 'aib-liveness-bot', secret: 'liveness-secret-123' };

/** Waits for a state, not for a time: the heartbeat period is short only to keep the test quick. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('a WeCom connection that goes silent', () => {
  it('counts as down once a heartbeat goes unanswered, reconnects after three periods saying why, and is up again', async () => {
    const server = await startFakeWecomServer(credentials);
    const logs = capturingLogger();
    const router = createRouter({ config: chatConfig(), log: logs.log, assistant: createFakeAssistant() });
    const adapter = createWecomAdapter({
      config: wecomTestConfig(server, credentials),
      log: logs.log,
      router,
      heartbeatIntervalMs: 100,
      reconnectIntervalMs: 1,
    });
    const health = channelsCheck(() => [adapter]);
    try {
      await adapter.start();
      await until(() => server.frames.filter((f) => f.cmd === 'ping').length >= 2);
      expect(adapter.status().connected).toBe(true);
      expect(server.logins()).toBe(1);

      // The socket stays open; WeCom just stops answering.
      server.silence();
      await until(() => !adapter.status().connected);
      expect(adapter.status().detail).toContain('without a reply');
      const meanwhile = await health();
      expect(meanwhile.ok).toBe(false);
      expect(meanwhile.detail).toContain('silent');

      await until(() => server.logins() === 2 && adapter.status().connected);
      expect((await health()).ok).toBe(true);
      const closed = logs.lines().find((l) => l.msg === 'WeCom long connection closed');
      expect(closed?.why).toBe('no heartbeat reply for three heartbeat periods');
      expect(logs.lines().some((l) => String(l.msg).startsWith('WeCom connection silent'))).toBe(true);
    } finally {
      await adapter.stop();
      await server.close();
    }
  }, 20_000);
});
