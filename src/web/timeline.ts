import { addDays } from '../remind/calendar.js';
import { dueTargets, overdueTargets } from '../remind/due.js';
import { splitByPolicy, type ReminderPolicy } from '../remind/policy.js';
import type { RemindTarget } from '../remind/targets.js';
import type { WeekBar } from './chart.js';
import { weekLabel, weekStart } from './weeks.js';

export const TIMELINE_DAYS = 90;
/** Overdue weeks further back than this are one bar in the chart, so that the coming weeks stay readable. */
const CHART_WEEKS_BACK = 8;

export type Status = 'overdue' | 'open' | 'done';

export interface TimelineEntry {
  target: RemindTarget;
  status: Status;
}

export interface TimelineWeek {
  monday: string;
  label: string;
  entries: TimelineEntry[];
}

export interface Timeline {
  today: string;
  until: string;
  overdue: TimelineWeek[];
  coming: TimelineWeek[];
  bars: WeekBar[];
  archivedYears: number[];
  activePlans: boolean;
}

export function planOf(t: RemindTarget): string | undefined {
  return t.itemId?.split('#')[0];
}

function byWeek(entries: readonly TimelineEntry[]): TimelineWeek[] {
  const weeks = new Map<string, TimelineEntry[]>();
  for (const e of entries) {
    const m = weekStart(e.target.deadline);
    weeks.set(m, [...(weeks.get(m) ?? []), e]);
  }
  return [...weeks.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([monday, list]) => ({ monday, label: weekLabel(monday), entries: list }));
}

/**
 * The 到期 page's data: what falls due in the coming 90 days and what is overdue, of active plans only (the
 * reminders' policy), done ones kept and marked so that a week shows its progress. Every long-overdue target
 * of an active plan is listed here, though chat reminders stop after OVERDUE_DAYS.
 */
export function buildTimeline(
  all: readonly RemindTarget[],
  done: ReadonlySet<string>,
  o: { today: string; units?: readonly string[]; plan?: string; policy: ReminderPolicy },
): Timeline {
  const split = splitByPolicy(all, o.today, o.policy);
  const scoped = split.active.filter((t) => !o.plan || planOf(t) === o.plan);
  const none = new Set<string>();
  const coming = dueTargets(scoped, { today: o.today, within: TIMELINE_DAYS, units: o.units, done: none }).targets;
  const late = overdueTargets(scoped, { today: o.today, units: o.units, done: none });
  const status = (t: RemindTarget, otherwise: Status): Status => (done.has(t.id) ? 'done' : otherwise);
  const overdueWeeks = byWeek(late.map((t) => ({ target: t, status: status(t, 'overdue') })));
  const comingWeeks = byWeek(coming.map((t) => ({ target: t, status: status(t, 'open') })));

  const cut = addDays(weekStart(o.today), -7 * CHART_WEEKS_BACK);
  const bars: WeekBar[] = [];
  const count = (w: TimelineWeek, s: Status) => w.entries.filter((e) => e.status === s).length;
  const earlier = overdueWeeks.filter((w) => w.monday < cut);
  if (earlier.length)
    bars.push({
      label: '更早',
      overdue: earlier.reduce((n, w) => n + count(w, 'overdue'), 0),
      open: 0,
      done: earlier.reduce((n, w) => n + count(w, 'done'), 0),
    });
  // Every week from the first shown to the end of the window, empty ones too: gaps are part of the picture.
  const shown = [...overdueWeeks.filter((x) => x.monday >= cut), ...comingWeeks];
  const byMonday = new Map<string, WeekBar>();
  const first = shown[0]?.monday ?? weekStart(o.today);
  for (let m = first < weekStart(o.today) ? first : weekStart(o.today); m <= weekStart(addDays(o.today, TIMELINE_DAYS)); m = addDays(m, 7)) {
    const bar = { label: weekLabel(m).split('–')[0]!, overdue: 0, open: 0, done: 0 };
    byMonday.set(m, bar);
    bars.push(bar);
  }
  for (const w of shown) {
    const bar = byMonday.get(w.monday)!;
    bar.overdue += count(w, 'overdue');
    bar.open += count(w, 'open');
    bar.done += count(w, 'done');
  }
  return {
    today: o.today,
    until: addDays(o.today, TIMELINE_DAYS),
    overdue: overdueWeeks,
    coming: comingWeeks,
    bars,
    archivedYears: split.archivedYears,
    activePlans: split.active.some((t) => t.source === 'plan'),
  };
}
