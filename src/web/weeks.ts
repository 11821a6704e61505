import { addDays } from '../remind/calendar.js';

/** The Monday on or before `date`: offices plan by the working week. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** `11月30日–12月6日` */
export function weekLabel(monday: string): string {
  const end = addDays(monday, 6);
  const md = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${md(monday)}–${md(end)}`;
}
