import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COORDINATOR_TOKEN, openDesk, type Desk } from './harness.js';

/**
 * The web view in a real browser: Debian's Chromium, driven headless by playwright-core (no browser download).
 * Where Chromium is missing the tests skip and say why, unless CI=true or PLANBOT_REQUIRE_BROWSER=1 demands them.
 */
const CHROMIUM = process.env.PLANBOT_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.CI === 'true' || process.env.PLANBOT_REQUIRE_BROWSER === '1';
const present = existsSync(CHROMIUM);
if (!present) {
  const why = `browser tests: ${CHROMIUM} not found (apt-get install chromium)`;
  if (required) throw new Error(`${why}; required because ${process.env.CI === 'true' ? 'CI=true' : 'PLANBOT_REQUIRE_BROWSER=1'}`);
  console.log(`${why}: skipped`);
}

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

type Browser = import('playwright-core').Browser;
type Page = import('playwright-core').Page;

describe.skipIf(!present)('web view in Chromium (headless, 127.0.0.1)', () => {
  let desk: Desk;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    desk = await openDesk();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    // A phone's width: the coordinators' first screen.
    page = await browser.newPage({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  it('opens every page from the navigation', async () => {
    await page.goto(`${desk.url}/`);
    expect(await page.locator('h1').textContent()).toBe('已收录的文件');
    for (const [nav, heading] of [
      ['单位', '单位'],
      ['到期', '到期'],
      ['目标', '目标'],
      ['问答', '问答'],
      ['文件', '已收录的文件'],
    ] as const) {
      await page.locator('header a', { hasText: nav }).click();
      expect(await page.locator('h1').textContent()).toContain(heading);
    }
    await page.locator('a', { hasText: '龙岗区2022年度卫生健康工作要点' }).first().click();
    expect(await page.locator('h1').textContent()).toContain('龙岗区2022年度卫生健康工作要点');
    await page.locator(`a[href="/item/${encodeURIComponent('longgang-2022#30')}"]`).click();
    expect(await page.locator('h1').textContent()).toBe('《龙岗区2022年度卫生健康工作要点》第30条');
    expect(await page.locator('main').textContent()).toContain('责任单位:妇社科、区妇幼保健院、区属各医院');
    await page.screenshot({ path: join(ARTIFACTS, 'item.png'), fullPage: true });
  });

  it('searches a unit: 医政 finds 医政科 and its items', async () => {
    await page.goto(`${desk.url}/units`);
    await page.getByLabel('单位').fill('医政');
    await page.getByRole('button', { name: '查找' }).click();
    expect(page.url()).toContain('/units?q=');
    expect(await page.locator('main .tag.lead').first().textContent()).toBe('医政科');
    expect(await page.locator('main table a').count()).toBeGreaterThan(3);
  });

  it('filters the timeline by plan and unit', async () => {
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${desk.url}/due`);
    const all = await page.locator('tr[data-status]').count();
    expect(all).toBeGreaterThan(10);
    expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
    await page.getByLabel('文件').selectOption('longgang-2022');
    await page.getByLabel('单位').fill('医政');
    await page.getByRole('button', { name: '筛选' }).click();
    expect(page.url()).toContain('plan=longgang-2022');
    const filtered = await page.locator('tr[data-status]').count();
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    for (const text of await page.locator('tr[data-status]').allTextContents()) expect(text).toContain('龙岗区');
    await page.setViewportSize({ width: 412, height: 915 });
  });

  it('marks a target done: refused without a coordinator token, done with one', async () => {
    await page.goto(`${desk.url}/targets?plan=longgang-2022`);
    const first = page.locator('button[data-target]').first();
    const id = (await first.getAttribute('data-target'))!;
    await first.click();
    expect(await page.locator('.flash.refused').textContent()).toContain('需要协调员口令');
    expect(await desk.reminders.tables.doneIds()).toEqual(new Set());

    await page.getByLabel('协调员口令').fill(COORDINATOR_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.locator('main').textContent()).toContain('协调员:张主任');
    await page.goto(`${desk.url}/targets?plan=longgang-2022`);
    await page.locator(`button[data-target="${id}"]`).click();
    expect(await page.locator('.flash').first().textContent()).toContain(`已标记完成:${id}`);
    expect(await desk.reminders.tables.doneIds()).toEqual(new Set([id]));
    expect(desk.log.lines().find((l) => l.msg === 'target marked done')).toMatchObject({ target: id, by: 'web:张主任', via: 'web' });
    expect(await page.content()).not.toContain(COORDINATOR_TOKEN);
  });

  it('a coordinator adds targets; the 到期 page shows them by week and status', async () => {
    for (const [deadline, text, units] of [
      ['2022-11-10', '完成第三季度质控数据上报', '医管科'],
      ['2022-11-25', '全区新增AED 300台', '医政科、急救中心'],
      ['2022-12-08', '完成家庭医生签约服务评估', '基层科'],
    ] as const) {
      await page.goto(`${desk.url}/targets`);
      await page.getByLabel('期限').fill(deadline);
      await page.getByLabel('内容').fill(text);
      await page.getByLabel('责任单位').fill(units);
      await page.getByRole('button', { name: '添加' }).click();
      expect(await page.locator('.flash').first().textContent()).toMatch(/^已添加目标 c\d+:/);
    }
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${desk.url}/due`);
    expect(await page.locator('tr[data-status="overdue"]').count()).toBe(1);
    expect(await page.locator('tr[data-status="done"]').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('全区新增AED 300台');
    await page.screenshot({ path: join(ARTIFACTS, 'due.png'), fullPage: false });
    await page.setViewportSize({ width: 412, height: 915 });
  });

  it('asks a question and shows the answer with its confidence and citations', async () => {
    await page.goto(`${desk.url}/ask`);
    await page.getByLabel('问题').fill('宫颈癌免费筛查的目标由哪些单位负责?');
    await page.getByRole('button', { name: '提问' }).click();
    expect(await page.locator('[data-confidence]').textContent()).toMatch(/高|中/);
    expect(await page.locator('.answer').textContent()).toContain('妇社科');
    expect(await page.locator('main a[href^="/item/"]').count()).toBeGreaterThan(0);
  });
});
