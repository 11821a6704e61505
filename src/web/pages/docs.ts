import { html } from 'hono/html';
import type { PlanDocument, PlanItem } from '../../items/index.js';
import { unitRolesText } from '../../items/index.js';
import { docHref, itemHref, page, type Html } from '../layout.js';

/** What a coordinator should check after loading a plan: items the parser read without units or deadlines. */
export function planWarnings(items: readonly PlanItem[]): string[] {
  const plan = items.filter((i) => i.kind === 'plan');
  const warnings: string[] = [];
  const unitless = plan.filter((i) => i.units.length === 0).length;
  if (unitless) warnings.push(`${unitless} 条计划条目未列责任单位`);
  const defaulted = plan.flatMap((i) => i.targets).filter((t) => t.deadlineSource === 'plan-year').length;
  if (defaulted) warnings.push(`${defaulted} 个目标未写明期限,按计划年度末计`);
  if (plan.length === 0) warnings.push('没有读出计划条目(只有回顾或前言)');
  return warnings;
}

function summary(d: PlanDocument, items: readonly PlanItem[]): { plan: number; units: number; targets: number; warnings: string[] } {
  const mine = items.filter((i) => i.doc === d.id);
  const plan = mine.filter((i) => i.kind === 'plan');
  return {
    plan: plan.length,
    units: new Set(plan.flatMap((i) => i.units)).size,
    targets: plan.reduce((n, i) => n + i.targets.length, 0),
    warnings: planWarnings(mine),
  };
}

export function docsPage(documents: readonly PlanDocument[], items: readonly PlanItem[]): Html {
  const body = documents.length
    ? html`<p class="muted">已收录 ${documents.length} 份工作要点。点文件名查看它的全部条目。</p>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>文件</th>
                <th>地区</th>
                <th>年度</th>
                <th>条目</th>
                <th>单位</th>
                <th>目标</th>
                <th>解析提示</th>
              </tr>
            </thead>
            <tbody>
              ${documents.map((d) => {
                const s = summary(d, items);
                return html`<tr>
                  <td>
                    <a href="${docHref(d.id)}">《${d.title}》</a>
                    <div class="muted">${d.source}${d.issuer ? ` · ${d.issuer}` : ''}${d.docNumber ? ` · ${d.docNumber}` : ''}</div>
                  </td>
                  <td>${d.region}</td>
                  <td>${d.year}</td>
                  <td>${s.plan}</td>
                  <td>${s.units}</td>
                  <td>${s.targets}</td>
                  <td>${s.warnings.length ? s.warnings.map((w) => html`<div class="warn">${w}</div>`) : html`<span class="ok">无</span>`}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>`
    : html`<div class="card">还没有收录任何工作要点。把文件放进 seeds/ 目录后运行 <code>npm run ingest</code>。</div>`;
  return page({
    title: '文件',
    active: '/docs',
    body: html`<h1>已收录的文件</h1>
      ${body}`,
  });
}

const KIND = { plan: '', review: '回顾', intro: '前言' } as const;

export function docItemsPage(d: PlanDocument, items: readonly PlanItem[]): Html {
  const mine = items.filter((i) => i.doc === d.id);
  const warnings = planWarnings(mine);
  const body = html`<h1>《${d.title}》</h1>
    <p class="muted">${d.region} · ${d.year}年 · ${d.source} · ${mine.filter((i) => i.kind === 'plan').length} 条计划条目</p>
    ${warnings.length ? html`<div class="card warn">${warnings.join(';')}</div>` : ''}
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>条</th>
            <th>内容</th>
            <th>责任单位</th>
            <th>目标</th>
          </tr>
        </thead>
        <tbody>
          ${mine.map(
            (i) =>
              html`<tr>
                <td><a href="${itemHref(i.id)}">${i.label}</a>${KIND[i.kind] ? html`<div class="tag">${KIND[i.kind]}</div>` : ''}</td>
                <td>${i.title || i.text.slice(0, 60)}</td>
                <td>${unitRolesText(i) || html`<span class="warn">未列明</span>`}</td>
                <td>${i.targets.length || ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page({ title: d.title, active: '/docs', body });
}
