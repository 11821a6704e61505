import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { createHash } from 'node:crypto';
import { dateInZone, isIsoDate } from '../remind/calendar.js';
import { current } from '../remind/due.js';
import { splitByPolicy } from '../remind/policy.js';
import type { Actor } from '../remind/target-command.js';
import type { WebDeps } from './deps.js';
import { page, type Html } from './layout.js';
import { askPage } from './pages/ask.js';
import { docItemsPage, docsPage } from './pages/docs.js';
import { duePage } from './pages/due.js';
import { itemPage } from './pages/item.js';
import { targetsPage, type TargetsView } from './pages/targets.js';
import { unitsPage } from './pages/units.js';
import { coordinatorFor, isLoopback, parseCoordinatorTokens, randomId, sameSecret, Sessions } from './security.js';
import { buildTimeline, planOf } from './timeline.js';

const ACCESS_COOKIE = 'planbot_access';
const CSRF_COOKIE = 'planbot_csrf';
const SESSION_COOKIE = 'planbot_coordinator';
const MAX_QUESTION_CHARS = 500;
/** Wrong coordinator tokens tolerated per window before sign-ins pause: guessing must stay slow. */
const MAX_FAILED_LOGINS = 10;
const FAILED_LOGIN_WINDOW_MS = 10 * 60_000;

const cookieOptions = { httpOnly: true, sameSite: 'Strict', path: '/' } as const;

type Env = { Variables: { csrf: string } };

function accessValue(token: string): string {
  // The cookie proves the token was typed without holding the token itself.
  return createHash('sha256').update(`planbot-web\n${token}`).digest('base64url');
}

function message(c: Context<Env>, status: 401 | 403 | 404 | 400, title: string, body: Html) {
  return c.html(
    page({
      title,
      body: html`<h1>${title}</h1>
        <div class="card">${body}</div>`,
    }),
    status,
  );
}

/**
 * The coordinators' desk: server-rendered pages over the same core as the chat. Reading needs nothing on
 * loopback and WEB_TOKEN elsewhere; changing needs a coordinator's sign-in, a same-origin request and the
 * form's CSRF token, and is logged by the reminders exactly as a chat change is.
 */
