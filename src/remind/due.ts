import { addDays, nextOccurrence } from './calendar.js';
import type { RemindTarget } from './targets.js';

export interface DueQuery {
  today: string;
  /** Days after today still included (0 = due today only). */
  within: number;
  /** Only targets of these units (already matched, see retrieve/units.ts); undefined = all. */
  units?: readonly string[];
  /** Ids marked done: left out. */
  done: ReadonlySet<string>;
}

export interface DueList {
  today: string;
  until: string;
  targets: RemindTarget[];
}

function byDeadline(targets: RemindTarget[]): RemindTarget[] {
  // Stable: within one deadline the document order (and plan before coordinator) is kept.
  return [...targets].sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
}

function ofUnits(t: RemindTarget, units: readonly string[] | undefined): boolean {
  return units === undefined || t.units.some((u) => units.includes(u));
}

/** A recurring target (每年3月底前) is due at its next occurrence, never overdue for an earlier one. */
export function current(all: readonly RemindTarget[], today: string): RemindTarget[] {
  return all.map((t) => (t.repeat ? { ...t, deadline: nextOccurrence(t.deadline, t.repeat, today) } : t));
}

/** Targets due in [today, today + within], not done, soonest first. */
export function dueTargets(all: readonly RemindTarget[], q: DueQuery): DueList {
  const until = addDays(q.today, q.within);
  const targets = current(all, q.today).filter((t) => t.deadline >= q.today && t.deadline <= until && !q.done.has(t.id) && ofUnits(t, q.units));
  return { today: q.today, until, targets: byDeadline(targets) };
}

/** Targets whose deadline has passed and that nobody marked done, longest overdue first. */
export function overdueTargets(all: readonly RemindTarget[], q: Omit<DueQuery, 'within'> & { since?: string }): RemindTarget[] {
  const since = q.since ?? '';
  return byDeadline(current(all, q.today).filter((t) => t.deadline < q.today && t.deadline >= since && !q.done.has(t.id) && ofUnits(t, q.units)));
}

export function allUnits(targets: readonly RemindTarget[]): string[] {
  return [...new Set(targets.flatMap((t) => t.units))];
}
