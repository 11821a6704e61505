import { html } from 'hono/html';
import type { PlanDocument } from '../../items/index.js';
import { unitRolesText } from '../../items/index.js';
import { daysBetween } from '../../remind/calendar.js';
import type { RemindTarget } from '../../remind/targets.js';
import type { CoordinatorTarget } from '../../remind/targets.js';
import { itemHref, page, query, type Html } from '../layout.js';

export interface TargetsView {
  today: string;
  replay: boolean;
  plan: string;
  coordinator: string | undefined;
  csrf: string;
  mine: readonly CoordinatorTarget[];
  plans: readonly RemindTarget[];
  done: ReadonlyMap<string, { doneByName: string; doneAt: string }>;
  documents: readonly PlanDocument[];
  archivedYears: readonly number[];
  flash?: { text: string; refused: boolean };
}

function status(id: string, deadline: string, v: TargetsView): Html {
  const mark = v.done.get(id);
  if (mark)
    return html`<span class="tag done">已完成</span>
      <div class="muted">${mark.doneByName} ${mark.doneAt.slice(0, 10)}</div>`;
  const d = daysBetween(v.today, deadline);
  return d < 0 ? html`<span class="tag overdue">逾期 ${-d} 天</span>` : html`<span class="tag open">还有 ${d} 天</span>`;
}

function action(id: string, v: TargetsView): Html {
  const undo = v.done.has(id);
  return html`<form class="inline" method="post" action="/targets/${undo ? 'undo' : 'done'}">
    <input type="hidden" name="_csrf" value="${v.csrf}" /><input type="hidden" name="id" value="${id}" /><input
      type="hidden"
      name="today"
      value="${v.replay ? v.today : ''}"
    /><input type="hidden" name="plan" value="${v.plan}" /><button class="${undo ? 'secondary' : ''}" data-target="${id}">
      ${undo ? '撤销完成' : '标记完成'}
    </button>
  </form>`;
}

/** One table for coordinators' and plan targets alike: id, deadline, what, status and the done button. */
function targetTable(whatHeader: string, rows: Array<{ id: string; deadline: string; what: Html }>, v: TargetsView): Html {
  return html`<div class="scroll">
    <table class="stack">
      <thead>
        <tr>
          <th>编号</th>
          <th>期限</th>
          <th>${whatHeader}</th>
          <th>状态</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td><code>${r.id}</code></td>
              <td>${r.deadline}</td>
              <td>${r.what}</td>
              <td>${status(r.id, r.deadline, v)}</td>
              <td>${action(r.id, v)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function targetsPage(v: TargetsView): Html {
  const who = v.coordinator
    ? html`<div class="card">
        协调员:<strong>${v.coordinator}</strong>
        <form class="inline" method="post" action="/coordinator/logout">
          <input type="hidden" name="_csrf" value="${v.csrf}" /><button class="secondary">退出</button>
        </form>
      </div>`
    : html`<form class="card" method="post" action="/coordinator/login">
        <input type="hidden" name="_csrf" value="${v.csrf}" /><label
          >协调员口令 <input type="password" name="token" autocomplete="current-password" aria-label="协调员口令"
        /></label>
        <button>登录</button>
        <div class="muted">标记完成、添加目标需要协调员口令(COORDINATOR_TOKENS)。</div>
      </form>`;
  const add = html`<h2>添加目标</h2>
    <form class="card" method="post" action="/targets/add">
      <input type="hidden" name="_csrf" value="${v.csrf}" />
      <label>期限 <input type="date" name="deadline" required aria-label="期限" /></label>
      <label>内容 <input name="text" required maxlength="200" placeholder="全区新增AED 300台" aria-label="内容" /></label>
      <label>责任单位 <input name="units" placeholder="医政科、急救中心" aria-label="责任单位" /></label> <button>添加</button>
    </form>`;
  const mine = v.mine.length
    ? targetTable(
        '内容',
        [...v.mine]
          .sort((a, b) => a.deadline.localeCompare(b.deadline))
          .map((t) => ({
            id: t.id,
            deadline: t.deadline,
            what: html`${t.text}
              <div class="muted">责任:${t.units.join('、') || '未指定'} · ${t.addedByName} 添加</div>`,
          })),
        v,
      )
    : html`<p class="muted">还没有协调员添加的目标。</p>`;
  const planFilter = html`<form method="get" action="/targets">
    <select name="plan" aria-label="文件">
      <option value="">全部在提醒范围内的文件</option>
      ${v.documents.map((d) => html`<option value="${d.id}" ${d.id === v.plan ? 'selected' : ''}>${d.region} ${d.year}</option>`)}
    </select>
    <input type="date" name="today" value="${v.replay ? v.today : ''}" aria-label="日期" /> <button>查看</button>
  </form>`;
  const plans = v.plans.length
    ? targetTable(
        '目标',
        v.plans.map((t) => ({
          id: t.id,
          deadline: t.deadline,
          what: html`<a href="${itemHref(t.itemId!)}">${t.cite}</a> ${t.text}
            <div class="muted">${unitRolesText(t) || '未列明'}</div>`,
        })),
        v,
      )
    : html`<p class="muted">
        没有在提醒范围内的文件目标${v.archivedYears.length ? html`(已收录的计划是往年的:${v.archivedYears.map((y) => html`<a href="/targets${query({ today: `${y}-12-01` })}">回看 ${y} 年</a> `)})` : ''}。
      </p>`;
  const flash = v.flash ? html`<div class="flash ${v.flash.refused ? 'refused' : ''}" role="status">${v.flash.text}</div>` : '';
  const body = html`<h1>目标 <span class="muted">${v.today}${v.replay ? '(回看)' : ''}</span></h1>
    ${flash}${who}
    <h2>协调员的目标</h2>
    ${mine}${add}
    <h2>文件目标</h2>
    ${planFilter}${plans}`;
  return page({ title: '目标', active: '/targets', body });
}
