import { addDays } from './calendar.js';
import type { RemindTarget } from './targets.js';

/**
 * Which targets an office still wants to hear about. A plan of an earlier year is finished business: its
 * targets stay answerable (and listable in the web view) but are archived for reminders. An overdue target is
 * reminded for OVERDUE_DAYS after its deadline; after that repeating it every day is noise, not news.
 */
export interface ReminderPolicy {
  /** Days after its deadline an unfinished target is still listed as overdue. */
  overdueDays: number;
}

export const DEFAULT_OVERDUE_DAYS = 30;

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Coordinators' targets are always current; a plan target while its plan year has not ended, and after that
 * while it is overdue by at most the policy's days (a 年底前 of last year's plan is still news in January).
 */
export function isActive(t: RemindTarget, today: string, p: ReminderPolicy): boolean {
  if (t.source === 'coordinator' || t.planYear === undefined || t.planYear >= yearOf(today)) return true;
  return !t.repeat && t.deadline < today && t.deadline >= overdueSince(today, p);
}

export interface PolicySplit {
  active: RemindTarget[];
  /** Plan targets of plans of earlier years. */
  archived: RemindTarget[];
  /** The plan years archived, ascending. */
  archivedYears: number[];
}

export function splitByPolicy(all: readonly RemindTarget[], today: string, p: ReminderPolicy): PolicySplit {
  const active: RemindTarget[] = [];
  const archived: RemindTarget[] = [];
  for (const t of all) (isActive(t, today, p) ? active : archived).push(t);
  const archivedYears = [...new Set(archived.map((t) => t.planYear!))].sort((a, b) => a - b);
  return { active, archived, archivedYears };
}

/** The earliest deadline still reminded as overdue on `today`. */
export function overdueSince(today: string, p: ReminderPolicy): string {
  return addDays(today, -p.overdueDays);
}

/**
 * The date a past plan year is replayed on (`/remind 2022`): 1 December, so that the default 30-day window
 * holds the year-end deadlines most plans give (and `planbot remind --today 2022-12-01` shows the same).
 */
export function replayDate(year: number, today: string): string {
  return year === yearOf(today) ? today : `${year}-12-01`;
}

/** The one line said when every plan loaded is of an earlier year: how to look at one anyway. */
export function onlyPastPlansLine(years: readonly number[]): string {
  const last = years.at(-1)!;
  const span = years.length > 1 ? `${years[0]}–${last}` : `${last}`;
  return `已收录的计划都是往年的(${span}年),不再提醒;回看某年:/remind ${last},或命令行 planbot remind --today ${last}-12-01。`;
}
