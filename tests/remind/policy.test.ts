import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { createReminders, type Reminders } from '../../src/remind/index.js';
import { formatTargets } from '../../src/remind/format.js';
import { isActive, onlyPastPlansLine, replayDate, splitByPolicy } from '../../src/remind/policy.js';
import type { RemindTarget } from '../../src/remind/targets.js';
import { ManualClock } from './manual-clock.js';
import { coordinator, member, phrasePlanItems, remindConfig, remindTarget, seedItems, shanghai, tempDb } from './fixtures.js';

const policy = { overdueDays: 30 };

const target = remindTarget;

describe('the reminder policy (pure, fixed dates)', () => {
  it('keeps plans of this year or later, archives earlier ones', () => {
    expect(isActive(target({ planYear: 2026 }), '2026-06-01', policy)).toBe(true);
    expect(isActive(target({ planYear: 2027, deadline: '2027-12-31' }), '2026-06-01', policy)).toBe(true);
    expect(isActive(target({ planYear: 2022, deadline: '2022-12-31' }), '2026-06-01', policy)).toBe(false);
    expect(isActive(target({ source: 'coordinator', planYear: undefined, deadline: '2020-01-01' }), '2026-06-01', policy)).toBe(true);
  });

  it("a year-end target of last year's plan is still news for OVERDUE_DAYS, then archived", () => {
    const t = target({ planYear: 2025, deadline: '2025-12-31' });
    expect(isActive(t, '2026-01-30', policy)).toBe(true);
    expect(isActive(t, '2026-01-31', policy)).toBe(false);
    expect(isActive(t, '2026-01-05', { overdueDays: 0 })).toBe(false);
  });

  it('a recurring target of an archived plan stays archived (its plan is over)', () => {
    expect(isActive(target({ planYear: 2022, deadline: '2022-03-31', repeat: 'year' }), '2026-06-01', policy)).toBe(false);
  });

  it('splits and names the archived years', () => {
    const split = splitByPolicy([target({ planYear: 2022 }), target({ planYear: 2018 }), target({ planYear: 2026 })], '2026-06-01', policy);
    expect(split.active.length).toBe(1);
    expect(split.archivedYears).toEqual([2018, 2022]);
    expect(onlyPastPlansLine([2018, 2022])).toBe(
      '已收录的计划都是往年的(2018–2022年),不再提醒;回看某年:/remind 2022,或命令行 planbot remind --today 2022-12-01。',
    );
  });

  it('replays a past year on 1 December, the current year on today', () => {
    expect(replayDate(2022, '2026-06-01')).toBe('2022-12-01');
    expect(replayDate(2026, '2026-06-01')).toBe('2026-06-01');
  });

  it('a listing is cut to a character budget, the first target always shown, the rest counted', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      target({
        id: `p${String(i).padStart(8, '0')}`,
        text: `建成第${i}个标准化村卫生室并通过验收`,
        deadline: `2026-07-${String((i % 28) + 1).padStart(2, '0')}`,
      }),
    );
    const text = formatTargets(many, { style: 'text', today: '2026-06-01', maxChars: 600, moreHint: '全部见网页。' });
    expect(text.length).toBeLessThanOrEqual(600 + 40);
    const shown = text.match(/编号 p\d{8}/g)!.length;
    expect(text).toContain(`……另有 ${50 - shown} 项未列出。全部见网页。`);
    expect(formatTargets(many.slice(0, 1), { style: 'text', today: '2026-06-01', maxChars: 10 })).toContain('编号 p00000000');
  });
});

describe('/remind with the shipped plans on a later date', () => {
  let r: Reminders;
  let cleanup: () => void;
  const clock = new ManualClock(shanghai('2026-11-30T10:00:00'));

  beforeAll(async () => {
    const t = await tempDb();
    cleanup = t.cleanup;
    const items = [...(await seedItems()), ...phrasePlanItems()];
    r = await createReminders({
      config: { ...remindConfig, MAX_MESSAGE_CHARS: 2000 },
      log: silentLogger,
      store: { items: async () => items, db: t.db },
      clock,
      webUrl: 'http://127.0.0.1:8787',
    });
  });
  afterAll(() => cleanup());
  const remind = (args: string) => r.commands[0]!.run(args, member);

  it('says in one line that only past plans are loaded, and how to replay one', async () => {
    const reply = await remind('');
    expect(reply.split('\n')).toHaveLength(1);
    expect(reply).toMatch(/^已收录的计划都是往年的\(2018–2022年\),不再提醒;回看某年:\/remind 2022,或命令行 planbot remind --today 2022-12-01。$/);
    expect(await remind('逾期')).toBe(reply);
  });

  it('/remind 2022 replays the 2022 plans on 2022-12-01, in one message with a link to the rest', async () => {
    const reply = await remind('2022');
    expect(reply).toMatch(/^未来 30 天内\(2022-12-01 至 2022-12-31\)到期的目标 \d+ 项\(回看:按 2022-12-01 计\):/);
    expect(reply.length).toBeLessThanOrEqual(1800);
    expect(reply).toContain('全部见 http://127.0.0.1:8787/due?today=2022-12-01');
    expect(await remind('2022-06-01 基层')).toMatch(/^未来 30 天内\(2022-06-01 至 2022-07-01\)到期的目标 1 项\(基层科\)\(回看:按 2022-06-01 计\)/);
  });

  it('/remind 逾期 on a replayed date lists at most OVERDUE_DAYS late, in one message, and counts the older ones', async () => {
    const reply = await remind('逾期 2023-01-10');
    expect(reply).toMatch(/^逾期 30 天内、未标记完成的目标 \d+ 项\(今天 2023-01-10,回看\):/);
    expect(reply).toContain('已逾期 10 天');
    expect(reply).not.toMatch(/已逾期 (?:[4-9]\d|\d{3,}) 天/);
    expect(reply.length).toBeLessThanOrEqual(1800);
    expect(reply).toContain('全部见 http://127.0.0.1:8787/due?today=2023-01-10');
  });

  it("a coordinator's own target is reminded whatever the plans' years", async () => {
    await r.commands[1]!.run('add 2026-12-15 全区新增AED 300台 负责:医政科', coordinator);
    const reply = await remind('');
    expect(reply).toMatch(/^未来 30 天内\(2026-11-30 至 2026-12-30\)到期的目标 1 项:/);
    expect(reply).toContain('协调员目标');
    expect(reply.split('\n').at(-1)).toMatch(/^已收录的计划都是往年的/);
  });
});

describe('a digest with only past plans loaded', () => {
  it('says why nothing is due and how to replay a year', async () => {
    const { buildDigest } = await import('../../src/remind/digest.js');
    const t = await tempDb();
    try {
      const items = await seedItems();
      const r = await createReminders({
        config: remindConfig,
        log: silentLogger,
        store: { items: async () => items, db: t.db },
        clock: new ManualClock(shanghai('2026-11-30T09:00:00')),
      });
      const sub = { unit: null, withinDays: 30, quiet: false } as unknown as Parameters<typeof buildDigest>[1];
      expect(await buildDigest(r.book, sub, '2026-11-30', 'text')).toBe(`未来 30 天内(至 2026-12-30)没有到期的目标。${onlyPastPlansLine([2018, 2022])}`);
    } finally {
      t.cleanup();
    }
  });
});
