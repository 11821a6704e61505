import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebApp } from '../../src/web/app.js';
import { exposureProblem, webListener } from '../../src/web/server.js';
import { startOpsServer } from '../../src/ops/http-server.js';
import { createPrometheusMetrics } from '../../src/ops/prometheus.js';
import { runHealthChecks } from '../../src/ops/health.js';
import { isLoopback, parseCoordinatorTokens } from '../../src/web/security.js';
import { COORDINATOR_TOKEN, openDesk, WEB_TOKEN, type Desk } from './harness.js';

/** A tiny cookie jar: what a browser would send back. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): Response {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/max-age=0/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v ?? '');
    }
    return res;
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

describe('web view over HTTP (seeds, 127.0.0.1)', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await openDesk();
  }, 120_000);
  afterAll(async () => desk?.close());

  const get = async (jar: Jar, path: string) => jar.take(await fetch(desk.url + path, { headers: { cookie: jar.header() }, redirect: 'manual' }));
  const post = async (jar: Jar, path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
    jar.take(
      await fetch(desk.url + path, {
        method: 'POST',
        body: new URLSearchParams(form),
        headers: { cookie: jar.header(), origin: desk.url, ...headers },
        redirect: 'manual',
      }),
    );

  it('serves every page in Chinese, with no secret in any of them', async () => {
    const jar = new Jar();
    for (const [path, words] of [
      ['/docs', ['已收录的文件', '龙岗区2022年度卫生健康工作要点', '未列责任单位']],
      ['/docs/longgang-2022', ['longgang-2022%2330', '责任单位']],
      [`/item/${encodeURIComponent('longgang-2022#30')}`, ['宫颈癌免费筛查不低于5万人', '责任单位:妇社科', 'longgang-2022-health-work-plan.txt']],
      ['/units?q=医政', ['医政科']],
      ['/due', ['未来 90 天', '<svg']],
      ['/targets', ['协调员口令', '文件目标']],
      ['/ask', ['提问']],
    ] as const) {
      const res = await get(jar, path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body).toContain('lang="zh-CN"');
      for (const w of words) expect(body, `${path} shows ${w}`).toContain(w);
      expect(body).not.toContain(COORDINATOR_TOKEN);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    }
  });

  it('the 到期 page filters by unit and plan, and replays a date', async () => {
    const jar = new Jar();
    const all = await (await get(jar, '/due')).text();
    const unit = await (await get(jar, `/due?unit=${encodeURIComponent('医政')}&plan=longgang-2022`)).text();
    const rows = (s: string) => (s.match(/<tr data-status=/g) ?? []).length;
    expect(rows(unit)).toBeGreaterThan(0);
    expect(rows(unit)).toBeLessThan(rows(all));
    expect(unit).not.toContain('学史力行办实事');
    const past = await (await get(jar, '/due?today=2026-06-01')).text();
    expect(past).toContain('已收录的计划都是往年的');
    expect(past).toContain('/due?today=2022-12-01');
  });

  it('refuses a change without a coordinator sign-in, a CSRF token or the same origin; audits a signed-in one', async () => {
    const jar = new Jar();
    await get(jar, '/targets');
    const csrf = jar.get('planbot_csrf')!;
    expect(csrf).toBeTruthy();
    const id = (await desk.reminders.book.all()).find((t) => t.itemId === 'longgang-2022#30')!.id;

    const anonymous = await post(jar, '/targets/done', { _csrf: csrf, id });
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('需要协调员口令');
    expect((await post(jar, '/coordinator/login', { _csrf: csrf, token: 'wrong-token-123456' })).status).toBe(403);
    expect(await desk.reminders.tables.doneIds()).toEqual(new Set());

    const login = await post(jar, '/coordinator/login', { _csrf: csrf, token: COORDINATOR_TOKEN });
    expect(login.status).toBe(303);
    expect(jar.get('planbot_coordinator')).not.toContain(COORDINATOR_TOKEN);
    expect((await post(jar, '/targets/done', { id })).status).toBe(403);
    expect((await post(jar, '/targets/done', { _csrf: 'forged', id })).status).toBe(403);
    expect((await post(jar, '/targets/done', { _csrf: csrf, id }, { origin: 'http://evil.example' })).status).toBe(403);
    expect(await desk.reminders.tables.doneIds()).toEqual(new Set());

    const done = await post(jar, '/targets/done', { _csrf: csrf, id });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`已标记完成:${id}`);
    expect(await desk.reminders.tables.doneIds()).toEqual(new Set([id]));
    const audit = desk.log.lines().find((l) => l.msg === 'target marked done');
    expect(audit).toMatchObject({ target: id, by: 'web:张主任', via: 'web' });
    expect(desk.log.lines().filter((l) => l.msg === 'web change refused: no coordinator signed in')).toHaveLength(1);

    const added = await post(jar, '/targets/add', { _csrf: csrf, deadline: '2022-12-15', text: '全区新增AED 300台', units: '医政科' });
    expect(await added.text()).toContain('已添加目标 c1');
    expect(desk.log.lines().find((l) => l.msg === 'coordinator target added')).toMatchObject({ by: 'web:张主任', via: 'web' });
    expect(await (await post(jar, '/targets/undo', { _csrf: csrf, id })).text()).toContain(`已撤销 ${id} 的完成标记`);
    expect(desk.log.text()).not.toContain(COORDINATOR_TOKEN);
  });

  it('is served beside /healthz and /metrics by the ops server, as planbot start runs it', async () => {
    const ops = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      log: desk.deps.log,
      metrics: createPrometheusMetrics({ defaultMetrics: false }),
      health: () => runHealthChecks({}),
      app: webListener(desk.deps),
    });
    try {
      expect(((await (await fetch(`${ops.url}/healthz`)).json()) as { status: string }).status).toBe('ok');
      expect((await fetch(`${ops.url}/metrics`)).headers.get('content-type')).toContain('text/plain');
      const docs = await fetch(`${ops.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('已收录的文件');
    } finally {
      await ops.close();
    }
  });

  it('asks the same answerer as the chat and shows its confidence', async () => {
    const body = await (await get(new Jar(), `/ask?q=${encodeURIComponent('宫颈癌免费筛查的目标由哪些单位负责?')}`)).text();
    expect(body).toMatch(/data-confidence="(confident|tentative)"/);
    expect(body).toContain('妇社科');
    expect(body).toContain(`/item/${encodeURIComponent('longgang-2022#30')}`);
  });

  // Last in this block: it pauses sign-ins for the rest of the (fixed) clock's time.
  it('pauses sign-ins after ten wrong tokens, even for the right one', async () => {
    const jar = new Jar();
    await get(jar, '/targets');
    const csrf = jar.get('planbot_csrf')!;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post(jar, '/coordinator/login', { _csrf: csrf, token: `wrong-token-${i}-abcdef` })).status);
    expect(statuses.every((s) => s === 403 || s === 429)).toBe(true);
    const right = await post(jar, '/coordinator/login', { _csrf: csrf, token: COORDINATOR_TOKEN });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('口令错误次数过多');
  });
});

describe('exposure', () => {
  it('loopback needs no token; any other address needs WEB_TOKEN', () => {
    for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.5', '::', 'example.org']) expect(isLoopback(h), h).toBe(false);
    expect(exposureProblem({ HTTP_HOST: '0.0.0.0', WEB_TOKEN: undefined })).toMatch(/set WEB_TOKEN/);
    expect(exposureProblem({ HTTP_HOST: '0.0.0.0', WEB_TOKEN: WEB_TOKEN })).toBeUndefined();
  });

  it('short coordinator tokens are refused, names kept', () => {
    const { tokens, problems } = parseCoordinatorTokens([`张主任=${COORDINATOR_TOKEN}`, 'short', COORDINATOR_TOKEN + 'x']);
    expect(tokens.map((t) => t.name)).toEqual(['张主任', '协调员3']);
    expect(problems).toEqual([expect.stringMatching(/entry 2 .*shorter than 12/)]);
  });

  it('off loopback: 403 without WEB_TOKEN; with it, a token once, then a cookie', async () => {
    const silent = (await import('../../src/log/index.js')).silentLogger;
    const base = {
      store: { documents: async () => [], items: async () => [], item: async () => null },
      unit: async () => ({ unit: '', matched: [], items: [], suggestions: [] }),
      ask: async () => {
        throw new Error('not asked');
      },
      log: silent,
      now: () => 0,
    };
    const open = createWebApp({
      ...base,
      config: { HTTP_HOST: '0.0.0.0', WEB_TOKEN: undefined, COORDINATOR_TOKENS: [], TZ: 'Asia/Shanghai', BOT_NAME: '小助手' },
    });
    expect((await open.request('/docs')).status).toBe(403);
    const guarded = createWebApp({ ...base, config: { HTTP_HOST: '0.0.0.0', WEB_TOKEN, COORDINATOR_TOKENS: [], TZ: 'Asia/Shanghai', BOT_NAME: '小助手' } });
    const denied = await guarded.request('/docs');
    expect(denied.status).toBe(401);
    expect(await denied.text()).not.toContain(WEB_TOKEN);
    expect((await guarded.request('/docs?token=wrong')).status).toBe(401);
    const admitted = await guarded.request(`/docs?token=${WEB_TOKEN}`);
    expect(admitted.status).toBe(303);
    expect(admitted.headers.get('location')).toBe('/docs');
    const cookie = admitted.headers.getSetCookie().find((c) => c.startsWith('planbot_access='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toContain(WEB_TOKEN);
    const page = await guarded.request('/docs', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
  });
});
