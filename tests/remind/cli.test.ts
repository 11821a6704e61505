import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemindTables } from '../../src/remind/tables.js';
import { planbot } from '../helpers/cli.js';
import { SEEDS_DIR, seedFile } from '../helpers/seeds.js';
import { PHRASE_PLAN, tempDb } from './fixtures.js';

/** `planbot remind …` in a child process, as a script would run it. */
const remind = (args: string[], env: Record<string, string> = {}) => planbot(['remind', ...args], env);

describe('planbot remind', () => {
  let t: Awaited<ReturnType<typeof tempDb>>;
  let seeds: string;
  let dbDir: string;

  beforeAll(async () => {
    t = await tempDb();
    seeds = join(t.dir, 'seeds');
    mkdirSync(seeds);
    for (const prefix of ['longgang', 'shenzhen', 'dongguan']) copyFileSync(join(SEEDS_DIR, seedFile(prefix)), join(seeds, seedFile(prefix)));
    writeFileSync(join(seeds, 'mouxian-2022.txt'), PHRASE_PLAN);
    dbDir = join(t.dir, 'db');
    const tables = await RemindTables.open(await lancedb.connect(dbDir));
    await tables.addCoordinatorTarget({
      text: '全区新增AED 300台',
      deadline: '2022-12-15',
      units: ['医政科'],
      addedBy: 'wxid_lead',
      addedByName: '王协调',
      addedAt: '2022-11-01T02:00:00.000Z',
      roomId: 'room-1',
    });
  });
  afterAll(() => t.cleanup());

  it('--today 2022-12-01 --within 31 --json follows the contract', async () => {
    const { code, stdout } = await remind(['--today', '2022-12-01', '--within', '31', '--json', '--seeds', seeds, '--db', dbDir]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { today: string; until: string; targets: Array<Record<string, unknown>> };
    expect(Object.keys(out)).toEqual(['today', 'until', 'targets']);
    expect(out.today).toBe('2022-12-01');
    expect(out.until).toBe('2023-01-01');
    for (const target of out.targets) {
      expect(Object.keys(target)).toEqual(['id', 'itemId', 'cite', 'text', 'deadline', 'deadlineText', 'units', 'source']);
    }
    expect(out.targets[0]).toEqual({
      id: 'c1',
      itemId: null,
      cite: null,
      text: '全区新增AED 300台',
      deadline: '2022-12-15',
      deadlineText: null,
      units: ['医政科'],
      source: 'coordinator',
    });
    const plan = out.targets.filter((x) => x.source === 'plan');
    expect(plan.length).toBeGreaterThan(60);
    expect(plan.every((x) => x.deadline === '2022-12-31')).toBe(true);
    expect(new Set(plan.map((x) => String(x.itemId).split('#')[0]))).toEqual(new Set(['longgang-2022', 'shenzhen-2022', 'moumou-2022']));
    expect(plan).toContainEqual(
      expect.objectContaining({ itemId: 'longgang-2022#15', deadlineText: '年底前', cite: '《龙岗区2022年度卫生健康工作要点》第15条' }),
    );
  });

  it('lists earlier explicit deadlines first and filters by unit', async () => {
    const { code, stdout } = await remind(['--today', '2022-06-01', '--within', '214', '--unit', '医政', '--json', '--seeds', seeds, '--db', dbDir]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { targets: Array<{ deadline: string; units: string[]; itemId: string | null }> };
    expect(out.targets.map((x) => x.deadline)).toEqual([...out.targets.map((x) => x.deadline)].sort());
    expect(out.targets[0]).toMatchObject({ itemId: 'moumou-2022#4', deadline: '2022-09-30' });
    expect(out.targets.every((x) => x.units.includes('医政科'))).toBe(true);
    expect(out.targets.some((x) => x.itemId === null)).toBe(true);
  });

  it("prints a readable list without --json, building the store where there is none but not the reminders' tables", async () => {
    const fresh = join(t.dir, 'fresh-db');
    const { code, stdout } = await remind(['--today', '2022-06-01', '--within', '30', '--seeds', seeds, '--db', fresh]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2 targets due 2022-06-01 … 2022-07-01:\n【2022-06-30 周四 · 还有 29 天】\n· 《某某县2022年卫生健康工作要点》第2条/);
    const names = await (await lancedb.connect(fresh)).tableNames();
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => n.startsWith('remind_'))).toEqual([]);
  });

  // Each case is a separate process: run them side by side.
  it.concurrent.each([
    [['--today', '2022-13-01'], /--today: expected a date as YYYY-MM-DD, got "2022-13-01"/],
    [['--within', 'soon'], /--within: expected a whole number from 0 to 3660, got "soon"/],
    [['--unit', '外星科'], /--unit: no responsible unit matches "外星科"; units with targets: .*医政科/],
    [['extra'], /unexpected argument "extra"/],
  ])('%j is a usage error (exit 2) naming the option', async (args, message) => {
    const { code, stdout, stderr } = await remind([...args, '--json', '--seeds', seeds, '--db', dbDir]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
