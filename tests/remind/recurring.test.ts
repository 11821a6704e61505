import { describe, expect, it } from 'vitest';
import { nextOccurrence } from '../../src/remind/calendar.js';
import { dueTargets, overdueTargets } from '../../src/remind/due.js';
import { formatTargets } from '../../src/remind/format.js';
import type { RemindTarget } from '../../src/remind/targets.js';
import { remindTarget } from './fixtures.js';

const target = (over: Partial<RemindTarget>): RemindTarget =>
  remindTarget({
    id: 'p00000001',
    itemId: 'x#1',
    cite: '《某市工作要点》第1条',
    text: '每年3月底前报送上年度工作总结',
    deadline: '2020-03-31',
    deadlineText: '每年3月底前',
    units: ['市发展改革委', '市财政局'],
    leadUnits: ['市发展改革委'],
    ...over,
  });

describe('recurring deadlines', () => {
  it('roll forward to the next occurrence, month ends staying month ends', () => {
    expect(nextOccurrence('2020-03-31', 'year', '2026-06-01')).toBe('2027-03-31');
    expect(nextOccurrence('2020-03-31', 'year', '2026-03-31')).toBe('2026-03-31');
    expect(nextOccurrence('2026-06-30', 'quarter', '2026-07-01')).toBe('2026-09-30');
    expect(nextOccurrence('2026-01-31', 'month', '2026-02-10')).toBe('2026-02-28');
    expect(nextOccurrence('2026-06-30', 'half-year', '2026-01-01')).toBe('2026-06-30');
  });

  it('come due again every cycle and are never overdue for an earlier one', () => {
    const all = [target({ repeat: 'year' }), target({ id: 'p00000002', text: '2020年3月底前完成', deadline: '2020-03-31' })];
    const due = dueTargets(all, { today: '2026-03-20', within: 30, done: new Set() });
    expect(due.targets.map((t) => [t.id, t.deadline])).toEqual([['p00000001', '2026-03-31']]);
    expect(overdueTargets(all, { today: '2026-03-20', done: new Set() }).map((t) => t.id)).toEqual(['p00000002']);
  });

  it('name the lead unit in the reminder where the plan marks one', () => {
    const text = formatTargets(dueTargets([target({ repeat: 'year' })], { today: '2026-03-20', within: 30, done: new Set() }).targets, {
      today: '2026-03-20',
      style: 'text',
    });
    expect(text).toContain('牵头 市发展改革委;配合 市财政局');
  });
});
