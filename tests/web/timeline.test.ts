import { describe, expect, it } from 'vitest';
import type { RemindTarget } from '../../src/remind/targets.js';
import { buildTimeline } from '../../src/web/timeline.js';
import { weekLabel, weekStart } from '../../src/web/weeks.js';
import { remindTarget } from '../remind/fixtures.js';

function target(id: string, deadline: string, over: Partial<RemindTarget> = {}): RemindTarget {
  return remindTarget({ id, itemId: `plan-2026#${id}`, cite: `《计划》第${id}条`, text: id, deadline, ...over });
}

const policy = { overdueDays: 30 };

describe('the 到期 timeline (fixed dates)', () => {
  it('weeks start on Monday', () => {
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2026-12-06')).toBe('2026-11-30');
    expect(weekLabel('2026-12-28')).toBe('12月28日–1月3日');
  });

  it('groups by week, keeps done ones marked, lists every overdue target of active plans, leaves archived plans out', () => {
    const all = [
      target('a', '2026-12-02'),
      target('b', '2026-12-03'),
      target('c', '2026-12-20'),
      target('late', '2026-09-01'),
      target('old', '2025-12-31', { planYear: 2025 }),
      target('far', '2027-06-30'),
      target('other', '2026-12-02', { itemId: 'other-2026#1', units: ['基层科'] }),
    ];
    const t = buildTimeline(all, new Set(['b']), { today: '2026-11-30', policy });
    expect(t.until).toBe('2027-02-28');
    expect(t.overdue.flatMap((w) => w.entries.map((e) => [e.target.id, e.status]))).toEqual([['late', 'overdue']]);
    expect(t.coming.map((w) => [w.monday, w.entries.map((e) => `${e.target.id}:${e.status}`)])).toEqual([
      ['2026-11-30', ['a:open', 'other:open', 'b:done']],
      ['2026-12-14', ['c:open']],
    ]);
    expect(t.archivedYears).toEqual([2025]);
    // Every week of the window is a bar, empty ones too; overdue weeks further back than 8 are one bar.
    expect(t.bars[0]).toEqual({ label: '更早', overdue: 1, open: 0, done: 0 });
    const first = t.bars.find((b) => b.label === '11月30日')!;
    expect(first).toEqual({ label: '11月30日', overdue: 0, open: 2, done: 1 });
    expect(t.bars.find((b) => b.label === '12月7日')).toEqual({ label: '12月7日', overdue: 0, open: 0, done: 0 });

    const scoped = buildTimeline(all, new Set(), { today: '2026-11-30', policy, plan: 'plan-2026', units: ['医政科'] });
    expect(scoped.coming.flatMap((w) => w.entries.map((e) => e.target.id))).not.toContain('other');
  });

  it('with only past plans, says so through archivedYears and no active plan', () => {
    const t = buildTimeline([target('x', '2022-12-31', { planYear: 2022 })], new Set(), { today: '2026-11-30', policy });
    expect(t.activePlans).toBe(false);
    expect(t.archivedYears).toEqual([2022]);
    expect(t.coming).toEqual([]);
  });
});
