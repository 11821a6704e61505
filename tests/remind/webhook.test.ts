import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { checkWebhookUrl, splitMessage, WecomWebhook, WebhookError } from '../../src/remind/webhook.js';
import { ManualClock } from './manual-clock.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('splitting for WeCom markdown (4096 bytes)', () => {
  it('leaves a short message alone', () => {
    expect(splitMessage('**2022-12-31**\n> 一条')).toEqual(['**2022-12-31**\n> 一条']);
  });

  it('splits at line ends, keeps every line whole and in order, numbers the parts', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `> 第${i + 1}条:完成全区公立医院巡查及整改“回头看”,责任:医管科、医政科`);
    const parts = splitMessage(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(2);
    for (const [i, p] of parts.entries()) {
      expect(bytes(p)).toBeLessThanOrEqual(4096);
      expect(p.endsWith(`\n(${i + 1}/${parts.length})`)).toBe(true);
    }
    const rejoined = parts.flatMap((p) => p.split('\n').slice(0, -1));
    expect(rejoined).toEqual(lines);
  });

  it('cuts a single over-long line between characters, never inside one', () => {
    const line = '卫'.repeat(3000) + '😀'.repeat(500);
    const parts = splitMessage(line);
    for (const p of parts) {
      expect(bytes(p)).toBeLessThanOrEqual(4096);
      expect(p).not.toContain('\ufffd');
    }
    expect(parts.map((p) => p.replace(/\n\(\d+\/\d+\)$/, '')).join('')).toBe(line);
  });
});

describe('webhook addresses', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', true],
    ['https://relay.example.org/hook', true],
    ['http://127.0.0.1:8080/hook', true],
    ['http://example.com/hook', false],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send', false],
    ['ftp://127.0.0.1/x', false],
    ['qyapi.weixin.qq.com', false],
  ])('%s → %s', (url, ok) => {
    expect(checkWebhookUrl(url).ok).toBe(ok);
  });
});

describe('posting to a local group robot', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A fake robot that answers each request with the next reply given (then "ok"), recording bodies. */
  async function robot(clock: ManualClock, replies: Array<{ status?: number; body: string }> = []) {
    const got: Array<{ content: string; at: number }> = [];
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as { msgtype: string; markdown: { content: string } };
        expect(body.msgtype).toBe('markdown');
        got.push({ content: body.markdown.content, at: clock.now() });
        const reply = replies.shift() ?? { body: '{"errcode":0,"errmsg":"ok"}' };
        res.statusCode = reply.status ?? 200;
        res.end(reply.body);
      });
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=K`;
    return { got, url };
  }

  it('sends at most 20 messages a minute, waiting for the window instead of failing', async () => {
    const t0 = Date.parse('2022-06-06T01:00:00Z');
    const clock = new ManualClock(t0);
    const { got, url } = await robot(clock);
    const hook = new WecomWebhook({ clock, log: silentLogger });
    // 998-byte lines, four to a message: 25 messages.
    const text = Array.from({ length: 100 }, () => `> ${'目'.repeat(332)}`).join('\n');
    const parts = splitMessage(text);
    expect(parts).toHaveLength(25);

    const sending = hook.post(url, text);
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    expect(got).toHaveLength(20);
    expect(clock.nextAt()).toBe(t0 + 61_000);
    await clock.advanceTo(t0 + 61_000);
    expect(await sending).toBe(parts.length);
    expect(got.map((g) => g.content)).toEqual(parts);
    expect(got.slice(0, 20).every((g) => g.at === t0)).toBe(true);
    expect(got.slice(20).every((g) => g.at === t0 + 61_000)).toBe(true);

    // The window is per robot and remembered between posts: 15 more fit in this minute, the 16th waits.
    for (let i = 0; i < 15; i++) await hook.post(url, `短消息${i}`);
    expect(got.at(-1)).toEqual({ content: '短消息14', at: t0 + 61_000 });
    const next = hook.post(url, '再来一条');
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    expect(clock.nextAt()).toBe(t0 + 122_000);
    await clock.advanceTo(t0 + 122_000);
    await next;
    expect(got.at(-1)).toEqual({ content: '再来一条', at: t0 + 122_000 });
  });

  it('waits a minute and retries once when WeCom says the rate limit was hit', async () => {
    const clock = new ManualClock(0);
    const { got, url } = await robot(clock, [{ body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }]);
    const sending = new WecomWebhook({ clock, log: silentLogger }).post(url, 'hi');
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advanceTo(60_000);
    expect(await sending).toBe(1);
    expect(got.map((g) => g.at)).toEqual([0, 60_000]);
  });

  it('reports WeCom errors and HTTP errors with how many parts got through, key masked', async () => {
    const clock = new ManualClock(0);
    const { url } = await robot(clock, [{ body: '{"errcode":0}' }, { body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }]);
    const hook = new WecomWebhook({ clock, log: silentLogger });
    const two = splitMessage('> 一条目标\n'.repeat(600));
    expect(two.length).toBeGreaterThan(1);
    const err = await hook.post(url, '> 一条目标\n'.repeat(600)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookError);
    expect((err as WebhookError).delivered).toBe(1);
    expect((err as Error).message).toMatch(/message 2 of \d+: WeCom error 93000: invalid webhook url/);
    expect((err as Error).message).toContain('key=…K');

    const { url: url2 } = await robot(clock, [{ status: 502, body: 'bad gateway' }]);
    await expect(hook.post(url2, 'x')).rejects.toThrow(/HTTP 502 bad gateway/);
  });
});

describe('secrets in webhook posts', () => {
  it('masks the configured secrets in every message, as the logs do', async () => {
    const KEY = 'sk-live-SECRETKEY-0123456789abcdef';
    const bodies: string[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      bodies.push(String(init.body));
      return new Response(JSON.stringify({ errcode: 0, errmsg: 'ok' }), { status: 200 });
    }) as unknown as typeof fetch;
    const webhook = new WecomWebhook({ clock: new ManualClock(0), log: silentLogger, fetch: fakeFetch, secrets: [KEY, undefined] });
    await webhook.post('http://127.0.0.1:9/hook?key=k', `**到期提醒**\n> 密钥 ${KEY}`);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).not.toContain(KEY);
    expect(JSON.parse(bodies[0]!).markdown.content).toBe('**到期提醒**\n> 密钥 [redacted]');
  });
});
