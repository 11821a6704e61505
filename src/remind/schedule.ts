import { Cron } from 'croner';

/**
 * Digest schedules: a Chinese phrase (每周一 9:00, 工作日 8:30, 每月1日 上午10点, 每天 下午5点) or a cron
 * expression (5 fields, or 6 with seconds). Both become one cron pattern that croner evaluates in the
 * configured time zone; the label is what replies and the subscription list show.
 */

export interface Schedule {
  cron: string;
  label: string;
}

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; error: string };

export const SCHEDULE_FORMS = '每天 9:00、工作日 8:30、每周一 9:00、每周一、四 17:00、每月1日 上午10点,或 cron 表达式如 0 9 * * 1';

/** Digests more often than this would flood a group; a cron that fires faster is refused. */
const MIN_GAP_MS = 60 * 60 * 1000;

const CRON_SHAPE = /^[\d*/,\-?LW#A-Za-z]+(?:\s+[\d*/,\-?LW#A-Za-z]+){4,5}$/;

const WEEKDAY: Record<string, number> = {
  日: 0,
  天: 0,
  七: 0,
  '7': 0,
  一: 1,
  '1': 1,
  二: 2,
  '2': 2,
  三: 3,
  '3': 3,
  四: 4,
  '4': 4,
  五: 5,
  '5': 5,
  六: 6,
  '6': 6,
};
const DAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'];

/** A cron pattern's next run after `from`, in time zone `tz`; null when it never fires again. */
export function nextSlot(cron: string, tz: string, from: number): number | null {
  const next = new Cron(cron, { timezone: tz, paused: true }).nextRun(new Date(from));
  return next ? next.getTime() : null;
}

function checkCron(cron: string, tz: string, label: string): ScheduleResult {
  let job: Cron;
  try {
    job = new Cron(cron, { timezone: tz, paused: true });
  } catch (e) {
    return { ok: false, error: `cron 表达式“${cron}”无效:${(e as Error).message.replace(/^CronPattern:\s*/, '')}` };
  }
  const runs = job.nextRuns(4);
  if (runs.length === 0) return { ok: false, error: `“${cron}”永远不会触发` };
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < MIN_GAP_MS) {
      return { ok: false, error: `“${cron}”触发太频繁:提醒最多每小时一次` };
    }
  }
  return { ok: true, schedule: { cron, label } };
}

function weekdays(spec: string): number[] | null {
  const days = new Set<number>();
  for (const part of spec.split(/[、,,和及与]+/)) {
    const range = /^(?:周|星期|礼拜)?([一二三四五六日天七1-7])(?:\s*(?:至|到|~|-|—)\s*(?:周|星期|礼拜)?([一二三四五六日天七1-7]))?$/.exec(part.trim());
    if (!range) return null;
    const a = WEEKDAY[range[1]!]!;
    if (range[2] === undefined) {
      days.add(a);
      continue;
    }
    // 周一至周日 ends on Sunday (0): walk forward through the week.
    const b = WEEKDAY[range[2]]!;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days.size ? [...days].sort((x, y) => x - y) : null;
}

interface TimeOfDay {
  hour: number;
  minute: number;
}

const TIME = /(上午|早上|早晨|清晨|中午|下午|傍晚|晚上)?\s*(\d{1,2})\s*(?:[::]\s*(\d{1,2})|点\s*(?:(半)|(\d{1,2})\s*分?)?|时)/;

function timeOf(m: RegExpExecArray): TimeOfDay | null {
  let hour = Number(m[2]);
  const minute = m[4] ? 30 : Number(m[3] ?? m[5] ?? 0);
  const period = m[1];
  if ((period === '下午' || period === '傍晚' || period === '晚上') && hour < 12) hour += 12;
  if (period === '中午' && hour < 11) hour += 12;
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

function parsePhrase(input: string, tz: string): ScheduleResult {
  let rest = input;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m;
  };
  const bad = (why: string): ScheduleResult => ({ ok: false, error: why });

  let dom = '*';
  let dow = '*';
  let dayLabel: string;
  let m: RegExpExecArray | null;
  if ((m = take(/(?:每个?)?工作日/))) {
    dow = '1-5';
    dayLabel = '工作日';
  } else if ((m = take(/每(?:一)?[天日]|天天/))) {
    dayLabel = '每天';
  } else if ((m = take(/每个?月\s*(?:的)?\s*(最后一天|月底|月末|(\d{1,2})\s*[日号])/))) {
    if (m[2] === undefined) {
      dom = 'L';
      dayLabel = '每月最后一天';
    } else {
      const day = Number(m[2]);
      if (day < 1 || day > 31) return bad(`每月${m[2]}日不是有效日期`);
      // Day 29-31 is missing from some months; croner would skip those months silently.
      if (day > 28) return bad(`每月${day}日并非每个月都有;请用 1–28 日,或“每月最后一天”`);
      dom = String(day);
      dayLabel = `每月${day}日`;
    }
  } else if ((m = take(/每?(?:个)?(?:周|星期|礼拜)([一二三四五六日天七1-7](?:\s*(?:[、,,和及与至到~\-—]\s*(?:周|星期|礼拜)?)\s*[一二三四五六日天七1-7])*)/))) {
    const days = weekdays(m[1]!);
    if (!days) return bad(`看不懂“${m[0]}”里的星期`);
    dow = days.join(',');
    dayLabel = `每周${days.map((d) => DAY_NAMES[d]).join('、')}`;
  } else {
    return bad('缺少日期部分(每天、工作日、每周几或每月几日)');
  }

  const t = take(new RegExp(TIME.source));
  let time: TimeOfDay = { hour: 9, minute: 0 };
  if (t) {
    const parsed = timeOf(t);
    if (!parsed) return bad(`“${t[0].trim()}”不是有效时间`);
    time = parsed;
  }
  const leftover = rest.replace(/[\s,,、的在于]+/g, '');
  if (leftover) return bad(`看不懂“${leftover}”`);
  const label = `${dayLabel} ${pad(time.hour)}:${pad(time.minute)}`;
  return checkCron(`${time.minute} ${time.hour} ${dom} * ${dow}`, tz, label);
}

export function parseSchedule(input: string, tz: string): ScheduleResult {
  const s = input.normalize('NFKC').trim();
  if (!s) return { ok: false, error: '缺少时间' };
  if (CRON_SHAPE.test(s)) return checkCron(s.replace(/\s+/g, ' '), tz, `cron ${s.replace(/\s+/g, ' ')}`);
  return parsePhrase(s, tz);
}
