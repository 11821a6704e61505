import { html } from 'hono/html';
import { leadUnitsOf, type PlanItem } from '../../items/index.js';
import type { UnitResult } from '../../retrieve/retriever.js';
import { itemHref, page, query, type Html } from '../layout.js';

function role(item: PlanItem, units: readonly string[]): 'lead' | 'partner' | 'unmarked' {
  const leads = leadUnitsOf(item);
  if (leads.length === 0) return 'unmarked';
  return leads.some((u) => units.includes(u)) ? 'lead' : 'partner';
}

function rows(items: readonly PlanItem[]): Html {
  return html`<div class="scroll">
    <table>
      <thead>
        <tr>
          <th>条目</th>
          <th>内容</th>
          <th>目标</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (i) =>
            html`<tr>
              <td><a href="${itemHref(i.id)}">${i.cite}</a></td>
              <td>${i.title || i.text.slice(0, 60)}</td>
              <td>${i.targets.length || ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function unitsPage(q: string, result: UnitResult | undefined, allUnits: readonly string[]): Html {
  const form = html`<form method="get" action="/units">
    <input name="q" value="${q}" placeholder="单位名,如 医政" aria-label="单位" autofocus /> <button>查找</button>
  </form>`;
  let body: Html;
  if (!result) {
    body = html`<h2>全部单位(${allUnits.length})</h2>
      <div class="card">${allUnits.map((u) => html`<a class="tag" href="/units${query({ q: u })}">${u}</a> `)}</div>`;
  } else if (result.items.length === 0) {
    body = html`<div class="card">
      没有找到以“${q}”为责任单位的条目。${result.suggestions.length ? html`你是不是要找:${result.suggestions.map((s) => html`<a href="/units${query({ q: s })}">${s}</a> `)}` : ''}
    </div>`;
  } else {
    const plan = result.items.filter((i) => i.kind === 'plan');
    const lead = plan.filter((i) => role(i, result.matched) === 'lead');
    const partner = plan.filter((i) => role(i, result.matched) === 'partner');
    const unmarked = plan.filter((i) => role(i, result.matched) === 'unmarked');
    body = html`<p>匹配的单位:${result.matched.map((u) => html`<span class="tag lead">${u}</span>`)} 共 ${plan.length} 条计划条目</p>
      ${
        lead.length
          ? html`<h2>牵头(${lead.length})</h2>
              ${rows(lead)}`
          : ''
      }
      ${
        partner.length
          ? html`<h2>配合(${partner.length})</h2>
              ${rows(partner)}`
          : ''
      }
      ${
        unmarked.length
          ? html`<h2>负责(文件未分牵头、配合)(${unmarked.length})</h2>
              ${rows(unmarked)}`
          : ''
      }`;
  }
  return page({
    title: q ? `单位:${q}` : '单位',
    active: '/units',
    body: html`<h1>单位</h1>
      ${form}${body}`,
  });
}
