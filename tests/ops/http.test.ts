import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { channelsCheck, runHealthChecks, schedulerCheck, storeCheck, type HealthCheck } from '../../src/ops/health.js';
import { OpsServerError, startOpsServer, type OpsServer } from '../../src/ops/http-server.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';

const servers: OpsServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function serve(checks: Record<string, HealthCheck>, secrets: string[] = []) {
  const metrics = createPrometheusMetrics({ defaultMetrics: false });
  const server = await startOpsServer({ host: '127.0.0.1', port: 0, log: silentLogger, metrics, secrets, health: () => runHealthChecks(checks, 200) });
  servers.push(server);
  return { server, metrics };
}

const up = { name: 'wechaty' as const, status: () => ({ connected: true, detail: 'logged in as 小助手' }) };
const down = { name: 'wecom' as const, status: () => ({ connected: false, detail: 'WeCom long connection not up (disconnected: 1006)' }) };
const store = { uri: '/data/planbot', probe: async () => ({ items: 180 }) };

describe('/healthz', () => {
  it('answers 200 with every check when the store reads, the channels are connected and the scheduler runs', async () => {
    const { server } = await serve({ store: storeCheck(store), channels: channelsCheck(() => [up]), reminders: schedulerCheck(() => ({ state: 'running' })) });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'ok', ok: true, failing: [] });
    expect(body.checks.store).toEqual({ ok: true, detail: '180 items readable at /data/planbot' });
    expect(body.checks.channels.detail).toBe('wechaty: logged in as 小助手');
  });

  it('answers 503 naming what failed: a disconnected channel, a stopped scheduler, a store read that throws or hangs', async () => {
    const broken = {
      uri: '/data/planbot',
      probe: async () => {
        throw new Error('LanceDB: dataset not found');
      },
    };
    const { server } = await serve({
      store: storeCheck(broken),
      channels: channelsCheck(() => [up, down]),
      reminders: schedulerCheck(() => ({ state: 'stopped' })),
    });
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as any;
    expect(body.status).toBe('failing');
    expect(body.failing).toEqual(['store', 'channels', 'reminders']);
    expect(body.checks.store.detail).toBe('LanceDB: dataset not found');
    expect(body.checks.channels.detail).toContain('wecom: WeCom long connection not up');
    expect(body.checks.reminders.detail).toBe('reminder scheduler stopped');

    const hanging = await serve({ store: storeCheck({ uri: 'x', probe: () => new Promise<{ items: number }>(() => undefined) }) });
    const started = Date.now();
    const slow = await fetch(`${hanging.server.url}/healthz`);
    expect(slow.status).toBe(503);
    expect(((await slow.json()) as any).checks.store.detail).toBe('no answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('is 503 while no channel has started, and when reminders could not load', async () => {
    const report = await runHealthChecks({
      channels: channelsCheck(() => []),
      reminders: schedulerCheck(() => ({ state: 'unavailable', reason: 'table missing' })),
    });
    expect(report.ok).toBe(false);
    expect(report.checks.channels!.detail).toBe('no chat channel started yet');
    expect(report.checks.reminders!.detail).toBe('reminders unavailable: table missing');
  });

  it('masks secrets that a check quotes', async () => {
    const { server } = await serve({ channels: () => ({ ok: false, detail: 'auth failed for secret-token-XYZ123' }) }, ['secret-token-XYZ123']);
    const text = await (await fetch(`${server.url}/healthz`)).text();
    expect(text).not.toContain('secret-token-XYZ123');
    expect(text).toContain('[redacted]');
  });
});

describe('/metrics', () => {
  it('serves the counters in Prometheus text format', async () => {
    const { server, metrics } = await serve({});
    metrics.messageReceived('wecom');
    metrics.messageIgnored('wecom', 'not-addressed');
    metrics.messageAnswered('wecom', 'answered', 0.12);
    metrics.userRateLimited('notified');
    metrics.retrieval('retrieve', 0.008, true);
    metrics.llmCall({ ok: true });
    metrics.llmCall({ ok: false, kind: 'timeout' });
    metrics.reminderPosted('webhook', true);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('planbot_messages_received_total{channel="wecom"} 1');
    expect(text).toContain('planbot_messages_ignored_total{channel="wecom",reason="not-addressed"} 1');
    expect(text).toContain('planbot_messages_answered_total{channel="wecom",kind="answered"} 1');
    expect(text).toContain('planbot_answer_duration_seconds_bucket{le="0.25",kind="answered"} 1');
    expect(text).toContain('planbot_answer_duration_seconds_bucket{le="0.1",kind="answered"} 0');
    expect(text).toContain('planbot_rate_limited_total{action="notified"} 1');
    expect(text).toContain('planbot_retrieval_duration_seconds_count{operation="retrieve",outcome="ok"} 1');
    expect(text).toContain('planbot_llm_calls_total{outcome="ok"} 1');
    expect(text).toContain('planbot_llm_calls_total{outcome="failed"} 1');
    expect(text).toContain('planbot_llm_failures_total{reason="timeout"} 1');
    expect(text).toContain('planbot_reminders_sent_total{via="webhook",outcome="ok"} 1');
  });

  it("keeps each bot's counts apart (no global registry)", async () => {
    const a = createPrometheusMetrics({ defaultMetrics: false });
    const b = createPrometheusMetrics({ defaultMetrics: false });
    a.messageReceived('console');
    expect((await b.render()).body).not.toContain('planbot_messages_received_total{channel="console"}');
    expect((await a.render()).body).toContain('planbot_messages_received_total{channel="console"} 1');
  });
});

describe('the endpoint itself', () => {
  it('answers 404 and 405 plainly, and HEAD without a body', async () => {
    const { server } = await serve({});
    const missing = await fetch(`${server.url}/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/healthz and /metrics');
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('names HTTP_PORT when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const metrics = createPrometheusMetrics({ defaultMetrics: false });
      const attempt = startOpsServer({ host: '127.0.0.1', port, log: silentLogger, metrics, health: () => runHealthChecks({}) });
      await expect(attempt).rejects.toThrow(OpsServerError);
      await expect(attempt).rejects.toThrow(`HTTP_PORT ${port} on HTTP_HOST 127.0.0.1 is already in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('closes promptly with a keep-alive connection open', async () => {
    const { server } = await serve({});
    await fetch(`${server.url}/metrics`, { keepalive: true });
    const started = Date.now();
    await servers.pop()!.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
  });
});
