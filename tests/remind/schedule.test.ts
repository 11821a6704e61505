import { describe, expect, it } from 'vitest';
import { nextSlot, parseSchedule } from '../../src/remind/schedule.js';
import { shanghai } from './fixtures.js';

const TZ = 'Asia/Shanghai';

describe('schedule phrases', () => {
  it.each([
    ['每周一 9:00', '0 9 * * 1', '每周一 09:00'],
    ['每周一', '0 9 * * 1', '每周一 09:00'],
    ['每星期五 下午5点', '0 17 * * 5', '每周五 17:00'],
    ['周一、周四 17:30', '30 17 * * 1,4', '每周一、四 17:30'],
    ['每周一至周五 8点半', '30 8 * * 1,2,3,4,5', '每周一、二、三、四、五 08:30'],
    ['每周六到周日 10:00', '0 10 * * 0,6', '每周日、六 10:00'],
    ['每周日 晚上8点', '0 20 * * 0', '每周日 20:00'],
    ['工作日 8:30', '30 8 * * 1-5', '工作日 08:30'],
    ['每天 上午10点15分', '15 10 * * *', '每天 10:15'],
    ['每日 中午12点', '0 12 * * *', '每天 12:00'],
    ['每月1日 9:00', '0 9 1 * *', '每月1日 09:00'],
    ['每月15号 下午3点', '0 15 15 * *', '每月15日 15:00'],
    ['每月最后一天 16:00', '0 16 L * *', '每月最后一天 16:00'],
    ['每周一　９：００', '0 9 * * 1', '每周一 09:00'],
    ['0 9 * * 1', '0 9 * * 1', 'cron 0 9 * * 1'],
    ['0  30 8 * * MON-FRI', '0 30 8 * * MON-FRI', 'cron 0 30 8 * * MON-FRI'],
  ])('%s → %s', (input, cron, label) => {
    expect(parseSchedule(input, TZ)).toEqual({ ok: true, schedule: { cron, label } });
  });

  it.each([
    ['', /缺少时间/],
    ['明天', /缺少日期部分/],
    ['每周八 9:00', /缺少日期部分|看不懂/],
    ['每周一 9:00 和下午', /看不懂“和下午”/],
    ['每周一 24:00', /“24:00”不是有效时间/],
    ['每周一 9:75', /“9:75”不是有效时间/],
    ['每月0日', /不是有效日期/],
    ['每月30日', /并非每个月都有/],
    ['0 9 * * 8', /无效:Invalid value for dayOfWeek: 8/],
    ['*/5 * * * *', /触发太频繁/],
    ['0 0 31 2 *', /永远不会触发/],
  ])('%j is refused: %s', (input, error) => {
    const r = parseSchedule(input, TZ);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });

  it('slots are computed in the configured time zone', () => {
    const from = shanghai('2026-06-01T10:00:00');
    expect(nextSlot('0 9 * * 1', TZ, from)).toBe(shanghai('2026-06-08T09:00:00'));
    expect(nextSlot('0 9 * * 1', 'UTC', from)).toBe(Date.parse('2026-06-01T09:00:00Z'));
    // A slot exactly at `from` is not "next": a sent slot is never found again.
    expect(nextSlot('0 9 * * 1', TZ, shanghai('2026-06-08T09:00:00'))).toBe(shanghai('2026-06-15T09:00:00'));
  });
});
