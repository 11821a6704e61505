import { html } from 'hono/html';
import type { PlanDocument, PlanItem } from '../../items/index.js';
import { unitRoleLines, unitRoles } from '../../items/index.js';
import { PLAN_YEAR_NOTE } from '../../remind/format.js';
import { planTargets } from '../../remind/targets.js';
import { docHref, page, query, type Html } from '../layout.js';

export function itemPage(item: PlanItem, doc: PlanDocument | undefined, done: ReadonlySet<string>): Html {
  // The same ids /remind and /target print (one item's ids do not depend on other items).
  const ids = planTargets([item]).map((t) => t.id);
  const { leads, partners } = unitRoles(item);
  const units = item.units.length
    ? html`<div>${unitRoleLines(item).map((l) => html`<div>${l}</div>`)}</div>
        <div>
          ${leads.map((u) => html`<a class="tag lead" href="/units${query({ q: u })}">牵头 ${u}</a>`)}${(leads.length ? partners : item.units).map((u) => html`<a class="tag" href="/units${query({ q: u })}">${leads.length ? '配合 ' : ''}${u}</a>`)}
        </div>`
    : html`<div class="warn">文件未列明责任单位</div>`;
  const targets = item.targets.length
    ? html`<div class="scroll">
        <table>
          <thead>
            <tr>
              <th>目标</th>
              <th>期限</th>
              <th>编号</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            ${item.targets.map((t, n) => {
              const id = ids[n];
              const period = t.deadlineSource === 'plan-year' ? PLAN_YEAR_NOTE : `${t.deadlineText ?? ''}${t.repeat ? '(周期性)' : ''}`;
              return html`<tr>
                <td>${t.text}</td>
                <td>
                  ${t.deadline}
                  <div class="muted">${period}</div>
                </td>
                <td><code>${id ?? ''}</code></td>
                <td>${id && done.has(id) ? html`<span class="tag done">已完成</span>` : ''}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`
    : html`<p class="muted">这一条没有读出带期限的目标。</p>`;
  const where = item.source ? `${item.source.file}${item.source.page ? `,第${item.source.page}页` : ''}` : (doc?.source ?? '');
  const body = html`<h1>${item.cite}</h1>
    <div class="card">
      <p class="muted">${[item.part, item.section].filter(Boolean).join(' › ')}</p>
      ${item.title ? html`<h2>${item.title}</h2>` : ''}
      <p>${item.text}</p>
    </div>
    <h2>责任单位</h2>
    <div class="card">${units}</div>
    <h2>目标与期限</h2>
    ${targets}
    <h2>出处</h2>
    <div class="card">
      ${doc ? html`<a href="${docHref(doc.id)}">《${doc.title}》</a> · ` : ''}<span>${where}</span>${doc?.docNumber ? html` · ${doc.docNumber}` : ''}
    </div>`;
  return page({ title: item.cite, active: '/docs', body });
}
