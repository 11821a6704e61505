import { html } from 'hono/html';
import type { PlanDocument } from '../../items/index.js';
import { unitRolesText } from '../../items/index.js';
import { daysBetween, weekdayName } from '../../remind/calendar.js';
import { PLAN_YEAR_NOTE } from '../../remind/format.js';
import { weekChart } from '../chart.js';
import { itemHref, page, query, type Html } from '../layout.js';
import type { Timeline, TimelineEntry, TimelineWeek } from '../timeline.js';

const STATUS = { overdue: '逾期', open: '未完成', done: '已完成' } as const;

function entry(e: TimelineEntry, today: string): Html {
  const t = e.target;
  const days = daysBetween(today, t.deadline);
  const when = days === 0 ? '今天到期' : days > 0 ? `还有 ${days} 天` : `已逾期 ${-days} 天`;
  const units = unitRolesText(t) || '未列明';
  return html`<tr data-status="${e.status}">
    <td>
      ${t.deadline} ${weekdayName(t.deadline)}
      <div class="muted">${when}</div>
    </td>
    <td>
      ${t.itemId ? html`<a href="${itemHref(t.itemId)}">${t.cite}</a>` : html`协调员目标`}
      <div>${t.text}${t.deadlineSource === 'plan-year' ? html`<span class="muted">(${PLAN_YEAR_NOTE})</span>` : ''}</div>
      <div class="muted">${units}</div>
    </td>
    <td>
      <span class="tag ${e.status}">${STATUS[e.status]}</span>
      <div class="muted"><code>${t.id}</code></div>
    </td>
  </tr>`;
}

function weeks(list: readonly TimelineWeek[], today: string): Html {
  return html`${list.map(
    (w) =>
      html`<h2>${w.label} <span class="muted">(${w.entries.length} 项)</span></h2>
        <div class="scroll">
          <table class="week stack">
            ${w.entries.map((e) => entry(e, today))}
          </table>
        </div>`,
  )}`;
}

export interface DueFilters {
  today: string;
  replay: boolean;
  unit: string;
  plan: string;
  unitProblem?: string;
}

export function duePage(t: Timeline, f: DueFilters, documents: readonly PlanDocument[], units: readonly string[]): Html {
  const form = html`<form method="get" action="/due" class="card">
    <label>单位 <input name="unit" value="${f.unit}" list="units" placeholder="如 医政" aria-label="单位" /></label>
    <datalist id="units">${units.map((u) => html`<option value="${u}"></option>`)}</datalist>
    <label
      >文件
      <select name="plan" aria-label="文件">
        <option value="">全部</option>
        ${documents.map((d) => html`<option value="${d.id}" ${d.id === f.plan ? 'selected' : ''}>${d.region} ${d.year}</option>`)}
      </select></label
    >
    <label>按日期回看 <input type="date" name="today" value="${f.replay ? f.today : ''}" aria-label="日期" /></label>
    <button>筛选</button> <a href="/due">清除</a>
  </form>`;
  const total = (l: readonly TimelineWeek[]) => l.reduce((n, w) => n + w.entries.length, 0);
  const pastOnly = !t.activePlans && t.archivedYears.length > 0;
  const last = t.archivedYears.at(-1);
  const replayHint = pastOnly
    ? html`<div class="card warn">
        已收录的计划都是往年的(${t.archivedYears.join('、')}年),不在提醒范围内。回看:${t.archivedYears.map((y) => html`<a href="/due${query({ today: `${y}-12-01`, unit: f.unit, plan: f.plan })}">${y}年12月1日</a> `)}${last ? html`<span class="muted">(命令行:planbot remind --today ${last}-12-01)</span>` : ''}
      </div>`
    : '';
  const body = html`<h1>到期 <span class="muted">${f.today}${f.replay ? '(回看)' : ''} 起 90 天,及逾期</span></h1>
    ${form} ${f.unitProblem ? html`<div class="flash refused">${f.unitProblem}</div>` : ''} ${replayHint}
    <p>逾期 ${total(t.overdue)} 项 · 未来 90 天(至 ${t.until})到期 ${total(t.coming)} 项</p>
    ${t.bars.length ? weekChart(t.bars) : ''}
    ${
      t.overdue.length
        ? html`<h2 class="bad">已逾期</h2>
            ${weeks(t.overdue, f.today)}`
        : ''
    }
    ${
      t.coming.length
        ? html`<h2>未来 90 天</h2>
            ${weeks(t.coming, f.today)}`
        : html`<p class="muted">未来 90 天内没有到期的目标。</p>`
    }`;
  return page({ title: '到期', active: '/due', body });
}