export function createWebApp(deps: WebDeps): Hono<Env> {
  const { config, log: parentLog } = deps;
  const log = parentLog.child({ module: 'web' });
  const app = new Hono<Env>();
  const sessions = new Sessions(deps.now);
  const { tokens, problems } = parseCoordinatorTokens(config.COORDINATOR_TOKENS);
  for (const p of problems) log.warn(p);
  const secrets = [...(deps.secrets ?? []), config.WEB_TOKEN, ...tokens.map((t) => t.token)].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const mask = (text: string) => secrets.reduce((out, s) => out.split(s).join('[redacted]'), text);
  const open = isLoopback(config.HTTP_HOST);

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
    }),
  );

  // No page may carry a secret, whatever an answer or an error quotes.
  app.use('*', async (c, next) => {
    await next();
    if (secrets.length && c.res.headers.get('content-type')?.startsWith('text/html')) {
      const body = await c.res.text();
      c.res = new Response(mask(body), { status: c.res.status, headers: c.res.headers });
    }
    c.header('cache-control', 'no-store');
  });

  app.use('*', async (c, next) => {
    if (!open && !config.WEB_TOKEN) {
      return message(c, 403, '网页视图未开放', html`HTTP_HOST=${config.HTTP_HOST} 不是本机回环地址:请设置 WEB_TOKEN 后重启,或把 HTTP_HOST 设为 127.0.0.1。`);
    }
    if (config.WEB_TOKEN) {
      const expected = accessValue(config.WEB_TOKEN);
      const typed = c.req.query('token');
      if (typed !== undefined && sameSecret(typed, config.WEB_TOKEN)) {
        setCookie(c, ACCESS_COOKIE, expected, { ...cookieOptions, maxAge: 30 * 86400 });
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const cookie = getCookie(c, ACCESS_COOKIE);
      if (!cookie || !sameSecret(cookie, expected)) {
        if (typed !== undefined) log.warn({ path: c.req.path }, 'web view: wrong access token');
        return message(
          c,
          401,
          '请输入访问口令',
          html`<form method="get"><input type="password" name="token" aria-label="访问口令" autocomplete="current-password" /> <button>进入</button></form>
            <p class="muted">口令即配置中的 WEB_TOKEN。</p>`,
        );
      }
    }
    await next();
  });

  // Same-origin check on every change (Origin / Sec-Fetch-Site), then the double-submit token below.
  app.use('*', csrf());
  app.use('*', async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token) {
      token = randomId();
      setCookie(c, CSRF_COOKIE, token, cookieOptions);
    }
    c.set('csrf', token);
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const sent = typeof form._csrf === 'string' ? form._csrf : '';
      if (!getCookie(c, CSRF_COOKIE) || !sameSecret(sent, token)) {
        log.warn({ path: c.req.path }, 'web change refused: bad CSRF token');
        return message(c, 403, '请求已过期', html`请回到<a href="/targets">目标页</a>刷新后再试。`);
      }
    }
    await next();
  });

  const csrfOf = (c: Context<Env>) => c.get('csrf');
  const todayOf = (c: Context<Env>, given?: string) => {
    const q = given ?? c.req.query('today') ?? '';
    return isIsoDate(q) ? { today: q, replay: true } : { today: dateInZone(deps.now(), config.TZ), replay: false };
  };
  const coordinatorOf = (c: Context<Env>) => sessions.who(getCookie(c, SESSION_COOKIE));

  app.get('/', (c) => c.redirect('/docs'));

  app.get('/docs', async (c) => c.html(docsPage(await deps.store.documents(), await deps.store.items())));

  app.get('/docs/:id', async (c) => {
    const d = (await deps.store.documents()).find((x) => x.id === c.req.param('id'));
    if (!d) return message(c, 404, '没有这份文件', html`<a href="/docs">查看已收录的文件</a>`);
    return c.html(docItemsPage(d, await deps.store.items()));
  });

  app.get('/item/:id', async (c) => {
    const item = await deps.store.item(c.req.param('id'));
    if (!item) return message(c, 404, '没有这一条', html`<a href="/docs">查看已收录的文件</a>`);
    const doc = (await deps.store.documents()).find((d) => d.id === item.doc);
    const done = deps.reminders ? await deps.reminders.tables.doneIds() : new Set<string>();
    return c.html(itemPage(item, doc, done));
  });

  app.get('/units', async (c) => {
    const q = (c.req.query('q') ?? '').normalize('NFKC').trim().slice(0, 50);
    const units = [...new Set((await deps.store.items()).flatMap((i) => i.units))].sort((a, b) => a.localeCompare(b, 'zh'));
    return c.html(unitsPage(q, q ? await deps.unit(q) : undefined, units));
  });

  app.get('/due', async (c) => {
    if (!deps.reminders) return message(c, 404, '提醒不可用', html`提醒的数据表没有打开,见日志。`);
    const { today, replay } = todayOf(c);
    const unit = (c.req.query('unit') ?? '').normalize('NFKC').trim().slice(0, 50);
    const plan = c.req.query('plan') ?? '';
    const { book } = deps.reminders;
    const { targets, done, filter } = await book.everything({ unit: unit || undefined });
    const timeline = buildTimeline(targets, done, { today, units: filter.ok ? filter.units : [], plan: plan || undefined, policy: book.policy });
    const unitProblem = filter.ok ? undefined : `没有找到单位“${unit}”。`;
    const units = [...new Set(targets.flatMap((t) => t.units))].sort((a, b) => a.localeCompare(b, 'zh'));
    return c.html(duePage(timeline, { today, replay, unit, plan, unitProblem }, await deps.store.documents(), units));
  });

  async function targetsView(c: Context<Env>, flash?: TargetsView['flash'], form?: Record<string, unknown>): Promise<TargetsView> {
    const r = deps.reminders!;
    const { today, replay } = todayOf(c, typeof form?.today === 'string' && form.today ? form.today : undefined);
    const plan = (typeof form?.plan === 'string' ? form.plan : c.req.query('plan')) ?? '';
    const [all, mine, marks, documents] = await Promise.all([r.book.all(), r.tables.coordinatorTargets(), r.tables.doneMarks(), deps.store.documents()]);
    const split = splitByPolicy(all, today, r.book.policy);
    const plans = current(split.active, today)
      .filter((t) => t.source === 'plan' && (!plan || planOf(t) === plan))
      .sort((a, b) => a.deadline.localeCompare(b.deadline));
    return {
      today,
      replay,
      plan,
      coordinator: coordinatorOf(c),
      csrf: csrfOf(c),
      mine,
      plans,
      done: new Map(marks.map((m) => [m.targetId, m])),
      documents,
      archivedYears: split.archivedYears,
      flash,
    };
  }

  app.get('/targets', async (c) => {
    if (!deps.reminders) return message(c, 404, '提醒不可用', html`提醒的数据表没有打开,见日志。`);
    return c.html(targetsPage(await targetsView(c)));
  });

  let failedLogins: number[] = [];
  app.post('/coordinator/login', async (c) => {
    const form = await c.req.parseBody();
    failedLogins = failedLogins.filter((t) => t > deps.now() - FAILED_LOGIN_WINDOW_MS);
    if (failedLogins.length >= MAX_FAILED_LOGINS) {
      log.warn({ action: 'login' }, 'web change refused: too many wrong coordinator tokens, sign-in paused');
      return c.html(targetsPage(await targetsView(c, { text: '口令错误次数过多,请 10 分钟后再试。', refused: true })), 429);
    }
    const who = coordinatorFor(tokens, typeof form.token === 'string' ? form.token : '');
    if (!who) {
      failedLogins.push(deps.now());
      log.warn({ action: 'login' }, 'web change refused: wrong coordinator token');
      const text = tokens.length ? '协调员口令不对。' : '本机器人没有配置协调员口令(COORDINATOR_TOKENS),网页里不能修改目标。';
      return c.html(targetsPage(await targetsView(c, { text, refused: true })), 403);
    }
    setCookie(c, SESSION_COOKIE, sessions.open(who.name), { ...cookieOptions, maxAge: 8 * 3600 });
    log.info({ by: who.name }, 'coordinator signed in to the web view');
    return c.redirect('/targets', 303);
  });

  app.post('/coordinator/logout', (c) => {
    sessions.close(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/targets', 303);
  });

  async function change(c: Context<Env>, run: (actor: Actor, form: Record<string, unknown>) => Promise<string>, action: string) {
    if (!deps.reminders) return message(c, 404, '提醒不可用', html`提醒的数据表没有打开,见日志。`);
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const name = coordinatorOf(c);
    if (!name) {
      log.warn({ action, target: form.id }, 'web change refused: no coordinator signed in');
      return c.html(targetsPage(await targetsView(c, { text: '需要协调员口令:请先在本页登录,再标记完成或添加目标。', refused: true }, form)), 403);
    }
    const text = await run({ userId: `web:${name}`, userName: name, via: 'web' }, form);
    return c.html(targetsPage(await targetsView(c, { text, refused: false }, form)));
  }

  const idOf = (form: Record<string, unknown>) => (typeof form.id === 'string' ? form.id : '');
  app.post('/targets/done', (c) => change(c, (actor, form) => deps.reminders!.actions.done(idOf(form), actor), 'done'));
  app.post('/targets/undo', (c) => change(c, (actor, form) => deps.reminders!.actions.undo(idOf(form), actor), 'undo'));
  app.post('/targets/add', (c) =>
    change(
      c,
      (actor, form) => {
        const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).replace(/\s+/g, ' ').trim() : '');
        const units = str('units');
        return deps.reminders!.actions.add(`${str('deadline')} ${str('text')}${units ? ` 负责:${units}` : ''}`, actor);
      },
      'add',
    ),
  );

  app.get('/ask', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, MAX_QUESTION_CHARS);
    const result = q ? await deps.ask(q) : undefined;
    if (result) log.info({ question: q, confidence: result.confidence, cited: result.shownIds }, 'web question answered');
    return c.html(askPage(q, result, mask));
  });

  app.notFound((c) => message(c, 404, '没有这个页面', html`<a href="/docs">回到首页</a>`));
  app.onError((err, c) => {
    // The CSRF middleware refuses a cross-site change by throwing a 403.
    if (err instanceof HTTPException && err.status === 403) {
      log.warn({ path: c.req.path }, 'web change refused: not from this site');
      return message(c, 403, '请求被拒绝', html`修改只能在本网站的页面里提交。`);
    }
    log.error({ err, path: c.req.path }, 'web page failed');
    return c.html(
      page({
        title: '出错了',
        body: html`<h1>出错了</h1>
          <div class="card">页面生成失败,详情见日志。</div>`,
      }),
      500,
    );
  });
  return app;
}
