/**
 * Calendar dates (YYYY-MM-DD) in the configured time zone. Deadlines are whole days, so date arithmetic is
 * done on UTC midnights, where no day is ever 23 or 25 hours long.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The calendar date at instant `ms` in time zone `tz`. */
export function dateInZone(ms: number, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

/** "09:00" at instant `ms` in time zone `tz`. */
export function timeInZone(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function weekdayName(date: string): string {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/**
 * A date as people type it in a chat: 2026-12-15, 2026/12/15, 2026.12.15 or 2026年12月15日 (full-width
 * digits too). Returns the ISO date, or null when it is not a real calendar date.
 */
export function parseTypedDate(input: string): string | null {
  const s = input.normalize('NFKC').trim();
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Months between two occurrences of a recurring deadline. */
export const REPEAT_MONTHS = { year: 12, 'half-year': 6, quarter: 3, month: 1 } as const;
export type Repeat = keyof typeof REPEAT_MONTHS;

/**
 * The first occurrence of a recurring deadline on or after `today`: 每年3月底前 first due 2020-03-31 is due
 * 2027-03-31 when asked on 2026-06-01. A month-end stays a month-end (06-30 → 09-30 → 12-31).
 */
export function nextOccurrence(first: string, repeat: Repeat, today: string): string {
  if (first >= today) return first;
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const monthEnd = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  const atEnd = d === monthEnd(y, m);
  for (let k = 1; k < 12 * 200; k++) {
    const months = m - 1 + k * REPEAT_MONTHS[repeat];
    const year = y + Math.floor(months / 12);
    const month = (months % 12) + 1;
    const day = atEnd ? monthEnd(year, month) : Math.min(d, monthEnd(year, month));
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (date >= today) return date;
  }
  return first;
}
